// De-rotated PDQ hashes (see fingerprint.hpp, kDerotationDegrees, and docs/hashing.md, "Candidates for rotated
// and off-centre copies").
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "area_resample.hpp"
#include "pdq_plain.hpp"
#include "robust_hashes.hpp"

namespace photoaudit::hashing {
namespace {

// The turns are made on a copy whose shorter side is at most this long, and each region is area-resampled to
// PDQ's 64x64 grid: measured on scripts/bench/robustness, turns of 512-pixel copies found one more 2-degree
// rotation of 55 by hashes (49 against 48) at about five times the cost (some 25 ms per photo against 5).
constexpr int kDerotateMaxShortSide = 160;

cv::Mat reduced(const GrayImage& image) {
  cv::Mat in(image.height, image.width, CV_8UC1, const_cast<std::uint8_t*>(image.pixels.data()));
  const int short_side = std::min(image.width, image.height);
  if (short_side <= kDerotateMaxShortSide) return in;
  const double scale = static_cast<double>(kDerotateMaxShortSide) / short_side;
  const int w = std::max(1, static_cast<int>(std::lround(image.width * scale)));
  const int h = std::max(1, static_cast<int>(std::lround(image.height * scale)));
  cv::Mat out(h, w, CV_8UC1);
  const std::vector<std::uint8_t> px = area_reduce(
      GrayView{image.pixels.data(), image.width, image.height, image.width}, w, h);
  std::copy(px.begin(), px.end(), out.data);
  return out;
}

// The canvas colour a copy turned on a plain canvas shows in its corners: the median of the four corners.
int corner_colour(const cv::Mat& m) {
  std::array<int, 4> c = {m.at<std::uint8_t>(0, 0), m.at<std::uint8_t>(0, m.cols - 1),
                          m.at<std::uint8_t>(m.rows - 1, 0), m.at<std::uint8_t>(m.rows - 1, m.cols - 1)};
  std::sort(c.begin(), c.end());
  return (c[1] + c[2]) / 2;
}

// `m` turned by `degrees` about its centre onto a canvas large enough to hold all of it, filled with `fill`.
cv::Mat turned(const cv::Mat& m, int degrees, int fill) {
  const double rad = std::abs(degrees) * std::numbers::pi / 180.0;
  const int w = static_cast<int>(std::ceil(m.cols * std::cos(rad) + m.rows * std::sin(rad)));
  const int h = static_cast<int>(std::ceil(m.cols * std::sin(rad) + m.rows * std::cos(rad)));
  cv::Mat rotation = cv::getRotationMatrix2D(
      cv::Point2f(static_cast<float>(m.cols) / 2.0F, static_cast<float>(m.rows) / 2.0F), degrees, 1.0);
  rotation.at<double>(0, 2) += (w - m.cols) / 2.0;
  rotation.at<double>(1, 2) += (h - m.rows) / 2.0;
  cv::Mat out;
  cv::warpAffine(m, out, rotation, cv::Size(w, h), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(fill));
  return out;
}

// PDQ of a region after an area resampling to PDQ's 64x64 grid (PDQ's own filter cannot low-pass an image of
// 128 pixels or less; see robust_hashes.cpp).
PdqResult pdq_of(const cv::Mat& m) {
  constexpr int kGrid = 64;
  const GrayView view{m.data, m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step)};
  if (m.cols < kGrid || m.rows < kGrid) return pdq_hash_plain(view);
  const std::vector<std::uint8_t> grid = area_reduce(view, kGrid, kGrid);
  return pdq_hash_plain(GrayView{grid.data(), kGrid, kGrid, kGrid});
}

}  // namespace

void compute_derotated_hashes(const GrayImage& image, Fingerprints& fp) {
  fp.pdq_derotated = {};
  fp.pdq_derotated_quality = {};
  if (image.width < 2 * kPdqMinDimension || image.height < 2 * kPdqMinDimension) return;
  const cv::Mat small = reduced(image);
  const int fill = corner_colour(small);
  for (std::size_t a = 0; a < kDerotationDegrees.size(); ++a) {
    const cv::Mat t = turned(small, kDerotationDegrees[a], fill);
    // The central 80% of the original frame, which stays centred on the larger canvas.
    const cv::Rect centre((t.cols - small.cols * 8 / 10) / 2, (t.rows - small.rows * 8 / 10) / 2, small.cols * 8 / 10,
                          small.rows * 8 / 10);
    const PdqResult c = pdq_of(t(centre));
    fp.pdq_derotated[derotated_index(a, DerotatedKind::kCentre80)] = c.hash();
    fp.pdq_derotated_quality[derotated_index(a, DerotatedKind::kCentre80)] = static_cast<std::uint8_t>(c.quality);
    GrayImage canvas;
    canvas.width = t.cols;
    canvas.height = t.rows;
    canvas.pixels.assign(t.data, t.data + t.total());
    const Rect inner = untrimmed_region(canvas);
    if (inner.width == t.cols && inner.height == t.rows) continue;  // nothing trimmed: the hash adds nothing
    const PdqResult r = pdq_of(t(cv::Rect(inner.x, inner.y, inner.width, inner.height)));
    fp.pdq_derotated[derotated_index(a, DerotatedKind::kTrimmed)] = r.hash();
    fp.pdq_derotated_quality[derotated_index(a, DerotatedKind::kTrimmed)] = static_cast<std::uint8_t>(r.quality);
  }
}

}  // namespace photoaudit::hashing

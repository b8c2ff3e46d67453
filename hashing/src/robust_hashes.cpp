// Sub-window and border-trimmed PDQ hashes (see fingerprint.hpp and docs/hashing.md, "Same-photo rule").
#include "robust_hashes.hpp"

#include "area_resample.hpp"
#include "pdq_plain.hpp"

#include <algorithm>
#include <cstdlib>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace photoaudit::hashing {
namespace {

GrayView view_of(const GrayImage& image, const Rect& r) {
  return GrayView{image.pixels.data() + static_cast<std::ptrdiff_t>(r.y) * image.width + r.x, r.width, r.height,
                  image.width};
}

Rect window_rect(PdqWindow w, int width, int height) {
  auto part = [](int side, int percent) { return side * percent / 100; };
  switch (w) {
    case PdqWindow::kCentre90:
      return {part(width, 5), part(height, 5), part(width, 90), part(height, 90)};
    case PdqWindow::kCentre80:
      return {part(width, 10), part(height, 10), part(width, 80), part(height, 80)};
    case PdqWindow::kTop90:
      return {0, 0, width, part(height, 90)};
    case PdqWindow::kBottom90:
      return {0, height - part(height, 90), width, part(height, 90)};
    case PdqWindow::kLeft90:
      return {0, 0, part(width, 90), height};
    case PdqWindow::kRight90:
      return {width - part(width, 90), 0, part(width, 90), height};
    case PdqWindow::kFull:
      break;
  }
  return {0, 0, width, height};
}

// A line (row or column) belongs to a border when nearly all its pixels are within a small tolerance of the
// border's colour, taken from the outermost line.
constexpr int kTolerance = 16;
constexpr double kBorderShare = 0.97;

bool is_border_line(const std::uint8_t* p, int count, std::ptrdiff_t step, int colour) {
  int near = 0;
  for (int i = 0; i < count; ++i) near += std::abs(p[i * step] - colour) <= kTolerance ? 1 : 0;
  return near >= static_cast<int>(kBorderShare * count);
}

int median_of_line(const std::uint8_t* p, int count, std::ptrdiff_t step) {
  std::vector<std::uint8_t> v(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) v[static_cast<std::size_t>(i)] = p[i * step];
  std::nth_element(v.begin(), v.begin() + count / 2, v.end());
  return v[static_cast<std::size_t>(count / 2)];
}

// Counts border lines from one edge inward: `first` is the outermost line, `advance` moves one line inward,
// `along` steps along a line of `count` pixels; at most `limit` lines.
int border_depth(const std::uint8_t* first, std::ptrdiff_t advance, std::ptrdiff_t along, int count, int limit) {
  const int colour = median_of_line(first, count, along);
  int depth = 0;
  while (depth < limit && is_border_line(first + depth * advance, count, along, colour)) ++depth;
  return depth;
}

// The windows and the trimmed hash are taken from a copy whose shorter side is at most this long: PDQ reduces
// every input to 64x64, so a larger input changes a bit or two, and the seven extra PDQ passes over a
// 2-megapixel image cost ten times what they cost at this size. (The main PDQ hash stays on the decoded
// image, exact to the reference.)
constexpr int kRobustMaxShortSide = 512;

GrayImage reduced_copy(const GrayImage& image) {
  const double scale = static_cast<double>(kRobustMaxShortSide) / std::min(image.width, image.height);
  GrayImage small;
  small.width = std::clamp(static_cast<int>(image.width * scale + 0.5), 1, image.width);
  small.height = std::clamp(static_cast<int>(image.height * scale + 0.5), 1, image.height);
  small.pixels = area_reduce(GrayView{image.pixels.data(), image.width, image.height, image.width}, small.width,
                             small.height);
  small.full_width = image.full_width;
  small.full_height = image.full_height;
  small.orientation = image.orientation;
  return small;
}

// PDQ of the region after an area resampling to PDQ's 64x64 grid. PDQ's own filter has a window of
// ceil(side/128) pixels, so it cannot low-pass an image of 128 pixels or less before taking every other
// pixel: a texture aliases differently at each size, and a small copy's hash drifts from the original's
// (a 256-pixel photo and its 50% copy: 38 bits apart). Area resampling averages every pixel into the grid.
PdqResult pdq_hash_area(const GrayView& region) {
  if (region.width < kPdqMinDimension || region.height < kPdqMinDimension) return {};
  constexpr int kGrid = 64;
  if (region.width >= kGrid && region.height >= kGrid) {
    const std::vector<std::uint8_t> grid = area_reduce(region, kGrid, kGrid);
    return pdq_hash_plain(GrayView{grid.data(), kGrid, kGrid, kGrid});
  }
  // Smaller than the grid along a side: OpenCV enlarges that side.
  const cv::Mat in(region.height, region.width, CV_8UC1, const_cast<std::uint8_t*>(region.data),
                   static_cast<std::size_t>(region.stride));
  cv::Mat grid;
  cv::resize(in, grid, cv::Size(kGrid, kGrid), 0, 0, cv::INTER_AREA);
  return pdq_hash_plain(GrayView{grid.data, grid.cols, grid.rows, static_cast<std::ptrdiff_t>(grid.step)});
}

}  // namespace

Rect untrimmed_region(const GrayImage& image) {
  const int w = image.width;
  const int h = image.height;
  const Rect whole{0, 0, w, h};
  if (w < 2 * kPdqMinDimension || h < 2 * kPdqMinDimension) return whole;
  const std::uint8_t* px = image.pixels.data();
  const std::ptrdiff_t row = w;
  // At most 40% of a side goes; what remains must still be worth hashing.
  const int top = border_depth(px, row, 1, w, h * 2 / 5);
  const int bottom = border_depth(px + (h - 1) * row, -row, 1, w, h * 2 / 5);
  const int left = border_depth(px, 1, row, h, w * 2 / 5);
  const int right = border_depth(px + (w - 1), -1, row, h, w * 2 / 5);
  // Borders thinner than 1% are noise (JPEG ringing at the edge), not letterboxing.
  const auto keep = [](int depth, int side) { return depth * 100 >= side ? depth : 0; };
  const Rect inner{keep(left, w), keep(top, h), w - keep(left, w) - keep(right, w), h - keep(top, h) - keep(bottom, h)};
  if (inner.width < kPdqMinDimension || inner.height < kPdqMinDimension) return whole;
  return inner;
}

void compute_robust_hashes(const GrayImage& input, Fingerprints& fp) {
  GrayImage small;
  if (std::min(input.width, input.height) > kRobustMaxShortSide) small = reduced_copy(input);
  const GrayImage& image = small.pixels.empty() ? input : small;
  const int w = image.width;
  const int h = image.height;
  for (std::size_t k = 0; k < kPdqWindowCount; ++k) {
    const auto window = static_cast<PdqWindow>(k);
    const GrayView view = view_of(image, window_rect(window, w, h));
    const PdqResult r = window == PdqWindow::kFull ? pdq_hash_area(view) : pdq_hash_plain(view);
    fp.pdq_windows[k] = r.hash();
    fp.pdq_window_quality[k] = static_cast<std::uint8_t>(r.quality);
  }
  if (w >= Fingerprints::kGrey16Side && h >= Fingerprints::kGrey16Side) {
    const std::vector<std::uint8_t> grey = area_reduce(GrayView{image.pixels.data(), w, h, w},
                                                       Fingerprints::kGrey16Side, Fingerprints::kGrey16Side);
    std::copy(grey.begin(), grey.end(), fp.grey16.begin());
    fp.has_grey16 = true;
  }
  compute_derotated_hashes(image, fp);
  fp.pdq_trimmed = fp.pdq;
  fp.pdq_trimmed_quality = fp.pdq_quality;
  fp.trimmed = {};
  const Rect inner = untrimmed_region(image);
  if (inner.width == w && inner.height == h) return;
  const PdqResult r = pdq_hash_plain(view_of(image, inner));
  fp.pdq_trimmed = r.hash();
  fp.pdq_trimmed_quality = r.quality;
  const auto to_full = [](int px_count, int decoded, std::uint32_t full) {
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(px_count) * full /
                                      static_cast<std::uint64_t>(decoded));
  };
  fp.trimmed.top = to_full(inner.y, h, fp.height);
  fp.trimmed.bottom = to_full(h - inner.y - inner.height, h, fp.height);
  fp.trimmed.left = to_full(inner.x, w, fp.width);
  fp.trimmed.right = to_full(w - inner.x - inner.width, w, fp.width);
}

}  // namespace photoaudit::hashing

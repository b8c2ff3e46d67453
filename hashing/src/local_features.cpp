// ORB keypoints, RANSAC similarity and thumbnail correlation (see local_features.hpp).
#include "photoaudit/hashing/local_features.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include "hamming_knn.hpp"

namespace photoaudit::hashing {
namespace {

// The share of a width x height image that the convex hull of points covers.
double hull_coverage(const std::vector<cv::Point2f>& points, int width, int height) {
  if (points.size() < 3 || width <= 0 || height <= 0) return 0.0;
  std::vector<cv::Point2f> hull;
  cv::convexHull(points, hull);
  return cv::contourArea(hull) / (static_cast<double>(width) * height);
}

constexpr int kGrid = 4;

// The strongest keypoints of each grid cell, at most limit in all; cells with fewer leave their places to
// the others.
std::vector<cv::KeyPoint> spread_over_grid(std::vector<cv::KeyPoint> points, int width, int height, int limit) {
  if (static_cast<int>(points.size()) <= limit) return points;
  std::sort(points.begin(), points.end(),
            [](const cv::KeyPoint& p, const cv::KeyPoint& q) { return p.response > q.response; });
  const auto cell_of = [&](const cv::KeyPoint& k) {
    const int cx = std::clamp(static_cast<int>(k.pt.x * kGrid / std::max(1, width)), 0, kGrid - 1);
    const int cy = std::clamp(static_cast<int>(k.pt.y * kGrid / std::max(1, height)), 0, kGrid - 1);
    return cy * kGrid + cx;
  };
  std::vector<cv::KeyPoint> kept;
  std::vector<char> taken(points.size(), 0);
  std::array<int, kGrid * kGrid> per_cell{};
  const int quota = std::max(1, limit / (kGrid * kGrid));
  for (std::size_t i = 0; i < points.size() && static_cast<int>(kept.size()) < limit; ++i) {
    int& n = per_cell[static_cast<std::size_t>(cell_of(points[i]))];
    if (n >= quota) continue;
    ++n;
    kept.push_back(points[i]);
    taken[i] = 1;
  }
  for (std::size_t i = 0; i < points.size() && static_cast<int>(kept.size()) < limit; ++i) {
    if (!taken[i]) kept.push_back(points[i]);
  }
  return kept;
}

cv::Mat thumbnail_of(const LocalFeatures& f) {
  return cv::Mat(f.thumbnail_height, f.thumbnail_width, CV_8UC1, const_cast<std::uint8_t*>(f.thumbnail.data()));
}

constexpr double kTrimmed = 0.15;

// Pearson correlation of x and y after dropping the share `trim` of pairs farthest from the least-squares line;
// -1 when either has (almost) no variance.
double trimmed_correlation(const std::vector<float>& x, const std::vector<float>& y, double trim) {
  const auto corr = [](const std::vector<float>& u, const std::vector<float>& v, const std::vector<char>& keep,
                       double& slope, double& offset) {
    double n = 0, su = 0, sv = 0;
    for (std::size_t i = 0; i < u.size(); ++i) {
      if (!keep[i]) continue;
      n += 1;
      su += u[i];
      sv += v[i];
    }
    if (n < 16) return -1.0;
    const double mu = su / n, mv = sv / n;
    double uu = 0, vv = 0, uv = 0;
    for (std::size_t i = 0; i < u.size(); ++i) {
      if (!keep[i]) continue;
      uu += (u[i] - mu) * (u[i] - mu);
      vv += (v[i] - mv) * (v[i] - mv);
      uv += (u[i] - mu) * (v[i] - mv);
    }
    if (uu <= 1e-6 * n || vv <= 1e-6 * n) return -1.0;
    slope = uv / uu;
    offset = mv - slope * mu;
    return uv / std::sqrt(uu * vv);
  };
  std::vector<char> keep(x.size(), 1);
  double slope = 0, offset = 0;
  const double all = corr(x, y, keep, slope, offset);
  if (all < -0.5) return -1.0;
  const std::size_t cut = static_cast<std::size_t>(static_cast<double>(x.size()) * (1.0 - trim));
  if (cut == 0 || cut >= x.size()) return all;
  std::vector<float> residual(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) residual[i] = std::abs(y[i] - static_cast<float>(slope * x[i] + offset));
  std::vector<float> sorted = residual;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(cut), sorted.end());
  const float limit = sorted[cut];
  for (std::size_t i = 0; i < x.size(); ++i) keep[i] = residual[i] < limit ? 1 : 0;
  return corr(x, y, keep, slope, offset);
}

struct Overlap {
  double correlation = -1.0;  // the larger of the plain and the trimmed correlation
  double share = 0.0;         // of the smaller thumbnail
  double cell_median = -1.0;  // the median correlation over the grid cells; -1 with fewer than 4 cells
};

// How well b's thumbnail and a's thumbnail, carried into b's frame by the similarity m (a's pixels to b's
// pixels), agree over the pixels both cover (kept two pixels away from a's edges): the correlation after ECC
// alignment, or after also leaving out the kTrimmed share of pixels that disagree most, whichever is higher.
Overlap thumbnail_overlap(const LocalFeatures& a, const LocalFeatures& b, const cv::Mat& m) {
  Overlap out;
  if (a.thumbnail.empty() || b.thumbnail.empty()) return out;
  // a-thumbnail -> a -> b -> b-thumbnail.
  const double sa = static_cast<double>(a.width) / a.thumbnail_width;
  const double sb = static_cast<double>(b.thumbnail_width) / b.width;
  cv::Mat t = m.clone();
  t.at<double>(0, 0) *= sa * sb;
  t.at<double>(0, 1) *= sa * sb;
  t.at<double>(1, 0) *= sa * sb;
  t.at<double>(1, 1) *= sa * sb;
  t.at<double>(0, 2) *= sb;
  t.at<double>(1, 2) *= sb;
  const cv::Size size(b.thumbnail_width, b.thumbnail_height);
  cv::Mat warped;
  cv::warpAffine(thumbnail_of(a), warped, t, size, cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
  cv::Mat mask;
  cv::warpAffine(cv::Mat(a.thumbnail_height, a.thumbnail_width, CV_8UC1, cv::Scalar(255)), mask, t, size,
                 cv::INTER_NEAREST, cv::BORDER_CONSTANT, cv::Scalar(0));
  cv::erode(mask, mask, cv::Mat(), cv::Point(-1, -1), 2);
  const int covered = cv::countNonZero(mask);
  const int smaller = std::min(a.thumbnail_width * a.thumbnail_height, b.thumbnail_width * b.thumbnail_height);
  out.share = smaller > 0 ? static_cast<double>(covered) / smaller : 0.0;
  if (covered < 64) return out;
  // Keypoint positions fix the transform to a pixel or so; ECC refines the alignment on the pixels
  // themselves (rotation and shift), and its final criterion is the correlation we want.
  cv::Mat refine = cv::Mat::eye(2, 3, CV_32F);
  try {
    out.correlation = cv::findTransformECC(thumbnail_of(b), warped, refine, cv::MOTION_EUCLIDEAN,
                                           cv::TermCriteria(cv::TermCriteria::COUNT + cv::TermCriteria::EPS, 50, 1e-5),
                                           mask, 3);
  } catch (const cv::Exception&) {
    out.correlation = -1.0;  // flat overlap or no convergence: no agreement shown
    return out;
  }
  // Trimmed: a watermark or a caption printed over the picture is local and additive; the pixels that
  // disagree most (kTrimmed of them) are left out and the correlation is taken again.
  cv::Mat aligned;
  cv::Mat aligned_mask;
  cv::warpAffine(warped, aligned, refine, size, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP);
  cv::warpAffine(mask, aligned_mask, refine, size, cv::INTER_NEAREST | cv::WARP_INVERSE_MAP);
  const cv::Mat bt = thumbnail_of(b);
  std::vector<float> xs;
  std::vector<float> ys;
  for (int r = 0; r < size.height; ++r) {
    const auto* mk = aligned_mask.ptr<std::uint8_t>(r);
    const auto* xa = aligned.ptr<std::uint8_t>(r);
    const auto* yb = bt.ptr<std::uint8_t>(r);
    for (int c = 0; c < size.width; ++c) {
      if (mk[c] == 0) continue;
      xs.push_back(xa[c]);
      ys.push_back(yb[c]);
    }
  }
  out.correlation = std::max(out.correlation, trimmed_correlation(xs, ys, kTrimmed));
  // The same agreement must hold across the picture, not in one part of it: the median over the cells of a
  // kGrid x kGrid grid with enough overlap and some structure. (Two different photos with the same caption
  // strip agree perfectly in the strip; two views of one scene agree on one plane.)
  std::vector<double> cells;
  std::vector<float> cx;
  std::vector<float> cy;
  for (int gy = 0; gy < kGrid; ++gy) {
    for (int gx = 0; gx < kGrid; ++gx) {
      cx.clear();
      cy.clear();
      for (int r = gy * size.height / kGrid; r < (gy + 1) * size.height / kGrid; ++r) {
        const auto* mk = aligned_mask.ptr<std::uint8_t>(r);
        const auto* xa = aligned.ptr<std::uint8_t>(r);
        const auto* yb = bt.ptr<std::uint8_t>(r);
        for (int c = gx * size.width / kGrid; c < (gx + 1) * size.width / kGrid; ++c) {
          if (mk[c] == 0) continue;
          cx.push_back(xa[c]);
          cy.push_back(yb[c]);
        }
      }
      if (cx.size() < 32) continue;
      const double cell = trimmed_correlation(cx, cy, 0.0);
      if (cell > -1.0) cells.push_back(cell);
    }
  }
  if (cells.size() >= 4) {
    std::nth_element(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(cells.size() / 2), cells.end());
    out.cell_median = cells[cells.size() / 2];
  }
  return out;
}

// Many candidates (a low FAST threshold finds corners on smooth pictures too), then the strongest few of each
// cell of a kGrid x kGrid grid: a caption or a watermark, whose letters are the strongest corners of many
// pictures, cannot take all the places. False when ORB found nothing to describe.
// The pyramid: 6 levels 1.25 apart span 3.05x. Images are described at a shorter side of 400-799 pixels (a
// power-of-two reduction, fingerprint.cpp), so two copies differ in scale by under 2x plus what a crop adds.
// ORB's default, 8 levels 1.2 apart (3.58x), cost a fifth more (5.8 against 4.8 ms for detect + compute at
// 800 x 534). scripts/bench/robustness, with copies rotated or cropped and also resized: the same clusters
// with 8, 6, 5 or 4 levels (3 lost an off-centre crop, 1 three); pair by pair, 6 levels found as many
// off-centre crops as 8 and one more of those also resized to 40%, 5 levels 1.25 apart two fewer of these
// (docs/hashing.md).
constexpr int kPyramidLevels = 6;
constexpr float kPyramidScale = 1.25F;

cv::Ptr<cv::ORB> orb_for(int max_features) {
  return cv::ORB::create(max_features * 4, kPyramidScale, kPyramidLevels, 15, 0, 2, cv::ORB::HARRIS_SCORE, 15, 8);
}

// Describes `keypoints` of `gray` (ORB drops those too near the border) into points and descriptors.
bool describe(cv::ORB& orb, const cv::Mat& gray, std::vector<cv::KeyPoint>& keypoints,
              std::vector<std::array<float, 2>>& points, std::vector<std::array<std::uint8_t, 32>>& descriptors_out) {
  cv::Mat descriptors;
  orb.compute(gray, keypoints, descriptors);
  if (descriptors.empty() || descriptors.cols != 32 || descriptors.type() != CV_8UC1) return false;
  points.reserve(keypoints.size());
  descriptors_out.resize(keypoints.size());
  for (std::size_t i = 0; i < keypoints.size(); ++i) {
    points.push_back({keypoints[i].pt.x, keypoints[i].pt.y});
    std::memcpy(descriptors_out[i].data(), descriptors.ptr<std::uint8_t>(static_cast<int>(i)), 32);
  }
  return true;
}

// The keypoints of an image `width` pixels wide as they lie in its mirror image (left to right). FAST and the
// Harris score are symmetric under a mirror, so these are the corners a detection on the mirror image finds;
// only their places and orientations change. ORB keeps a keypoint in level-0 coordinates: a pixel x of pyramid
// level l (scale s = 1.25^l, width round(width / s)) is at x * s, and its mirror at (round(width / s) - 1 - x) * s.
// The intensity centroid's x changes sign, so the angle a becomes 180 - a.
std::vector<cv::KeyPoint> mirrored_keypoints(const std::vector<cv::KeyPoint>& keypoints, int width) {
  std::vector<cv::KeyPoint> out = keypoints;
  for (cv::KeyPoint& k : out) {
    const double scale = std::pow(static_cast<double>(kPyramidScale), std::clamp(k.octave, 0, kPyramidLevels - 1));
    const double level_width = cvRound(width / scale);
    k.pt.x = static_cast<float>((level_width - 1.0 - k.pt.x / scale) * scale);
    if (k.angle >= 0.0F) k.angle = std::fmod(540.0F - k.angle, 360.0F);
  }
  return out;
}

// Many candidates, the strongest spread over the grid, described; the mirror image's set from the same corners
// (mirrored_keypoints: a detection on the mirror image cost three times the description alone) when asked.
bool find_keypoints(const cv::Mat& gray, int max_features, LocalFeatures& out, bool with_mirror) {
  const cv::Ptr<cv::ORB> orb = orb_for(max_features);
  std::vector<cv::KeyPoint> candidates;
  orb->detect(gray, candidates);
  std::vector<cv::KeyPoint> keypoints = spread_over_grid(candidates, gray.cols, gray.rows, max_features);
  if (!describe(*orb, gray, keypoints, out.points, out.descriptors)) return false;
  if (with_mirror) {
    cv::Mat mirrored;
    cv::flip(gray, mirrored, 1);
    std::vector<cv::KeyPoint> mirror_keypoints = mirrored_keypoints(keypoints, gray.cols);
    describe(*orb, mirrored, mirror_keypoints, out.mirror_points, out.mirror_descriptors);
  }
  return true;
}

// A small image is described enlarged: ORB keeps its keypoints 15 pixels from the border at each pyramid level, so
// a copy under kMinDescribedSide pixels (a thumbnail, an off-centre crop scaled to 40%) left too few corners, at
// too few levels, to meet its original's. It is enlarged with bilinear interpolation by a power of the pyramid's
// scale (1.25^k, at most kMaxEnlargementSteps), the least that brings its shorter side to kMinDescribedSide: the
// enlarged image's level k is then the scale it had before, so a copy of the same scale as its original (a crop)
// is still described at the original's scales, and a smaller copy gains the levels it lacked.
// Never enlarged past kMaxEnlargedPixels: a strip 40 pixels high and 100,000 wide (4 MP, within the decode's
// bounds) would otherwise be described at 58 MP.
constexpr int kMinDescribedSide = 256;
constexpr int kMaxEnlargementSteps = 6;  // 1.25^6 = 3.81
constexpr double kMaxEnlargedPixels = 1 << 20;

cv::Size enlarged_size(int width, int height) {
  const int shorter = std::min(width, height);
  const double area = static_cast<double>(width) * height;
  double factor = 1.0;
  for (int k = 0; k < kMaxEnlargementSteps && shorter > 0 && shorter * factor < kMinDescribedSide; ++k) {
    const double next = factor * kPyramidScale;
    if (area * next * next > kMaxEnlargedPixels) break;
    factor = next;
  }
  return {static_cast<int>(std::lround(width * factor)), static_cast<int>(std::lround(height * factor))};
}

// Points of an image resized from `from` to `to` pixels, back in the image's pixels (cv::resize maps a destination
// pixel centre x to (x + 0.5) * from / to - 0.5 in the source).
void carry_back(std::vector<std::array<float, 2>>& points, cv::Size from, cv::Size to) {
  const double sx = static_cast<double>(from.width) / to.width;
  const double sy = static_cast<double>(from.height) / to.height;
  for (auto& p : points) {
    p[0] = static_cast<float>((p[0] + 0.5) * sx - 0.5);
    p[1] = static_cast<float>((p[1] + 0.5) * sy - 0.5);
  }
}

// a's mirror image: its mirrored keypoints and its thumbnail flipped left to right.
LocalFeatures mirror_of(const LocalFeatures& a) {
  LocalFeatures m;
  m.width = a.width;
  m.height = a.height;
  m.points = a.mirror_points;
  m.descriptors = a.mirror_descriptors;
  m.thumbnail_width = a.thumbnail_width;
  m.thumbnail_height = a.thumbnail_height;
  m.thumbnail.resize(a.thumbnail.size());
  for (int r = 0; r < a.thumbnail_height; ++r) {
    const std::uint8_t* from = a.thumbnail.data() + static_cast<std::ptrdiff_t>(r) * a.thumbnail_width;
    std::uint8_t* to = m.thumbnail.data() + static_cast<std::ptrdiff_t>(r) * a.thumbnail_width;
    std::reverse_copy(from, from + a.thumbnail_width, to);
  }
  return m;
}

FeatureVerdict match_oriented(const LocalFeatures& a, const LocalFeatures& b, const FeatureRule& rule);

}  // namespace

LocalFeatures extract_local_features(const GrayView& image, int max_features, bool with_mirror) {
  LocalFeatures out;
  out.width = image.width;
  out.height = image.height;
  if (image.data == nullptr || image.width < 32 || image.height < 32 || max_features <= 0) return out;
  try {
    const cv::Mat gray(image.height, image.width, CV_8UC1, const_cast<std::uint8_t*>(image.data),
                       static_cast<std::size_t>(image.stride));
    const cv::Size size(image.width, image.height);
    const cv::Size described = enlarged_size(image.width, image.height);
    if (described == size) {
      if (!find_keypoints(gray, max_features, out, with_mirror)) return out;
    } else {
      cv::Mat larger;
      cv::resize(gray, larger, described, 0, 0, cv::INTER_LINEAR);
      if (!find_keypoints(larger, max_features, out, with_mirror)) return out;
      carry_back(out.points, size, described);
      carry_back(out.mirror_points, size, described);
    }
    const double reduce = std::min(
        1.0, static_cast<double>(LocalFeatures::kThumbnailSide) / std::max(image.width, image.height));
    cv::Mat thumb;
    cv::resize(gray, thumb,
               cv::Size(std::max(1, static_cast<int>(std::lround(image.width * reduce))),
                        std::max(1, static_cast<int>(std::lround(image.height * reduce)))),
               0, 0, cv::INTER_AREA);
    out.thumbnail_width = thumb.cols;
    out.thumbnail_height = thumb.rows;
    out.thumbnail.assign(thumb.datastart, thumb.dataend);
  } catch (const cv::Exception&) {
    out = LocalFeatures{};
    out.width = image.width;
    out.height = image.height;
  }
  return out;
}

FeatureVerdict match_local_features(const LocalFeatures& a, const LocalFeatures& b, const FeatureRule& rule) {
  FeatureVerdict verdict = match_oriented(a, b, rule);
  if (verdict.same || a.mirror_descriptors.empty()) return verdict;
  FeatureVerdict mirrored = match_oriented(mirror_of(a), b, rule);
  if (!mirrored.same) return verdict;
  mirrored.mirrored = true;
  return mirrored;
}

namespace {

// Both checks for a as it is (ORB keypoints do not match across a mirror image).
FeatureVerdict match_oriented(const LocalFeatures& a, const LocalFeatures& b, const FeatureRule& rule) {
  FeatureVerdict verdict;
  if (a.descriptors.size() < 8 || b.descriptors.size() < 8) return verdict;
  try {
    const std::vector<detail::TwoNearest> nearest = detail::two_nearest(a.descriptors, b.descriptors);
    std::vector<cv::Point2f> from;
    std::vector<cv::Point2f> to;
    for (std::size_t i = 0; i < nearest.size(); ++i) {
      const detail::TwoNearest& m = nearest[i];
      if (m.second < 0 || static_cast<float>(m.best_distance) >= rule.ratio * static_cast<float>(m.second_distance)) {
        continue;
      }
      const auto& p = a.points[i];
      const auto& q = b.points[static_cast<std::size_t>(m.best)];
      from.emplace_back(p[0], p[1]);
      to.emplace_back(q[0], q[1]);
    }
    verdict.matches = static_cast<int>(from.size());
    if (verdict.matches < std::max(rule.min_inliers, 4)) return verdict;
    std::vector<std::uint8_t> mask;
    const double tolerance = std::max(2.0,
                                      static_cast<double>(rule.reprojection_tolerance) * std::max(b.width, b.height));
    const cv::Mat m = cv::estimateAffinePartial2D(from, to, mask, cv::RANSAC, tolerance, 2000, 0.995, 10);
    if (m.empty()) return verdict;
    const double scale = std::hypot(m.at<double>(0, 0), m.at<double>(1, 0));
    if (!(scale > 1.0 / 8 && scale < 8)) return verdict;
    verdict.scale = static_cast<float>(scale);
    std::vector<cv::Point2f> in_a;
    std::vector<cv::Point2f> in_b;
    for (std::size_t i = 0; i < mask.size(); ++i) {
      if (mask[i] == 0) continue;
      in_a.push_back(from[i]);
      in_b.push_back(to[i]);
    }
    verdict.inliers = static_cast<int>(in_a.size());
    verdict.coverage = static_cast<float>(
        std::min(hull_coverage(in_a, a.width, a.height), hull_coverage(in_b, b.width, b.height)));
    const bool geometric = verdict.inliers >= rule.min_inliers &&
                           static_cast<float>(verdict.inliers) >=
                               rule.min_inlier_share * static_cast<float>(verdict.matches) &&
                           verdict.coverage >= rule.min_coverage;
    if (!geometric) return verdict;
    const Overlap overlap = thumbnail_overlap(a, b, m);
    verdict.correlation = static_cast<float>(overlap.correlation);
    verdict.cell_correlation = static_cast<float>(overlap.cell_median);
    verdict.same = overlap.share >= rule.min_overlap && overlap.correlation >= rule.min_correlation &&
                   overlap.cell_median >= rule.min_cell_correlation;
  } catch (const cv::Exception&) {
    verdict = {};
  }
  return verdict;
}

}  // namespace

}  // namespace photoaudit::hashing

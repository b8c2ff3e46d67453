// Local features (ORB keypoints and binary descriptors) and their verification: the last stage of the
// same-photo rule, for pairs whose hashes are close but not close enough (the grey zone), e.g. a 2-degree
// rotation, an off-centre crop or a heavy watermark. Two checks must both pass:
//  - geometric: one similarity transform (rotation, uniform scale, translation: what cropping, resizing,
//    rotating and adding strips produce) explains most keypoint matches, and the matched points are spread
//    over both pictures, not bunched in a caption, a logo or a watermark the two share;
//  - photometric: under that transform, refined on the pixels (ECC), the two pictures' small greyscale copies
//    agree pixel by pixel: normalised cross-correlation over their overlap, taken once over all pixels and
//    once without the 15% that disagree most (a watermark or a caption printed over the picture), the
//    higher counts; and the same must hold in most cells of a 4x4 grid. Two views of one scene (a stereo
//    pair, frames of a burst) pass the first check on a dominant plane but fail this one, because
//    everything off that plane lands elsewhere.
// When both fail, they are tried once more with a's mirror image (its own keypoints and flipped thumbnail).
// Plain data: no OpenCV type crosses this header.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "photoaudit/hashing/pdq.hpp"

namespace photoaudit::hashing {

struct LocalFeatures {
  int width = 0;  // size of the image the keypoints were found in (the decoded, possibly reduced, image)
  int height = 0;
  std::vector<std::array<float, 2>> points;               // keypoint positions (x, y) in pixels
  std::vector<std::array<std::uint8_t, 32>> descriptors;  // one 256-bit ORB descriptor per point
  // The same for the image mirrored left to right, in the mirror image's own coordinates (ORB descriptors
  // are not mirror-invariant; with these a mirrored copy is found, in any rotation).
  std::vector<std::array<float, 2>> mirror_points;
  std::vector<std::array<std::uint8_t, 32>> mirror_descriptors;
  // The same image reduced to kThumbnailSide pixels on its longer side (never enlarged), row-major, for the
  // photometric check; at most 16 KiB.
  static constexpr int kThumbnailSide = 128;
  int thumbnail_width = 0;
  int thumbnail_height = 0;
  std::vector<std::uint8_t> thumbnail;
};

struct FeatureRule {
  // Matches whose best descriptor distance is below this fraction of the second best (Lowe's ratio test).
  // Default: 0.75.
  float ratio = 0.75F;
  // Inliers of one similarity transform needed to call two images the same photo. Default: 30.
  int min_inliers = 30;
  // ... and the share of ratio-test matches that must be inliers. Default: 0.35.
  float min_inlier_share = 0.35F;
  // ... and the share of each image's area that the inliers' convex hull must cover: matches bunched in one
  // small spot (a logo) prove little. Kept low because night shots and pictures with one lit subject have
  // their keypoints there; a caption or watermark two different photos share is left to the pixel check.
  // Default: 0.03.
  float min_coverage = 0.03F;
  // RANSAC reprojection tolerance as a fraction of the larger side of the second image. Default: 0.01.
  float reprojection_tolerance = 0.01F;
  // The thumbnails' agreement (correlation, see above) must reach this. Measured (scripts/bench/robustness):
  // at least 0.976 for every true pair, at most 0.922 for the stereo pair, the closest two different
  // photos came. Default: 0.95.
  float min_correlation = 0.95F;
  // ... and its median over the cells of a 4x4 grid (cells with overlap and structure) must reach this, so
  // that agreement in one part (a caption strip both carry, one plane of a scene) is not enough. Measured:
  // at least 0.889 for every true pair, at most 0.802 for different photos. Default: 0.85.
  float min_cell_correlation = 0.85F;
  // ... over an overlap of at least this share of the smaller thumbnail. Default: 0.2.
  float min_overlap = 0.2F;
};

struct FeatureVerdict {
  bool same = false;
  int matches = 0;                 // matches passing the ratio test
  int inliers = 0;                 // of those, consistent with one plausible similarity transform
  float coverage = 0.0F;           // the smaller of the two shares of image area covered by the inliers' convex hull
  float scale = 0.0F;              // the transform's scale (b's pixels per a's pixel); 0 when none was found
  float correlation = -1.0F;       // the thumbnails' agreement over their overlap; -1 when not computed
  float cell_correlation = -1.0F;  // the median of the same over a 4x4 grid; -1 when not computed
  bool mirrored = false;           // b is a mirror image of a (same only)
};

// Finds up to max_features ORB keypoints and keeps the thumbnail. No keypoints when the image is too small
// or has no texture. `with_mirror`: also the mirror image's keypoints (mirror_points, mirror_descriptors),
// which match_local_features reads from its first argument only. Thread-safe.
LocalFeatures extract_local_features(const GrayView& image, int max_features, bool with_mirror = true);

// Applies both checks above to a and b (no perspective, scale between 1/8 and 8), and when they fail, to a's
// mirror image and b. Thread-safe; never throws.
FeatureVerdict match_local_features(const LocalFeatures& a, const LocalFeatures& b, const FeatureRule& rule = {});

}  // namespace photoaudit::hashing

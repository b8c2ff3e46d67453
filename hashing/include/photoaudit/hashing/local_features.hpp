// Local features (ORB keypoints and binary descriptors) and their geometric verification (RANSAC homography):
// the last stage of the same-photo rule, for pairs whose hashes are close but not close enough (the grey zone),
// e.g. a 2-degree rotation or an off-centre crop. Plain data: no OpenCV type crosses this header.
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
  std::vector<std::array<float, 2>> points;              // keypoint positions (x, y) in pixels
  std::vector<std::array<std::uint8_t, 32>> descriptors;  // one 256-bit ORB descriptor per point
};

struct FeatureRule {
  // Matches whose best descriptor distance is below this fraction of the second best (Lowe's ratio test).
  // Default: 0.75.
  float ratio = 0.75F;
  // Homography inliers needed to call two images the same photo. Default: 30.
  int min_inliers = 30;
  // ... and the share of ratio-test matches that must be inliers. Default: 0.35.
  float min_inlier_share = 0.35F;
  // RANSAC reprojection tolerance as a fraction of the larger side of the second image. Default: 0.01.
  float reprojection_tolerance = 0.01F;
};

struct FeatureVerdict {
  bool same = false;
  int matches = 0;  // matches passing the ratio test
  int inliers = 0;  // of those, consistent with one plausible homography
};

// Finds up to max_features ORB keypoints. Empty when the image is too small or has no texture.
// Thread-safe.
LocalFeatures extract_local_features(const GrayView& image, int max_features);

// Verifies that b shows the same scene as a under one plausible homography (no mirror image, scale between
// 1/8 and 8, no extreme perspective). Thread-safe; never throws.
FeatureVerdict match_local_features(const LocalFeatures& a, const LocalFeatures& b, const FeatureRule& rule = {});

}  // namespace photoaudit::hashing

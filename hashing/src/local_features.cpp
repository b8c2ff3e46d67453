// ORB keypoints and RANSAC homography verification (see local_features.hpp).
#include "photoaudit/hashing/local_features.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/features2d.hpp>

namespace photoaudit::hashing {
namespace {

cv::Mat descriptor_matrix(const LocalFeatures& f) {
  cv::Mat m(static_cast<int>(f.descriptors.size()), 32, CV_8UC1);
  for (std::size_t i = 0; i < f.descriptors.size(); ++i) {
    std::memcpy(m.ptr<std::uint8_t>(static_cast<int>(i)), f.descriptors[i].data(), 32);
  }
  return m;
}

// A homography a photo editor could have produced: orientation preserved (no mirror image; those are left to
// the dihedral hashes), scale within 1/8..8, and only mild perspective.
bool plausible(const cv::Mat& h, int width, int height) {
  if (h.empty()) return false;
  const double a = h.at<double>(0, 0), b = h.at<double>(0, 1), c = h.at<double>(1, 0), d = h.at<double>(1, 1);
  const double det = a * d - b * c;
  if (!(det > 1.0 / 64 && det < 64)) return false;
  const double px = h.at<double>(2, 0) * width, py = h.at<double>(2, 1) * height;
  return std::abs(px) + std::abs(py) < 0.2 * std::abs(h.at<double>(2, 2));
}

}  // namespace

LocalFeatures extract_local_features(const GrayView& image, int max_features) {
  LocalFeatures out;
  out.width = image.width;
  out.height = image.height;
  if (image.data == nullptr || image.width < 32 || image.height < 32 || max_features <= 0) return out;
  try {
    const cv::Mat gray(image.height, image.width, CV_8UC1, const_cast<std::uint8_t*>(image.data),
                       static_cast<std::size_t>(image.stride));
    auto orb = cv::ORB::create(max_features, 1.2F, 8, 15, 0, 2, cv::ORB::HARRIS_SCORE, 15);
    std::vector<cv::KeyPoint> keypoints;
    cv::Mat descriptors;
    orb->detectAndCompute(gray, cv::noArray(), keypoints, descriptors);
    if (descriptors.empty() || descriptors.cols != 32 || descriptors.type() != CV_8UC1) return out;
    out.points.reserve(keypoints.size());
    out.descriptors.resize(keypoints.size());
    for (std::size_t i = 0; i < keypoints.size(); ++i) {
      out.points.push_back({keypoints[i].pt.x, keypoints[i].pt.y});
      std::memcpy(out.descriptors[i].data(), descriptors.ptr<std::uint8_t>(static_cast<int>(i)), 32);
    }
  } catch (const cv::Exception&) {
    out.points.clear();
    out.descriptors.clear();
  }
  return out;
}

FeatureVerdict match_local_features(const LocalFeatures& a, const LocalFeatures& b, const FeatureRule& rule) {
  FeatureVerdict verdict;
  if (a.descriptors.size() < 8 || b.descriptors.size() < 8) return verdict;
  try {
    const cv::Mat da = descriptor_matrix(a);
    const cv::Mat db = descriptor_matrix(b);
    cv::BFMatcher matcher(cv::NORM_HAMMING);
    std::vector<std::vector<cv::DMatch>> knn;
    matcher.knnMatch(da, db, knn, 2);
    std::vector<cv::Point2f> from;
    std::vector<cv::Point2f> to;
    for (const auto& m : knn) {
      if (m.size() < 2 || m[0].distance >= rule.ratio * m[1].distance) continue;
      const auto& p = a.points[static_cast<std::size_t>(m[0].queryIdx)];
      const auto& q = b.points[static_cast<std::size_t>(m[0].trainIdx)];
      from.emplace_back(p[0], p[1]);
      to.emplace_back(q[0], q[1]);
    }
    verdict.matches = static_cast<int>(from.size());
    if (verdict.matches < std::max(rule.min_inliers, 4)) return verdict;
    std::vector<std::uint8_t> mask;
    const double tolerance = std::max(2.0, static_cast<double>(rule.reprojection_tolerance) * std::max(b.width, b.height));
    const cv::Mat h = cv::findHomography(from, to, cv::RANSAC, tolerance, mask, 2000, 0.995);
    if (!plausible(h, a.width, a.height)) return verdict;
    verdict.inliers = static_cast<int>(std::count(mask.begin(), mask.end(), std::uint8_t{1}));
    verdict.same = verdict.inliers >= rule.min_inliers &&
                   static_cast<float>(verdict.inliers) >= rule.min_inlier_share * static_cast<float>(verdict.matches);
  } catch (const cv::Exception&) {
    verdict = {};
  }
  return verdict;
}

}  // namespace photoaudit::hashing

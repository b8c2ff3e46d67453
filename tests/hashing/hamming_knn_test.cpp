// detail::two_nearest (the local-feature check's descriptor search) against OpenCV's BFMatcher, whose pairs it
// replaces: the same nearest and second-nearest descriptor, ties included, on real ORB descriptors and on
// descriptors made to tie.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/core/ocl.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgcodecs.hpp>

#include "hamming_knn.hpp"
#include "photoaudit/hashing/local_features.hpp"
#include "test_support.hpp"

using photoaudit::hashing::extract_local_features;
using photoaudit::hashing::GrayView;
using photoaudit::hashing::detail::two_nearest;
using photoaudit::hashing::test::fixture;
using Descriptor = std::array<std::uint8_t, 32>;

namespace {

cv::Mat matrix_of(const std::vector<Descriptor>& d) {
  cv::Mat m(static_cast<int>(d.size()), 32, CV_8UC1);
  for (std::size_t i = 0; i < d.size(); ++i)
    std::copy(d[i].begin(), d[i].end(), m.ptr<std::uint8_t>(static_cast<int>(i)));
  return m;
}

// Every query's two nearest as OpenCV finds them and as two_nearest does; returns how many queries were compared.
std::size_t check_against_opencv(const std::vector<Descriptor>& a, const std::vector<Descriptor>& b) {
  cv::BFMatcher matcher(cv::NORM_HAMMING);
  std::vector<std::vector<cv::DMatch>> knn;
  matcher.knnMatch(matrix_of(a), matrix_of(b), knn, 2);
  const auto ours = two_nearest(a, b);
  REQUIRE(ours.size() == a.size());
  REQUIRE(knn.size() == a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("query " << i);
    REQUIRE(knn[i].size() == 2);
    CHECK(ours[i].best == knn[i][0].trainIdx);
    CHECK(ours[i].best_distance == static_cast<int>(knn[i][0].distance));
    CHECK(ours[i].second == knn[i][1].trainIdx);
    CHECK(ours[i].second_distance == static_cast<int>(knn[i][1].distance));
  }
  return a.size();
}

std::vector<Descriptor> descriptors_of(const cv::Mat& gray) {
  const GrayView view{gray.data, gray.cols, gray.rows, static_cast<int>(gray.step)};
  return extract_local_features(view, 500, false).descriptors;
}

}  // namespace

TEST_CASE("two_nearest: the pairs OpenCV's BFMatcher finds, on the ORB descriptors of a photo and its crop",
          "[local_features]") {
  // OpenCV's CPU paths only, as photoaudit's (which never hands it a UMat): its first imread, ORB or BFMatcher call
  // otherwise looks for an OpenCL runtime (dlopen of libOpenCL.so.1), and under LeakSanitizer that library's
  // thread-local storage crashed the leak check at exit on a 6.18 kernel ("Tracer caught signal 11", after every
  // assertion had passed). The setting is this thread's.
  cv::ocl::setUseOpenCL(false);
  const cv::Mat cat = cv::imread(fixture("hashing/cat.jpg").string(), cv::IMREAD_GRAYSCALE);
  REQUIRE_FALSE(cat.empty());
  const cv::Mat crop = cat(cv::Rect(cat.cols / 10, cat.rows / 12, cat.cols * 8 / 10, cat.rows * 8 / 10)).clone();
  const auto a = descriptors_of(cat);
  const auto b = descriptors_of(crop);
  REQUIRE(a.size() >= 200);
  REQUIRE(b.size() >= 200);
  CHECK(check_against_opencv(a, b) == a.size());
  CHECK(check_against_opencv(b, a) == b.size());
}

TEST_CASE("two_nearest: ties go as OpenCV's do (the first at the best distance is nearest, the next is second)",
          "[local_features]") {
  // Descriptors with at most 3 set bits among the first 8: distances 0-6, so most queries meet several
  // descriptors at their best and second distances.
  std::mt19937 random(7);
  const auto make = [&random](std::size_t n) {
    std::vector<Descriptor> out(n);
    for (auto& d : out) {
      d.fill(0);
      for (int k = 0; k < 3; ++k) d[0] |= static_cast<std::uint8_t>(1U << (random() % 8));
    }
    return out;
  };
  const auto a = make(300);
  const auto b = make(200);
  CHECK(check_against_opencv(a, b) == 300);
  // Identical descriptors everywhere: all at distance 0, so the first two of b.
  const std::vector<Descriptor> same(50, Descriptor{});
  const auto all_tied = two_nearest(same, same);
  for (const auto& n : all_tied) {
    CHECK(n.best == 0);
    CHECK(n.second == 1);
    CHECK(n.best_distance == 0);
    CHECK(n.second_distance == 0);
  }
}

TEST_CASE("two_nearest: fewer than two descriptors to search", "[local_features]") {
  Descriptor one{};
  one[5] = 0xFF;
  const std::vector<Descriptor> a = {Descriptor{}, one};
  const auto none = two_nearest(a, {});
  REQUIRE(none.size() == 2);
  CHECK(none[0].best == -1);
  CHECK(none[0].second == -1);
  const std::vector<Descriptor> single = {one};
  const auto only = two_nearest(a, single);
  CHECK(only[0].best == 0);
  CHECK(only[0].best_distance == 8);
  CHECK(only[0].second == -1);
  CHECK(only[1].best_distance == 0);
  CHECK(two_nearest({}, single).empty());
}

// Area reduction (hashing/src/area_resample.hpp), the resampling behind the `full` PDQ window and the robust
// hashes' working copy, against OpenCV's INTER_AREA on real photographs.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "area_resample.hpp"

using photoaudit::hashing::area_reduce;
using photoaudit::hashing::GrayView;

namespace {

GrayView view_of(const cv::Mat& m) { return GrayView{m.data, m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step)}; }

struct Difference {
  int max = 0;
  std::size_t count = 0;
};

Difference against_opencv(const cv::Mat& gray, int width, int height) {
  cv::Mat expected;
  cv::resize(gray, expected, cv::Size(width, height), 0, 0, cv::INTER_AREA);
  const std::vector<std::uint8_t> got = area_reduce(view_of(gray), width, height);
  REQUIRE(got.size() == static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
  Difference d;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const int diff = std::abs(static_cast<int>(got[i]) - static_cast<int>(expected.data[i]));
    d.max = std::max(d.max, diff);
    d.count += diff != 0 ? 1 : 0;
  }
  return d;
}

}  // namespace

TEST_CASE("Area reduction agrees with OpenCV's INTER_AREA within one grey level", "[area]") {
  for (const std::string name : {"hashing/cat.jpg", "hashing/coffee.png", "hashing/motorcycle-left.jpg"}) {
    const cv::Mat gray = cv::imread(std::string(PHOTOAUDIT_FIXTURES_DIR) + "/" + name, cv::IMREAD_GRAYSCALE);
    REQUIRE_FALSE(gray.empty());
    // PDQ's grid, a non-integer ratio of about a third, an integer half, a crop's odd size, one row.
    const std::vector<std::pair<int, int>> sizes = {{64, 64},
                                                    {gray.cols * 10 / 31, gray.rows * 10 / 31},
                                                    {gray.cols / 2, gray.rows / 2},
                                                    {gray.cols - 7, gray.rows - 3},
                                                    {gray.cols / 5, 1}};
    for (const auto& [w, h] : sizes) {
      INFO(name << " " << gray.cols << "x" << gray.rows << " -> " << w << "x" << h);
      const Difference d = against_opencv(gray, w, h);
      // OpenCV rounds halves up at integer ratios and to even otherwise; area_reduce always up. So a few
      // pixels (under 1%; none at 1/2) land one level apart.
      CHECK(d.max <= 1);
      CHECK(d.count * 100 <= static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    }
  }
}

TEST_CASE("Area reduction to the same size is the identity and a flat image stays flat", "[area]") {
  const cv::Mat gray = cv::imread(std::string(PHOTOAUDIT_FIXTURES_DIR) + "/hashing/cat.jpg", cv::IMREAD_GRAYSCALE);
  REQUIRE_FALSE(gray.empty());
  const std::vector<std::uint8_t> same = area_reduce(view_of(gray), gray.cols, gray.rows);
  CHECK(std::equal(same.begin(), same.end(), gray.isContinuous() ? gray.data : nullptr));
  const cv::Mat flat(301, 199, CV_8UC1, cv::Scalar(173));
  for (const std::uint8_t v : area_reduce(view_of(flat), 64, 64)) REQUIRE(v == 173);
  // A view into a larger image (a crop window) reads only its own pixels, row by row through the stride.
  const cv::Mat window = gray(cv::Rect(gray.cols / 4, gray.rows / 4, gray.cols / 2, gray.rows / 2));
  CHECK(against_opencv(window, 64, 64).max <= 1);
  // At exactly 1/2 both compute (a + b + c + d + 2) / 4.
  CHECK(against_opencv(gray, gray.cols / 2, gray.rows / 2).count == 0);
}

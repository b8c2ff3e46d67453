// HTML thumbnails (photoaudit/hashing/thumbnail.hpp): colour JPEGs of the requested size, from JPEGs decoded at
// a DCT-domain fraction and from other formats, and nothing from bytes that are not an image.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "photoaudit/hashing/thumbnail.hpp"
#include "test_support.hpp"

using photoaudit::hashing::jpeg_thumbnail;
using photoaudit::hashing::test::fixture_bytes;

namespace {

cv::Mat decoded(const std::vector<std::uint8_t>& jpeg) {
  REQUIRE(jpeg.size() > 3);
  CHECK(jpeg[0] == 0xFF);
  CHECK(jpeg[1] == 0xD8);
  return cv::imdecode(jpeg, cv::IMREAD_UNCHANGED);
}

}  // namespace

TEST_CASE("Thumbnails are colour JPEGs as large as asked and never enlarged", "[thumbnail]") {
  const auto cat = fixture_bytes("hashing/cat.jpg");  // 400x266
  // 240: decoded at full size (a 1/2 decode would be 200 wide, short of 240), then reduced.
  const cv::Mat large = decoded(jpeg_thumbnail(cat.data(), cat.size(), 240, 75));
  CHECK(large.cols == 240);
  CHECK(large.rows == 160);
  CHECK(large.channels() == 3);
  // 50: decoded at 1/4 (100x67) in the DCT domain, then reduced.
  const cv::Mat small = decoded(jpeg_thumbnail(cat.data(), cat.size(), 50, 75));
  CHECK(small.cols == 50);
  CHECK(small.rows == 34);
  // 1000: the picture as it is.
  const cv::Mat whole = decoded(jpeg_thumbnail(cat.data(), cat.size(), 1000, 75));
  CHECK(whole.cols == 400);
  CHECK(whole.rows == 266);
  const auto coffee = fixture_bytes("hashing/coffee.png");  // 300x200
  const cv::Mat png = decoded(jpeg_thumbnail(coffee.data(), coffee.size(), 120, 75));
  CHECK(png.cols == 120);
  CHECK(png.rows == 80);
}

TEST_CASE("Thumbnails of what is not an image are empty", "[thumbnail][bad]") {
  const std::string text = "<img src=x onerror=alert(1)>";
  const std::vector<std::uint8_t> bytes(text.begin(), text.end());
  CHECK(jpeg_thumbnail(bytes.data(), bytes.size(), 240, 75).empty());
  CHECK(jpeg_thumbnail(nullptr, 0, 240, 75).empty());
  const auto broken = fixture_bytes("hashing/coffee-corrupt.png");
  CHECK(jpeg_thumbnail(broken.data(), broken.size(), 240, 75).empty());
  auto cut = fixture_bytes("hashing/cat.jpg");
  cut.resize(488);  // everything before the scan: a frame header with a size, no picture
  CHECK(jpeg_thumbnail(cut.data(), cut.size(), 240, 75).empty());
}

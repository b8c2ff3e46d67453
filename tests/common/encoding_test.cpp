// hex_lower, base64, base64_decode and percent_encode_path (photoaudit/common/encoding.hpp).
#include "photoaudit/common/encoding.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "photoaudit/common/file_read.hpp"

namespace {
std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }
}  // namespace

TEST_CASE("hex_lower: two lower-case digits per byte") {
  CHECK(photoaudit::hex_lower(std::vector<std::uint8_t>{0xAB, 0x01, 0x00, 0xFF}) == "ab0100ff");
  CHECK(photoaudit::hex_lower(std::vector<std::uint8_t>{}).empty());
}

TEST_CASE("base64: the RFC 4648 test vectors") {
  CHECK(photoaudit::base64(bytes_of("")) == "");
  CHECK(photoaudit::base64(bytes_of("f")) == "Zg==");
  CHECK(photoaudit::base64(bytes_of("fo")) == "Zm8=");
  CHECK(photoaudit::base64(bytes_of("foo")) == "Zm9v");
  CHECK(photoaudit::base64(bytes_of("foob")) == "Zm9vYg==");
  CHECK(photoaudit::base64(bytes_of("fooba")) == "Zm9vYmE=");
  CHECK(photoaudit::base64(bytes_of("foobar")) == "Zm9vYmFy");
  CHECK(photoaudit::base64(std::vector<std::uint8_t>{0xFB, 0xFF}) == "+/8=");
}

TEST_CASE("base64_decode: the RFC 4648 vectors back, and anything else refused") {
  for (const char* text : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    const auto back = photoaudit::base64_decode(photoaudit::base64(bytes_of(text)));
    REQUIRE(back.has_value());
    CHECK(*back == text);
  }
  CHECK(photoaudit::base64_decode("+/8=") == std::string("\xFB\xFF"));
  for (const char* bad : {"Zg=", "Zg=a", "Z===", "Zm9v\n", "Zm 9", "Zg==Zg==", "Zm9-"}) {
    INFO(bad);
    CHECK_FALSE(photoaudit::base64_decode(bad).has_value());
  }
}

TEST_CASE("base64: a fixture JPEG's data: URI starts as every JPEG's does") {
  const auto jpeg = photoaudit::read_file_bounded<std::vector<std::uint8_t>>(
      std::string(PHOTOAUDIT_FIXTURES_DIR) + "/hashing/cat.jpg", 1 << 24);
  REQUIRE(jpeg.has_value());
  const std::string encoded = photoaudit::base64(*jpeg);
  CHECK(encoded.starts_with("/9j/"));  // FF D8 FF
  CHECK(encoded.size() == 4 * ((jpeg->size() + 2) / 3));
}

TEST_CASE("percent_encode_path: only unreserved characters and '/' stay") {
  CHECK(photoaudit::percent_encode_path("/photos/a-b_c.d~e.jpg") == "/photos/a-b_c.d~e.jpg");
  CHECK(photoaudit::percent_encode_path("/a b/c#1?.jpg") == "/a%20b/c%231%3F.jpg");
  CHECK(photoaudit::percent_encode_path("100%:x") == "100%25%3Ax");
  CHECK(photoaudit::percent_encode_path("caf\xC3\xA9.jpg") == "caf%C3%A9.jpg");
}

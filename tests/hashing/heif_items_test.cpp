// The primary item's codec of a HEIF file, read from its boxes (heif_items.hpp), which tells a HEIF variant libheif
// cannot decode from a damaged file (issue 17: a HEIC photo was reported image-damaged).
#include "heif_items.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "support/files.hpp"

using photoaudit::hashing::heif_primary_item_type;
using photoaudit::hashing::libheif_decodes_item_type;

namespace {

const std::filesystem::path kFormats = std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "formats";

// Through a buffer of exactly the bytes' size, so that AddressSanitizer sees any read past the end.
std::optional<std::string> type_of(const std::string& bytes) {
  const std::vector<std::uint8_t> exact(bytes.begin(), bytes.end());
  return heif_primary_item_type(exact.data(), exact.size());
}

}  // namespace

TEST_CASE("heif_primary_item_type: HEVC, AV1 and H.264 items of real files") {
  CHECK(type_of(photoaudit::test::read_file(kFormats / "motorcycle.heic")) == "hvc1");
  CHECK(type_of(photoaudit::test::read_file(kFormats / "motorcycle.avif")) == "av01");
  CHECK(type_of(photoaudit::test::read_file(kFormats / "motorcycle-h264.heic")) == "avc1");
  CHECK(libheif_decodes_item_type("hvc1"));
  CHECK(libheif_decodes_item_type("av01"));
  CHECK(libheif_decodes_item_type("grid"));
  CHECK_FALSE(libheif_decodes_item_type("avc1"));
  CHECK_FALSE(libheif_decodes_item_type("j2k1"));
}

TEST_CASE("heif_primary_item_type: every truncation of a real file is read within its bounds, or not at all") {
  const std::string heic = photoaudit::test::read_file(kFormats / "motorcycle.heic");
  std::size_t answered = 0;
  for (std::size_t size = 0; size < 600 && size <= heic.size(); ++size) {
    const auto type = type_of(heic.substr(0, size));
    if (type) {
      CHECK(*type == "hvc1");
      ++answered;
    }
  }
  CHECK(answered > 0);  // once 'meta' is whole
  CHECK_FALSE(type_of("not a HEIF file at all").has_value());
  CHECK_FALSE(type_of(std::string("\0\0\0\x01meta", 8)).has_value());  // a 64-bit size that is not there
}

// A PNG chunk's declared length is checked against the file before libpng (inside OpenCV) sees the data
// (issue 18: a 685-byte PNG whose tEXt chunk declared 0x7FFFFFF0 bytes made libpng allocate 2 GB, times -j).
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::run_photoaudit;
using photoaudit::test::TempDir;

namespace {

// A real 64x64 greyscale PNG.
std::string small_png() {
  cv::Mat image(64, 64, CV_8UC1);
  cv::randu(image, 0, 255);
  std::vector<std::uint8_t> bytes;
  REQUIRE(cv::imencode(".png", image, bytes));
  return {bytes.begin(), bytes.end()};
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

// png with a chunk inserted after IHDR (8-byte signature + 25-byte IHDR chunk): a length field, a type and body
// (the length field need not match the body: that is the point).
std::string with_chunk(const std::string& png, std::uint32_t declared, const std::string& type,
                       const std::string& body) {
  std::string out = png;
  out.insert(33, be32(declared) + type + body + be32(0));
  return out;
}

void write(const fs::path& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

}  // namespace

TEST_CASE(
    "hash and audit refuse a PNG whose tEXt chunk declares 0x7FFFFFF0 bytes before libpng sees it, naming the "
    "chunk (issue 18: libpng allocated 2 GB)") {
  TempDir tmp;
  const fs::path bomb = tmp.path / "bomb.png";
  write(bomb, with_chunk(small_png(), 0x7FFFFFF0, "tEXt", std::string("Comment\0hello", 13)));
  const std::string reason = "PNG chunk tEXt declares 2147483632 bytes, but only ";

  const auto hash = run_photoaudit({"hash", bomb.string()});
  INFO(hash.err);
  CHECK(hash.exit_code == 1);
  CHECK_THAT(hash.err, Catch::Contains(bomb.string() + ": " + reason));

  const auto audit = run_photoaudit({"audit", "--format", "json", "--date", "2026-11-27", bomb.string()});
  INFO(audit.err);
  REQUIRE(audit.exit_code == 1);
  const json report = json::parse(audit.out);
  CHECK_THAT(report["images"][0]["findings"].dump(), Catch::Contains(reason));
  CHECK(report["images"][0]["fingerprints"].is_null());
}

TEST_CASE("hash refuses a PNG chunk length over 2^31-1, and a metadata chunk over Limits::max_metadata_block_bytes") {
  TempDir tmp;
  const std::string png = small_png();
  const fs::path huge = tmp.path / "huge-length.png";
  write(huge, with_chunk(png, 0x80000000U, "zTXt", "x"));
  const auto over_spec = run_photoaudit({"hash", huge.string()});
  CHECK(over_spec.exit_code == 1);
  CHECK_THAT(over_spec.err,
             Catch::Contains("PNG chunk zTXt declares 2147483648 bytes, over the PNG limit of 2147483647 (2^31-1)"));

  // A real 17 MiB iTXt chunk: the file holds it, but no photograph's metadata is that large.
  const std::uint32_t size = 17U << 20;
  const fs::path big = tmp.path / "big-metadata.png";
  write(big, with_chunk(png, size, "iTXt", std::string(size, 'a')));
  const auto over_limit = run_photoaudit({"hash", big.string()});
  CHECK(over_limit.exit_code == 1);
  CHECK_THAT(over_limit.err, Catch::Contains("PNG chunk iTXt declares 17825792 bytes, over the limit of 16777216 "
                                             "for a metadata chunk"));

  // The same PNG without the inserted chunk hashes: the walker accepts what libpng writes.
  const fs::path good = tmp.path / "good.png";
  write(good, png);
  CHECK(run_photoaudit({"hash", good.string()}).exit_code == 0);
}

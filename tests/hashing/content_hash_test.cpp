// The coded-data hash: equal after metadata-only edits, different after re-encoding.
#include <catch2/catch.hpp>

#include "photoaudit/hashing/content_hash.hpp"
#include "test_support.hpp"

using namespace photoaudit::hashing;
using photoaudit::hashing::test::must_fingerprint;

TEST_CASE("JPEG: stripping the credit or rewriting the caption keeps the coded-data hash", "[content_hash]") {
  const Fingerprints original = must_fingerprint("hashing/cat.jpg");
  const Fingerprints stripped = must_fingerprint("hashing/cat-credit-stripped.jpg");
  const Fingerprints rewritten = must_fingerprint("hashing/cat-caption-rewritten.jpg");
  CHECK(original.content_hash.method == ContentHashMethod::kJpegScan);
  // The files differ (the metadata did change) ...
  CHECK(original.sha256 != stripped.sha256);
  CHECK(original.sha256 != rewritten.sha256);
  // ... the picture did not.
  CHECK(original.content_hash.digest == stripped.content_hash.digest);
  CHECK(original.content_hash.digest == rewritten.content_hash.digest);
}

TEST_CASE("JPEG: a re-encoded copy has another coded-data hash", "[content_hash]") {
  const Fingerprints original = must_fingerprint("hashing/cat.jpg");
  const Fingerprints recompressed = must_fingerprint("hashing/cat-recompressed.jpg");
  CHECK(original.content_hash.digest != recompressed.content_hash.digest);
}

TEST_CASE("PNG: text and XMP chunks do not change the coded-data hash", "[content_hash]") {
  const Fingerprints plain = must_fingerprint("hashing/coffee.png");
  const Fingerprints with_text = must_fingerprint("hashing/coffee-with-text.png");
  CHECK(plain.content_hash.method == ContentHashMethod::kPngIdat);
  CHECK(plain.sha256 != with_text.sha256);
  CHECK(plain.content_hash.digest == with_text.content_hash.digest);
}

TEST_CASE("Formats without a coded-data hash fall back to hashing pixels", "[content_hash]") {
  const Fingerprints tiff = must_fingerprint("hashing/coffee.tif");
  CHECK(tiff.content_hash.method == ContentHashMethod::kPixels);
  CHECK(to_string(tiff.content_hash.method) == "pixels");
  const Fingerprints webp = must_fingerprint("hashing/coffee.webp");
  CHECK(webp.content_hash.method == ContentHashMethod::kWebpStream);
  const Fingerprints gif = must_fingerprint("hashing/cat-animated.gif");
  CHECK(gif.content_hash.method == ContentHashMethod::kGifLzw);
}

TEST_CASE("coded_data_hash refuses broken structure", "[content_hash]") {
  const std::uint8_t truncated_jpeg[] = {0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00};
  const auto r = coded_data_hash(truncated_jpeg, sizeof truncated_jpeg, "cut.jpg");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == photoaudit::ErrorCode::kCorruption);
  CHECK(r.error().message.rfind("cut.jpg: ", 0) == 0);
  const std::uint8_t text[] = {'h', 'e', 'l', 'l', 'o'};
  const auto u = coded_data_hash(text, sizeof text, "hello.txt");
  REQUIRE_FALSE(u.has_value());
  CHECK(u.error().code == photoaudit::ErrorCode::kUnsupported);
}

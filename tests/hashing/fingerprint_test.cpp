// fingerprint_file / fingerprint_memory: formats, orientation, the pixel budget and bad input.
#include <catch2/catch.hpp>

#include <chrono>
#include <vector>

#include "photoaudit/hashing/digest.hpp"
#include "test_support.hpp"

using namespace photoaudit::hashing;
using photoaudit::ErrorCode;
using photoaudit::hashing::test::fixture;
using photoaudit::hashing::test::fixture_bytes;
using photoaudit::hashing::test::must_fingerprint;

namespace {

ErrorCode error_code_of(const std::string& relative, const HashOptions& options = {}) {
  const auto r = fingerprint_file(fixture(relative), options);
  INFO(relative << " unexpectedly fingerprinted");
  REQUIRE_FALSE(r.has_value());
  INFO(r.error().message);
  CHECK(r.error().message.find(fixture(relative).string()) == 0);  // every message names the file first
  return r.error().code;
}

}  // namespace

TEST_CASE("Fingerprints of a JPEG: sizes, SHA-256 of the bytes, hashes in hex", "[fingerprint]") {
  const Fingerprints fp = must_fingerprint("hashing/cat.jpg");
  CHECK(fp.format == "jpeg");
  CHECK(fp.width == 400);
  CHECK(fp.height == 266);
  const auto file_digest = sha256_file(fixture("hashing/cat.jpg"));
  REQUIRE(file_digest.has_value());
  CHECK(fp.sha256 == *file_digest);
  CHECK(fp.pdq_quality >= 80);
  CHECK(fp.pdq_dihedral[0] == fp.pdq);
  CHECK(fp.phash != 0);
  CHECK(phash_hex(fp.phash).size() == 16);
  CHECK(fp.local_features == nullptr);
}

TEST_CASE("fingerprint_memory gives what fingerprint_file gives", "[fingerprint]") {
  const auto bytes = fixture_bytes("hashing/cat.jpg");
  const auto from_memory = fingerprint_memory(bytes.data(), bytes.size(), "download");
  REQUIRE(from_memory.has_value());
  const Fingerprints from_file = must_fingerprint("hashing/cat.jpg");
  CHECK(from_memory->sha256 == from_file.sha256);
  CHECK(from_memory->content_hash.digest == from_file.content_hash.digest);
  CHECK(from_memory->pdq == from_file.pdq);
  CHECK(from_memory->phash == from_file.phash);
  CHECK(from_memory->pdq_windows == from_file.pdq_windows);
}

TEST_CASE("local_features_file gives the keypoints fingerprint_file gives and the mirror ones on request",
          "[fingerprint]") {
  HashOptions options;
  options.local_features = true;
  for (const char* name : {"hashing/cat.jpg", "hashing/coffee.png", "hashing/brick-mirrored.jpg"}) {
    INFO(name);
    const auto full = must_fingerprint(name, options);
    REQUIRE(full.local_features);
    REQUIRE(full.local_features->points.size() >= 8);
    const auto with_mirror = local_features_file(fixture(name), options, true);
    REQUIRE(with_mirror);
    CHECK(with_mirror->points == full.local_features->points);
    CHECK(with_mirror->descriptors == full.local_features->descriptors);
    CHECK(with_mirror->mirror_descriptors == full.local_features->mirror_descriptors);
    CHECK(with_mirror->thumbnail == full.local_features->thumbnail);
    const auto without = local_features_file(fixture(name), options, false);
    REQUIRE(without);
    CHECK(without->descriptors == full.local_features->descriptors);
    CHECK(without->mirror_points.empty());
    CHECK(without->mirror_descriptors.empty());
  }
  const auto missing = local_features_file(fixture("hashing/no-such-file.jpg"), options, true);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ErrorCode::kNotFound);
  const auto truncated = local_features_file(fixture("hashing/cat-truncated.jpg"), options, true);
  REQUIRE_FALSE(truncated);
  CHECK(truncated.error().code == ErrorCode::kCorruption);
}

TEST_CASE("local_features_memory gives what local_features_file gives, within the same bounds", "[fingerprint]") {
  const HashOptions options;
  for (const char* name : {"hashing/cat.jpg", "hashing/coffee.png"}) {
    INFO(name);
    const auto bytes = fixture_bytes(name);
    const auto from_file = local_features_file(fixture(name), options, false);
    const auto from_memory = local_features_memory(bytes.data(), bytes.size(), "upload", options, false);
    REQUIRE(from_file);
    REQUIRE(from_memory);
    REQUIRE(from_memory->points.size() >= 8);
    CHECK(from_memory->points == from_file->points);
    CHECK(from_memory->descriptors == from_file->descriptors);
    CHECK(from_memory->mirror_descriptors.empty());
  }
  const auto bytes = fixture_bytes("hashing/cat.jpg");
  HashOptions small = options;
  small.max_file_bytes = bytes.size() - 1;
  const auto too_big = local_features_memory(bytes.data(), bytes.size(), "upload", small, false);
  REQUIRE_FALSE(too_big);
  CHECK(too_big.error().code == ErrorCode::kLimitExceeded);
  HashOptions budget = options;
  budget.max_pixels = 1000;  // the cat is 400x266
  const auto over_budget = local_features_memory(bytes.data(), bytes.size(), "upload", budget, false);
  REQUIRE_FALSE(over_budget);
  CHECK(over_budget.error().code == ErrorCode::kLimitExceeded);
  const std::vector<std::uint8_t> text = {'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'a', 'g', 'e'};
  const auto garbage = local_features_memory(text.data(), text.size(), "upload", options, false);
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().message.find("upload") == 0);
  const auto cut = local_features_memory(bytes.data(), bytes.size() / 2, "upload", options, false);
  REQUIRE_FALSE(cut);
  CHECK(cut.error().code == ErrorCode::kCorruption);
}

TEST_CASE("EXIF orientation is applied exactly once", "[fingerprint]") {
  const Fingerprints upright = must_fingerprint("hashing/cat.jpg");
  const Fingerprints stored_rotated = must_fingerprint("hashing/cat-stored-rotated.jpg");
  CHECK(stored_rotated.orientation == 6);
  CHECK(stored_rotated.width == upright.width);  // displayed size, not stored size
  CHECK(stored_rotated.height == upright.height);
  CHECK(hamming_distance(stored_rotated.pdq, upright.pdq) <= 10);
}

TEST_CASE("CMYK JPEG, 16-bit PNG, TIFF and WebP decode to the same picture", "[fingerprint]") {
  const Fingerprints cat = must_fingerprint("hashing/cat.jpg");
  CHECK(hamming_distance(must_fingerprint("hashing/cat-cmyk.jpg").pdq, cat.pdq) <= 16);
  const Fingerprints coffee = must_fingerprint("hashing/coffee.png");
  const Fingerprints deep = must_fingerprint("hashing/coffee-16bit.png");
  CHECK(deep.width == 200);
  CHECK(hamming_distance(deep.pdq, coffee.pdq) <= 16);
  CHECK(must_fingerprint("hashing/coffee.tif").format == "tiff");
  CHECK(hamming_distance(must_fingerprint("hashing/coffee.tif").pdq, coffee.pdq) <= 4);
  CHECK(hamming_distance(must_fingerprint("hashing/coffee.webp").pdq, coffee.pdq) <= 16);
}

TEST_CASE("Animated GIF and WebP are hashed by their first frame", "[fingerprint]") {
  const Fingerprints cat = must_fingerprint("hashing/cat.jpg");
  const Fingerprints gif = must_fingerprint("hashing/cat-animated.gif");
  CHECK(gif.format == "gif");
  CHECK(hamming_distance(gif.pdq, cat.pdq) <= 24);
  const Fingerprints webp = must_fingerprint("hashing/cat-animated.webp");
  CHECK(webp.format == "webp");
  CHECK(webp.width == 400);
  CHECK(hamming_distance(webp.pdq, cat.pdq) <= 16);
}

TEST_CASE("A decompression bomb is refused from its header, quickly", "[fingerprint][bad]") {
  const auto start = std::chrono::steady_clock::now();
  CHECK(error_code_of("hashing/bomb-30000x30000.png") == ErrorCode::kLimitExceeded);
  // Not a timing assertion on speed, only that nothing of 900 megapixels was decoded: a decode would take
  // minutes under the sanitizers.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
  HashOptions small_budget;
  small_budget.max_pixels = 10'000;
  CHECK(error_code_of("hashing/cat.jpg", small_budget) == ErrorCode::kLimitExceeded);
  CHECK(error_code_of("hashing/cat-animated.gif", small_budget) == ErrorCode::kLimitExceeded);
  CHECK(error_code_of("hashing/coffee.webp", small_budget) == ErrorCode::kLimitExceeded);
  CHECK(error_code_of("hashing/coffee.tif", small_budget) == ErrorCode::kLimitExceeded);
}

TEST_CASE("Truncated and corrupt images are errors that name the file", "[fingerprint][bad]") {
  CHECK(error_code_of("hashing/cat-truncated.jpg") == ErrorCode::kCorruption);
  CHECK(error_code_of("hashing/coffee-corrupt.png") == ErrorCode::kCorruption);
  CHECK(error_code_of("hashing/not-an-image.jpg") == ErrorCode::kUnsupported);
  CHECK(error_code_of("hashing/no-such-file.jpg") == ErrorCode::kNotFound);
  CHECK(error_code_of("hashing") == ErrorCode::kIOError);
  HashOptions lenient;
  lenient.allow_truncated = true;
  const auto partial = fingerprint_file(fixture("hashing/cat-truncated.jpg"), lenient);
  CHECK(partial.has_value());
  HashOptions tiny_files;
  tiny_files.max_file_bytes = 1000;
  CHECK(error_code_of("hashing/cat.jpg", tiny_files) == ErrorCode::kLimitExceeded);
}

TEST_CASE("Every byte-prefix of a JPEG and a PNG gives a result or an error, never a crash", "[fingerprint][bad]") {
  for (const char* name :
       {"hashing/cat.jpg", "hashing/coffee.png", "hashing/cat-animated.gif", "hashing/coffee.webp"}) {
    const auto bytes = fixture_bytes(name);
    for (std::size_t cut = 0; cut < bytes.size(); cut += 1 + cut / 3) {
      const auto r = fingerprint_memory(bytes.data(), cut, name);
      if (!r) CHECK_FALSE(r.error().message.empty());
    }
  }
}

TEST_CASE("Tiny and flat images: a result that says they cannot be matched", "[fingerprint][bad]") {
  const Fingerprints one = must_fingerprint("hashing/one-pixel.png");
  CHECK(one.width == 1);
  CHECK_FALSE(one.pdq_hashable);
  CHECK(one.pdq_quality == 0);
  const Fingerprints tiny = must_fingerprint("hashing/tiny-4x3.png");
  CHECK_FALSE(tiny.pdq_hashable);
  const Fingerprints flat = must_fingerprint("hashing/flat-gray.png");
  CHECK(flat.pdq_hashable);
  CHECK(flat.pdq_quality == 0);
}

TEST_CASE("Reduced decoding of a large JPEG stays close to a full-size decode", "[fingerprint]") {
  HashOptions reduced;
  reduced.full_decode_max_pixels = 0;  // force 1/2 on the 1600x1004 reference image
  HashOptions full;
  full.decode_min_side = 0;
  const Fingerprints a = must_fingerprint("pdq/dih/bridge-1-original.jpg", reduced);
  const Fingerprints b = must_fingerprint("pdq/dih/bridge-1-original.jpg", full);
  CHECK(a.width == 1600);  // sizes are always the image's own
  CHECK(hamming_distance(a.pdq, b.pdq) <= 12);
}

namespace {

// Everything computed from the decoded pixels is equal.
void check_same_pixels(const Fingerprints& a, const Fingerprints& b) {
  CHECK(a.width == b.width);
  CHECK(a.height == b.height);
  CHECK(a.pdq == b.pdq);
  CHECK(a.pdq_quality == b.pdq_quality);
  CHECK(a.pdq_dihedral == b.pdq_dihedral);
  CHECK(a.phash == b.phash);
  CHECK(a.pdq_windows == b.pdq_windows);
  CHECK(a.pdq_trimmed == b.pdq_trimmed);
}

}  // namespace

TEST_CASE("A progressive JPEG is decoded from the scans its grey output needs to the same pixels", "[fingerprint]") {
  HashOptions eighth;  // 400x266 -> 50x34
  eighth.full_decode_max_pixels = 0;
  eighth.decode_min_side = 32;
  const Fingerprints baseline = must_fingerprint("hashing/cat.jpg", eighth);
  const Fingerprints progressive = must_fingerprint("hashing/cat-progressive.jpg", eighth);
  check_same_pixels(baseline, progressive);
  CHECK(progressive.content_hash.digest != baseline.content_hash.digest);  // other coding of the same coefficients

  // The AC scans of this copy cannot be decoded: at 1/8 they are never read, at 1/4 and full size they must be.
  const Fingerprints broken = must_fingerprint("hashing/cat-progressive-ac-broken.jpg", eighth);
  check_same_pixels(baseline, broken);
  HashOptions quarter = eighth;
  quarter.decode_min_side = 64;
  CHECK(error_code_of("hashing/cat-progressive-ac-broken.jpg", quarter) == ErrorCode::kCorruption);
  CHECK(error_code_of("hashing/cat-progressive-ac-broken.jpg") == ErrorCode::kCorruption);
  check_same_pixels(must_fingerprint("hashing/cat.jpg", quarter),
                    must_fingerprint("hashing/cat-progressive.jpg", quarter));

  // At any size the greyscale output is the luma alone, so the chroma AC scans are never read either: a copy
  // whose chroma AC scans cannot be decoded (libjpeg's djpeg fails on it, in grey too) gives the same pixels.
  check_same_pixels(must_fingerprint("hashing/cat.jpg", quarter),
                    must_fingerprint("hashing/cat-progressive-chroma-ac-broken.jpg", quarter));
  check_same_pixels(must_fingerprint("hashing/cat.jpg"),
                    must_fingerprint("hashing/cat-progressive-chroma-ac-broken.jpg"));

  // A progressive file cut short is still reported as truncated, though its DC scans are complete.
  const auto bytes = fixture_bytes("hashing/cat-progressive.jpg");
  const auto cut = fingerprint_memory(bytes.data(), bytes.size() * 3 / 4, "cut.jpg", eighth);
  REQUIRE_FALSE(cut.has_value());
  CHECK(cut.error().code == ErrorCode::kCorruption);
  CHECK(cut.error().message.find("truncated") != std::string::npos);
  eighth.allow_truncated = true;
  CHECK(fingerprint_memory(bytes.data(), bytes.size() * 3 / 4, "cut.jpg", eighth).has_value());
}

TEST_CASE("Local features are extracted on request and shared between copies", "[fingerprint]") {
  HashOptions options;
  options.local_features = true;
  const Fingerprints fp = must_fingerprint("hashing/cat.jpg", options);
  REQUIRE(fp.local_features != nullptr);
  CHECK(fp.local_features->points.size() > 100);
  CHECK(fp.local_features->points.size() == fp.local_features->descriptors.size());
  const Fingerprints copy = fp;
  CHECK(copy.local_features.get() == fp.local_features.get());
}

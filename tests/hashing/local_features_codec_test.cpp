// encode_local_features / decode_local_features: the round trip keeps the verdicts of match_local_features on
// real photos, and damaged blobs are refused with a reason, never read past their end.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "photoaudit/hashing/local_features_codec.hpp"
#include "test_support.hpp"

using namespace photoaudit::hashing;
using photoaudit::hashing::test::fixture;
using photoaudit::hashing::test::must_fingerprint;

namespace {

LocalFeatures features_of_file(const std::string& relative) {
  HashOptions options;
  options.local_features = true;
  const Fingerprints fp = must_fingerprint(relative, options);
  REQUIRE(fp.local_features);
  return *fp.local_features;
}

// cat.jpg cropped to 88% x 93% at an offset (the robustness bench's off-centre crop), as a JPEG.
LocalFeatures off_centre_crop_of_cat() {
  const cv::Mat cat = cv::imread(fixture("hashing/cat.jpg").string());
  REQUIRE_FALSE(cat.empty());
  const int w = cat.cols * 88 / 100;
  const int h = cat.rows * 93 / 100;
  const cv::Mat crop = cat(cv::Rect(cat.cols - w, 0, w, h));
  std::vector<std::uint8_t> jpeg;
  REQUIRE(cv::imencode(".jpg", crop, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90}));
  HashOptions options;
  options.local_features = true;
  const auto fp = fingerprint_memory(jpeg.data(), jpeg.size(), "cat-off-centre.jpg", options);
  REQUIRE(fp.has_value());
  REQUIRE(fp->local_features);
  return *fp->local_features;
}

LocalFeatures round_trip(const LocalFeatures& f) {
  const auto blob = encode_local_features(f);
  REQUIRE(blob.has_value());
  const auto back = decode_local_features(*blob);
  INFO((back ? std::string("ok") : back.error().message));
  REQUIRE(back.has_value());
  return *back;
}

}  // namespace

TEST_CASE("Local features keep their verdicts through the blob", "[local_features_codec]") {
  const LocalFeatures cat = features_of_file("hashing/cat.jpg");
  const LocalFeatures cat_back = round_trip(cat);
  CHECK(cat_back.descriptors == cat.descriptors);
  CHECK(cat_back.mirror_descriptors == cat.mirror_descriptors);
  CHECK(cat_back.thumbnail == cat.thumbnail);
  REQUIRE(cat_back.points.size() == cat.points.size());
  for (std::size_t i = 0; i < cat.points.size(); ++i) {
    CHECK(std::abs(cat_back.points[i][0] - cat.points[i][0]) < 0.02F);
    CHECK(std::abs(cat_back.points[i][1] - cat.points[i][1]) < 0.02F);
  }
  struct Pair {
    LocalFeatures b;
    bool same;
    const char* what;
  };
  const std::vector<Pair> pairs = {
      {features_of_file("hashing/cat-rotate2.jpg"), true, "rotated 2 degrees"},
      {off_centre_crop_of_cat(), true, "off-centre crop"},
      {features_of_file("hashing/brick.jpg"), false, "an unrelated photo"},
      {features_of_file("hashing/motorcycle-left.jpg"), false, "another unrelated photo"},
  };
  for (const Pair& p : pairs) {
    INFO(p.what);
    const FeatureVerdict fresh = match_local_features(cat, p.b);
    const FeatureVerdict decoded = match_local_features(cat_back, round_trip(p.b));
    CHECK(fresh.same == p.same);
    CHECK(decoded.same == p.same);
    CHECK(std::abs(decoded.inliers - fresh.inliers) <= 3);
  }
}

TEST_CASE("A local features blob is about 30 KB as scan stores it, 47 KB with the mirror set",
          "[local_features_codec]") {
  const auto with_mirror = encode_local_features(features_of_file("hashing/cat.jpg"));
  REQUIRE(with_mirror.has_value());
  HashOptions options;
  options.local_features = true;
  options.local_features_mirror = false;
  const Fingerprints fp = must_fingerprint("hashing/cat.jpg", options);
  REQUIRE(fp.local_features);
  CHECK(fp.local_features->mirror_points.empty());
  const auto as_scanned = encode_local_features(*fp.local_features);
  REQUIRE(as_scanned.has_value());
  INFO("bytes: " << as_scanned->size() << " and " << with_mirror->size() << " with the mirror set");
  CHECK(as_scanned->size() > 20'000);
  CHECK(as_scanned->size() < 35'000);
  CHECK(with_mirror->size() < 60'000);
  CHECK(round_trip(*fp.local_features).mirror_points.empty());
}

TEST_CASE("Truncated, padded and garbage blobs are refused with a reason", "[local_features_codec]") {
  const auto blob = encode_local_features(features_of_file("hashing/cat.jpg"));
  REQUIRE(blob.has_value());
  // Every prefix is refused: no read goes past the end (ASan would report one).
  for (std::size_t n = 0; n < blob->size(); n += 97) {
    const auto cut = decode_local_features(std::string_view(*blob).substr(0, n));
    REQUIRE_FALSE(cut.has_value());
    CHECK(cut.error().code == photoaudit::ErrorCode::kCorruption);
  }
  const auto padded = decode_local_features(*blob + "x");
  REQUIRE_FALSE(padded.has_value());
  CHECK(padded.error().message.find("1 bytes left over") != std::string::npos);
  const auto garbage = decode_local_features("this is not a local features blob at all");
  REQUIRE_FALSE(garbage.has_value());
  CHECK(garbage.error().message.find("magic") != std::string::npos);
  std::string newer = *blob;
  newer[2] = 2;
  const auto later = decode_local_features(newer);
  REQUIRE_FALSE(later.has_value());
  CHECK(later.error().code == photoaudit::ErrorCode::kUnsupported);
  std::string too_many = *blob;
  too_many[12] = static_cast<char>(0xFF);  // the keypoint count's high byte: 65,280 and more
  const auto over = decode_local_features(too_many);
  REQUIRE_FALSE(over.has_value());
  CHECK(over.error().message.find("over the maximum") != std::string::npos);
}

TEST_CASE("Features with more keypoints than the codec carries are refused when encoded", "[local_features_codec]") {
  LocalFeatures f;
  f.width = 100;
  f.height = 100;
  f.points.resize(kMaxEncodedFeatures + 1);
  f.descriptors.resize(kMaxEncodedFeatures + 1);
  CHECK_FALSE(encode_local_features(f).has_value());
  f.points.pop_back();
  f.descriptors.pop_back();
  CHECK(encode_local_features(f).has_value());
  f.descriptors.pop_back();
  CHECK_FALSE(encode_local_features(f).has_value());
}

TEST_CASE("An image too small for keypoints has an empty but valid blob", "[local_features_codec]") {
  const LocalFeatures one = features_of_file("hashing/one-pixel.png");
  CHECK(one.points.empty());
  const LocalFeatures back = round_trip(one);
  CHECK(back.points.empty());
  CHECK(back.width == one.width);
  CHECK_FALSE(match_local_features(back, back).same);
}

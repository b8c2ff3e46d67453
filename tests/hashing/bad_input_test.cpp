// Issue 14, "Bad input": images too small for keypoints, of one colour, all black, a 20000x500 panorama, an
// animated GIF and a CMYK JPEG through fingerprinting with local features, the blob codec, same_photo and the
// engine's grey zone: a verdict or "cannot tell" with its reason (low-quality, no keypoints), never a crash.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "photoaudit/hashing/feature_verifier.hpp"
#include "photoaudit/hashing/local_features_codec.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"
#include "test_support.hpp"

using namespace photoaudit::hashing;
using photoaudit::hashing::test::must_fingerprint;

namespace {

struct Named {
  std::string name;
  Fingerprints fp;
  std::string photo;  // inputs with the same photo are one photo (the GIF and the CMYK JPEG are both the cat)
};

Fingerprints encoded(const std::string& name, const cv::Mat& image, const std::string& ext) {
  std::vector<std::uint8_t> bytes;
  REQUIRE(cv::imencode(ext, image, bytes));
  HashOptions options;
  options.local_features = true;
  auto fp = fingerprint_memory(bytes.data(), bytes.size(), name, options);
  INFO(name << ": " << (fp ? std::string("ok") : fp.error().message));
  REQUIRE(fp.has_value());
  return *fp;
}

std::vector<Named> bad_inputs() {
  cv::Mat texture(50, 2000, CV_8UC1);
  cv::randu(texture, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::Mat panorama;
  cv::resize(texture, panorama, cv::Size(20000, 500), 0, 0, cv::INTER_LINEAR);
  HashOptions with_features;
  with_features.local_features = true;
  return {
      {"1x1", encoded("1x1", cv::Mat(1, 1, CV_8UC1, cv::Scalar(7)), ".png"), "1x1"},
      {"8x8", encoded("8x8", cv::Mat(8, 8, CV_8UC1, cv::Scalar(90)), ".png"), "8x8"},
      {"one colour", encoded("one colour", cv::Mat(300, 400, CV_8UC3, cv::Scalar(40, 120, 220)), ".jpg"), "colour"},
      {"all black", encoded("all black", cv::Mat(300, 400, CV_8UC1, cv::Scalar(0)), ".jpg"), "black"},
      {"panorama", encoded("panorama", panorama, ".jpg"), "panorama"},
      {"animated gif", must_fingerprint("hashing/cat-animated.gif", with_features), "cat"},
      {"cmyk jpeg", must_fingerprint("hashing/cat-cmyk.jpg", with_features), "cat"},
  };
}

}  // namespace

TEST_CASE("Bad inputs: local features, their blob and same_photo give a verdict or its reason", "[bad_input]") {
  const std::vector<Named> inputs = bad_inputs();
  for (const Named& a : inputs) {
    INFO(a.name);
    REQUIRE(a.fp.local_features);
    const auto blob = encode_local_features(*a.fp.local_features);
    REQUIRE(blob.has_value());
    const auto back = decode_local_features(*blob);
    REQUIRE(back.has_value());
    CHECK(back->points.size() == a.fp.local_features->points.size());
    for (const Named& b : inputs) {
      INFO("against " << b.name);
      const SamePhotoVerdict v = same_photo(a.fp, b.fp);
      CHECK(v.same == (a.photo == b.photo));  // itself by its coded data; the two cats by their hashes
      if (a.photo != b.photo) CHECK((v.method == MatchMethod::kNone || v.method == MatchMethod::kLowQuality));
    }
  }
  // Too small or too flat for keypoints: no local evidence, so the grey zone cannot tell.
  for (std::size_t i = 0; i < 4; ++i) CHECK(inputs[i].fp.local_features->points.empty());
  CHECK(inputs[4].fp.local_features->points.size() > 100);  // the panorama has texture
}

TEST_CASE("Bad inputs in the engine's grey zone: no crash, no cluster but the true one", "[bad_input]") {
  std::vector<Named> inputs = bad_inputs();
  HashOptions with_features;
  with_features.local_features = true;
  inputs.push_back({"cat", must_fingerprint("hashing/cat.jpg", with_features), "cat"});
  inputs.push_back({"cat rotated", must_fingerprint("hashing/cat-rotate2.jpg", with_features), "cat"});
  std::vector<const Fingerprints*> items;
  items.reserve(inputs.size());
  for (const Named& n : inputs) items.push_back(&n.fp);
  EngineOptions options;
  options.verify = feature_verifier(
      items, [&](std::size_t i, bool) { return inputs[i].fp.local_features; }, options.rule);
  const EngineResult result = cluster_same_photos(items, options);
  REQUIRE(result.clusters.size() == 1);  // the four cats: GIF, CMYK, original and the rotation (grey zone)
  std::vector<std::size_t> members;
  for (const auto& m : result.clusters[0].members) members.push_back(m.item);
  CHECK(members == std::vector<std::size_t>{5, 6, 7, 8});
}

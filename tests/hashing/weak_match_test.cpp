// Step 4b of the same-photo rule (same_photo.hpp) and its place in the engine (same_photo_engine.cpp, step 2c):
// a picture with weak hash bits (PDQ quality 50-79: a soft, blurred or smooth picture) and its watermarked copy,
// whose hash the watermark moved past PDQ's threshold, are matched when their 16x16 grey pixels agree on the
// whole frames; two different soft pictures of one shape are not.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "photoaudit/hashing/same_photo.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"
#include "test_support.hpp"

using namespace photoaudit::hashing;
using photoaudit::hashing::test::must_fingerprint;

namespace {

SameRule hashes_only() {
  SameRule rule;
  rule.local_features = false;
  return rule;
}

}  // namespace

TEST_CASE("A soft picture and its watermarked copy are one photo by their pixels", "[same_photo][weak]") {
  // cat-soft.jpg: cat.jpg blurred (quality 65); its watermarked copy has quality 100 and lies 54 bits away.
  const Fingerprints soft = must_fingerprint("hashing/cat-soft.jpg");
  const Fingerprints marked = must_fingerprint("hashing/cat-soft-watermark.jpg");
  const SameRule rule = hashes_only();
  REQUIRE(soft.pdq_quality >= rule.min_quality);
  REQUIRE(soft.pdq_quality < rule.weak_quality);
  REQUIRE(hamming_distance(soft.pdq, marked.pdq) > rule.max_distance);
  REQUIRE(hamming_distance(soft.pdq, marked.pdq) <= rule.weak_max_distance);

  const SamePhotoVerdict v = same_photo(soft, marked, rule);
  CHECK(v.same);
  CHECK(v.method == MatchMethod::kPdqFlat);
  const SamePhotoVerdict back = same_photo(marked, soft, rule);
  CHECK(back.same);
  CHECK(back.method == MatchMethod::kPdqFlat);

  SECTION("without step 4b the hashes alone cannot tell") {
    SameRule off = rule;
    off.weak_images = false;
    CHECK_FALSE(same_photo(soft, marked, off).same);
  }
  SECTION("the distance bound holds") {
    SameRule tight = rule;
    tight.weak_max_distance = hamming_distance(soft.pdq, marked.pdq) - 1;
    CHECK_FALSE(same_photo(soft, marked, tight).same);
  }
}

TEST_CASE("Two soft views of one scene are not one photo", "[same_photo][weak]") {
  // The stereo pair blurred until its hash bits are weak (qualities 66-68): similar layouts, 68 bits apart; their
  // 16x16 levels differ by about 5 grey levels where they agree best, above the 2.5 allowed. With the distance
  // bound out of the way, the pixels alone must decline the pair.
  const Fingerprints left = must_fingerprint("hashing/motorcycle-left-soft.jpg");
  const Fingerprints right = must_fingerprint("hashing/motorcycle-right-soft.jpg");
  SameRule rule = hashes_only();
  REQUIRE(std::min(left.pdq_quality, right.pdq_quality) >= rule.min_quality);
  REQUIRE(std::max(left.pdq_quality, right.pdq_quality) < rule.weak_quality);
  rule.weak_max_distance = 256;
  const SamePhotoVerdict v = same_photo(left, right, rule);
  CHECK_FALSE(v.same);
  CHECK(v.method == MatchMethod::kNone);
}

TEST_CASE("The engine joins a soft picture and its watermarked copy, and only them", "[engine][weak]") {
  std::vector<Fingerprints> fps = {
      must_fingerprint("hashing/cat-soft.jpg"), must_fingerprint("hashing/motorcycle-left-soft.jpg"),
      must_fingerprint("hashing/brick.jpg"), must_fingerprint("hashing/motorcycle-right-soft.jpg"),
      must_fingerprint("hashing/cat-soft-watermark.jpg")};
  std::vector<const Fingerprints*> items;
  items.reserve(fps.size());
  for (const auto& f : fps) items.push_back(&f);
  EngineOptions options;
  options.rule.local_features = false;
  REQUIRE(hamming_distance(fps[0].pdq, fps[4].pdq) > search_radius(options.rule));

  const EngineResult result = cluster_same_photos(items, options);
  std::vector<std::vector<std::size_t>> clusters;
  for (const auto& c : result.clusters) {
    clusters.emplace_back();
    for (const auto& m : c.members) clusters.back().push_back(m.item);
  }
  CHECK(clusters == std::vector<std::vector<std::size_t>>{{0, 4}});
  REQUIRE(result.clusters.size() == 1);
  CHECK(result.clusters[0].members[1].verdict.method == MatchMethod::kPdqFlat);

  SECTION("without step 4b the copy stays alone") {
    options.rule.weak_images = false;
    CHECK(cluster_same_photos(items, options).clusters.empty());
  }
}

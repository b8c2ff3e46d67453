// Visual words (visual_words.hpp) and the engine's grey zone fed by them (same_photo_engine.hpp): an
// off-centre crop of a real photo finds its original among real distractors, and items without usable
// descriptors give no candidates.
#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "photoaudit/hashing/feature_verifier.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"
#include "photoaudit/hashing/visual_words.hpp"
#include "test_support.hpp"

using namespace photoaudit::hashing;
using photoaudit::hashing::test::fixture;
using photoaudit::hashing::test::must_fingerprint;

namespace {

HashOptions with_features() {
  HashOptions options;
  options.local_features = true;
  return options;
}

// cat.jpg cropped to 88% x 93% of the picture, 3% from the left and 6% from the top (the robustness bench's
// off-centre crop), as a JPEG of quality 90.
Fingerprints off_centre_crop_of_cat() {
  const cv::Mat cat = cv::imread(fixture("hashing/cat.jpg").string());
  REQUIRE_FALSE(cat.empty());
  const cv::Mat crop = cat(cv::Rect(cat.cols * 3 / 100, cat.rows * 6 / 100, cat.cols * 88 / 100, cat.rows * 93 / 100));
  std::vector<std::uint8_t> jpeg;
  REQUIRE(cv::imencode(".jpg", crop, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90}));
  auto fp = fingerprint_memory(jpeg.data(), jpeg.size(), "cat-off-centre.jpg", with_features());
  REQUIRE(fp.has_value());
  REQUIRE(fp->local_features);
  return *fp;
}

// Real photos that are not the cat and not copies of each other (the stereo pair's two views are different
// photos): the index's distractors.
const std::vector<std::string> kDistractors = {
    "hashing/brick.jpg",
    "hashing/coffee.png",
    "hashing/motorcycle-left.jpg",
    "hashing/motorcycle-right.jpg",
    "article/ai-illustration.jpg",
    "article/putin-min-aung-hlaing.jpg",
    "article/rocket-launch-epa.jpg",
    "pdq/labelme-subset/q0122.jpg",
    "pdq/labelme-subset/q0291.jpg",
    "hashing/flat-gradient.jpg",
};

}  // namespace

TEST_CASE("The shipped vocabulary has its words and a version", "[visual_words]") {
  const VisualVocabulary& v = orb_vocabulary();
  CHECK(v.word_count() == v.branching() * v.branching());
  CHECK(v.word_count() >= 1024);
  CHECK(visual_words_version() >= 1);
  // Each root is its own nearest root; and a leaf centre lands on its own word unless another root is nearer to
  // it than its own (k-majority puts the leaves around their root: most do).
  std::size_t own_words = 0;
  for (std::uint32_t r = 0; r < v.branching(); ++r) {
    CHECK(v.word(v.roots()[r]) / v.branching() == r);
    for (std::uint32_t l = 0; l < v.branching(); ++l) {
      const std::uint32_t w = r * v.branching() + l;
      own_words += v.word(v.leaves()[w]) == w ? 1 : 0;
    }
  }
  CHECK(own_words > v.word_count() * 95 / 100);  // 16,281 of 16,384 in version 1
}

TEST_CASE("An off-centre crop of a real photo ranks its original first among distractors", "[visual_words]") {
  const VisualVocabulary& vocabulary = orb_vocabulary();
  std::vector<VisualVocabulary::Bag> bags;
  for (const auto& name : kDistractors) {
    const Fingerprints fp = must_fingerprint(name, with_features());
    bags.push_back(vocabulary.bag(fp.local_features ? fp.local_features->descriptors : std::vector<OrbDescriptor>{}));
  }
  const Fingerprints cat = must_fingerprint("hashing/cat.jpg", with_features());
  REQUIRE(cat.local_features);
  const auto cat_id = static_cast<std::uint32_t>(bags.size());
  bags.push_back(vocabulary.bag(cat.local_features->descriptors));
  VisualWordsIndex index(vocabulary.word_count());
  for (std::uint32_t i = 0; i < bags.size(); ++i) index.add(i, bags[i]);
  index.build();
  REQUIRE(index.size() == bags.size());

  const Fingerprints crop = off_centre_crop_of_cat();
  const auto hits = index.query(vocabulary.bag(crop.local_features->descriptors), 3, UINT32_MAX);
  REQUIRE_FALSE(hits.empty());
  CHECK(hits.size() <= 3);
  CHECK(hits.front().id == cat_id);
  // ... by a margin: the crop keeps most of the cat's words, a distractor shares only common ones.
  if (hits.size() > 1) CHECK(hits.front().score > 2 * hits[1].score);
  // The original's own query leaves itself out.
  for (const auto& h : index.query(bags[cat_id], 10, cat_id)) CHECK(h.id != cat_id);
}

TEST_CASE("Empty or garbage descriptors give no candidates and no crash", "[visual_words]") {
  const VisualVocabulary& vocabulary = orb_vocabulary();
  CHECK(vocabulary.bag({}).words.empty());
  VisualWordsIndex index(vocabulary.word_count());
  const Fingerprints cat = must_fingerprint("hashing/cat.jpg", with_features());
  index.add(0, vocabulary.bag(cat.local_features->descriptors));
  // An item with a bag whose words are out of range, or counts missing, adds nothing.
  VisualVocabulary::Bag garbage;
  garbage.words = {vocabulary.word_count(), vocabulary.word_count() + 7, UINT32_MAX};
  garbage.counts = {1, 2, 3};
  index.add(1, garbage);
  VisualVocabulary::Bag uncounted;
  uncounted.words = {1, 2, 3};
  index.add(2, uncounted);
  index.build();
  CHECK(index.query({}, 10, UINT32_MAX).empty());
  CHECK(index.query(garbage, 10, UINT32_MAX).empty());
  CHECK(index.query(uncounted, 10, UINT32_MAX).empty());
  // Items 1 and 2 hold no word: the cat's own bag finds neither.
  for (const auto& h : index.query(vocabulary.bag(cat.local_features->descriptors), 10, UINT32_MAX)) CHECK(h.id == 0);
  // An empty vocabulary quantises nothing; a training sample smaller than the branching gives no vocabulary.
  CHECK(VisualVocabulary().bag(cat.local_features->descriptors).words.empty());
  CHECK(train_visual_vocabulary(std::vector<OrbDescriptor>(3), 8, 5, 1).word_count() == 0);
}

TEST_CASE("Words held by too many items are stop words and are not queried", "[visual_words]") {
  VisualWordsOptions options;
  options.max_postings = 2;
  options.max_posting_share = 1.0;
  VisualWordsIndex index(16, options);
  VisualVocabulary::Bag common;  // word 1 in every item
  common.words = {1};
  common.counts = {1};
  VisualVocabulary::Bag rare;  // word 1 and word 9, in items 0 and 1
  rare.words = {1, 9};
  rare.counts = {1, 1};
  index.add(0, rare);
  index.add(1, rare);
  index.add(2, common);
  index.add(3, common);
  index.build();
  CHECK(index.stop_words() == 1);
  CHECK(index.query(common, 10, UINT32_MAX).empty());
  const auto hits = index.query(rare, 10, 0);
  REQUIRE(hits.size() == 1);
  CHECK(hits.front().id == 1);
  CHECK(hits.front().score == Approx(1.0));
}

TEST_CASE("Training by k-majority finds planted clusters of descriptors", "[visual_words]") {
  // Two far-apart centres (all zeros, all ones) with a few bits flipped in each copy.
  std::vector<OrbDescriptor> sample;
  for (int i = 0; i < 64; ++i) {
    OrbDescriptor zeros{};
    OrbDescriptor ones;
    ones.fill(0xFF);
    zeros[static_cast<std::size_t>(i % 32)] = static_cast<std::uint8_t>(1U << (i % 8));
    ones[static_cast<std::size_t>((i + 5) % 32)] = static_cast<std::uint8_t>(~(1U << (i % 8)));
    sample.push_back(zeros);
    sample.push_back(ones);
  }
  const VisualVocabulary v = train_visual_vocabulary(sample, 2, 10, 7);
  REQUIRE(v.word_count() == 4);
  OrbDescriptor zeros{};
  OrbDescriptor ones;
  ones.fill(0xFF);
  CHECK(v.word(zeros) / 2 != v.word(ones) / 2);  // different roots
  // The roots are the majorities: all zeros and all ones.
  std::set<OrbDescriptor> roots(v.roots().begin(), v.roots().end());
  CHECK(roots == std::set<OrbDescriptor>{zeros, ones});
}

TEST_CASE("The engine's grey zone takes an off-centre crop's candidates from visual words", "[visual_words]") {
  std::vector<Fingerprints> fps;
  fps.push_back(must_fingerprint("hashing/cat.jpg", with_features()));
  for (const auto& name : kDistractors) fps.push_back(must_fingerprint(name, with_features()));
  fps.push_back(off_centre_crop_of_cat());
  std::vector<const Fingerprints*> items;
  items.reserve(fps.size());
  for (const auto& f : fps) items.push_back(&f);
  const std::size_t crop = items.size() - 1;
  std::atomic<int> loads{0};
  EngineOptions options;
  options.verify = feature_verifier(
      items, [&](std::size_t i, bool) { return fps[i].local_features; }, options.rule);
  options.word_features = [&](std::size_t i) {
    ++loads;
    return fps[i].local_features;
  };
  options.grey_zone_search = GreyZoneSearch::kVisualWords;
  options.grey_zone_top_k = 3;

  SECTION("found, never all pairs") {
    const EngineResult r = cluster_same_photos(items, options);
    CHECK(r.grey_zone_words);
    CHECK_FALSE(r.grey_zone_skipped);
    CHECK(loads.load() == static_cast<int>(r.grey_zone_eligible));
    // At most top_k candidates per item, against the 66 pairs of all 12 items.
    CHECK(r.word_candidates <= r.grey_zone_eligible * options.grey_zone_top_k);
    // One cluster: the cat and its crop; no distractor joins it, the stereo pair's views stay apart.
    REQUIRE(r.clusters.size() == 1);
    REQUIRE(r.clusters.front().members.size() == 2);
    CHECK(r.clusters.front().members.front().item == 0);
    CHECK(r.clusters.front().members.back().item == crop);
  }
  SECTION("automatic: all pairs up to grey_zone_max_items, visual words above") {
    options.grey_zone_search = GreyZoneSearch::kAuto;
    EngineResult r = cluster_same_photos(items, options);
    CHECK_FALSE(r.grey_zone_words);
    CHECK(loads.load() == 0);
    options.grey_zone_max_items = 4;
    r = cluster_same_photos(items, options);
    CHECK(r.grey_zone_words);
    CHECK_FALSE(r.grey_zone_skipped);
    REQUIRE(r.clusters.size() == 1);
    REQUIRE(r.clusters.front().members.size() == 2);
    CHECK(r.clusters.front().members.front().item == 0);
    CHECK(r.clusters.front().members.back().item == crop);
    CHECK(r.clusters.front().members.back().verdict.method == MatchMethod::kLocalFeatures);
  }
  SECTION("items without descriptors give no candidates") {
    options.word_features = [](std::size_t i) -> std::shared_ptr<const LocalFeatures> {
      if (i % 2 == 0) return nullptr;
      return std::make_shared<const LocalFeatures>();  // no keypoints
    };
    const EngineResult r = cluster_same_photos(items, options);
    CHECK(r.grey_zone_words);
    CHECK(r.word_candidates == 0);
    CHECK(r.grey_zone_verified == 0);
  }
  SECTION("no word source: above the limit the grey zone is skipped") {
    options.word_features = nullptr;
    const EngineResult r = cluster_same_photos(items, options);
    CHECK(r.grey_zone_skipped);
    CHECK(r.grey_zone_verified == 0);
  }
}

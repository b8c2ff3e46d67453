// The same-photo engine on real photographs: clusters from hashes, the grey zone verified cluster by cluster
// (bounded failures, already-joined pairs never verified), counted through an injected verifier.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cluster_verification.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/pdq_index.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"
#include "test_support.hpp"

using namespace photoaudit::hashing;
using photoaudit::hashing::test::must_fingerprint;

namespace {

struct Set {
  std::vector<std::string> names;
  std::vector<Fingerprints> fps;
  std::vector<const Fingerprints*> items;

  explicit Set(std::vector<std::string> files, bool features = false) : names(std::move(files)) {
    HashOptions options;
    options.local_features = features;
    for (const auto& n : names) fps.push_back(must_fingerprint("hashing/" + n, options));
    for (const auto& f : fps) items.push_back(&f);
  }
};

// Clears every item's de-rotated hashes, as in catalog rows written before them or for a turn beyond the
// angles they cover: then a 2-degree rotation is left to the grey zone.
void without_derotated(Set& set) {
  for (auto& f : set.fps) f.pdq_derotated_quality = {};
}

// The clusters as lists of file names, for readable failures.
std::vector<std::vector<std::string>> named(const Set& set, const EngineResult& result) {
  std::vector<std::vector<std::string>> out;
  for (const auto& c : result.clusters) {
    std::vector<std::string> names;
    names.reserve(c.members.size());
    for (const auto& m : c.members) names.push_back(set.names[m.item]);
    out.push_back(std::move(names));
  }
  return out;
}

// A verifier that records its calls and answers with same_photo() on local features (or always "no").
struct CountingVerifier {
  CountingVerifier(const Set& s, bool no) : set(&s), always_no(no) {}
  const Set* set = nullptr;
  bool always_no = false;
  std::mutex mutex;
  std::vector<std::pair<std::size_t, std::size_t>> calls;

  GreyZoneVerifier function() {
    return [this](std::size_t a, std::size_t b) -> std::optional<SamePhotoVerdict> {
      {
        const std::lock_guard lock(mutex);
        calls.emplace_back(a, b);
      }
      if (always_no) return SamePhotoVerdict{};
      return same_photo(set->fps[a], set->fps[b]);
    };
  }
};

}  // namespace

TEST_CASE("The engine clusters edited copies by hashes and leaves other photos apart", "[engine]") {
  const Set set({"cat.jpg", "brick.jpg", "cat-recompressed.jpg", "cat-crop10.jpg", "cat-caption-strip.jpg",
                 "cat-mirrored.jpg", "cat-credit-stripped.jpg", "coffee.png", "motorcycle-left.jpg"});
  EngineOptions options;
  const EngineResult result = cluster_same_photos(set.items, options);
  INFO(named(set, result).size());
  REQUIRE(result.clusters.size() == 1);
  const SamePhotoCluster& cat = result.clusters.front();
  REQUIRE(cat.members.size() == 6);
  CHECK(cat.members.front().item == 0);
  CHECK(cat.members.front().relation == Relation::kExact);
  CHECK(cat.kind == Relation::kNear);
  for (const auto& m : cat.members) {
    INFO(set.names[m.item]);
    CHECK(set.names[m.item].starts_with("cat"));
    CHECK(m.verdict.same);
    if (set.names[m.item] == "cat-credit-stripped.jpg") CHECK(m.relation == Relation::kContent);
  }
  CHECK(result.grey_zone_verified == 0);  // no verifier: no grey zone
}

TEST_CASE("The engine joins a 2-degree rotation through its de-rotated probes, without the grey zone", "[engine]") {
  // No verifier: only the index's candidates and the hashes' verdicts. The rotated copy's de-rotated hashes
  // are probes (not stored); the original's upright hashes are stored.
  Set set({"cat.jpg", "brick.jpg", "cat-rotate2.jpg", "motorcycle-left.jpg"});
  const EngineResult result = cluster_same_photos(set.items, {});
  REQUIRE(result.clusters.size() == 1);
  CHECK(named(set, result).front() == std::vector<std::string>{"cat.jpg", "cat-rotate2.jpg"});
  CHECK(result.clusters.front().members[1].verdict.method == MatchMethod::kPdqWindow);
  // The probes carry it: the rotated copy's stored hashes are not within the radius of the original's.
  PdqIndex index;
  add_searchable_hashes(index, 0, set.fps[0], SameRule{}.min_quality);
  index.build();
  Fingerprints upright_only = set.fps[2];
  upright_only.pdq_derotated_quality = {};
  CHECK(index.query_any(probe_hashes(upright_only, SameRule{}.min_quality), search_radius(SameRule{}))->empty());
  CHECK_FALSE(index.query_any(probe_hashes(set.fps[2], SameRule{}.min_quality), search_radius(SameRule{}))->empty());
  // The other way round, as `find` asks with an original over an archive holding the turned copy: the copy's
  // de-rotated canvas-trimmed hashes are stored, and the original's upright probes reach them.
  PdqIndex archive;
  add_searchable_hashes(archive, 2, set.fps[2], SameRule{}.min_quality);
  archive.build();
  CHECK_FALSE(archive.query_any(probe_hashes(set.fps[0], SameRule{}.min_quality), search_radius(SameRule{}))->empty());
  PdqIndex archive_upright;
  add_searchable_hashes(archive_upright, 2, upright_only, SameRule{}.min_quality);
  archive_upright.build();
  Fingerprints cat_upright = set.fps[0];
  cat_upright.pdq_derotated_quality = {};
  CHECK(
      archive_upright.query_any(probe_hashes(cat_upright, SameRule{}.min_quality), search_radius(SameRule{}))->empty());
  without_derotated(set);
  CHECK(cluster_same_photos(set.items, {}).clusters.empty());
}

TEST_CASE("A null item is never in a cluster", "[engine]") {
  Set set({"cat.jpg", "cat-recompressed.jpg"});
  set.items[1] = nullptr;
  CHECK(cluster_same_photos(set.items, {}).clusters.empty());
}

TEST_CASE("The grey zone joins a 2-degree rotation with one verification: joined pairs are not verified", "[engine]") {
  // cat and its recompressed copy are one cluster by hashes; the rotated copy is close to both, so there are two
  // grey-zone pairs between the two clusters. The most promising is verified, matches, and the other pair is then
  // inside one cluster: never verified.
  Set set({"cat.jpg", "cat-recompressed.jpg", "cat-rotate2.jpg"}, true);
  without_derotated(set);
  CountingVerifier verifier(set, false);
  EngineOptions options;
  options.verify = verifier.function();
  const EngineResult result = cluster_same_photos(set.items, options);
  CHECK(result.grey_zone_pairs == 2);
  CHECK(verifier.calls.size() == 1);
  CHECK(result.grey_zone_verified == 1);
  REQUIRE(result.clusters.size() == 1);
  REQUIRE(result.clusters.front().members.size() == 3);
  const SamePhotoMember& rotated = result.clusters.front().members[2];
  CHECK(rotated.verdict.same);
  CHECK(rotated.verdict.method == MatchMethod::kLocalFeatures);
  // Its distance is to the first member, whichever pair joined it (the audit reported the joining pair's
  // distance, against docs/json.md's "PDQ distance to the first member").
  SameRule hashes_only;
  hashes_only.local_features = false;
  CHECK(rotated.verdict.distance == same_photo(set.fps[0], set.fps[2], hashes_only).distance);
  // The verified pair was the closer of the two.
  REQUIRE(verifier.calls.size() == 1);
  const auto [a, b] = verifier.calls.front();
  const int verified = same_photo(set.fps[a], set.fps[b]).distance;
  const int other = same_photo(set.fps[a == 0 ? 1 : 0], set.fps[2]).distance;
  CHECK(verified <= other);
}

TEST_CASE("Two clusters are tried at most kGreyZoneFailuresPerClusterPair times, closest pair first", "[engine]") {
  // The cat's copies form one cluster by hashes, the rotated copy another; every copy is a grey-zone pair with
  // it. A verifier that never matches is called exactly the bound, in order of distance.
  Set set({"cat.jpg", "cat-recompressed.jpg", "cat-crop10.jpg", "cat-caption-strip.jpg", "cat-credit-stripped.jpg",
           "cat-caption-rewritten.jpg", "cat-progressive.jpg", "cat-rotate2.jpg"});
  without_derotated(set);
  CountingVerifier verifier(set, true);
  EngineOptions options;
  options.verify = verifier.function();
  const EngineResult result = cluster_same_photos(set.items, options);
  REQUIRE(result.clusters.size() == 1);
  CHECK(result.clusters.front().members.size() == set.names.size() - 1);
  REQUIRE(result.grey_zone_pairs > static_cast<std::size_t>(kGreyZoneFailuresPerClusterPair));
  CHECK(verifier.calls.size() == static_cast<std::size_t>(kGreyZoneFailuresPerClusterPair));
  CHECK(result.grey_zone_verified == verifier.calls.size());
  int previous = -1;
  for (const auto& [a, b] : verifier.calls) {
    const int d = same_photo(set.fps[a], set.fps[b]).distance;
    CHECK(d >= previous);
    previous = d;
  }

  SECTION("the bound is an option") {
    CountingVerifier once(set, true);
    options.verify = once.function();
    options.grey_zone_max_failures = 1;
    (void)cluster_same_photos(set.items, options);
    CHECK(once.calls.size() == 1);
  }
  SECTION("items the verifier cannot take are not verified") {
    CountingVerifier none(set, true);
    options.verify = none.function();
    options.verifiable.assign(set.names.size(), true);
    options.verifiable.back() = false;  // the rotated copy
    const EngineResult r = cluster_same_photos(set.items, options);
    CHECK(none.calls.empty());
    CHECK(r.grey_zone_pairs == 0);
  }
  SECTION("above grey_zone_max_items the grey zone is skipped") {
    CountingVerifier none(set, true);
    options.verify = none.function();
    options.grey_zone_max_items = 3;
    const EngineResult r = cluster_same_photos(set.items, options);
    CHECK(r.grey_zone_skipped);
    CHECK(r.grey_zone_eligible == set.names.size());
    CHECK(none.calls.empty());
  }
}

TEST_CASE("Thumbnails are verified after the larger copies, whatever their distances", "[engine]") {
  // The cat with three thumbnails of it (shorter sides under detail::kSmallSide) is one cluster by hashes, the rotated
  // copy another. With a verifier that never matches, the bound's first verification must be the pair of the
  // two larger images, though a thumbnail's pair is closer: a thumbnail has too few keypoints to match, and its
  // pairs used to use up the bound before the pair that would have (scripts/bench/robustness).
  Set set({"cat.jpg", "cat-rotate2.jpg"});
  const cv::Mat cat = cv::imread(photoaudit::hashing::test::fixture("hashing/cat.jpg").string(), cv::IMREAD_COLOR);
  REQUIRE(cat.rows == 266);
  for (const double scale : {0.5, 0.4, 0.3}) {
    cv::Mat small;
    cv::resize(cat, small, cv::Size(), scale, scale, cv::INTER_AREA);
    std::vector<std::uint8_t> jpeg;
    REQUIRE(cv::imencode(".jpg", small, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90}));
    auto fp = fingerprint_memory(jpeg.data(), jpeg.size(), "thumbnail.jpg");
    REQUIRE(fp.has_value());
    REQUIRE(std::min(fp->width, fp->height) < detail::kSmallSide);
    set.names.push_back("thumbnail " + std::to_string(scale));
    set.fps.push_back(std::move(*fp));
  }
  set.items.clear();
  for (const auto& f : set.fps) set.items.push_back(&f);
  without_derotated(set);
  CountingVerifier verifier(set, true);
  EngineOptions options;
  options.verify = verifier.function();
  const EngineResult result = cluster_same_photos(set.items, options);
  INFO(result.clusters.size() << " clusters");
  REQUIRE(result.grey_zone_pairs == 4);  // the rotated copy with each of the other four
  REQUIRE(verifier.calls.size() == static_cast<std::size_t>(kGreyZoneFailuresPerClusterPair));
  const auto distance = [&](std::size_t a, std::size_t b) { return same_photo(set.fps[a], set.fps[b]).distance; };
  int closest_thumbnail = 256;
  for (std::size_t t = 2; t < set.fps.size(); ++t) closest_thumbnail = std::min(closest_thumbnail, distance(t, 1));
  INFO("cat to the rotated copy " << distance(0, 1) << " bits; the closest thumbnail " << closest_thumbnail);
  REQUIRE(closest_thumbnail < distance(0, 1));  // by distance alone a thumbnail would go first
  const auto [a, b] = verifier.calls.front();
  CHECK(std::min(a, b) == 0);
  CHECK(std::max(a, b) == 1);
}

TEST_CASE("The catalog's search and the clustering use the same hashes and radius", "[engine]") {
  const Fingerprints cat = must_fingerprint("hashing/cat.jpg");
  const Fingerprints crop = must_fingerprint("hashing/cat-crop10.jpg");
  const Fingerprints flat = must_fingerprint("hashing/flat-gray.png");
  SameRule rule;
  CHECK(search_radius(rule) == 31);
  rule.window_max_distance = 40;
  CHECK(search_radius(rule) == 40);
  rule.max_distance = 400;
  CHECK(search_radius(rule) == 256);

  PdqIndex index;
  add_searchable_hashes(index, 1, cat, 50);
  add_searchable_hashes(index, 2, flat, 50);
  index.build();
  CHECK(probe_hashes(cat, 50).size() >= kDihedralCount);
  CHECK(probe_hashes(flat, 50).empty());  // too flat: nothing to search with
  auto found = index.query_any(probe_hashes(crop, 50), search_radius({}));
  REQUIRE(found);
  REQUIRE_FALSE(found->empty());
  for (const auto& m : *found) CHECK(m.id == 1);
}

TEST_CASE("The engine finds a flat gradient's resized and brighter copies, and nothing else flat", "[engine][flat]") {
  const Set set({"flat-gradient.jpg", "flat-gradient-half.jpg", "flat-gradient-other.jpg", "flat-gray.png",
                 "flat-gradient-brighter.jpg"});
  const EngineResult result = cluster_same_photos(set.items, {});
  REQUIRE(result.clusters.size() == 1);
  REQUIRE(result.clusters.front().members.size() == 3);
  CHECK(set.names[result.clusters.front().members[0].item] == "flat-gradient.jpg");
  CHECK(set.names[result.clusters.front().members[1].item] == "flat-gradient-half.jpg");
  CHECK(set.names[result.clusters.front().members[2].item] == "flat-gradient-brighter.jpg");
  CHECK(result.clusters.front().members[1].verdict.method == MatchMethod::kPdqFlat);
  CHECK(result.clusters.front().members[2].verdict.method == MatchMethod::kPdqFlat);
}

// detail::verify_clusters: the order in which the grey zone's pairs are handed to the verifier, and when two
// clusters stop being tried. The verifier here is a table of verdicts: what is tested is the schedule, which sees
// nothing of a verifier but its answers (the verifier itself is tested in same_photo_test.cpp on real photos).
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "cluster_union_find.hpp"
#include "cluster_verification.hpp"

using namespace photoaudit::hashing;
using photoaudit::hashing::detail::ClusterUnionFind;
using photoaudit::hashing::detail::GreyPair;

namespace {

// Items 0, 1, 3 and 4 are one cluster, item 2 another. Three pairs are close under a mirror (their distances
// 40-50), one is close upright (80). Only the upright pair can be confirmed, as with a verifier whose features
// have no mirror set (a catalog row from `scan`).
struct Case {
  ClusterUnionFind groups{5};
  std::vector<GreyPair> pairs;
  std::vector<std::pair<std::size_t, std::size_t>> asked;
  Case() {
    groups.unite(0, 1);
    groups.unite(0, 3);
    groups.unite(0, 4);
    pairs = {{0, 2, 40, false, true}, {1, 2, 45, false, true}, {2, 3, 50, false, true}, {2, 4, 80, false, false}};
  }
  GreyZoneVerifier verifier() {
    return [this](std::size_t a, std::size_t b) -> std::optional<SamePhotoVerdict> {
      asked.emplace_back(a, b);
      SamePhotoVerdict v;
      v.same = (a == 2 && b == 4) || (a == 4 && b == 2);
      v.method = v.same ? MatchMethod::kLocalFeatures : MatchMethod::kNone;
      return v;
    };
  }
};

}  // namespace

TEST_CASE("verify_clusters: the upright pair of two clusters is tried before the pairs close under a mirror",
          "[same_photo_engine]") {
  Case c;
  std::size_t verified = 0;
  const auto matches = detail::verify_clusters(c.pairs, c.groups, c.verifier(), kGreyZoneFailuresPerClusterPair, 1,
                                               verified);
  REQUIRE(matches.size() == 1);
  CHECK(((matches[0].a == 2 && matches[0].b == 4) || (matches[0].a == 4 && matches[0].b == 2)));
  // The first pair asked is the upright one, although three mirrored pairs are closer; once it matched, the two
  // clusters are one and the mirrored pairs are never verified.
  CHECK(verified == 1);
  REQUIRE(c.asked.size() == 1);
  CHECK(c.groups.find(2) == c.groups.find(0));
}

TEST_CASE("verify_clusters: without the mirror mark the closer pairs use up the two clusters' tries",
          "[same_photo_engine]") {
  // The same pairs unmarked: the three closer ones fail first and the upright one is never asked. This is what
  // the mark prevents (scripts/bench/robustness lost one photo's crops in `scan` + `dupes` without it).
  Case c;
  for (GreyPair& p : c.pairs) p.mirrored = false;
  std::size_t verified = 0;
  const auto matches = detail::verify_clusters(c.pairs, c.groups, c.verifier(), kGreyZoneFailuresPerClusterPair, 1,
                                               verified);
  CHECK(matches.empty());
  CHECK(verified == static_cast<std::size_t>(kGreyZoneFailuresPerClusterPair));
  CHECK(c.groups.find(2) != c.groups.find(0));
}

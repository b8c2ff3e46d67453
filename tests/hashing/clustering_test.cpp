// cluster(): chains, key groups and their relations, probes, agreement with brute-force components, bounds.
#include "photoaudit/hashing/clustering.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "hashing/index_test_hashes.hpp"

namespace {

using photoaudit::ErrorCode;
using namespace photoaudit::hashing;
using namespace photoaudit::hashing::testing;

std::vector<std::uint64_t> member_ids(const Cluster& c) {
  std::vector<std::uint64_t> ids;
  ids.reserve(c.members.size());
  for (const auto& m : c.members) ids.push_back(m.id);
  return ids;
}

// Connected components of "within radius" over all pairs, as sorted id lists (components of 2+ only).
std::vector<std::vector<std::uint64_t>> brute_force_components(const std::vector<IdHash>& entries, int radius) {
  std::vector<std::size_t> parent(entries.size());
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (std::size_t i = 0; i < entries.size(); ++i) {
    for (std::size_t j = i + 1; j < entries.size(); ++j) {
      if (hamming_distance(entries[i].hash, entries[j].hash) <= radius) parent[find(i)] = find(j);
    }
  }
  std::map<std::size_t, std::vector<std::uint64_t>> groups;
  for (std::size_t i = 0; i < entries.size(); ++i) groups[find(i)].push_back(entries[i].id);
  std::vector<std::vector<std::uint64_t>> out;
  for (auto& [root, ids] : groups) {
    if (ids.size() < 2) continue;
    std::sort(ids.begin(), ids.end());
    out.push_back(ids);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("cluster joins a chain A~B, B~C even when A and C are beyond the radius", "[clustering]") {
  std::mt19937_64 rng(11);
  const Hash256 a = random_balanced_hash(rng);
  const Hash256 b = with_bits_flipped(a, 0, 20);
  const Hash256 c = with_bits_flipped(b, 100, 20);  // 40 bits from a
  PdqIndex index;
  REQUIRE(index.add(5, b));
  REQUIRE(index.add(3, a));
  REQUIRE(index.add(9, c));
  for (int i = 0; i < 100; ++i) REQUIRE(index.add(1000 + static_cast<std::uint64_t>(i), random_balanced_hash(rng)));
  index.build();

  const auto clusters = photoaudit::hashing::cluster(index, {}, {31, 2});
  REQUIRE(clusters);
  REQUIRE(clusters->size() == 1);
  const Cluster& cl = clusters->front();
  CHECK(cl.kind == Relation::kNear);
  REQUIRE(member_ids(cl) == std::vector<std::uint64_t>{3, 5, 9});
  CHECK(cl.members[0].relation == Relation::kExact);  // the representative
  CHECK(cl.members[0].distance == 0);
  CHECK(cl.members[1].relation == Relation::kNear);
  CHECK(cl.members[1].distance == 20);
  CHECK(cl.members[2].distance == 40);
  REQUIRE(cl.edges.size() == 2);
  for (const auto& e : cl.edges) {
    CHECK(e.relation == Relation::kNear);
    CHECK(e.distance == 20);
    CHECK(((e.a == 3 && e.b == 5) || (e.a == 5 && e.b == 9)));
  }
}

TEST_CASE("cluster merges exact and content keys first and labels each member's relation", "[clustering]") {
  std::mt19937_64 rng(12);
  const Hash256 photo = random_balanced_hash(rng);
  PdqIndex index;
  REQUIRE(index.add(1, photo));
  REQUIRE(index.add(2, photo));                         // byte copy of 1
  REQUIRE(index.add(3, photo));                         // same pixels, different metadata
  REQUIRE(index.add(4, neighbour_at(photo, 12, rng)));  // re-encoded
  REQUIRE(index.add(20, random_balanced_hash(rng)));    // byte copy of 21, which has no PDQ hash (undecodable)
  REQUIRE(index.add(30, random_balanced_hash(rng)));    // alone
  index.build();
  const std::string sha_x = "sha-x", sha_y = "sha-y", sha_z = "sha-z", pixels_p = "pixels-p";
  const std::vector<IdKey> exact{{1, sha_x},    {2, sha_x},    {3, sha_y}, {4, sha_z},
                                 {20, "sha-w"}, {21, "sha-w"}, {30, ""},   {31, ""}};  // empty keys are ignored
  const std::vector<IdKey> content{{1, pixels_p}, {2, pixels_p}, {3, pixels_p}};

  const auto clusters = photoaudit::hashing::cluster(index, {exact, content, {}}, {31, 1});
  REQUIRE(clusters);
  REQUIRE(clusters->size() == 2);
  const Cluster& photo_cluster = (*clusters)[0];
  REQUIRE(member_ids(photo_cluster) == std::vector<std::uint64_t>{1, 2, 3, 4});
  CHECK(photo_cluster.kind == Relation::kNear);
  CHECK(photo_cluster.members[1].relation == Relation::kExact);
  CHECK(photo_cluster.members[2].relation == Relation::kContent);
  CHECK(photo_cluster.members[3].relation == Relation::kNear);
  CHECK(photo_cluster.members[3].distance == 12);
  REQUIRE(photo_cluster.edges.size() == 3);
  CHECK(photo_cluster.edges[0].relation == Relation::kExact);  // merged in the order exact, content, near
  CHECK(photo_cluster.edges[1].relation == Relation::kContent);
  CHECK(photo_cluster.edges[2].relation == Relation::kNear);
  CHECK_FALSE(photo_cluster.edges[0].distance);

  const Cluster& copy_cluster = (*clusters)[1];
  REQUIRE(member_ids(copy_cluster) == std::vector<std::uint64_t>{20, 21});
  CHECK(copy_cluster.kind == Relation::kExact);
  CHECK(copy_cluster.members[0].distance == 0);
  CHECK_FALSE(copy_cluster.members[1].distance);  // 21 has no hash
}

TEST_CASE("cluster queries with probes, so a mirrored copy joins its original", "[clustering]") {
  std::mt19937_64 rng(13);
  const Hash256 original = random_balanced_hash(rng);
  const Hash256 mirrored_variant = random_balanced_hash(rng);            // stand-in for PDQ's mirrored hash of 1
  const Hash256 mirrored_copy = neighbour_at(mirrored_variant, 8, rng);  // the PDQ hash of a mirrored copy
  PdqIndex index;
  REQUIRE(index.add(1, original));
  REQUIRE(index.add(2, mirrored_copy));
  index.build();
  CHECK(photoaudit::hashing::cluster(index)->empty());

  const std::vector<IdHash> probes{{1, mirrored_variant}};
  const auto clusters = photoaudit::hashing::cluster(index, {{}, {}, probes});
  REQUIRE(clusters);
  REQUIRE(clusters->size() == 1);
  CHECK(member_ids(clusters->front()) == std::vector<std::uint64_t>{1, 2});
  CHECK(clusters->front().members[1].distance == 8);
  CHECK(clusters->front().edges.at(0).distance == 8);
}

TEST_CASE("cluster equals brute-force components for any thread count", "[clustering]") {
  std::mt19937_64 rng(14);
  std::vector<IdHash> entries;
  for (std::uint64_t i = 0; i < 3000; ++i) entries.push_back({i * 3 + 1, random_balanced_hash(rng)});
  // Planted families: neighbours at 1..40 of random members, some of them neighbours of neighbours.
  std::uniform_int_distribution<std::size_t> any(0, 2999);
  for (int k = 0; k < 600; ++k) {
    const std::size_t base = k % 3 == 0 ? entries.size() - 1 : any(rng);
    entries.push_back({100'000 + static_cast<std::uint64_t>(k), neighbour_at(entries[base].hash, 1 + k % 40, rng)});
  }
  PdqIndex index;
  for (const IdHash& e : entries) REQUIRE(index.add(e.id, e.hash));
  index.build();

  const auto expected = brute_force_components(entries, 31);
  REQUIRE(expected.size() > 100);
  std::vector<Cluster> first;
  for (const int threads : {1, 2, 3}) {
    CAPTURE(threads);
    auto clusters = photoaudit::hashing::cluster(index, {}, {31, threads});
    REQUIRE(clusters);
    std::vector<std::vector<std::uint64_t>> got;
    for (const Cluster& c : *clusters) {
      got.push_back(member_ids(c));
      CHECK(c.edges.size() + 1 == c.members.size());
      for (const auto& e : c.edges) CHECK(*e.distance <= 31);
    }
    std::sort(got.begin(), got.end());
    CHECK(got == expected);
    if (threads == 1) {
      first = std::move(*clusters);
      continue;
    }
    // Deterministic: the same members, distances and spanning edges whatever the thread count.
    REQUIRE(clusters->size() == first.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
      CHECK(member_ids((*clusters)[i]) == member_ids(first[i]));
      for (std::size_t m = 0; m < first[i].members.size(); ++m) {
        CHECK((*clusters)[i].members[m].distance == first[i].members[m].distance);
      }
      for (std::size_t e = 0; e < first[i].edges.size(); ++e) {
        CHECK((*clusters)[i].edges[e].a == first[i].edges[e].a);
        CHECK((*clusters)[i].edges[e].b == first[i].edges[e].b);
      }
    }
  }
}

TEST_CASE("cluster of an empty index and no keys is empty", "[clustering]") {
  const PdqIndex index;
  const auto clusters = photoaudit::hashing::cluster(index);
  REQUIRE(clusters);
  CHECK(clusters->empty());
}

TEST_CASE("cluster rejects a radius outside 0..256 and negative thread counts", "[clustering]") {
  const PdqIndex index;
  for (const ClusterOptions bad : {ClusterOptions{-1, 1}, ClusterOptions{257, 1}, ClusterOptions{31, -2}}) {
    const auto clusters = photoaudit::hashing::cluster(index, {}, bad);
    REQUIRE_FALSE(clusters);
    CHECK(clusters.error().code == ErrorCode::kInvalidArgument);
  }
  CHECK(photoaudit::hashing::to_string(Relation::kContent) == "content");
}

// PdqIndex: exact radius queries against a linear scan, multi-probe queries, ids with several hashes, bounds.
#include "photoaudit/hashing/pdq_index.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

#include "hashing/index_test_hashes.hpp"

namespace {

using photoaudit::ErrorCode;
using namespace photoaudit::hashing;
using namespace photoaudit::hashing::testing;

struct Planted {
  std::uint64_t base_id;
  std::uint64_t id;
  int distance;
};

// `random_count` random balanced hashes (ids 0..random_count-1), plus `per_distance` planted neighbours of
// random ones at every distance 0..40 (ids after those).
struct Corpus {
  std::vector<std::pair<std::uint64_t, Hash256>> entries;
  std::vector<Planted> planted;
};

Corpus make_corpus(std::size_t random_count, int per_distance, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Corpus c;
  for (std::size_t i = 0; i < random_count; ++i) c.entries.emplace_back(i, random_balanced_hash(rng));
  std::uniform_int_distribution<std::size_t> any(0, random_count - 1);
  for (int d = 0; d <= 40; ++d) {
    for (int k = 0; k < per_distance; ++k) {
      const std::size_t base = any(rng);
      const std::uint64_t id = c.entries.size();
      c.entries.emplace_back(id, neighbour_at(c.entries[base].second, d, rng));
      c.planted.push_back({base, id, d});
    }
  }
  return c;
}

PdqIndex build_index(const Corpus& corpus, const PdqIndexOptions& options = {}) {
  auto index = PdqIndex::create(options);
  REQUIRE(index);
  for (const auto& [id, hash] : corpus.entries) REQUIRE(index->add(id, hash));
  index->build();
  return std::move(*index);
}

// The reference answer: every entry within the radius, each id once with its smallest distance.
std::vector<IndexMatch> linear_scan(const Corpus& corpus, const std::vector<Hash256>& probes, int radius) {
  std::map<std::uint64_t, int> best;
  for (const Hash256& probe : probes) {
    for (const auto& [id, hash] : corpus.entries) {
      const int d = hamming_distance(hash, probe);
      if (d > radius) continue;
      auto [it, inserted] = best.emplace(id, d);
      if (!inserted) it->second = std::min(it->second, d);
    }
  }
  std::vector<IndexMatch> out;
  out.reserve(best.size());
  for (const auto& [id, d] : best) out.push_back({id, d});
  std::sort(out.begin(), out.end(), [](const IndexMatch& a, const IndexMatch& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
  });
  return out;
}

std::vector<Hash256> probes_of(const Corpus& corpus, std::size_t fresh, std::uint64_t seed) {
  std::vector<Hash256> probes;
  probes.reserve(corpus.planted.size() + fresh);
  for (const Planted& p : corpus.planted) probes.push_back(corpus.entries[p.base_id].second);
  std::mt19937_64 rng(seed);
  for (std::size_t i = 0; i < fresh; ++i) probes.push_back(random_balanced_hash(rng));
  return probes;
}

}  // namespace

TEST_CASE("PdqIndex at radius 31 finds every planted neighbour at 0..31 and none at 32..40", "[pdq_index]") {
  const Corpus corpus = make_corpus(3000, 4, 1);
  const PdqIndex index = build_index(corpus);
  REQUIRE_FALSE(index.uses_linear_scan(31));
  for (const Planted& p : corpus.planted) {
    CAPTURE(p.distance, p.base_id, p.id);
    const auto matches = index.query(corpus.entries[p.base_id].second, 31);
    REQUIRE(matches);
    const auto it = std::find_if(matches->begin(), matches->end(), [&](const IndexMatch& m) { return m.id == p.id; });
    if (p.distance <= 31) {
      REQUIRE(it != matches->end());
      CHECK(it->distance == p.distance);
    } else {
      CHECK(it == matches->end());
    }
  }
}

TEST_CASE("PdqIndex answers equal a linear scan for every layout and radius", "[pdq_index]") {
  // 20,000 hashes: large enough that every layout answers radius 31 from its posting lists.
  const Corpus corpus = make_corpus(20'000, 2, 2);
  const std::vector<Hash256> probes = probes_of(corpus, 40, 3);
  const std::vector<int> radii{0, 1, 15, 16, 31, 32, 47, 64, 100};
  auto probe_step = [](int radius) { return radius > 47 ? std::size_t{7} : std::size_t{1}; };
  std::map<std::pair<int, std::size_t>, std::vector<IndexMatch>> expected;
  for (const int radius : radii) {
    for (std::size_t i = 0; i < probes.size(); i += probe_step(radius)) {
      expected[{radius, i}] = linear_scan(corpus, {probes[i]}, radius);
    }
  }
  for (const PdqIndexOptions options :
       {PdqIndexOptions{16, true}, PdqIndexOptions{16, false}, PdqIndexOptions{20, true}, PdqIndexOptions{24, true},
        PdqIndexOptions{32, true}}) {
    const PdqIndex index = build_index(corpus, options);
    for (const int radius : radii) {
      CAPTURE(options.slice_count, options.ring_filter, radius, index.uses_linear_scan(radius));
      if (radius <= 31) CHECK_FALSE(index.uses_linear_scan(radius));
      for (std::size_t i = 0; i < probes.size(); i += probe_step(radius)) {
        const auto matches = index.query(probes[i], radius);
        REQUIRE(matches);
        REQUIRE(*matches == expected[{radius, i}]);
      }
    }
  }
}

TEST_CASE("PdqIndex covers entries added after build() by scanning them", "[pdq_index]") {
  Corpus corpus = make_corpus(3000, 1, 4);
  PdqIndex index = build_index(corpus);
  std::mt19937_64 rng(5);
  const Hash256 late = neighbour_at(corpus.entries[10].second, 12, rng);
  REQUIRE(index.add(900'000, late));
  CHECK(index.indexed_size() == corpus.entries.size());
  CHECK(index.size() == corpus.entries.size() + 1);
  corpus.entries.emplace_back(900'000, late);
  for (int pass = 0; pass < 2; ++pass) {
    const auto matches = index.query(corpus.entries[10].second, 31);
    REQUIRE(matches);
    CHECK(*matches == linear_scan(corpus, {corpus.entries[10].second}, 31));
    CHECK(std::count(matches->begin(), matches->end(), IndexMatch{900'000, 12}) == 1);
    index.build();  // the second pass finds it through the posting lists
    CHECK(index.indexed_size() == index.size());
  }
}

TEST_CASE("PdqIndex reports an id with several hashes once, at its smallest distance", "[pdq_index]") {
  std::mt19937_64 rng(6);
  const Hash256 main_hash = random_balanced_hash(rng);
  const Hash256 window_hash = neighbour_at(main_hash, 20, rng);  // e.g. a centre-crop hash of the same image
  PdqIndex index;
  REQUIRE(index.add(7, main_hash));
  REQUIRE(index.add(7, window_hash));
  REQUIRE(index.add(8, neighbour_at(main_hash, 30, rng)));
  for (int i = 0; i < 50; ++i) REQUIRE(index.add(100 + static_cast<std::uint64_t>(i), random_balanced_hash(rng)));
  index.build();

  const Hash256 probe = neighbour_at(window_hash, 4, rng);
  const auto matches = index.query(probe, 31);
  REQUIRE(matches);
  REQUIRE(std::count_if(matches->begin(), matches->end(), [](const IndexMatch& m) { return m.id == 7; }) == 1);
  CHECK(matches->front() == IndexMatch{7, std::min(hamming_distance(probe, main_hash), 4)});
}

TEST_CASE("PdqIndex query_any takes the best distance over all probes", "[pdq_index]") {
  std::mt19937_64 rng(7);
  const Hash256 original = random_balanced_hash(rng);
  // Stand-ins for the 8 dihedral variants of a query image: unrelated balanced hashes, except that the
  // mirrored variant (index 4) is close to the stored mirrored copy.
  std::vector<Hash256> probes;
  probes.reserve(8);
  for (int i = 0; i < 8; ++i) probes.push_back(random_balanced_hash(rng));
  probes[0] = original;
  const Hash256 mirrored_copy = neighbour_at(probes[4], 6, rng);
  PdqIndex index;
  REQUIRE(index.add(1, neighbour_at(original, 25, rng)));
  REQUIRE(index.add(2, mirrored_copy));
  REQUIRE(index.add(3, neighbour_at(probes[4], 40, rng)));
  REQUIRE(index.add(4, neighbour_at(probes[7], 31, rng)));
  index.build();

  const auto matches = index.query_any(probes, 31);
  REQUIRE(matches);
  CHECK(*matches == std::vector<IndexMatch>{{2, 6}, {1, 25}, {4, 31}});
  // A single probe finds only what is near it.
  CHECK(*index.query(original, 31) == std::vector<IndexMatch>{{1, 25}});
  CHECK(index.query_any({}, 31)->empty());
}

TEST_CASE("PdqIndex orders matches by distance, then id", "[pdq_index]") {
  std::mt19937_64 rng(8);
  const Hash256 probe = random_balanced_hash(rng);
  PdqIndex index;
  REQUIRE(index.add(30, with_bits_flipped(probe, 0, 5)));
  REQUIRE(index.add(20, with_bits_flipped(probe, 100, 5)));
  REQUIRE(index.add(10, with_bits_flipped(probe, 200, 9)));
  REQUIRE(index.add(40, probe));
  index.build();
  CHECK(*index.query(probe, 31) == std::vector<IndexMatch>{{40, 0}, {20, 5}, {30, 5}, {10, 9}});
}

TEST_CASE("PdqIndex radius bounds: 0 is exact equality, 256 matches everything, outside 0..256 fails", "[pdq_index]") {
  const Corpus corpus = make_corpus(500, 1, 9);
  const PdqIndex index = build_index(corpus);
  const Hash256& probe = corpus.entries[0].second;
  CHECK(*index.query(probe, 0) == linear_scan(corpus, {probe}, 0));
  CHECK(index.query(probe, 256)->size() == corpus.entries.size());
  for (const int bad : {-1, 257, 100'000}) {
    CAPTURE(bad);
    const auto matches = index.query(probe, bad);
    REQUIRE_FALSE(matches);
    CHECK(matches.error().code == ErrorCode::kInvalidArgument);
    CHECK_THAT(matches.error().message, Catch::Contains(std::to_string(bad)) && Catch::Contains("0..256"));
    std::vector<IndexMatch> out{{1, 1}};
    CHECK_FALSE(index.query_into(std::span<const Hash256>(&probe, 1), bad, out));
    CHECK(out.empty());
  }
}

TEST_CASE("PdqIndex empty: queries find nothing, before and after build()", "[pdq_index]") {
  PdqIndex index;
  const Hash256 probe{};
  CHECK(index.empty());
  CHECK(index.query(probe, 31)->empty());
  index.build();
  CHECK(index.query(probe, 256)->empty());
  CHECK(index.query_any(std::vector<Hash256>(8, probe), 31)->empty());
}

TEST_CASE("PdqIndex create() rejects slice counts outside 16..32", "[pdq_index]") {
  for (const int bad : {0, 8, 15, 33, 64, 256}) {
    const auto index = PdqIndex::create({bad, true});
    REQUIRE_FALSE(index);
    CHECK(index.error().code == ErrorCode::kInvalidArgument);
  }
  CHECK(PdqIndex::create({16, true})->slice_count() == 16);
  CHECK(PdqIndex::create({32, true})->slice_count() == 32);
}

TEST_CASE("PdqIndex memory_bytes accounts for hashes, ids and posting lists, clear() frees them", "[pdq_index]") {
  const Corpus corpus = make_corpus(5000, 1, 10);
  PdqIndex index;
  for (const auto& [id, hash] : corpus.entries) REQUIRE(index.add(id, hash));
  const std::size_t n = index.size();
  const std::size_t before_build = index.memory_bytes();
  CHECK(before_build >= n * (sizeof(Hash256) + sizeof(std::uint64_t)));
  index.build();
  // Per entry and slice: a 4-byte posting and a 2-byte next-slice value; per slice 2^16 + 1 offsets.
  CHECK(index.memory_bytes() >= before_build + 16 * (n * 6 + std::size_t{65537} * 4));
  CHECK(index.memory_bytes() < before_build + 16 * (n * 6 + std::size_t{65537} * 4) + 4096);
  index.clear();
  CHECK(index.empty());
  CHECK(index.memory_bytes() < 4096);
  CHECK(index.query(corpus.entries[0].second, 31)->empty());
}

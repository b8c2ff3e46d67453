// detail::min_distances (hashing/src/hamming_min.hpp): the engine's distance tests for weak images, counted with
// POPCNT when the CPU has it, must equal hamming_distance's minimum over the probes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "hamming_min.hpp"

using namespace photoaudit::hashing;

TEST_CASE("min_distances equals the smallest hamming_distance over the probes", "[hamming]") {
  std::mt19937_64 rng(7);
  const auto random_hash = [&] {
    Hash256 h;
    for (auto& w : h.words) w = rng();
    return h;
  };
  std::vector<Hash256> probes(8);
  for (auto& p : probes) p = random_hash();
  std::vector<Hash256> targets;
  targets.reserve(502);
  for (int k = 0; k < 500; ++k) targets.push_back(random_hash());
  // Targets near a probe, and equal to one: distances of 0 and a few bits.
  targets.push_back(probes[3]);
  Hash256 near = probes[5];
  near.words[2] ^= 0x0F0F0FULL;
  targets.push_back(near);

  std::vector<int> out(targets.size(), -1);
  detail::min_distances(probes, targets, out);
  for (std::size_t k = 0; k < targets.size(); ++k) {
    int expected = 257;
    for (const Hash256& p : probes) expected = std::min(expected, hamming_distance(p, targets[k]));
    REQUIRE(out[k] == expected);
  }
  CHECK(out[500] == 0);
  CHECK(out[501] == 12);

  std::vector<int> none(3, -1);
  detail::min_distances({}, std::span(targets).first(3), none);
  CHECK(none == std::vector<int>{257, 257, 257});
}

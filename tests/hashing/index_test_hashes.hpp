// Synthetic PDQ-like hashes for the index and clustering tests: balanced (128 of 256 bits set, as real PDQ
// hashes are) and neighbours at exact Hamming distances.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "photoaudit/hashing/hash256.hpp"

namespace photoaudit::hashing::testing {

inline Hash256 random_balanced_hash(std::mt19937_64& rng) {
  std::vector<int> positions(256);
  std::iota(positions.begin(), positions.end(), 0);
  std::shuffle(positions.begin(), positions.end(), rng);
  Hash256 h;
  for (int i = 0; i < 128; ++i) h.set_bit(positions[static_cast<std::size_t>(i)]);
  return h;
}

inline void flip_bit(Hash256& h, int i) { h.words[static_cast<std::size_t>(i / 64)] ^= std::uint64_t{1} << (i % 64); }

// A hash exactly `distance` bits from `base`, the flipped bits chosen at random.
inline Hash256 neighbour_at(const Hash256& base, int distance, std::mt19937_64& rng) {
  std::vector<int> positions(256);
  std::iota(positions.begin(), positions.end(), 0);
  std::shuffle(positions.begin(), positions.end(), rng);
  Hash256 h = base;
  for (int i = 0; i < distance; ++i) flip_bit(h, positions[static_cast<std::size_t>(i)]);
  return h;
}

// `base` with bits [first, first + count) flipped.
inline Hash256 with_bits_flipped(const Hash256& base, int first, int count) {
  Hash256 h = base;
  for (int i = first; i < first + count; ++i) flip_bit(h, i);
  return h;
}

}  // namespace photoaudit::hashing::testing

// The smallest Hamming distance from any of a few probe hashes to each of many target hashes, by brute force:
// what the engine's step 2c asks for each weak image against every image that is not flat (same_photo_engine.cpp).
// Internal to the hashing library.
#pragma once

#include <span>

#include "photoaudit/hashing/hash256.hpp"

namespace photoaudit::hashing::detail {

// out[k] = min over p of hamming_distance(probes[p], targets[k]); out.size() must equal targets.size(), and an
// empty `probes` gives 257. Counts bits with the CPU's POPCNT instruction when it has one (chosen at run time, as
// two_nearest does: the build targets plain x86-64, whose std::popcount is a call into libgcc).
void min_distances(std::span<const Hash256> probes, std::span<const Hash256> targets, std::span<int> out);

}  // namespace photoaudit::hashing::detail

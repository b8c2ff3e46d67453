// The two nearest binary descriptors by Hamming distance, by brute force: what the local-feature check
// (local_features.cpp) asks of every pair it verifies. Internal to the hashing library.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace photoaudit::hashing::detail {

struct TwoNearest {
  int best = -1;  // index into b; -1 when b is empty
  int best_distance = 0;
  int second = -1;  // -1 when b holds fewer than two descriptors
  int second_distance = 0;
};

// For each descriptor of `a`, the nearest and second-nearest descriptor of `b` (256-bit ORB descriptors): the
// pairs OpenCV's BFMatcher(NORM_HAMMING).knnMatch(a, b, k = 2) returns, ties included (b is walked in order,
// and a descriptor at the best distance found so far becomes the second), so verdicts do not move. It counts
// bits with the CPU's POPCNT instruction when the CPU has one (chosen at run time: the build targets plain
// x86-64, which lacks it), 4 instructions a pair instead of OpenCV's table walk: several times faster on the
// 500 x 500 descriptors of one verification.
// Whether this CPU has the POPCNT instruction (asked once).
bool cpu_has_popcnt();

std::vector<TwoNearest> two_nearest(std::span<const std::array<std::uint8_t, 32>> a,
                                    std::span<const std::array<std::uint8_t, 32>> b);

}  // namespace photoaudit::hashing::detail

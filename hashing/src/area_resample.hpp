// Private: area resampling (each output pixel the mean of the input area it covers, fractional pixels
// weighted by their share) of a greyscale image to a smaller size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "photoaudit/hashing/pdq.hpp"

namespace photoaudit::hashing {

// `in` reduced to out_width x out_height by area averaging: the same arithmetic as OpenCV's INTER_AREA, in
// one separable pass that reads each input pixel once (OpenCV's non-integer-ratio path gathers through index
// tables one weight at a time, and took a tenth of the audit's CPU time). Results can differ from OpenCV's
// by one grey level where a float sum lands on a rounding boundary.
// REQUIRES: 1 <= out_width <= in.width, 1 <= out_height <= in.height. Returns out_width * out_height bytes.
std::vector<std::uint8_t> area_reduce(const GrayView& in, int out_width, int out_height);

// sums[i] += weight * pixels[i] for i < count: the inner loop of area_reduce and of PDQ's downsampling, where
// the audit spends most of its own CPU time. Written in blocks of 16 so that GCC vectorises it at -O2 (its
// -O2 cost model never vectorises a loop whose count is unknown); each element gets the same float
// operations as the plain loop, so the results are the same to the bit.
// REQUIRES: sums and pixels do not overlap.
inline void add_weighted_row(float* __restrict sums, const std::uint8_t* __restrict pixels, float weight,
                             std::size_t count) {
  std::size_t i = 0;
  for (; i + 16 <= count; i += 16) {
    for (std::size_t j = 0; j < 16; ++j) sums[i + j] += weight * static_cast<float>(pixels[i + j]);
  }
  for (; i < count; ++i) sums[i] += weight * static_cast<float>(pixels[i]);
}

}  // namespace photoaudit::hashing

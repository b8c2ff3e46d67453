// Private: area resampling (each output pixel the mean of the input area it covers, fractional pixels
// weighted by their share) of a greyscale image to a smaller size.
#pragma once

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

}  // namespace photoaudit::hashing

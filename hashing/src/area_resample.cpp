// Area resampling to a smaller size (see area_resample.hpp).
#include "area_resample.hpp"

#include <algorithm>
#include <cmath>

namespace photoaudit::hashing {
namespace {

// How the input cells along one axis fall into the output cells: output cell d covers input cells
// first[d]..last[d]; the first and the last only partly (head[d], tail[d] of one cell), the ones between
// wholly. Widths are in input cells; a cell shared by two outputs is split between them.
struct AxisSpans {
  std::vector<int> first;
  std::vector<int> last;
  std::vector<float> head;
  std::vector<float> tail;
};

AxisSpans spans_for(int in_size, int out_size) {
  AxisSpans s;
  const auto n = static_cast<std::size_t>(out_size);
  s.first.resize(n);
  s.last.resize(n);
  s.head.resize(n);
  s.tail.resize(n);
  const double scale = static_cast<double>(in_size) / out_size;
  for (int d = 0; d < out_size; ++d) {
    const double from = d * scale;
    const double to = std::min(static_cast<double>(in_size), (d + 1) * scale);
    int first = static_cast<int>(std::floor(from));
    int last = std::min(in_size - 1, static_cast<int>(std::ceil(to)) - 1);
    const auto k = static_cast<std::size_t>(d);
    s.first[k] = first;
    s.last[k] = std::max(first, last);
    if (s.last[k] == first) {
      s.head[k] = static_cast<float>(to - from);
      s.tail[k] = 0.0F;
    } else {
      s.head[k] = static_cast<float>((first + 1) - from);
      s.tail[k] = static_cast<float>(to - last);
    }
  }
  return s;
}

}  // namespace

std::vector<std::uint8_t> area_reduce(const GrayView& in, int out_width, int out_height) {
  const AxisSpans xs = spans_for(in.width, out_width);
  const AxisSpans ys = spans_for(in.height, out_height);
  const auto iw = static_cast<std::size_t>(in.width);
  const auto ow = static_cast<std::size_t>(out_width);
  const float norm = static_cast<float>(static_cast<double>(out_width) * out_height /
                                        (static_cast<double>(in.width) * in.height));
  std::vector<std::uint8_t> pixels(ow * static_cast<std::size_t>(out_height));
  std::vector<float> column_sums(iw);
  // Down the columns first, a whole input row at a time (a loop the compiler vectorises); then across, once
  // per output row. Input rows shared by two output rows are read by both.
  for (std::size_t k = 0; k < ys.first.size(); ++k) {
    std::fill(column_sums.begin(), column_sums.end(), 0.0F);
    for (int y = ys.first[k]; y <= ys.last[k]; ++y) {
      const float weight = ys.first[k] == ys.last[k] || y == ys.first[k] ? ys.head[k]
                           : y == ys.last[k]                             ? ys.tail[k]
                                                                         : 1.0F;
      add_weighted_row(column_sums.data(), in.data + static_cast<std::ptrdiff_t>(y) * in.stride, weight, iw);
    }
    std::uint8_t* out = pixels.data() + k * ow;
    for (std::size_t d = 0; d < ow; ++d) {
      const auto first = static_cast<std::size_t>(xs.first[d]);
      const auto last = static_cast<std::size_t>(xs.last[d]);
      float sum = xs.head[d] * column_sums[first];
      if (last != first) {
        for (std::size_t x = first + 1; x < last; ++x) sum += column_sums[x];
        sum += xs.tail[d] * column_sums[last];
      }
      // Halves round up, as OpenCV's integer-ratio path does ((a + b + c + d + 2) >> 2 at 1/2). The weights and
      // pixels are never negative, so the value is at least 0.5 and truncation is the floor (std::floor has no
      // SSE2 instruction and was most of this loop).
      // NOLINTNEXTLINE(bugprone-incorrect-roundings): the value is never negative, so + 0.5 then truncation rounds
      out[d] = static_cast<std::uint8_t>(std::min(static_cast<int>(sum * norm + 0.5F), 255));
    }
  }
  return pixels;
}

}  // namespace photoaudit::hashing

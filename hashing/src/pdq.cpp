// PDQ from luma (algorithm: pdqhash-2017; see pdq.hpp). Own implementation of the published steps.
#include "photoaudit/hashing/pdq.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <utility>
#include <vector>

#include "area_resample.hpp"
#include "pdq_plain.hpp"
#include "photoaudit/common/enum_names.hpp"

namespace photoaudit::hashing {
namespace {

constexpr int kGrid = 64;  // the downsampled image is 64x64
constexpr int kDct = 16;   // DCT frequencies 1..16 in each direction

using Block = std::array<std::array<float, kDct>, kDct>;

// Row k of the DCT-II matrix for frequency k + 1, scaled by sqrt(2/64).
const std::array<std::array<float, kGrid>, kDct>& dct_matrix() {
  static const auto matrix = [] {
    std::array<std::array<float, kGrid>, kDct> m{};
    const double scale = std::sqrt(2.0 / kGrid);
    for (int k = 0; k < kDct; ++k) {
      for (int n = 0; n < kGrid; ++n) {
        m[static_cast<std::size_t>(k)][static_cast<std::size_t>(n)] = static_cast<float>(
            scale * std::cos(std::numbers::pi / (2.0 * kGrid) * (k + 1) * (2 * n + 1)));
      }
    }
    return m;
  }();
  return matrix;
}

// The weights of one output sample of the tent filter along one side: two passes of a box filter of `window`
// taps (the reference's Jarosz passes: `behind` taps before, `ahead` after, each output the mean of the taps
// that fall inside the side), composed. Returns the first input index; `weights` gets one weight per input from
// there on.
int tent_weights(int sample, int length, int window, std::vector<double>& weights) {
  const int half = (window + 2) / 2;
  const int behind = window - half;
  const int ahead = half - 1;
  const auto box = [&](int i) { return std::pair{std::max(0, i - behind), std::min(length - 1, i + ahead)}; };
  const auto [mid_first, mid_last] = box(sample);
  const int first = box(mid_first).first;
  const int last = box(mid_last).second;
  weights.assign(static_cast<std::size_t>(last - first + 1), 0.0);
  const double outer = 1.0 / (mid_last - mid_first + 1);
  for (int k = mid_first; k <= mid_last; ++k) {
    const auto [lo, hi] = box(k);
    const double w = outer / (hi - lo + 1);
    for (int c = lo; c <= hi; ++c) weights[static_cast<std::size_t>(c - first)] += w;
  }
  return first;
}

// Where the reference samples its filtered image: the centre of each of 64 equal parts of a side.
int sample_index(int i, int length) { return static_cast<int>((i + 0.5) * length / kGrid); }

// The 64x64 image PDQ hashes: the reference's two X/Y Jarosz passes, sampled at 64x64 points. The box passes
// are linear and act on rows and columns separately, so they commute, and only the 64x64 samples are needed:
// each output is a weighted sum with separable tent weights. First the 64 sampled rows are formed, each a
// weighted sum of the image rows in its tent (neighbouring tents barely overlap, so each pixel is read about
// once, in runs add_weighted_row vectorises); then each is filtered along its length at the 64 sampled columns.
// Equal to the reference's full-image passes up to float rounding.
std::array<std::array<float, kGrid>, kGrid> downsampled(const GrayView& image) {
  std::array<std::array<float, kGrid>, kGrid> grid{};
  if (image.width == kGrid && image.height == kGrid) {
    // Already the grid (the windows and de-rotated hashes are area-resampled to it): the tent filter of a
    // 64-pixel side is one tap of weight 1, so the passes below would return the pixels exactly.
    for (std::size_t i = 0; i < kGrid; ++i) {
      const std::uint8_t* px = image.data + static_cast<std::ptrdiff_t>(i) * image.stride;
      std::copy(px, px + kGrid, grid[i].begin());
    }
    return grid;
  }
  const int rows = image.height;
  const int cols = image.width;
  const int along_rows = (cols + 2 * kGrid - 1) / (2 * kGrid);
  const int along_cols = (rows + 2 * kGrid - 1) / (2 * kGrid);
  const auto width = static_cast<std::size_t>(cols);
  std::vector<double> weights;
  std::array<int, kGrid> col_first{};
  std::array<std::vector<double>, kGrid> col_weights;
  for (int j = 0; j < kGrid; ++j) {
    const auto sj = static_cast<std::size_t>(j);
    col_first[sj] = tent_weights(sample_index(j, cols), cols, along_rows, col_weights[sj]);
  }
  std::vector<float> line(width);
  for (int i = 0; i < kGrid; ++i) {
    const int first_row = tent_weights(sample_index(i, rows), rows, along_cols, weights);
    std::fill(line.begin(), line.end(), 0.0F);
    float* out = line.data();
    for (std::size_t k = 0; k < weights.size(); ++k) {
      const std::uint8_t* px = image.data + (first_row + static_cast<std::ptrdiff_t>(k)) * image.stride;
      add_weighted_row(out, px, static_cast<float>(weights[k]), width);
    }
    auto& grid_row = grid[static_cast<std::size_t>(i)];
    for (std::size_t j = 0; j < kGrid; ++j) {
      const float* at = line.data() + col_first[j];
      double sum = 0.0;
      for (std::size_t k = 0; k < col_weights[j].size(); ++k) sum += col_weights[j][k] * at[k];
      grid_row[j] = static_cast<float>(sum);
    }
  }
  return grid;
}

int quality_of(const std::array<std::array<float, kGrid>, kGrid>& g) {
  int gradient_sum = 0;
  auto step = [](float u, float v) { return std::abs(static_cast<int>((u - v) * 100.0F / 255.0F)); };
  for (std::size_t i = 0; i + 1 < kGrid; ++i) {
    for (std::size_t j = 0; j < kGrid; ++j) gradient_sum += step(g[i][j], g[i + 1][j]);
  }
  for (std::size_t i = 0; i < kGrid; ++i) {
    for (std::size_t j = 0; j + 1 < kGrid; ++j) gradient_sum += step(g[i][j], g[i][j + 1]);
  }
  return std::min(gradient_sum / 90, 100);
}

Block dct_block(const std::array<std::array<float, kGrid>, kGrid>& g) {
  const auto& d = dct_matrix();
  std::array<std::array<float, kGrid>, kDct> t{};  // t = D * g
  for (std::size_t i = 0; i < kDct; ++i) {
    for (std::size_t k = 0; k < kGrid; ++k) {
      const float dik = d[i][k];
      for (std::size_t j = 0; j < kGrid; ++j) t[i][j] += dik * g[k][j];
    }
  }
  Block out{};  // out = t * D^T
  for (std::size_t i = 0; i < kDct; ++i) {
    for (std::size_t j = 0; j < kDct; ++j) {
      float sum = 0.0F;
      for (std::size_t k = 0; k < kGrid; ++k) sum += t[i][k] * d[j][k];
      out[i][j] = sum;
    }
  }
  return out;
}

// Bit i*16+j is set when coefficient (i, j) is above the median (the 128th smallest of the 256).
Hash256 bits_of(const Block& block) {
  std::array<float, kDct * kDct> values{};
  for (std::size_t i = 0; i < kDct; ++i) std::copy(block[i].begin(), block[i].end(), values.begin() + i * kDct);
  std::nth_element(values.begin(), values.begin() + 127, values.end());
  const float median = values[127];
  Hash256 hash;
  for (std::size_t i = 0; i < kDct; ++i) {
    for (std::size_t j = 0; j < kDct; ++j) {
      if (block[i][j] > median) hash.set_bit(static_cast<int>(i * kDct + j));
    }
  }
  return hash;
}

// The DCT block of a dihedral transform of the image: a transposition and sign flips of odd frequencies.
Block transformed(const Block& a, Dihedral d) {
  Block out{};
  for (std::size_t i = 0; i < kDct; ++i) {
    for (std::size_t j = 0; j < kDct; ++j) {
      const bool i_odd = (i & 1) != 0;
      const bool j_odd = (j & 1) != 0;
      const float v = a[i][j];
      switch (d) {
        case Dihedral::kOriginal:
          out[i][j] = v;
          break;
        case Dihedral::kRotate90:
          out[j][i] = j_odd ? v : -v;
          break;
        case Dihedral::kRotate180:
          out[i][j] = (i_odd != j_odd) ? -v : v;
          break;
        case Dihedral::kRotate270:
          out[j][i] = i_odd ? v : -v;
          break;
        case Dihedral::kFlipX:
          out[i][j] = i_odd ? v : -v;
          break;
        case Dihedral::kFlipY:
          out[i][j] = j_odd ? v : -v;
          break;
        case Dihedral::kFlipPlus1:
          out[j][i] = v;
          break;
        case Dihedral::kFlipMinus1:
          out[j][i] = (i_odd != j_odd) ? -v : v;
          break;
      }
    }
  }
  return out;
}

}  // namespace

constexpr std::string_view kDihedralNames[] = {"original", "rotate90", "rotate180", "rotate270",
                                               "flipx",    "flipy",    "flip+1",    "flip-1"};
static_assert(names_cover(kDihedralNames, Dihedral::kFlipMinus1));

std::string_view to_string(Dihedral d) { return name_of(kDihedralNames, d, "unknown"); }

namespace {

PdqResult hash_of(const GrayView& image, bool with_dihedral) {
  PdqResult result;
  if (image.data == nullptr || image.width < kPdqMinDimension || image.height < kPdqMinDimension) return result;
  const auto grid = downsampled(image);
  result.quality = quality_of(grid);
  const Block block = dct_block(grid);
  result.dihedral[0] = bits_of(block);
  for (std::size_t d = 1; with_dihedral && d < kDihedralCount; ++d)
    result.dihedral[d] = bits_of(transformed(block, static_cast<Dihedral>(d)));
  result.hashable = true;
  return result;
}

}  // namespace

PdqResult pdq_hash(const GrayView& image) { return hash_of(image, true); }

PdqResult pdq_hash_plain(const GrayView& image) { return hash_of(image, false); }

}  // namespace photoaudit::hashing

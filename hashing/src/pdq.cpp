// PDQ from luma (algorithm: pdqhash-2017; see pdq.hpp). Own implementation of the published steps.
#include "photoaudit/hashing/pdq.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
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

using Grid = std::array<std::array<float, kGrid>, kGrid>;

// The pixels (first, weights) that one grid sample of a side averages. PDQ's samples and tent windows are not
// always symmetric (sample i sits at floor((i + 0.5) * length / 64), and an even window's box reaches one pixel
// further ahead than behind), so a mirrored image's grid is not always the grid mirrored: for a fine texture the
// two differ by many bits.
struct Taps {
  int first = 0;
  std::vector<double> weights;
};

using SideTaps = std::array<Taps, kGrid>;

// The 64 samples' taps along a side of `length` pixels, filtered with boxes of `window`.
SideTaps taps_along(int length, int window) {
  SideTaps taps;
  for (int i = 0; i < kGrid; ++i) {
    Taps& t = taps[static_cast<std::size_t>(i)];
    t.first = tent_weights(sample_index(i, length), length, window, t.weights);
  }
  return taps;
}

// The same samples of the side read in reverse (the image mirrored along it), in the unmirrored side's pixels.
SideTaps mirrored(const SideTaps& taps, int length) {
  SideTaps out = taps;
  for (Taps& t : out) {
    t.first = length - t.first - static_cast<int>(t.weights.size());
    std::reverse(t.weights.begin(), t.weights.end());
  }
  return out;
}

// Whether the side mirrors onto itself: each sample of the mirrored side takes the pixels and weights of the
// opposite sample of the side itself (to rounding). True when the window is odd (its boxes are then symmetric)
// and no sample falls on a pixel boundary ((i + 0.5) * length / 64 whole, which needs length a multiple of
// 128): a 1067-pixel side, not a 512- or 1000-pixel one.
bool mirrors_onto_itself(const SideTaps& taps, const SideTaps& reversed) {
  for (std::size_t i = 0; i < kGrid; ++i) {
    const Taps& m = reversed[i];
    const Taps& opposite = taps[kGrid - 1 - i];
    if (m.first != opposite.first || m.weights.size() != opposite.weights.size()) return false;
    for (std::size_t k = 0; k < m.weights.size(); ++k) {
      if (std::abs(m.weights[k] - opposite.weights[k]) > 1e-12) return false;
    }
  }
  return true;
}

// Which mirror images need grids of their own (downsample_into): bit 0 the left-right mirror, bit 1 the
// top-bottom one. A side that mirrors onto itself needs none: the mirror's grid is the grid reversed along it,
// and its DCT block the block with the signs of its odd frequencies changed (exactly the reference's variant).
constexpr int kOwnLeftRight = 1;
constexpr int kOwnTopBottom = 2;

// The 64x64 image PDQ hashes: the reference's two X/Y Jarosz passes, sampled at 64x64 points. The box passes
// are linear and act on rows and columns separately, so they commute, and only the 64x64 samples are needed:
// each output is a weighted sum with separable tent weights. First the 64 sampled rows are formed, each a
// weighted sum of the image rows in its tent (neighbouring tents barely overlap, so each pixel is read about
// once, in runs add_weighted_row vectorises); then each is filtered along its length at the 64 sampled columns.
// Equal to the reference's full-image passes up to float rounding.
//
// The grid of the image goes to grids[0] and, with `mirrors`, those of its mirror images that need grids of
// their own, each exactly as the image's own is made, from the mirrored pixels: grids[a + 2 * b] with a =
// mirrored left to right, b = top to bottom (grids[3] when both need their own). Returns the kOwn bits.
int downsample_into(const GrayView& image, bool mirrors, std::array<Grid, 4>& grids) {
  if (image.width == kGrid && image.height == kGrid) {
    // Already the grid (the windows and de-rotated hashes are area-resampled to it): the tent filter of a
    // 64-pixel side is one tap of weight 1, so the passes below would return the pixels exactly (and a 64-pixel
    // side mirrors onto itself).
    for (std::size_t i = 0; i < kGrid; ++i) {
      const std::uint8_t* px = image.data + static_cast<std::ptrdiff_t>(i) * image.stride;
      std::copy(px, px + kGrid, grids[0][i].begin());
    }
    return 0;
  }
  const int rows = image.height;
  const int cols = image.width;
  const int along_rows = (cols + 2 * kGrid - 1) / (2 * kGrid);
  const int along_cols = (rows + 2 * kGrid - 1) / (2 * kGrid);
  // Per side, the taps of its samples and (with `mirrors`, for a side that does not mirror onto itself) of its
  // mirror image's.
  std::array<SideTaps, 2> col_taps{taps_along(cols, along_rows)};
  std::array<SideTaps, 2> row_taps{taps_along(rows, along_cols)};
  int own = 0;
  if (mirrors) {
    col_taps[1] = mirrored(col_taps[0], cols);
    row_taps[1] = mirrored(row_taps[0], rows);
    if (!mirrors_onto_itself(col_taps[0], col_taps[1])) own |= kOwnLeftRight;
    if (!mirrors_onto_itself(row_taps[0], row_taps[1])) own |= kOwnTopBottom;
  }
  const int column_sets = (own & kOwnLeftRight) != 0 ? 2 : 1;
  const int row_sets = (own & kOwnTopBottom) != 0 ? 2 : 1;
  const auto width = static_cast<std::size_t>(cols);
  std::vector<float> line(width);
  for (int b = 0; b < row_sets; ++b) {
    for (int i = 0; i < kGrid; ++i) {
      const Taps& row = row_taps[static_cast<std::size_t>(b)][static_cast<std::size_t>(i)];
      std::fill(line.begin(), line.end(), 0.0F);
      float* out = line.data();
      for (std::size_t k = 0; k < row.weights.size(); ++k) {
        const std::uint8_t* px = image.data + (row.first + static_cast<std::ptrdiff_t>(k)) * image.stride;
        add_weighted_row(out, px, static_cast<float>(row.weights[k]), width);
      }
      for (int a = 0; a < column_sets; ++a) {
        const std::size_t mirror = static_cast<std::size_t>(a) + 2 * static_cast<std::size_t>(b);
        auto& grid_row = grids[mirror][static_cast<std::size_t>(i)];
        for (std::size_t j = 0; j < kGrid; ++j) {
          const Taps& col = col_taps[static_cast<std::size_t>(a)][j];
          const float* at = line.data() + col.first;
          double sum = 0.0;
          for (std::size_t k = 0; k < col.weights.size(); ++k) sum += col.weights[k] * at[k];
          grid_row[j] = static_cast<float>(sum);
        }
      }
    }
  }
  return own;
}

int quality_of(const Grid& g) {
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

Block dct_block(const Grid& g) {
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

// Each dihedral transform as mirrors and a transposition of the image: T(image) = transpose^t(mirror(image)),
// mirrored left to right when a, top to bottom when b. A transposed image's grid is the grid transposed (its
// rows are sampled as the image's columns were, with the same windows), and the DCT block of a transposed grid
// is the block transposed; mirrors are not that simple (mirrored()), so they have grids of their own.
struct DihedralShape {
  bool transposed;
  int mirrors;  // a + 2 * b: the index of the grid in downsample_into's output
};

constexpr std::array<DihedralShape, kDihedralCount> kShapes = {{
    {false, 0},  // kOriginal
    {true, 1},   // kRotate90: the transpose of the left-right mirror image
    {false, 3},  // kRotate180: both mirrors
    {true, 2},   // kRotate270: the transpose of the top-bottom mirror image
    {false, 2},  // kFlipX: top to bottom
    {false, 1},  // kFlipY: left to right
    {true, 0},   // kFlipPlus1: the transpose
    {true, 3},   // kFlipMinus1: the transpose of both mirrors
}};

// The block of the grid reversed top to bottom (`vertical`) or left to right: a 64-point DCT's frequency k + 1
// changes sign under reversal when it is odd, i.e. at even indices k.
Block with_signs_changed(const Block& a, bool vertical) {
  Block out = a;
  for (std::size_t i = 0; i < kDct; ++i) {
    for (std::size_t j = 0; j < kDct; ++j) {
      if (((vertical ? i : j) & 1U) == 0) out[i][j] = -out[i][j];
    }
  }
  return out;
}

Block transposed(const Block& a) {
  Block out{};
  for (std::size_t i = 0; i < kDct; ++i) {
    for (std::size_t j = 0; j < kDct; ++j) out[j][i] = a[i][j];
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
  // 64 KB of grids: on the heap, away from small thread stacks.
  auto grids = std::make_unique_for_overwrite<std::array<Grid, 4>>();  // each grid used is written whole
  const int own = downsample_into(image, with_dihedral, *grids);
  result.quality = quality_of((*grids)[0]);
  const Block block = dct_block((*grids)[0]);
  result.dihedral[0] = bits_of(block);
  if (!with_dihedral) {
    result.hashable = true;
    return result;
  }
  // The four mirror images' blocks: from their own grids where a side needs one, else by sign changes.
  std::array<Block, 4> mirrored{};
  mirrored[0] = block;
  for (std::size_t m = 1; m < 4; ++m) {
    const bool left_right = (m & 1U) != 0;
    const bool top_bottom = (m & 2U) != 0;
    const std::size_t source = ((own & kOwnLeftRight) != 0 && left_right ? 1U : 0U) +
                               ((own & kOwnTopBottom) != 0 && top_bottom ? 2U : 0U);
    mirrored[m] = source == 0 ? block : dct_block((*grids)[source]);
    if (left_right && (own & kOwnLeftRight) == 0) mirrored[m] = with_signs_changed(mirrored[m], false);
    if (top_bottom && (own & kOwnTopBottom) == 0) mirrored[m] = with_signs_changed(mirrored[m], true);
  }
  for (std::size_t d = 1; d < kDihedralCount; ++d) {
    const DihedralShape shape = kShapes[d];
    const Block& b = mirrored[static_cast<std::size_t>(shape.mirrors)];
    result.dihedral[d] = bits_of(shape.transposed ? transposed(b) : b);
  }
  result.hashable = true;
  return result;
}

}  // namespace

PdqResult pdq_hash(const GrayView& image) { return hash_of(image, true); }

PdqResult pdq_hash_plain(const GrayView& image) { return hash_of(image, false); }

}  // namespace photoaudit::hashing

// PDQ from luma (algorithm: pdqhash-2017; see pdq.hpp). Own implementation of the published steps.
#include "photoaudit/hashing/pdq.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <vector>

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
        m[static_cast<std::size_t>(k)][static_cast<std::size_t>(n)] =
            static_cast<float>(scale * std::cos(std::numbers::pi / (2.0 * kGrid) * (k + 1) * (2 * n + 1)));
      }
    }
    return m;
  }();
  return matrix;
}

// One box-filter pass along a line of `length` samples `stride` apart: each output is the mean of the inputs
// from i - (window - half) to i + (half - 1), clipped to the line, with half = (window + 2) / 2.
void box_line(const float* in, float* out, int length, std::ptrdiff_t stride, int window) {
  const int half = (window + 2) / 2;
  const int behind = window - half;
  const int ahead = half - 1;
  float sum = 0.0F;
  int count = 0;
  int right = 0;  // next input index to add
  int left = 0;   // next input index to remove
  for (int i = 0; i < length; ++i) {
    while (right < length && right <= i + ahead) {
      sum += in[right * stride];
      ++count;
      ++right;
    }
    while (left < i - behind) {
      sum -= in[left * stride];
      --count;
      ++left;
    }
    out[i * stride] = sum / static_cast<float>(count);
  }
}

// The box pass of box_line() down every column at once, walking the image row by row (a column-at-a-time
// walk touches one float per cache line and was 90% of the time on 2-megapixel images). Each column sees the
// same additions and subtractions in the same order as box_line() would make, so the result is identical.
void box_columns(const float* in, float* out, int rows, int cols, int window, std::vector<float>& sum) {
  const int half = (window + 2) / 2;
  const int behind = window - half;
  const int ahead = half - 1;
  sum.assign(static_cast<std::size_t>(cols), 0.0F);
  int count = 0;
  int right = 0;
  int left = 0;
  for (int i = 0; i < rows; ++i) {
    while (right < rows && right <= i + ahead) {
      const float* row = in + static_cast<std::ptrdiff_t>(right) * cols;
      for (int c = 0; c < cols; ++c) sum[static_cast<std::size_t>(c)] += row[c];
      ++count;
      ++right;
    }
    while (left < i - behind) {
      const float* row = in + static_cast<std::ptrdiff_t>(left) * cols;
      for (int c = 0; c < cols; ++c) sum[static_cast<std::size_t>(c)] -= row[c];
      --count;
      ++left;
    }
    float* o = out + static_cast<std::ptrdiff_t>(i) * cols;
    const auto n = static_cast<float>(count);
    for (int c = 0; c < cols; ++c) o[c] = sum[static_cast<std::size_t>(c)] / n;
  }
}

// Two X/Y pairs of box passes (a tent filter) over rows x cols floats; the result ends in `a`.
void jarosz_filter(std::vector<float>& a, std::vector<float>& b, int rows, int cols) {
  const int along_rows = (cols + 2 * kGrid - 1) / (2 * kGrid);
  const int along_cols = (rows + 2 * kGrid - 1) / (2 * kGrid);
  std::vector<float> sum;
  for (int pass = 0; pass < 2; ++pass) {
    for (int r = 0; r < rows; ++r) {
      box_line(a.data() + static_cast<std::ptrdiff_t>(r) * cols, b.data() + static_cast<std::ptrdiff_t>(r) * cols, cols,
               1, along_rows);
    }
    box_columns(b.data(), a.data(), rows, cols, along_cols, sum);
  }
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
        case Dihedral::kOriginal: out[i][j] = v; break;
        case Dihedral::kRotate90: out[j][i] = j_odd ? v : -v; break;
        case Dihedral::kRotate180: out[i][j] = (i_odd != j_odd) ? -v : v; break;
        case Dihedral::kRotate270: out[j][i] = i_odd ? v : -v; break;
        case Dihedral::kFlipX: out[i][j] = i_odd ? v : -v; break;
        case Dihedral::kFlipY: out[i][j] = j_odd ? v : -v; break;
        case Dihedral::kFlipPlus1: out[j][i] = v; break;
        case Dihedral::kFlipMinus1: out[j][i] = (i_odd != j_odd) ? -v : v; break;
      }
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(Dihedral d) {
  switch (d) {
    case Dihedral::kOriginal: return "original";
    case Dihedral::kRotate90: return "rotate90";
    case Dihedral::kRotate180: return "rotate180";
    case Dihedral::kRotate270: return "rotate270";
    case Dihedral::kFlipX: return "flipx";
    case Dihedral::kFlipY: return "flipy";
    case Dihedral::kFlipPlus1: return "flip+1";
    case Dihedral::kFlipMinus1: return "flip-1";
  }
  return "unknown";
}

PdqResult pdq_hash(const GrayView& image) {
  PdqResult result;
  if (image.data == nullptr || image.width < kPdqMinDimension || image.height < kPdqMinDimension) return result;
  const int rows = image.height;
  const int cols = image.width;
  std::vector<float> a(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
  std::vector<float> b(a.size());
  for (int r = 0; r < rows; ++r) {
    const std::uint8_t* src = image.data + r * image.stride;
    std::copy(src, src + cols, a.begin() + static_cast<std::ptrdiff_t>(r) * cols);
  }
  jarosz_filter(a, b, rows, cols);
  std::array<std::array<float, kGrid>, kGrid> grid{};
  for (int i = 0; i < kGrid; ++i) {
    const auto r = static_cast<std::ptrdiff_t>((i + 0.5) * rows / kGrid);
    for (int j = 0; j < kGrid; ++j) {
      const auto c = static_cast<std::ptrdiff_t>((j + 0.5) * cols / kGrid);
      grid[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = a[static_cast<std::size_t>(r * cols + c)];
    }
  }
  result.quality = quality_of(grid);
  const Block block = dct_block(grid);
  for (std::size_t d = 0; d < kDihedralCount; ++d) result.dihedral[d] = bits_of(transformed(block, static_cast<Dihedral>(d)));
  result.hashable = true;
  return result;
}

}  // namespace photoaudit::hashing

// PDQ: Meta's 256-bit perceptual hash (pdqhash-2017), computed exactly as the published algorithm describes:
// luma, two X/Y passes of Jarosz box filters (a tent filter) with windows of ceil(side/128), sampling to 64x64,
// the 16x16 low-frequency block of a 64-point DCT (frequencies 1..16, no DC), bits above the median; quality
// from the sum of quantised gradients of the 64x64 image. The eight dihedral variants (rotations, mirror
// images) are the hashes of the transformed pixels: each is the PDQ hash of the turned or mirrored image (up to
// float rounding). The reference instead changes signs in and transposes the 16x16 DCT block of the image, which
// is exact only along a side whose samples and windows mirror onto themselves (an odd window, no sample on a
// pixel boundary); along a 512- or 1000-pixel side they do not, and for a fine texture (brick, gravel) the
// reference's variant lay 28-86 bits from the mirrored file's hash. Such a side gets a mirrored grid of its own
// (for the top-bottom mirror a second filtering pass over the rows); transposition is exact for free.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "photoaudit/hashing/hash256.hpp"

namespace photoaudit::hashing {

// Images narrower or lower than this get no PDQ hash (all-zero hash, quality 0), as in the reference.
inline constexpr int kPdqMinDimension = 5;

// The eight dihedral transforms, in the reference's order and with its names.
enum class Dihedral : std::uint8_t {
  kOriginal,
  kRotate90,
  kRotate180,
  kRotate270,
  kFlipX,
  kFlipY,
  kFlipPlus1,   // transpose (mirror along the main diagonal)
  kFlipMinus1,  // mirror along the anti-diagonal
};
inline constexpr std::size_t kDihedralCount = 8;
// The four transforms that mirror the image (the others turn it).
inline constexpr bool is_mirror(Dihedral d) { return d >= Dihedral::kFlipX; }

// "original", "rotate90", "rotate180", "rotate270", "flipx", "flipy", "flip+1", "flip-1".
std::string_view to_string(Dihedral d);

// A greyscale (luma) image region: height rows of width bytes, row r starting at data + r * stride.
// The view does not own the pixels. REQUIRES: the region is readable; stride >= width.
struct GrayView {
  const std::uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  std::ptrdiff_t stride = 0;
};

struct PdqResult {
  // dihedral[d] is the hash of the image transformed by Dihedral d; dihedral[0] is the PDQ hash itself.
  std::array<Hash256, kDihedralCount> dihedral{};
  int quality = 0;        // 0..100; below 50 the hash is too flat to trust
  bool hashable = false;  // false when the image is smaller than kPdqMinDimension on a side (hash all zero)

  const Hash256& hash() const { return dihedral[0]; }
};

// PDQ of a greyscale image with its eight dihedral variants. Deterministic; thread-safe; reads each pixel once,
// or twice when the rows do not mirror onto themselves; allocates 64 KB for the grids and 4 bytes per pixel of a
// row.
PdqResult pdq_hash(const GrayView& image);

}  // namespace photoaudit::hashing

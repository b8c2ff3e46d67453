// Private: decodes an image file held in memory to 8-bit greyscale (luma), once, within a pixel budget.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "image_format.hpp"
#include "photoaudit/common/error.hpp"

namespace photoaudit::hashing {

struct GrayImage {
  std::vector<std::uint8_t> pixels;  // width * height luma values, row-major, no padding
  int width = 0;                     // decoded (possibly reduced) size, EXIF orientation applied
  int height = 0;
  std::uint32_t full_width = 0;  // the image's own size, EXIF orientation applied
  std::uint32_t full_height = 0;
  int orientation = 1;  // the EXIF orientation that was applied (1 = none)
};

struct DecodeLimits {
  std::uint64_t max_pixels = 0;                // declared width * height above this is refused before decoding
  int min_side = 0;                            // reduce while the shorter side stays >= this (0 = full size)
  std::uint64_t full_size_max_pixels = 0;      // images with at most this many pixels are not reduced
  bool allow_truncated = false;                // decode a truncated JPEG/GIF as far as it goes instead of failing
  std::uint64_t max_metadata_block_bytes = 0;  // a PNG metadata chunk declaring more is refused (png_chunks.hpp)
};

// Decodes the first frame to greyscale, reduced by 1/2, 1/4 or 1/8 (JPEG: in the DCT domain; others: area
// resampling after decoding) while the shorter side stays >= min_side, then applies EXIF orientation once.
// Returns kUnsupported (format), kLimitExceeded (over max_pixels, a PNG metadata chunk over
// max_metadata_block_bytes), kCorruption (damaged, truncated, a PNG chunk declaring more than the file holds).
Result<GrayImage> decode_gray(const std::uint8_t* data, std::size_t size, ImageFormat format, std::string_view name,
                              const DecodeLimits& limits);

// Per-format decoders (no orientation); `reduction` is the chosen divisor (1, 2, 4 or 8).
Result<GrayImage> decode_jpeg_gray(const std::uint8_t* data, std::size_t size, std::string_view name,
                                   const DecodeLimits& limits);
Result<GrayImage> decode_gif_gray(const std::uint8_t* data, std::size_t size, std::string_view name,
                                  const DecodeLimits& limits);
Result<GrayImage> decode_webp_gray(const std::uint8_t* data, std::size_t size, std::string_view name,
                                   const DecodeLimits& limits);
// HEIF, HEIC, AVIF through libheif, loaded on first use (decode_heif.cpp). kUnsupported when libheif cannot be
// loaded or lacks the file's codec; rotation and mirroring of the file are applied (orientation stays 1).
Result<GrayImage> decode_heif_gray(const std::uint8_t* data, std::size_t size, std::string_view name,
                                   const DecodeLimits& limits);
Result<GrayImage> decode_opencv_gray(const std::uint8_t* data, std::size_t size, ImageFormat format,
                                     std::string_view name, const DecodeLimits& limits);

// The reduction divisor (1, 2, 4 or 8) for an image of this size. REQUIRES: width, height > 0.
int reduction_for(std::uint64_t width, std::uint64_t height, const DecodeLimits& limits);

// Error for an image over the pixel budget, naming the file and both figures.
Error over_budget(std::string_view name, std::uint64_t width, std::uint64_t height, std::uint64_t max_pixels);

// Luma of an 8-bit RGB triple, rounded (ITU-R BT.601 weights, as PDQ uses).
inline std::uint8_t luma_of(unsigned r, unsigned g, unsigned b) {
  return static_cast<std::uint8_t>((299 * r + 587 * g + 114 * b + 500) / 1000);
}

}  // namespace photoaudit::hashing

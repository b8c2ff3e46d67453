// Private: what a file is (from its first bytes, never its name), its declared size, and its EXIF orientation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace photoaudit::hashing {

enum class ImageFormat { kUnknown, kJpeg, kPng, kGif, kWebp, kTiff, kBmp };

ImageFormat sniff_format(const std::uint8_t* data, std::size_t size);

// "jpeg", "png", "gif", "webp", "tiff", "bmp", "unknown".
std::string_view format_name(ImageFormat format);

struct DeclaredSize {
  std::uint64_t width = 0;
  std::uint64_t height = 0;
};

// The pixel size the header declares, before any pixel is decoded (used to enforce the pixel budget).
// nullopt when the header is too short or damaged to say.
std::optional<DeclaredSize> declared_size(ImageFormat format, const std::uint8_t* data, std::size_t size);

// EXIF orientation (1..8) from the JPEG APP1, PNG eXIf, WebP EXIF chunk or TIFF IFD0; 1 when absent or invalid.
int exif_orientation(ImageFormat format, const std::uint8_t* data, std::size_t size);

}  // namespace photoaudit::hashing

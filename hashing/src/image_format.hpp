// Private: a decodable file's declared size and its EXIF orientation. What a file is: the public
// photoaudit/hashing/image_format.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "photoaudit/hashing/image_format.hpp"

namespace photoaudit::hashing {

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

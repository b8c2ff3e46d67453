// Small colour copies of images, for reports that show pictures (the HTML report).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace photoaudit::hashing {

// A colour JPEG of the image in `data` (any format OpenCV reads), reduced to at most `side` pixels on its longer
// side (never enlarged), at JPEG quality `quality`. Empty when the image cannot be decoded, or OpenCV's codecs
// cannot be loaded. Thread-safe; never throws except std::bad_alloc.
std::vector<std::uint8_t> jpeg_thumbnail(const std::uint8_t* data, std::size_t size, int side, int quality = 75);

}  // namespace photoaudit::hashing

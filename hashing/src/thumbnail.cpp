// Small colour copies of images (see thumbnail.hpp), through OpenCV's codecs module.
#include "photoaudit/hashing/thumbnail.hpp"

#include <algorithm>

#include "jpeg_segments.hpp"
#include "opencv_codecs.hpp"

namespace photoaudit::hashing {
namespace {

extern "C" void store_bytes(void* context, const std::uint8_t* bytes, std::size_t size) {
  static_cast<std::vector<std::uint8_t>*>(context)->assign(bytes, bytes + size);
}

// The longer side a JPEG's frame header declares; 0 when not a JPEG or no frame header is found.
std::uint32_t jpeg_longer_side(const std::uint8_t* data, std::size_t size) {
  if (size < 4 || data[0] != 0xFF || data[1] != 0xD8) return 0;
  JpegSegmentReader reader(data, size);
  JpegSegment segment;
  while (reader.next(segment)) {
    if (is_frame_header(segment.marker) && segment.length >= 7) {  // length, P, Y, X
      const std::uint32_t height = std::uint32_t{segment.body[3]} << 8 | segment.body[4];
      const std::uint32_t width = std::uint32_t{segment.body[5]} << 8 | segment.body[6];
      return std::max(width, height);
    }
    if (segment.marker == 0xDA) break;  // a scan before any frame header: damaged
  }
  return 0;
}

}  // namespace

std::vector<std::uint8_t> jpeg_thumbnail(const std::uint8_t* data, std::size_t size, int side, int quality) {
  std::vector<std::uint8_t> jpeg;
  const OpenCvCodecs& codecs = opencv_codecs();
  if (codecs.thumbnail == nullptr || data == nullptr || size == 0) return jpeg;
  // A JPEG is decoded at the smallest DCT-domain fraction that still covers `side` (a 2560-pixel wallpaper at
  // 1/8 for a 240-pixel thumbnail: a tenth of the work of a decode at 1/2).
  int reduction = 1;
  if (const std::uint32_t longer = jpeg_longer_side(data, size); side > 0 && longer > 0) {
    while (reduction < 8 && longer / static_cast<std::uint32_t>(2 * reduction) >= static_cast<std::uint32_t>(side)) {
      reduction *= 2;
    }
  }
  if (codecs.thumbnail(data, size, side, reduction, quality, &jpeg, &store_bytes) == 0) jpeg.clear();
  return jpeg;
}

}  // namespace photoaudit::hashing

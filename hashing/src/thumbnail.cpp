// Small colour copies of images (see thumbnail.hpp), through OpenCV's codecs module.
#include "photoaudit/hashing/thumbnail.hpp"

#include "opencv_codecs.hpp"

namespace photoaudit::hashing {
namespace {

extern "C" void store_bytes(void* context, const std::uint8_t* bytes, std::size_t size) {
  static_cast<std::vector<std::uint8_t>*>(context)->assign(bytes, bytes + size);
}

}  // namespace

std::vector<std::uint8_t> jpeg_thumbnail(const std::uint8_t* data, std::size_t size, int side, int quality) {
  std::vector<std::uint8_t> jpeg;
  const OpenCvCodecs& codecs = opencv_codecs();
  if (codecs.thumbnail == nullptr || data == nullptr || size == 0) return jpeg;
  if (codecs.thumbnail(data, size, side, quality, &jpeg, &store_bytes) == 0) jpeg.clear();
  return jpeg;
}

}  // namespace photoaudit::hashing

// PNG, TIFF, BMP through OpenCV's image codecs (loaded on first use, opencv_codecs.hpp), after the declared
// size has been checked against the budget and a PNG's chunk lengths against the data (png_chunks.hpp).
#include <algorithm>
#include <string>

#include "decode.hpp"
#include "opencv_codecs.hpp"
#include "photoaudit/hashing/png_chunks.hpp"

namespace photoaudit::hashing {
namespace {

extern "C" void store_gray(void* context, const std::uint8_t* pixels, int width, int height, std::size_t stride) {
  auto* image = static_cast<GrayImage*>(context);
  image->width = width;
  image->height = height;
  image->pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y) {
    const std::uint8_t* row = pixels + static_cast<std::size_t>(y) * stride;
    std::copy(row, row + width, image->pixels.begin() + static_cast<std::ptrdiff_t>(y) * width);
  }
}

}  // namespace

Result<GrayImage> decode_opencv_gray(const std::uint8_t* data, std::size_t size, ImageFormat format,
                                     std::string_view name, const DecodeLimits& limits) {
  const std::string who(name);
  const std::string format_label(format_name(format));
  const auto declared = declared_size(format, data, size);
  if (!declared) return fail(Error::corruption(who + ": damaged " + format_label + " header"));
  if (declared->width == 0 || declared->height == 0) return fail(Error::corruption(who + ": image has no pixels"));
  if (declared->width * declared->height > limits.max_pixels) {
    return fail(over_budget(name, declared->width, declared->height, limits.max_pixels));
  }
  if (format == ImageFormat::kPng) {
    // libpng allocates what a chunk declares: every length is checked against the data first (issue 18).
    if (auto chunks = check_png_chunks(data, size, name, limits.max_metadata_block_bytes); !chunks) {
      return fail(chunks.error());
    }
  }
  const OpenCvCodecs& codecs = opencv_codecs();
  if (codecs.decode_gray == nullptr) {
    return fail(Error::unsupported(who + ": cannot decode " + format_label + ": " + codecs.error));
  }
  GrayImage image;
  char error[512] = "";
  if (codecs.decode_gray(data, size, &image, &store_gray, error, sizeof error) == 0) {
    return fail(Error::corruption(who + ": cannot decode " + format_label + " (" + error + ")"));
  }
  if (image.width <= 0 || image.height <= 0) return fail(Error::corruption(who + ": image has no pixels"));
  image.full_width = static_cast<std::uint32_t>(image.width);
  image.full_height = static_cast<std::uint32_t>(image.height);
  return image;
}

}  // namespace photoaudit::hashing

#include "decode.hpp"

#include <algorithm>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace photoaudit::hashing {
namespace {

// Applies EXIF orientation 2..8 (the transforms a viewer applies to display the image upright).
void apply_orientation(GrayImage& image) {
  if (image.orientation == 1) return;
  const cv::Mat in(image.height, image.width, CV_8UC1, image.pixels.data());
  cv::Mat out;
  switch (image.orientation) {
    case 2:
      cv::flip(in, out, 1);
      break;
    case 3:
      cv::flip(in, out, -1);
      break;
    case 4:
      cv::flip(in, out, 0);
      break;
    case 5:
      cv::transpose(in, out);
      break;
    case 6:
      cv::rotate(in, out, cv::ROTATE_90_CLOCKWISE);
      break;
    case 7: {
      cv::Mat t;
      cv::transpose(in, t);
      cv::flip(t, out, -1);
      break;
    }
    case 8:
      cv::rotate(in, out, cv::ROTATE_90_COUNTERCLOCKWISE);
      break;
    default:
      return;
  }
  std::vector<std::uint8_t> pixels(out.total());
  std::copy(out.datastart, out.dataend, pixels.begin());
  image.pixels.swap(pixels);
  image.width = out.cols;
  image.height = out.rows;
  if (image.orientation >= 5) std::swap(image.full_width, image.full_height);
}

}  // namespace

int reduction_for(std::uint64_t width, std::uint64_t height, const DecodeLimits& limits) {
  const int min_side = limits.min_side;
  if (min_side <= 0 || width * height <= limits.full_size_max_pixels) return 1;
  const std::uint64_t shorter = std::min(width, height);
  int reduction = 1;
  while (reduction < 8 && (shorter + 2 * reduction - 1) / (2 * reduction) >= static_cast<std::uint64_t>(min_side)) {
    reduction *= 2;
  }
  return reduction;
}

Error over_budget(std::string_view name, std::uint64_t width, std::uint64_t height, std::uint64_t max_pixels) {
  return Error::limit_exceeded(std::string(name) + ": " + std::to_string(width) + "x" + std::to_string(height) +
                               " pixels is over the pixel budget of " + std::to_string(max_pixels) + " (not decoded)");
}

Result<GrayImage> decode_gray(const std::uint8_t* data, std::size_t size, ImageFormat format, std::string_view name,
                              const DecodeLimits& limits) {
  Result<GrayImage> decoded = [&]() -> Result<GrayImage> {
    switch (format) {
      case ImageFormat::kJpeg:
        return decode_jpeg_gray(data, size, name, limits);
      case ImageFormat::kGif:
        return decode_gif_gray(data, size, name, limits);
      case ImageFormat::kWebp:
        return decode_webp_gray(data, size, name, limits);
      case ImageFormat::kHeif:
        return decode_heif_gray(data, size, name, limits);
      case ImageFormat::kPng:
      case ImageFormat::kTiff:
      case ImageFormat::kBmp:
        return decode_opencv_gray(data, size, format, name, limits);
      default:
        break;  // not decodable (is_decodable)
    }
    return fail(Error::unsupported(std::string(name) + ": not an image format photoaudit reads "
                                                       "(JPEG, PNG, GIF, WebP, TIFF, BMP, HEIF, AVIF)"));
  }();
  if (!decoded) return decoded;
  if (decoded->width <= 0 || decoded->height <= 0) {
    return fail(Error::corruption(std::string(name) + ": image has no pixels"));
  }
  // Formats decoded at full size are reduced here, by the same divisors the JPEG decoder uses.
  const int reduction = format == ImageFormat::kJpeg
                            ? 1
                            : reduction_for(static_cast<std::uint64_t>(decoded->width),
                                            static_cast<std::uint64_t>(decoded->height), limits);
  if (reduction > 1) {
    const cv::Mat in(decoded->height, decoded->width, CV_8UC1, decoded->pixels.data());
    cv::Mat out;
    cv::resize(in, out,
               cv::Size((decoded->width + reduction - 1) / reduction, (decoded->height + reduction - 1) / reduction), 0,
               0, cv::INTER_AREA);
    decoded->pixels.assign(out.datastart, out.dataend);
    decoded->width = out.cols;
    decoded->height = out.rows;
  }
  decoded->orientation = exif_orientation(format, data, size);
  apply_orientation(*decoded);
  return decoded;
}

}  // namespace photoaudit::hashing

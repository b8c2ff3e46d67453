// PNG, TIFF, BMP through OpenCV's imgcodecs, after the declared size has been checked against the budget.
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "decode.hpp"

namespace photoaudit::hashing {

Result<GrayImage> decode_opencv_gray(const std::uint8_t* data, std::size_t size, ImageFormat format,
                                     std::string_view name, const DecodeLimits& limits) {
  const std::string who(name);
  const auto declared = declared_size(format, data, size);
  if (!declared) return fail(Error::corruption(who + ": damaged " + std::string(format_name(format)) + " header"));
  if (declared->width == 0 || declared->height == 0) return fail(Error::corruption(who + ": image has no pixels"));
  if (declared->width * declared->height > limits.max_pixels) {
    return fail(over_budget(name, declared->width, declared->height, limits.max_pixels));
  }
  cv::Mat decoded;
  try {
    const cv::Mat buffer(1, static_cast<int>(size), CV_8UC1, const_cast<std::uint8_t*>(data));
    // Decode colour and convert with one luma formula for every format: libpng's own grey conversion
    // (IMREAD_GRAYSCALE on a PNG) weighs the channels differently from TIFF's and moved PDQ by ~14 bits.
    decoded = cv::imdecode(buffer, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
    if (!decoded.empty() && decoded.channels() == 3) cv::cvtColor(decoded, decoded, cv::COLOR_BGR2GRAY);
  } catch (const cv::Exception& e) {
    return fail(Error::corruption(who + ": cannot decode " + std::string(format_name(format)) + ": " + e.what()));
  }
  if (decoded.empty()) {
    return fail(Error::corruption(who + ": cannot decode " + std::string(format_name(format)) +
                                  " (damaged, truncated or an unsupported variant)"));
  }
  if (decoded.type() != CV_8UC1) decoded.convertTo(decoded, CV_8U);
  GrayImage image;
  image.width = decoded.cols;
  image.height = decoded.rows;
  image.full_width = static_cast<std::uint32_t>(decoded.cols);
  image.full_height = static_cast<std::uint32_t>(decoded.rows);
  image.pixels.resize(decoded.total());
  for (int y = 0; y < decoded.rows; ++y) {
    const std::uint8_t* row = decoded.ptr<std::uint8_t>(y);
    std::copy(row, row + decoded.cols, image.pixels.begin() + static_cast<std::ptrdiff_t>(y) * decoded.cols);
  }
  return image;
}

}  // namespace photoaudit::hashing

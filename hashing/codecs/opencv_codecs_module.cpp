// libphotoaudit_opencv_codecs.so: OpenCV's image codecs behind a plain C interface (see
// hashing/src/opencv_codecs.hpp), so that the 140 libraries libopencv_imgcodecs pulls in are loaded only when
// an image needs them.
#include <algorithm>
#include <cstdio>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "opencv_codecs.hpp"

namespace {

void set_error(char* error, std::size_t error_size, const char* message) {
  if (error != nullptr && error_size > 0) std::snprintf(error, error_size, "%s", message);
}

cv::Mat wrap(const std::uint8_t* data, std::size_t size) {
  return cv::Mat(1, static_cast<int>(size), CV_8UC1, const_cast<std::uint8_t*>(data));
}

}  // namespace

extern "C" __attribute__((visibility("default"))) int photoaudit_decode_gray(const std::uint8_t* data, std::size_t size,
                                                                             void* context, photoaudit_gray_sink sink,
                                                                             char* error, std::size_t error_size) {
  try {
    if (size > static_cast<std::size_t>(INT32_MAX)) {
      set_error(error, error_size, "file too large for OpenCV's decoders");
      return 0;
    }
    // Decode colour and convert with one luma formula for every format: libpng's own grey conversion
    // (IMREAD_GRAYSCALE on a PNG) weighs the channels differently from TIFF's and moved PDQ by ~14 bits.
    cv::Mat decoded = cv::imdecode(wrap(data, size), cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
    if (decoded.empty()) {
      set_error(error, error_size, "damaged, truncated or an unsupported variant");
      return 0;
    }
    if (decoded.channels() == 3) cv::cvtColor(decoded, decoded, cv::COLOR_BGR2GRAY);
    if (decoded.type() != CV_8UC1) decoded.convertTo(decoded, CV_8U);
    sink(context, decoded.ptr<std::uint8_t>(0), decoded.cols, decoded.rows, decoded.step);
    return 1;
  } catch (const cv::Exception& e) {
    set_error(error, error_size, e.what());
  } catch (const std::exception& e) {
    set_error(error, error_size, e.what());
  } catch (...) {
    set_error(error, error_size, "unknown failure in OpenCV");
  }
  return 0;
}

extern "C" __attribute__((visibility("default"))) int photoaudit_thumbnail(const std::uint8_t* data, std::size_t size,
                                                                           int side, int reduction, int quality,
                                                                           void* context, photoaudit_bytes_sink sink) {
  try {
    if (size > static_cast<std::size_t>(INT32_MAX) || side <= 0) return 0;
    const int flags = reduction >= 8   ? cv::IMREAD_REDUCED_COLOR_8
                      : reduction >= 4 ? cv::IMREAD_REDUCED_COLOR_4
                      : reduction >= 2 ? cv::IMREAD_REDUCED_COLOR_2
                                       : cv::IMREAD_COLOR;
    cv::Mat img = cv::imdecode(wrap(data, size), flags);
    if (img.empty() || img.cols <= 0 || img.rows <= 0) return 0;
    const double scale = static_cast<double>(side) / std::max(img.cols, img.rows);
    if (scale < 1.0) cv::resize(img, img, cv::Size(), scale, scale, cv::INTER_AREA);
    std::vector<std::uint8_t> jpeg;
    if (!cv::imencode(".jpg", img, jpeg, {cv::IMWRITE_JPEG_QUALITY, quality})) return 0;
    sink(context, jpeg.data(), jpeg.size());
    return 1;
  } catch (...) {
    return 0;
  }
}

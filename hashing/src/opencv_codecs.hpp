// Private: OpenCV's image codecs (PNG, TIFF, BMP decoding; JPEG thumbnails), loaded on first use.
//
// libopencv_imgcodecs links GDAL, GDCM, libheif and some 140 libraries in all; loading them took about 0.12 s
// of every photoaudit run, most of its start-up, even when every image was a JPEG, GIF or WebP (decoded by
// libjpeg-turbo, giflib and libwebp directly). So the code that needs them lives in a small module,
// libphotoaudit_opencv_codecs.so (hashing/codecs/), which is loaded the first time a PNG, TIFF or BMP is
// decoded or a thumbnail is made. Its interface is plain C: no C++ type or exception crosses it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" {

// Receives decoded pixels: `height` rows of `width` bytes, `stride` bytes apart.
typedef void (*photoaudit_gray_sink)(void* context, const std::uint8_t* pixels, int width, int height,
                                     std::size_t stride);
// Receives encoded bytes.
typedef void (*photoaudit_bytes_sink)(void* context, const std::uint8_t* bytes, std::size_t size);

// Decodes the first image in `data` to 8-bit luma (colour first, then BT.601 weights for every format; EXIF
// orientation is not applied). Returns 1 after one call of `sink`; 0 with a message in `error` (NUL-
// terminated, at most error_size bytes) when OpenCV cannot decode it.
typedef int (*photoaudit_decode_gray_fn)(const std::uint8_t* data, std::size_t size, void* context,
                                         photoaudit_gray_sink sink, char* error, std::size_t error_size);

// A colour JPEG (quality `quality`) of the image in `data`, reduced to at most `side` pixels on its longer side.
// `reduction` (1, 2, 4 or 8): decode at that fraction first (a JPEG in the DCT domain, for a fraction of the
// work). Returns 1 after one call of `sink`; 0 when the image cannot be decoded or encoded.
typedef int (*photoaudit_thumbnail_fn)(const std::uint8_t* data, std::size_t size, int side, int reduction, int quality,
                                       void* context, photoaudit_bytes_sink sink);
}

namespace photoaudit::hashing {

// The module's name, and its two entry points' symbol names.
inline constexpr const char* kOpenCvCodecsModule = "libphotoaudit_opencv_codecs.so";
inline constexpr const char* kDecodeGraySymbol = "photoaudit_decode_gray";
inline constexpr const char* kThumbnailSymbol = "photoaudit_thumbnail";

struct OpenCvCodecs {
  photoaudit_decode_gray_fn decode_gray = nullptr;  // both set, or both null and `error` says why
  photoaudit_thumbnail_fn thumbnail = nullptr;
  std::string error;
};

// The module, loaded once per process (thread-safe). It is looked for beside the executable, then in the build
// tree's lib/ directory (PHOTOAUDIT_MODULE_DIR).
const OpenCvCodecs& opencv_codecs();

}  // namespace photoaudit::hashing

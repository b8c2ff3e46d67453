// One read, one decode, all fingerprints (see fingerprint.hpp).
#include "photoaudit/hashing/fingerprint.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/img_hash.hpp>
#include <opencv2/imgproc.hpp>

#include "decode.hpp"
#include "photoaudit/common/enum_names.hpp"
#include "photoaudit/common/file_read.hpp"
#include "robust_hashes.hpp"
#include "sha256_stream.hpp"

namespace photoaudit::hashing {
namespace {

std::uint64_t phash_of(const GrayImage& image) {
  try {
    const cv::Mat gray(image.height, image.width, CV_8UC1, const_cast<std::uint8_t*>(image.pixels.data()));
    cv::Mat bits;
    cv::img_hash::PHash::create()->compute(gray, bits);
    std::uint64_t value = 0;
    for (int i = 0; i < bits.cols; ++i) value = value << 8 | bits.at<std::uint8_t>(0, i);
    return value;
  } catch (const cv::Exception&) {
    return 0;  // only for images OpenCV cannot resize (never for a decoded image of at least 1x1)
  }
}

DecodeLimits limits_of(const HashOptions& options) {
  return {.max_pixels = options.max_pixels,
          .min_side = options.decode_min_side,
          .full_size_max_pixels = options.full_decode_max_pixels,
          .allow_truncated = options.allow_truncated,
          .max_metadata_block_bytes = options.max_metadata_block_bytes};
}

Result<ImageFormat> image_format_of(const std::uint8_t* data, std::size_t size, std::string_view name) {
  const ImageFormat format = sniff_image_format(data, size);
  if (!is_decodable(format)) {
    return fail(Error::unsupported(std::string(name) + (size == 0 ? ": empty file"
                                                                  : ": not an image format photoaudit "
                                                                    "reads (JPEG, PNG, GIF, WebP, TIFF, BMP, HEIF, "
                                                                    "AVIF)")));
  }
  return format;
}

// Bytes already in memory, held to max_file_bytes as a file read is.
Result<void> within_size(std::size_t size, std::string_view name, const HashOptions& options) {
  if (size <= options.max_file_bytes) return {};
  return fail(Error::limit_exceeded(std::string(name) + ": " + std::to_string(size) + " bytes is over the limit of " +
                                    std::to_string(options.max_file_bytes)));
}

// The local features of the decoded image at the size local_features_file describes it: the largest fraction
// 1/2, 1/4 or 1/8 of the full size whose shorter side stays at least local_features_min_side, reached from the
// fingerprint's decode by halving it (OpenCV's integer-ratio area path: a 2x2 mean, a fraction of a
// millisecond; so the file is decoded once), or the decode itself when it is no larger.
LocalFeatures local_features_of(const GrayImage& image, const HashOptions& options) {
  const GrayView view{image.pixels.data(), image.width, image.height, image.width};
  const std::uint32_t full_short = std::min(image.full_width, image.full_height);
  std::uint32_t denominator = 1;
  while (options.local_features_min_side > 0 && denominator < 8 &&
         full_short / (denominator * 2) >= static_cast<std::uint32_t>(options.local_features_min_side)) {
    denominator *= 2;
  }
  const auto target_width = static_cast<int>((image.full_width + denominator - 1) / denominator);
  if (target_width >= image.width) {
    return extract_local_features(view, options.max_local_features, options.local_features_mirror);
  }
  try {
    cv::Mat reduced(image.height, image.width, CV_8UC1, const_cast<std::uint8_t*>(image.pixels.data()));
    while (reduced.cols / 2 >= target_width && reduced.rows >= 2) {
      cv::Mat half;
      cv::resize(reduced, half, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
      reduced = half;
    }
    const GrayView small{reduced.data, reduced.cols, reduced.rows, static_cast<int>(reduced.step)};
    return extract_local_features(small, options.max_local_features, options.local_features_mirror);
  } catch (const cv::Exception&) {
    return extract_local_features(view, options.max_local_features, options.local_features_mirror);
  }
}

Result<Fingerprints> fingerprint_bytes(const std::uint8_t* data, std::size_t size, std::string_view name,
                                       const HashOptions& options, const Digest256& sha256) {
  const auto sniffed = image_format_of(data, size, name);
  if (!sniffed) return fail(sniffed.error());
  const ImageFormat format = *sniffed;
  auto image = decode_gray(data, size, format, name, limits_of(options));
  if (!image) return fail(image.error());

  Fingerprints fp;
  fp.format = format_name(format);
  fp.width = image->full_width;
  fp.height = image->full_height;
  fp.orientation = image->orientation;
  fp.sha256 = sha256;
  if (auto coded = coded_data_hash(data, size, name)) {
    fp.content_hash = *coded;
  } else if (coded.error().code == ErrorCode::kUnsupported) {
    // No coded-data hash for this format: hash the decoded pixels and their size instead.
    Sha256Stream pixels;
    const std::uint32_t dims[2] = {static_cast<std::uint32_t>(image->width), static_cast<std::uint32_t>(image->height)};
    pixels.update(reinterpret_cast<const std::uint8_t*>(dims), sizeof dims);
    pixels.update(image->pixels.data(), image->pixels.size());
    fp.content_hash = {pixels.finish(), ContentHashMethod::kPixels};
  } else {
    return fail(coded.error());
  }
  const GrayView view{image->pixels.data(), image->width, image->height, image->width};
  const PdqResult pdq = pdq_hash(view);
  fp.pdq = pdq.hash();
  fp.pdq_quality = pdq.quality;
  fp.pdq_hashable = pdq.hashable;
  fp.pdq_dihedral = pdq.dihedral;
  fp.phash = phash_of(*image);
  if (options.robust_hashes && pdq.hashable) compute_robust_hashes(*image, fp);
  if (options.local_features) {
    fp.local_features = std::make_shared<const LocalFeatures>(local_features_of(*image, options));
  }
  return fp;
}

}  // namespace

constexpr std::string_view kPdqWindowNames[] = {"centre90", "centre80", "top90", "bottom90",
                                                "left90",   "right90",  "full"};
static_assert(names_cover(kPdqWindowNames, PdqWindow::kFull));

std::string_view to_string(PdqWindow w) { return name_of(kPdqWindowNames, w, "unknown"); }

std::string phash_hex(std::uint64_t phash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, phash >>= 4) out[static_cast<std::size_t>(i)] = kDigits[phash & 0xF];
  return out;
}

Result<Fingerprints> fingerprint_memory(const std::uint8_t* data, std::size_t size, std::string_view name,
                                        const HashOptions& options) {
  if (auto size_ok = within_size(size, name, options); !size_ok) return fail(size_ok.error());
  return fingerprint_bytes(data, size, name, options, sha256_bytes(data, size));
}

namespace {

// The whole file, read once within max_file_bytes; `sha` (when not null) is fed as the bytes arrive.
Result<std::vector<std::uint8_t>> read_image_file(const std::filesystem::path& path, const HashOptions& options,
                                                  Sha256Stream* sha) {
  ReadObserver feed;
  if (sha != nullptr) feed = [sha](const std::uint8_t* p, std::size_t n) { sha->update(p, n); };
  return read_file_bounded<std::vector<std::uint8_t>>(path, options.max_file_bytes, feed);
}

}  // namespace

Result<Fingerprints> fingerprint_file(const std::filesystem::path& path, const HashOptions& options) {
  // One read: the bytes land in the buffer the decoder uses, and SHA-256 is fed as they arrive.
  Sha256Stream sha;
  auto bytes = read_image_file(path, options, &sha);
  if (!bytes) return fail(bytes.error());
  return fingerprint_bytes(bytes->data(), bytes->size(), path.string(), options, sha.finish());
}

Result<LocalFeatures> local_features_memory(const std::uint8_t* data, std::size_t size, std::string_view name,
                                            const HashOptions& options, bool with_mirror) {
  if (auto size_ok = within_size(size, name, options); !size_ok) return fail(size_ok.error());
  const auto format = image_format_of(data, size, name);
  if (!format) return fail(format.error());
  DecodeLimits limits = limits_of(options);
  if (options.local_features_min_side > 0) {
    limits.full_size_max_pixels = 0;  // reduce whenever the shorter side allows it
    limits.min_side = options.local_features_min_side;
  }
  auto image = decode_gray(data, size, *format, name, limits);
  if (!image) return fail(image.error());
  const GrayView view{image->pixels.data(), image->width, image->height, image->width};
  return extract_local_features(view, options.max_local_features, with_mirror);
}

Result<LocalFeatures> local_features_file(const std::filesystem::path& path, const HashOptions& options,
                                          bool with_mirror) {
  auto bytes = read_image_file(path, options, nullptr);
  if (!bytes) return fail(bytes.error());
  return local_features_memory(bytes->data(), bytes->size(), path.string(), options, with_mirror);
}

}  // namespace photoaudit::hashing

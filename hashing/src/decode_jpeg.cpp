// JPEG through libjpeg-turbo directly: the header is read before any pixel buffer exists (pixel budget),
// DCT-domain scaling decodes only the pixels the hashes need, and luma comes straight from the Y channel.
// A progressive file is decoded from the scans the output needs (jpeg_scan_subset.hpp): at 1/8 its DC scans
// alone, otherwise without the chroma AC scans of a YCbCr file; the same pixels, for less entropy decoding.
#include <csetjmp>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <jerror.h>
#include <jpeglib.h>

#include "decode.hpp"
#include "jpeg_scan_subset.hpp"

namespace photoaudit::hashing {
namespace {

struct JpegErrors {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  bool truncated;
};

extern "C" void on_jpeg_error(j_common_ptr cinfo) {
  auto* errors = reinterpret_cast<JpegErrors*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, errors->message);
  std::longjmp(errors->jump, 1);
}

extern "C" void on_jpeg_message(j_common_ptr cinfo, int level) {
  auto* errors = reinterpret_cast<JpegErrors*>(cinfo->err);
  // Warnings (level -1) are common in real files ("extraneous bytes before marker"); only a premature end of
  // data means that part of the image is missing.
  if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) errors->truncated = true;
}

enum class Outcome { kOk, kError, kOverBudget, kDecodeScanSubset };

struct JpegJob {
  const std::uint8_t* data;
  std::size_t size;
  const DecodeLimits* limits;
  GrayImage* out;
  JpegErrors errors;
  bool subset_allowed;  // a progressive file may be decoded from the scans its output needs
  bool subset_only;     // data is such a subset (progressive_scan_subset)
  ScanSubset subset;    // which, when run_jpeg returned kDecodeScanSubset
};

// Everything between setjmp and a possible longjmp is plain C data: no destructor is ever skipped.
// out->pixels is owned by the caller and survives the jump.
Outcome run_jpeg(JpegJob& job) {
  jpeg_decompress_struct cinfo;
  cinfo.err = jpeg_std_error(&job.errors.pub);
  job.errors.pub.error_exit = on_jpeg_error;
  job.errors.pub.emit_message = on_jpeg_message;
  job.errors.truncated = false;
  job.errors.message[0] = '\0';
  if (setjmp(job.errors.jump) != 0) {
    jpeg_destroy_decompress(&cinfo);
    return Outcome::kError;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, job.data, static_cast<unsigned long>(job.size));
  jpeg_read_header(&cinfo, TRUE);
  job.out->full_width = cinfo.image_width;
  job.out->full_height = cinfo.image_height;
  if (std::uint64_t{cinfo.image_width} * cinfo.image_height > job.limits->max_pixels) {
    jpeg_destroy_decompress(&cinfo);
    return Outcome::kOverBudget;
  }
  const bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_GRAYSCALE;
  cinfo.scale_num = 1;
  cinfo.scale_denom = static_cast<unsigned>(reduction_for(cinfo.image_width, cinfo.image_height, *job.limits));
  if (job.subset_allowed && cinfo.progressive_mode) {
    const bool luma_only = cinfo.jpeg_color_space == JCS_YCbCr && cinfo.num_components == 3 &&
                           cinfo.out_color_space == JCS_GRAYSCALE;
    if (cinfo.scale_denom == 8 || luma_only) {
      job.subset = cinfo.scale_denom == 8 ? ScanSubset::kDcOnly : ScanSubset::kLumaOnly;
      jpeg_destroy_decompress(&cinfo);
      return Outcome::kDecodeScanSubset;
    }
  }
  // With scans missing, libjpeg-turbo would smooth neighbouring blocks to guess what they hold; the whole file
  // has no such guess.
  if (job.subset_only) cinfo.do_block_smoothing = FALSE;
  jpeg_start_decompress(&cinfo);
  const JDIMENSION width = cinfo.output_width;
  const JDIMENSION height = cinfo.output_height;
  const int channels = cinfo.output_components;
  job.out->width = static_cast<int>(width);
  job.out->height = static_cast<int>(height);
  job.out->pixels.resize(std::size_t{width} * height);
  std::vector<std::uint8_t>& pixels = job.out->pixels;
  static_assert(sizeof(JSAMPLE) == 1);
  JSAMPLE row_buffer[4 * 8192];
  const bool rows_fit = std::size_t{width} * static_cast<std::size_t>(channels) <= sizeof row_buffer;
  while (cinfo.output_scanline < height) {
    std::uint8_t* dest = pixels.data() + std::size_t{cinfo.output_scanline} * width;
    if (channels == 1) {
      JSAMPROW row = dest;
      jpeg_read_scanlines(&cinfo, &row, 1);
      continue;
    }
    if (!rows_fit) {
      std::snprintf(job.errors.message, sizeof job.errors.message, "CMYK image too wide to decode (%u pixels)",
                    static_cast<unsigned>(width));
      jpeg_destroy_decompress(&cinfo);
      return Outcome::kError;
    }
    JSAMPROW row = row_buffer;
    jpeg_read_scanlines(&cinfo, &row, 1);
    // Adobe CMYK JPEGs store inverted ink values: R = C*K/255 etc. with the stored (inverted) numbers.
    for (JDIMENSION x = 0; x < width; ++x) {
      const unsigned c = row_buffer[4 * x], m = row_buffer[4 * x + 1], y = row_buffer[4 * x + 2],
                     k = row_buffer[4 * x + 3];
      const bool inverted = cinfo.saw_Adobe_marker;
      const unsigned r = inverted ? c * k / 255 : (255 - c) * (255 - k) / 255;
      const unsigned g = inverted ? m * k / 255 : (255 - m) * (255 - k) / 255;
      const unsigned b = inverted ? y * k / 255 : (255 - y) * (255 - k) / 255;
      dest[x] = luma_of(r, g, b);
    }
  }
  // jpeg_finish_decompress would read on to EOI; for a truncated file the warning has been seen already.
  jpeg_abort_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return Outcome::kOk;
}

}  // namespace

Result<GrayImage> decode_jpeg_gray(const std::uint8_t* data, std::size_t size, std::string_view name,
                                   const DecodeLimits& limits) {
  GrayImage image;
  JpegJob job{data, size, &limits, &image, {}, true, false, ScanSubset::kDcOnly};
  Outcome outcome = run_jpeg(job);
  std::optional<std::vector<std::uint8_t>> scans;
  if (outcome == Outcome::kDecodeScanSubset) {
    scans = progressive_scan_subset(data, size, job.subset);
    if (scans) {
      job.data = scans->data();
      job.size = scans->size();
      job.subset_only = true;
    }
    job.subset_allowed = false;
    outcome = run_jpeg(job);
  }
  if (outcome == Outcome::kOverBudget)
    return fail(over_budget(name, image.full_width, image.full_height, limits.max_pixels));
  if (outcome == Outcome::kError) {
    return fail(Error::corruption(std::string(name) + ": cannot decode JPEG: " + job.errors.message));
  }
  if (job.errors.truncated && !limits.allow_truncated) {
    return fail(Error::corruption(std::string(name) + ": truncated JPEG (image data ends early)"));
  }
  return image;
}

}  // namespace photoaudit::hashing

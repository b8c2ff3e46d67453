// The one sniffer (photoaudit/hashing/image_format.hpp).
#include <algorithm>
#include <array>

#include "photoaudit/common/ascii_text.hpp"
#include "photoaudit/hashing/image_format.hpp"

namespace photoaudit::hashing {
namespace {

bool has_at(std::string_view bytes, std::size_t offset, std::string_view magic) {
  return bytes.size() >= offset + magic.size() && bytes.substr(offset, magic.size()) == magic;
}

// SVG is text: a BOM and white space may come first, then "<svg", or an XML declaration with "<svg" (and no
// "<htm" before it) within the first KiB.
bool looks_like_svg(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 1024);
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  while (!head.empty() && is_ascii_space(head.front())) head.remove_prefix(1);
  if (starts_with_lower(head, "<svg")) return true;
  if (!starts_with_lower(head, "<?xml")) return false;
  for (std::size_t i = 0; i + 4 <= head.size(); ++i) {
    if (starts_with_lower(head.substr(i), "<svg")) return true;
    if (starts_with_lower(head.substr(i), "<htm")) return false;
  }
  return false;
}

}  // namespace

bool is_heif_brand(std::string_view brand) {
  static constexpr std::array<std::string_view, 12> kBrands{"mif1", "msf1", "heic", "heix", "hevc", "hevx",
                                                            "heim", "heis", "hevm", "hevs", "avif", "avis"};
  return std::find(kBrands.begin(), kBrands.end(), brand) != kBrands.end();
}

ImageFormat sniff_image_format(std::string_view bytes) {
  if (has_at(bytes, 0, "\xFF\xD8\xFF")) return ImageFormat::kJpeg;
  if (has_at(bytes, 0, "\x89PNG\r\n\x1A\n")) return ImageFormat::kPng;
  if (has_at(bytes, 0, "GIF87a") || has_at(bytes, 0, "GIF89a")) return ImageFormat::kGif;
  if (has_at(bytes, 0, "RIFF") && has_at(bytes, 8, "WEBP")) return ImageFormat::kWebp;
  if (has_at(bytes, 0, std::string_view("II*\0", 4)) || has_at(bytes, 0, std::string_view("MM\0*", 4))) {
    return ImageFormat::kTiff;
  }
  if (bytes.size() >= 14 && has_at(bytes, 0, "BM") && has_at(bytes, 6, std::string_view("\0\0\0\0", 4))) {
    return ImageFormat::kBmp;
  }
  if (bytes.size() >= 12 && has_at(bytes, 4, "ftyp")) {
    const std::string_view brand = bytes.substr(8, 4);
    if (is_heif_brand(brand)) return ImageFormat::kHeif;
    if (brand == "crx ") return ImageFormat::kCr3;
  }
  if (has_at(bytes, 0, "\xFF\x0A") || has_at(bytes, 0, std::string_view("\0\0\0\x0CJXL \x0D\x0A\x87\x0A", 12))) {
    return ImageFormat::kJxl;
  }
  if (looks_like_svg(bytes)) return ImageFormat::kSvg;
  return ImageFormat::kUnknown;
}

ImageFormat sniff_image_format(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return ImageFormat::kUnknown;
  return sniff_image_format(std::string_view(reinterpret_cast<const char*>(data), size));
}

std::string_view format_name(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg:
      return "jpeg";
    case ImageFormat::kPng:
      return "png";
    case ImageFormat::kGif:
      return "gif";
    case ImageFormat::kWebp:
      return "webp";
    case ImageFormat::kTiff:
      return "tiff";
    case ImageFormat::kBmp:
      return "bmp";
    case ImageFormat::kHeif:
      return "heif";
    case ImageFormat::kCr3:
      return "cr3";
    case ImageFormat::kJxl:
      return "jxl";
    case ImageFormat::kSvg:
      return "svg";
    case ImageFormat::kUnknown:
      break;
  }
  return "unknown";
}

bool is_decodable(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg:
    case ImageFormat::kPng:
    case ImageFormat::kGif:
    case ImageFormat::kWebp:
    case ImageFormat::kTiff:
    case ImageFormat::kBmp:
    case ImageFormat::kHeif:
      return true;
    default:
      return false;
  }
}

}  // namespace photoaudit::hashing

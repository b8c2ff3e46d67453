// Image magic numbers, and the check that a resource fetched as an image really is one.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "page/curl_support.hpp"
#include "photoaudit/audit/fetch.hpp"

namespace photoaudit::audit {
namespace {

bool starts_with_bytes(std::string_view bytes, std::string_view magic) { return bytes.substr(0, magic.size()) == magic; }

bool is_heif_brand(std::string_view brand) {
  constexpr std::array<std::string_view, 10> kBrands{"heic", "heix", "heim", "heis", "hevc",
                                                    "hevx", "mif1", "msf1", "avif", "avis"};
  return std::find(kBrands.begin(), kBrands.end(), brand) != kBrands.end();
}

bool ieq_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

bool looks_like_svg(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 1024);
  if (starts_with_bytes(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  while (!head.empty() && std::isspace(static_cast<unsigned char>(head.front()))) head.remove_prefix(1);
  if (ieq_prefix(head, "<svg")) return true;
  if (!ieq_prefix(head, "<?xml")) return false;
  for (std::size_t i = 0; i + 4 <= head.size(); ++i) {
    if (ieq_prefix(head.substr(i), "<svg")) return true;
    if (ieq_prefix(head.substr(i), "<htm")) return false;
  }
  return false;
}

// At most 32 printable characters of the body, for messages.
std::string excerpt(std::string_view bytes) {
  std::string out;
  for (char c : bytes.substr(0, 32)) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u >= 0x20 && u < 0x7f && c != '"' ? c : '.');
  }
  return out;
}

}  // namespace

std::string_view sniff_image_format(std::string_view bytes) {
  if (starts_with_bytes(bytes, "\xFF\xD8\xFF")) return "jpeg";
  if (starts_with_bytes(bytes, "\x89PNG\r\n\x1A\n")) return "png";
  if (starts_with_bytes(bytes, "GIF87a") || starts_with_bytes(bytes, "GIF89a")) return "gif";
  if (bytes.size() >= 12 && starts_with_bytes(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP") return "webp";
  if (starts_with_bytes(bytes, std::string_view("II*\0", 4)) || starts_with_bytes(bytes, std::string_view("MM\0*", 4))) {
    return "tiff";
  }
  if (bytes.size() >= 14 && starts_with_bytes(bytes, "BM") && bytes.substr(6, 4) == std::string_view("\0\0\0\0", 4)) {
    return "bmp";
  }
  if (bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp" && is_heif_brand(bytes.substr(8, 4))) return "heif";
  if (starts_with_bytes(bytes, "\xFF\x0A") ||
      starts_with_bytes(bytes, std::string_view("\0\0\0\x0CJXL \x0D\x0A\x87\x0A", 12))) {
    return "jxl";
  }
  if (looks_like_svg(bytes)) return "svg";
  return "";
}

Result<std::string_view> verify_image_response(const FetchedResource& resource) {
  const std::string_view format = sniff_image_format(resource.body);
  if (!format.empty()) return format;
  const std::string subject = page::display_url(resource.url);
  if (resource.body.empty()) return std::unexpected(Error::corruption(subject + ": not an image: empty body"));
  const std::string type = resource.content_type.empty() ? "none" : resource.content_type;
  return std::unexpected(Error::corruption(subject + ": not an image: content type " + type +
                                           ", body starts with \"" + excerpt(resource.body) + "\""));
}

}  // namespace photoaudit::audit

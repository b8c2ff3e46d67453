// The check that a resource fetched as an image really is one (the magic numbers: hashing's one sniffer).
#include <string>

#include "page/curl_support.hpp"
#include "photoaudit/audit/fetch.hpp"
#include "photoaudit/hashing/image_format.hpp"

namespace photoaudit::audit {
namespace {

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
  const hashing::ImageFormat format = hashing::sniff_image_format(bytes);
  return format == hashing::ImageFormat::kUnknown ? std::string_view{} : hashing::format_name(format);
}

Result<std::string_view> verify_image_response(const FetchedResource& resource) {
  const std::string_view format = sniff_image_format(resource.body);
  if (!format.empty()) return format;
  const std::string subject = page::display_url(resource.url);
  if (resource.body.empty()) return std::unexpected(Error::corruption(subject + ": not an image: empty body"));
  const std::string type = resource.content_type.empty() ? "none" : resource.content_type;
  return std::unexpected(Error::corruption(subject + ": not an image: content type " + type + ", body starts with \"" +
                                           excerpt(resource.body) + "\""));
}

}  // namespace photoaudit::audit

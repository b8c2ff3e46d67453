#include "report/html_escape.hpp"

#include <array>

#include <span>

#include "photoaudit/common/encoding.hpp"
#include "report/utf8_repair.hpp"

namespace photoaudit::audit::html {
namespace {

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

}  // namespace

std::string escape(std::string_view s) {
  const std::string text = valid_utf8(s);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
        break;
    }
  }
  return out;
}

bool is_safe_image_data_uri(std::string_view uri, std::size_t max_size) {
  static constexpr std::array<std::string_view, 2> kPrefixes{"data:image/jpeg;base64,", "data:image/png;base64,"};
  if (uri.size() > max_size) return false;
  std::string_view payload;
  for (const std::string_view prefix : kPrefixes) {
    if (uri.starts_with(prefix)) payload = uri.substr(prefix.size());
  }
  if (payload.empty() || payload.size() % 4 != 0) return false;
  std::size_t padding = 0;
  while (padding < 2 && payload[payload.size() - 1 - padding] == '=') ++padding;
  const std::string_view body = payload.substr(0, payload.size() - padding);
  if (body.empty()) return false;
  for (const char c : body) {
    if (!is_base64_char(c)) return false;
  }
  return true;
}

std::string jpeg_data_uri(std::string_view jpeg) {
  return "data:image/jpeg;base64," + base64(std::span(reinterpret_cast<const std::uint8_t*>(jpeg.data()), jpeg.size()));
}

}  // namespace photoaudit::audit::html

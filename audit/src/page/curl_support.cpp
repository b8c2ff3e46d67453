#include "page/curl_support.hpp"

#include <cctype>
#include <cstdio>
#include <mutex>

namespace photoaudit::audit::page {

bool ensure_curl_initialized() {
  static std::once_flag once;
  static bool initialized = false;
  std::call_once(once, [] { initialized = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; });
  return initialized;
}

std::string display_url(std::string_view url) {
  const bool is_data = url_scheme(url) == "data";
  const std::size_t cap = is_data ? 64 : 200;
  std::string out;
  for (std::size_t i = 0; i < url.size() && i < cap; ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    out.push_back(c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c));
  }
  if (url.size() > cap) out += "...";
  return out;
}

std::string format_seconds(std::chrono::milliseconds duration) {
  const long long ms = duration.count();
  char buf[64];
  if (ms % 1000 == 0) {
    std::snprintf(buf, sizeof buf, "%lld s", ms / 1000);
  } else {
    std::snprintf(buf, sizeof buf, "%.3g s", static_cast<double>(ms) / 1000.0);
  }
  return buf;
}

std::string format_byte_limit(std::uint64_t bytes) {
  constexpr std::uint64_t kKB = 1024;
  constexpr std::uint64_t kMB = 1024 * 1024;
  if (bytes >= kMB && bytes % kMB == 0) return std::to_string(bytes / kMB) + " MB";
  if (bytes >= kKB && bytes % kKB == 0) return std::to_string(bytes / kKB) + " KB";
  return std::to_string(bytes) + " bytes";
}

std::string url_scheme(std::string_view url) {
  std::size_t i = 0;
  while (i < url.size() && (url[i] == ' ' || url[i] == '\t' || url[i] == '\n' || url[i] == '\r' || url[i] == '\f')) {
    ++i;
  }
  const std::size_t start = i;
  if (i >= url.size() || !std::isalpha(static_cast<unsigned char>(url[i]))) return "";
  while (i < url.size()) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (c == ':') break;
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return "";
    ++i;
  }
  if (i >= url.size()) return "";
  std::string scheme(url.substr(start, i - start));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return scheme;
}

}  // namespace photoaudit::audit::page

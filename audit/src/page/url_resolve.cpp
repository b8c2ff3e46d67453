#include "page/url_resolve.hpp"

#include "page/curl_support.hpp"

namespace photoaudit::audit::page {
namespace {

bool is_trim_space(char c) { return static_cast<unsigned char>(c) <= 0x20; }

std::string clean_reference(std::string_view reference) {
  while (!reference.empty() && is_trim_space(reference.front())) reference.remove_prefix(1);
  while (!reference.empty() && is_trim_space(reference.back())) reference.remove_suffix(1);
  std::string out;
  out.reserve(reference.size());
  for (char c : reference) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) {
      // Spaces and the other control characters are percent-encoded, as a browser does: a resolved URL never
      // carries a raw control character (a NUL would cut it short in curl; found by scripts/fuzz url_resolve).
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// base + reference through curl's URL API; "" on failure.
std::string curl_resolve(const std::string& base, const std::string& reference) {
  if (!ensure_curl_initialized()) return "";
  CurlUrlPtr handle(curl_url());
  if (!handle) return "";
  if (!base.empty() && curl_url_set(handle.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK) return "";
  if (curl_url_set(handle.get(), CURLUPART_URL, reference.c_str(), 0) != CURLUE_OK) return "";
  char* out = nullptr;
  std::string result;
  if (curl_url_get(handle.get(), CURLUPART_URL, &out, 0) == CURLUE_OK && out != nullptr) result = out;
  curl_free(out);
  const std::string scheme = url_scheme(result);
  if (scheme != "http" && scheme != "https") return "";
  // curl decodes a percent-encoded host ("w-%7F" becomes a raw DEL) and then hands back a URL it cannot parse
  // itself: such a result is refused (found by scripts/fuzz url_resolve).
  for (const char c : result) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return "";
  }
  CurlUrlPtr check(curl_url());
  if (!check || curl_url_set(check.get(), CURLUPART_URL, result.c_str(), 0) != CURLUE_OK) return "";
  return result;
}

}  // namespace

UrlResolver::UrlResolver(std::string base) : base_(is_web_url(base) ? curl_resolve("", base) : std::string()) {}

bool UrlResolver::is_web_url(std::string_view url) {
  const std::string scheme = url_scheme(url);
  return (scheme == "http" || scheme == "https") && !curl_resolve("", clean_reference(url)).empty();
}

ResolvedUrl UrlResolver::resolve(std::string_view reference) const {
  const std::string cleaned = clean_reference(reference);
  if (cleaned.empty()) return {"", UrlOutcome::kEmpty, ""};
  const std::string scheme = url_scheme(cleaned);
  if (scheme == "data") return {std::string(reference), UrlOutcome::kData, scheme};
  if (!scheme.empty() && scheme != "http" && scheme != "https") {
    return {std::string(reference), UrlOutcome::kOtherScheme, scheme};
  }
  if (scheme.empty() && base_.empty()) return {std::string(reference), UrlOutcome::kNoBase, ""};
  if (cleaned.front() == '#') {
    // A fragment-only reference is the base itself (curl 7.88 drops the base's last path segment here).
    const std::string without_fragment = base_.substr(0, base_.find('#'));
    return {without_fragment + cleaned, UrlOutcome::kResolved, ""};
  }
  std::string resolved = curl_resolve(base_, cleaned);
  if (resolved.empty()) return {std::string(reference), UrlOutcome::kUnresolvable, ""};
  return {std::move(resolved), UrlOutcome::kResolved, ""};
}

}  // namespace photoaudit::audit::page

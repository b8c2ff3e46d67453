// data: URLs (RFC 2397): decoded locally, never sent to curl.
#include <cctype>
#include <string>

#include "page/curl_support.hpp"
#include "photoaudit/audit/fetch.hpp"
#include "photoaudit/common/ascii_text.hpp"

namespace photoaudit::audit {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;  // '-' and '_': the URL-safe alphabet, seen in the wild
  if (c == '/' || c == '_') return 63;
  return -1;
}

enum class DecodeStatus { kOk, kMalformed, kTooLarge };

DecodeStatus percent_decode(std::string_view text, std::uint64_t max_bytes, std::string& out) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    // As WHATWG's percent-decode: a '%' not followed by two hex digits stays literal ("width='100%'" in SVG).
    if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      c = static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    }
    if (out.size() >= max_bytes) return DecodeStatus::kTooLarge;
    out.push_back(c);
  }
  return DecodeStatus::kOk;
}

DecodeStatus base64_decode(std::string_view text, std::uint64_t max_bytes, std::string& out) {
  std::uint32_t accumulator = 0;
  int bits = 0;
  bool padding_seen = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') continue;
    if (c == '=') {
      padding_seen = true;
      continue;
    }
    const int value = base64_value(c);
    if (value < 0 || padding_seen) return DecodeStatus::kMalformed;
    accumulator = (accumulator << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (out.size() >= max_bytes) return DecodeStatus::kTooLarge;
      out.push_back(static_cast<char>((accumulator >> bits) & 0xFF));
    }
  }
  if (bits >= 6) return DecodeStatus::kMalformed;  // a single leftover sextet cannot encode a byte
  return DecodeStatus::kOk;
}

}  // namespace

Result<FetchedResource> decode_data_url(std::string_view url, std::uint64_t max_bytes) {
  const std::string subject = page::display_url(url);
  if (page::url_scheme(url) != "data") return std::unexpected(Error::invalid_argument(subject + ": not a data: URL"));
  const std::size_t colon = url.find(':');
  const std::size_t comma = url.find(',', colon);
  if (comma == std::string_view::npos) {
    return std::unexpected(Error::corruption(subject + ": malformed data: URL (no comma)"));
  }
  std::string meta = lower_trimmed(url.substr(colon + 1, comma - colon - 1));
  bool is_base64 = false;
  if (meta.size() >= 7 && meta.ends_with(";base64")) {
    is_base64 = true;
    meta.resize(meta.size() - 7);
  }
  FetchedResource resource;
  resource.url = std::string(url);
  resource.final_url = resource.url;
  resource.status = 200;
  const std::size_t semicolon = meta.find(';');
  resource.content_type = lower_trimmed(std::string_view(meta).substr(0, semicolon));
  if (resource.content_type.empty()) resource.content_type = "text/plain";
  if (semicolon != std::string::npos) {
    const std::size_t charset = meta.find("charset=", semicolon);
    if (charset != std::string::npos) {
      resource.charset = lower_trimmed(
          std::string_view(meta).substr(charset + 8, meta.find(';', charset) - charset - 8));
    }
  }
  std::string decoded;
  DecodeStatus status = percent_decode(url.substr(comma + 1), is_base64 ? url.size() : max_bytes, decoded);
  if (status == DecodeStatus::kOk && is_base64) {
    std::string bytes;
    status = base64_decode(decoded, max_bytes, bytes);
    decoded.swap(bytes);
  }
  if (status == DecodeStatus::kMalformed) {
    return std::unexpected(Error::corruption(subject + ": malformed data: URL (" + "bad base64)"));
  }
  if (status == DecodeStatus::kTooLarge) {
    return std::unexpected(
        Error::limit_exceeded(subject + ": data: URL exceeds " + page::format_byte_limit(max_bytes) + " limit"));
  }
  resource.body = std::move(decoded);
  return resource;
}

}  // namespace photoaudit::audit

// Byte-to-text encodings shared by the libraries: hex digests, base64 (data: URIs, CSP hashes), and the
// percent-encoding of a file path in a URI (SARIF locations, SQLite "file:" URIs).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace photoaudit {

// Two lower-case hex digits per byte: {0xAB, 0x01} -> "ab01".
std::string hex_lower(std::span<const std::uint8_t> bytes);

// RFC 4648 base64 with the standard alphabet and '=' padding, no line breaks.
std::string base64(std::span<const std::uint8_t> bytes);

// The bytes of RFC 4648 base64 text (standard alphabet, '=' padding required, no whitespace); nullopt for any
// other character, a length that is not a multiple of 4, or padding anywhere but at the end.
std::optional<std::string> base64_decode(std::string_view text);

// Appends "%XX" (upper-case hex, RFC 3986) for c.
void append_percent_escape(std::string& out, unsigned char c);

// True for RFC 3986's unreserved characters: ALPHA, DIGIT, '-', '.', '_', '~'.
constexpr bool is_uri_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// A file path as a URI path: every byte but the unreserved characters and '/' percent-encoded, so ':', '#',
// '?', '%', spaces and non-ASCII bytes can never change how the URI parses. "/a b/c#1.jpg" -> "/a%20b/c%231.jpg".
std::string percent_encode_path(std::string_view path);

}  // namespace photoaudit

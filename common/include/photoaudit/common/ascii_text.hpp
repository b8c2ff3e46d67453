// ASCII case and white space, for protocol text: MIME types, charset labels, HTML tag and attribute names, URL
// schemes, header names. Bytes above 0x7F are kept as they are. Human text (names, credits) is folded with
// Unicode rules in registry/src/unicode_text.hpp instead.
#pragma once

#include <string>
#include <string_view>

namespace photoaudit {

// True for ' ', '\t', '\n', '\v', '\f', '\r' (std::isspace in the C locale).
constexpr bool is_ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// 'A'..'Z' to 'a'..'z'; every other byte unchanged.
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }
std::string ascii_lower(std::string_view s);

// s without leading and trailing ASCII white space (is_ascii_space).
std::string_view trim_ascii_space(std::string_view s);

// ascii_lower(trim_ascii_space(s)): "  Image/JPEG " -> "image/jpeg".
std::string lower_trimmed(std::string_view s);

// True when s starts with prefix, ignoring ASCII case. REQUIRES: prefix is lower case.
bool starts_with_lower(std::string_view s, std::string_view prefix);

// The first position >= from where needle occurs in s ignoring ASCII case, or npos. REQUIRES: needle is lower case.
std::size_t find_lower(std::string_view s, std::string_view needle, std::size_t from = 0);

}  // namespace photoaudit

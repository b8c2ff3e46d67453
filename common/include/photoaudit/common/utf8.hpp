// UTF-8: encoding a code point, checking and repairing byte strings. The one set of these for every library;
// what needs Unicode properties (case folding, normalisation) stays with ICU in registry/src/unicode_text.hpp.
//
// Well-formed means RFC 3629: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no
// truncated sequence, no stray continuation byte.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace photoaudit {

// Appends c as UTF-8 (1 to 4 bytes). REQUIRES: c <= U+10FFFF and not a surrogate (a Unicode scalar value).
void append_utf8(std::string& out, char32_t c);

// The length (1..4) of the well-formed sequence that starts at s[i], storing its code point in *code_point
// when that is not null; 0 when s[i] starts none. REQUIRES: i < s.size().
std::size_t utf8_sequence_at(std::string_view s, std::size_t i, char32_t* code_point = nullptr);

// The offset of the first byte that is not part of a well-formed sequence, or std::string_view::npos.
std::size_t find_invalid_utf8(std::string_view s);

// True when s is well-formed UTF-8 (find_invalid_utf8(s) == npos).
bool is_valid_utf8(std::string_view s);

// s with every byte that starts no well-formed sequence replaced by U+FFFD, one replacement per bad byte;
// well-formed sequences are kept as they are. Never fails.
std::string repair_utf8(std::string_view s);

// Decodes the code point at s[i] and advances i past it. REQUIRES: i < s.size() and s is well-formed UTF-8
// (on ill-formed input it returns some value and advances by at least one byte, never past s.size()).
char32_t next_code_point(std::string_view s, std::size_t& i);

}  // namespace photoaudit

// Private to photoaudit_registry: the Unicode text primitives the credit parser and the alias table share.
// All functions take and return UTF-8. ICU objects (normalisers) are created once per process.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "photoaudit/common/utf8.hpp"

namespace photoaudit::registry::text {

// find_invalid_utf8, next_code_point and append_utf8: the shared ones (photoaudit/common/utf8.hpp).
using ::photoaudit::append_utf8;
using ::photoaudit::find_invalid_utf8;
using ::photoaudit::next_code_point;

// Decodes HTML character references: the named ones that occur in credits (&amp; &copy; &nbsp; &ndash;
// quotes, accented letters, ...) and numeric ones (&#169; &#xA9;). Unknown or malformed references stay as
// they are; references to NUL, surrogates or beyond U+10FFFF become U+FFFD.
std::string decode_html_entities(std::string_view s);

// Normalises printed text for parsing: decodes HTML entities (two levels, for double-escaped CMS output),
// removes default-ignorable characters (zero-width spaces and joiners, soft hyphens, bidi controls, BOM),
// maps every space separator and control character to ' ', every dash to '-', slash look-alikes to '/',
// bar look-alikes to '|', typographic quotes to '"' or '\'', fullwidth ASCII to ASCII, "(c)" to "©",
// collapses runs of spaces, trims, and composes to NFC.
// REQUIRES: s is valid UTF-8 (see find_invalid_utf8).
std::string clean(std::string_view s);

// The key under which a name is matched: NFKC with case folding (ICU nfkc_cf), runs of spaces, '-' and
// '_' turned into one space, trimmed. "Picture-Alliance" and "picture alliance" have the same key.
// REQUIRES: s is valid UTF-8.
std::string fold_key(std::string_view s);

// fold_key(a) == fold_key(b), without allocating when both are ASCII.
bool same_key(std::string_view a, std::string_view b);

// Simple (one-to-one) case folding of one code point, and Unicode character classes.
char32_t fold(char32_t c);
bool is_letter(char32_t c);
bool is_upper(char32_t c);
bool is_lower(char32_t c);
bool is_digit(char32_t c);
inline bool is_space(char c) { return c == ' '; }  // clean() has mapped every other space to ' '

// Case-insensitive comparisons against a phrase written in lower case (folded). Positions are bytes in s.
// starts_with_folded: the number of bytes of s that match phrase at s[0], or 0 when they do not.
std::size_t starts_with_folded(std::string_view s, std::string_view phrase);
bool equals_folded(std::string_view s, std::string_view phrase);
// The first position >= from where phrase occurs in s as whole words (not preceded or followed by a letter
// or digit), or npos.
std::size_t find_words_folded(std::string_view s, std::string_view phrase, std::size_t from = 0);

// Trims ' ' from both ends.
std::string_view trim(std::string_view s);
// True when every letter of s is upper case and s has at least one letter.
bool is_all_upper(std::string_view s);
// Number of letters and digits in s.
std::size_t count_letters(std::string_view s);
std::size_t count_digits(std::string_view s);

}  // namespace photoaudit::registry::text

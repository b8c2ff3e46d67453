#include "unicode_text.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>

#include <cstdint>

namespace photoaudit::registry::text {
namespace {

bool is_ascii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// ICU's normalisers are process-wide singletons; fetch each once.
const icu::Normalizer2* nfc() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return instance;
}

const icu::Normalizer2* nfkc_casefold() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return instance;
}

// Runs a normaliser over UTF-8; returns s unchanged when ICU reports an error (it cannot for valid UTF-8).
std::string normalize(const icu::Normalizer2* normalizer, std::string_view s) {
  if (normalizer == nullptr) return std::string(s);
  UErrorCode status = U_ZERO_ERROR;
  const icu::StringPiece piece(s.data(), static_cast<int32_t>(s.size()));
  if (normalizer->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::string(s);
  std::string out;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(s.size()));
  status = U_ZERO_ERROR;
  normalizer->normalizeUTF8(0, piece, sink, nullptr, status);
  return U_SUCCESS(status) ? out : std::string(s);
}

// What clean() makes of one code point: 0 = drop it, otherwise the replacement.
char32_t map_for_clean(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return U' ';
  if (c < 0x7F) return c;
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;  // fullwidth ASCII
  switch (c) {
    case 0x2044:
    case 0x2215:
    case 0x29F8:
    case 0x2571:
      return U'/';
    case 0x2223:
    case 0x01C0:
    case 0x23D0:
    case 0x2502:
    case 0x00A6:
      return U'|';
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2039:
    case 0x203A:
    case 0x2032:
      return U'\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
    case 0x2033:
      return U'"';
    case 0x2212:
      return U'-';
    case 0x2028:
    case 0x2029:
      return U' ';
    default:
      break;
  }
  const auto ch = static_cast<UChar32>(c);
  if (u_hasBinaryProperty(ch, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) return 0;
  const auto type = static_cast<UCharCategory>(u_charType(ch));
  if (type == U_SPACE_SEPARATOR) return U' ';
  if (type == U_DASH_PUNCTUATION) return U'-';
  return c;
}

}  // namespace

char32_t fold(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
}

bool is_letter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return u_isalpha(static_cast<UChar32>(c)) != 0;
}
bool is_upper(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_isupper(static_cast<UChar32>(c)) != 0 || u_istitle(static_cast<UChar32>(c)) != 0;
}
bool is_lower(char32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  return u_islower(static_cast<UChar32>(c)) != 0;
}
bool is_digit(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  return u_isdigit(static_cast<UChar32>(c)) != 0;
}

std::string clean(std::string_view input) {
  const std::string decoded = decode_html_entities(input);
  std::string out;
  out.reserve(decoded.size());
  const std::string_view s = decoded;
  bool pending_space = false;
  std::size_t i = 0;
  while (i < s.size()) {
    const char32_t mapped = map_for_clean(next_code_point(s, i));
    if (mapped == 0) continue;
    if (mapped == U' ') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    append_utf8(out, mapped);
  }
  // "(c)" and "(C)" are how typewriters print the copyright sign.
  for (std::size_t p = out.find('('); p != std::string::npos; p = out.find('(', p + 1)) {
    if (p + 2 < out.size() && (out[p + 1] == 'c' || out[p + 1] == 'C') && out[p + 2] == ')') {
      out.replace(p, 3, "\xC2\xA9");
    }
  }
  return is_ascii(out) ? out : normalize(nfc(), out);
}

std::string fold_key(std::string_view s) {
  std::string folded;
  std::string_view source = s;
  const bool ascii = is_ascii(s);
  if (!ascii) {
    folded = normalize(nfkc_casefold(), s);
    source = folded;
  }
  std::string key;
  key.reserve(source.size());
  bool pending = false;
  for (char c : source) {
    if (ascii && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n' || c == '\r') {
      pending = !key.empty();
      continue;
    }
    if (pending) key.push_back(' ');
    pending = false;
    key.push_back(c);
  }
  return key;
}

namespace {
// Walks an ASCII string as fold_key would produce it: lower case, separator runs as one space, trimmed.
class AsciiKeyCursor {
 public:
  explicit AsciiKeyCursor(std::string_view s) : s_(s) { skip_separators(); }
  // The next character of the key, or 0 at its end.
  char next() {
    if (i_ >= s_.size()) return 0;
    if (is_separator(s_[i_])) {
      skip_separators();
      return i_ >= s_.size() ? 0 : ' ';
    }
    const char c = s_[i_++];
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }

 private:
  static bool is_separator(char c) { return c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n' || c == '\r'; }
  void skip_separators() {
    while (i_ < s_.size() && is_separator(s_[i_])) ++i_;
  }
  std::string_view s_;
  std::size_t i_ = 0;
};
}  // namespace

bool same_key(std::string_view a, std::string_view b) {
  if (!is_ascii(a) || !is_ascii(b)) return fold_key(a) == fold_key(b);
  AsciiKeyCursor x(a);
  AsciiKeyCursor y(b);
  while (true) {
    const char c = x.next();
    if (c != y.next()) return false;
    if (c == 0) return true;
  }
}

std::size_t starts_with_folded(std::string_view s, std::string_view phrase) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (j < phrase.size()) {
    if (i >= s.size()) return 0;
    const auto a = static_cast<unsigned char>(s[i]);
    const auto b = static_cast<unsigned char>(phrase[j]);
    if (a < 0x80 && b < 0x80) {
      if (fold(a) != b) return 0;
      ++i, ++j;
      continue;
    }
    if (fold(next_code_point(s, i)) != next_code_point(phrase, j)) return 0;
  }
  return i;
}

bool equals_folded(std::string_view s, std::string_view phrase) {
  const std::size_t n = starts_with_folded(s, phrase);
  return n == s.size() && (n > 0 || phrase.empty());
}

namespace {
bool is_word_char_before(std::string_view s, std::size_t pos) {
  if (pos == 0) return false;
  std::size_t start = pos - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  std::size_t i = start;
  const char32_t c = next_code_point(s, i);
  return is_letter(c) || is_digit(c);
}
bool is_word_char_at(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return false;
  const char32_t c = next_code_point(s, pos);
  return is_letter(c) || is_digit(c);
}
}  // namespace

std::size_t find_words_folded(std::string_view s, std::string_view phrase, std::size_t from) {
  if (phrase.empty()) return std::string_view::npos;
  const auto first = static_cast<unsigned char>(phrase.front());
  // A phrase that starts with an ASCII letter can only start where that letter stands, in either case
  // (the only non-ASCII characters folding to ASCII letters are the Kelvin and long-s signs; clean() keeps
  // them, and credits do not use them).
  const bool letter = first >= 'a' && first <= 'z';
  for (std::size_t pos = from; pos < s.size(); ++pos) {
    if (letter) {  // (c | 0x20) == first exactly for the letter in either case
      while (pos < s.size() && (static_cast<unsigned char>(s[pos]) | 0x20) != first) ++pos;
      if (pos >= s.size()) break;
    } else if (first < 0x80) {  // "&", "-": ASCII that no other character folds to
      pos = s.find(static_cast<char>(first), pos);
      if (pos == std::string_view::npos) break;
    }
    const auto b = static_cast<unsigned char>(s[pos]);
    if ((b & 0xC0) == 0x80) continue;
    // Fast rejection: an ASCII byte folds to one ASCII byte, which must be the phrase's first (and the
    // same for the second byte).
    if (b < 0x80 && first < 0x80 && fold(b) != first) continue;
    if (b < 0x80 && phrase.size() > 1 && pos + 1 < s.size()) {
      const auto p2 = static_cast<unsigned char>(phrase[1]);
      const auto b2 = static_cast<unsigned char>(s[pos + 1]);
      if (p2 < 0x80 && b2 < 0x80 && fold(b2) != p2) continue;
    }
    const std::size_t n = starts_with_folded(s.substr(pos), phrase);
    if (n == 0) continue;
    const bool phrase_starts_word = is_word_char_at(phrase, 0);
    const bool phrase_ends_word = is_word_char_before(phrase, phrase.size());
    if (phrase_starts_word && is_word_char_before(s, pos)) continue;
    if (phrase_ends_word && is_word_char_at(s, pos + n)) continue;
    return pos;
  }
  return std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool is_all_upper(std::string_view s) {
  bool any = false;
  std::size_t i = 0;
  while (i < s.size()) {
    const char32_t c = next_code_point(s, i);
    if (!is_letter(c)) continue;
    if (is_lower(c)) return false;
    any = true;
  }
  return any;
}

std::size_t count_letters(std::string_view s) {
  std::size_t n = 0;
  std::size_t i = 0;
  while (i < s.size()) n += is_letter(next_code_point(s, i)) ? 1 : 0;
  return n;
}

std::size_t count_digits(std::string_view s) {
  std::size_t n = 0;
  std::size_t i = 0;
  while (i < s.size()) n += is_digit(next_code_point(s, i)) ? 1 : 0;
  return n;
}

}  // namespace photoaudit::registry::text

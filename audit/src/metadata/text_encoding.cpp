#include "metadata/text_encoding.hpp"

#include "photoaudit/common/utf8.hpp"

#include <array>

namespace photoaudit::audit::metadata {
namespace {

// Code points of Windows-1252 bytes 0x80..0x9F (0 = undefined).
constexpr std::array<char32_t, 32> kCp1252High = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                                  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

std::string_view trim(std::string_view s) {
  while (!s.empty() &&
         (s.back() == '\0' || s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  return s;
}

}  // namespace

IimCharset iim_charset_from_1_90(std::string_view raw) {
  if (raw.size() >= 3 && raw[0] == '\x1b' && raw[1] == '%' && raw[2] == 'G') return IimCharset::kUtf8;
  if (raw.empty()) return IimCharset::kUndeclared;
  return IimCharset::kLatin;
}

std::string windows1252_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else if (c < 0xA0) {
      const char32_t cp = kCp1252High[c - 0x80];
      append_utf8(out, cp == 0 ? char32_t{0xFFFD} : cp);
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

std::string decode_legacy_text(std::string_view raw, IimCharset charset, bool* fell_back) {
  if (fell_back != nullptr) *fell_back = false;
  const std::string_view text = trim(raw);
  switch (charset) {
    case IimCharset::kLatin:
      return windows1252_to_utf8(text);
    case IimCharset::kUtf8:
      if (is_valid_utf8(text)) return std::string(text);
      if (fell_back != nullptr) *fell_back = true;
      return windows1252_to_utf8(text);
    case IimCharset::kUndeclared:
      break;
  }
  if (is_valid_utf8(text)) return std::string(text);
  return windows1252_to_utf8(text);
}

}  // namespace photoaudit::audit::metadata

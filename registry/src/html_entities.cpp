// HTML character references in credit lines: CMSs escape "©" as "&copy;", "&" as "&amp;" (sometimes twice).
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "unicode_text.hpp"

namespace photoaudit::registry::text {
namespace {

struct NamedEntity {
  std::string_view name;
  char32_t code_point;
};

// Sorted by name (binary search). The references that real credit lines and captions carry.
constexpr std::array<NamedEntity, 76> kNamedEntities{{
    {"AElig", 0xC6},   {"Aacute", 0xC1},  {"Agrave", 0xC0},   {"Aring", 0xC5},   {"Atilde", 0xC3},  {"Auml", 0xC4},
    {"Ccaron", 0x10C}, {"Ccedil", 0xC7},  {"Eacute", 0xC9},   {"Oslash", 0xD8},  {"Ouml", 0xD6},    {"Scaron", 0x160},
    {"Uuml", 0xDC},    {"Zcaron", 0x17D}, {"aacute", 0xE1},   {"acirc", 0xE2},   {"aelig", 0xE6},   {"agrave", 0xE0},
    {"amp", 0x26},     {"apos", 0x27},    {"aring", 0xE5},    {"atilde", 0xE3},  {"auml", 0xE4},    {"bdquo", 0x201E},
    {"bull", 0x2022},  {"ccaron", 0x10D}, {"ccedil", 0xE7},   {"colon", 0x3A},   {"comma", 0x2C},   {"copy", 0xA9},
    {"eacute", 0xE9},  {"ecirc", 0xEA},   {"egrave", 0xE8},   {"emsp", 0x2003},  {"ensp", 0x2002},  {"euml", 0xEB},
    {"frasl", 0x2044}, {"gt", 0x3E},      {"hellip", 0x2026}, {"iacute", 0xED},  {"icirc", 0xEE},   {"iuml", 0xEF},
    {"laquo", 0xAB},   {"ldquo", 0x201C}, {"lpar", 0x28},     {"lrm", 0x200E},   {"lsquo", 0x2018}, {"lt", 0x3C},
    {"mdash", 0x2014}, {"middot", 0xB7},  {"nbsp", 0xA0},     {"ndash", 0x2013}, {"ntilde", 0xF1},  {"oacute", 0xF3},
    {"ocirc", 0xF4},   {"oslash", 0xF8},  {"ouml", 0xF6},     {"period", 0x2E},  {"quot", 0x22},    {"raquo", 0xBB},
    {"rdquo", 0x201D}, {"reg", 0xAE},     {"rlm", 0x200F},    {"rpar", 0x29},    {"rsquo", 0x2019}, {"sbquo", 0x201A},
    {"scaron", 0x161}, {"semi", 0x3B},    {"shy", 0xAD},      {"sol", 0x2F},     {"szlig", 0xDF},   {"thinsp", 0x2009},
    {"trade", 0x2122}, {"uacute", 0xFA},  {"uuml", 0xFC},     {"verbar", 0x7C},
}};
static_assert(std::is_sorted(kNamedEntities.begin(), kNamedEntities.end(),
                             [](const NamedEntity& a, const NamedEntity& b) { return a.name < b.name; }));

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Decodes the reference whose body (between '&' and ';') is body; false when it is not one.
bool decode_reference(std::string_view body, char32_t& out) {
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) return false;
    std::uint32_t value = 0;
    for (const char c : digits) {
      if (hex ? !is_hex(c) : !(c >= '0' && c <= '9')) return false;
      const std::uint32_t d = c <= '9' ? static_cast<std::uint32_t>(c - '0')
                                       : static_cast<std::uint32_t>((c | 0x20) - 'a' + 10);
      value = value * (hex ? 16u : 10u) + d;
    }
    const bool invalid = value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF);
    out = invalid ? char32_t{0xFFFD} : static_cast<char32_t>(value);
    return true;
  }
  const auto it = std::lower_bound(kNamedEntities.begin(), kNamedEntities.end(), body,
                                   [](const NamedEntity& e, std::string_view n) { return e.name < n; });
  if (it == kNamedEntities.end() || it->name != body) return false;
  out = it->code_point;
  return true;
}

std::string decode_once(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) break;
    out.append(s.substr(i, amp - i));
    const std::size_t semi = s.find(';', amp + 1);
    char32_t c = 0;
    if (semi != std::string_view::npos && semi - amp <= 12 && decode_reference(s.substr(amp + 1, semi - amp - 1), c)) {
      append_utf8(out, c);
      i = semi + 1;
    } else {
      out.push_back('&');
      i = amp + 1;
    }
  }
  out.append(s.substr(std::min(i, s.size())));
  return out;
}

}  // namespace

std::string decode_html_entities(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  std::string once = decode_once(s);
  if (once.find('&') == std::string::npos) return once;
  return decode_once(once);
}

}  // namespace photoaudit::registry::text

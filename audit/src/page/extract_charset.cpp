#include "page/extract_charset.hpp"

#include "photoaudit/common/ascii_text.hpp"
#include "photoaudit/common/utf8.hpp"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

namespace photoaudit::audit::page {
namespace {

constexpr std::size_t kPrescanBytes = 8192;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// WHATWG encoding labels that matter: Latin-1 and ASCII labels mean windows-1252; UTF-16 in a <meta> means UTF-8.
std::string canonical_charset(std::string_view label) {
  std::string name = lower_trimmed(label.substr(0, 40));
  for (char& c : name) {  // the label comes from the page: keep it printable for notes
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f || c == '"') c = '?';
  }
  constexpr std::array<std::string_view, 4> kUtf8{"utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"};
  constexpr std::array<std::string_view, 14> kWindows1252{
      "windows-1252", "cp1252",   "x-cp1252", "iso-8859-1",     "iso8859-1", "iso_8859-1", "latin1",
      "l1",           "us-ascii", "ascii",    "ansi_x3.4-1968", "cp819",     "ibm819",     "iso-ir-100"};
  if (std::find(kUtf8.begin(), kUtf8.end(), name) != kUtf8.end()) return "utf-8";
  if (std::find(kWindows1252.begin(), kWindows1252.end(), name) != kWindows1252.end()) return "windows-1252";
  return name;
}

// The value after "charset" (and '=') in a Content-Type-like string, "" when none.
std::string charset_from_content(std::string_view content) {
  const std::string lowered = ascii_lower(content);
  std::size_t at = lowered.find("charset");
  if (at == std::string::npos) return "";
  at += 7;
  while (at < content.size() && is_space(content[at])) ++at;
  if (at >= content.size() || content[at] != '=') return "";
  ++at;
  while (at < content.size() && is_space(content[at])) ++at;
  char quote = 0;
  if (at < content.size() && (content[at] == '"' || content[at] == '\'')) quote = content[at++];
  std::size_t end = at;
  while (end < content.size() && content[end] != quote && content[end] != ';' &&
         (quote != 0 || !is_space(content[end]))) {
    ++end;
  }
  return lower_trimmed(content.substr(at, end - at));
}

struct Attribute {
  std::string name;
  std::string value;
};

// Reads one attribute of a tag at pos (prescan rules); returns false at the tag's end.
bool next_attribute(std::string_view s, std::size_t& pos, Attribute& attribute) {
  while (pos < s.size() && (is_space(s[pos]) || s[pos] == '/')) ++pos;
  if (pos >= s.size() || s[pos] == '>') return false;
  attribute = {};
  while (pos < s.size() && !is_space(s[pos]) && s[pos] != '=' && s[pos] != '>' && s[pos] != '/') {
    attribute.name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[pos++]))));
  }
  while (pos < s.size() && is_space(s[pos])) ++pos;
  if (pos >= s.size() || s[pos] != '=') return true;
  ++pos;
  while (pos < s.size() && is_space(s[pos])) ++pos;
  if (pos < s.size() && (s[pos] == '"' || s[pos] == '\'')) {
    const char quote = s[pos++];
    const std::size_t end = s.find(quote, pos);
    const std::size_t stop = end == std::string_view::npos ? s.size() : end;
    attribute.value = std::string(s.substr(pos, stop - pos));
    pos = stop == s.size() ? stop : stop + 1;
  } else {
    while (pos < s.size() && !is_space(s[pos]) && s[pos] != '>') attribute.value.push_back(s[pos++]);
  }
  return true;
}

struct ConverterDeleter {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterDeleter>;

ConverterPtr open_converter(const std::string& charset) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status)) converter.reset();
  return converter;
}

// Converts with ICU; undecodable bytes become the converter's substitution character.
std::string to_utf8(std::string_view bytes, UConverter* converter) {
  if (bytes.empty()) return "";
  const auto length = static_cast<int32_t>(bytes.size());
  std::u16string utf16(bytes.size() + 1, u'\0');  // enough for nearly every charset; retried when not
  UErrorCode status = U_ZERO_ERROR;
  int32_t units = ucnv_toUChars(converter, utf16.data(), static_cast<int32_t>(utf16.size()), bytes.data(), length,
                                &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    utf16.assign(static_cast<std::size_t>(units) + 1, u'\0');
    status = U_ZERO_ERROR;
    ucnv_reset(converter);
    units = ucnv_toUChars(converter, utf16.data(), static_cast<int32_t>(utf16.size()), bytes.data(), length, &status);
  }
  if (U_FAILURE(status)) return "";
  int32_t needed = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8WithSub(nullptr, 0, &needed, utf16.data(), units, 0xFFFD, nullptr, &status);
  std::string out(static_cast<std::size_t>(needed), '\0');
  status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), needed, &needed, utf16.data(), units, 0xFFFD, nullptr, &status);
  if (U_FAILURE(status) && status != U_STRING_NOT_TERMINATED_WARNING) return "";
  return out;
}

std::string windows_1252_to_utf8(std::string_view bytes) {
  ConverterPtr converter = open_converter("windows-1252");
  return converter ? to_utf8(bytes, converter.get()) : std::string(bytes);
}

bool has_non_ascii(std::string_view bytes) {
  return std::any_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

DecodedHtml decode_undeclared(std::string_view bytes) {
  if (is_valid_utf8(bytes)) return {std::string(bytes), "utf-8"};
  return {windows_1252_to_utf8(bytes), "windows-1252"};
}

}  // namespace

std::string prescan_meta_charset(std::string_view bytes) {
  const std::string_view s = bytes.substr(0, kPrescanBytes);
  std::size_t pos = 0;
  while ((pos = s.find('<', pos)) != std::string_view::npos) {
    if (s.substr(pos, 4) == "<!--") {
      const std::size_t end = s.find("-->", pos + 4);
      if (end == std::string_view::npos) return "";
      pos = end + 3;
      continue;
    }
    if (starts_with_lower(s.substr(pos), "<meta") && pos + 5 < s.size() &&
        (is_space(s[pos + 5]) || s[pos + 5] == '/')) {
      pos += 5;
      Attribute attribute;
      std::string http_equiv;
      std::string content;
      while (next_attribute(s, pos, attribute)) {
        if (attribute.name == "charset") return canonical_charset(attribute.value);
        if (attribute.name == "http-equiv") http_equiv = lower_trimmed(attribute.value);
        if (attribute.name == "content") content = attribute.value;
      }
      if (http_equiv == "content-type") {
        const std::string charset = charset_from_content(content);
        if (!charset.empty()) return canonical_charset(charset);
      }
      continue;
    }
    if (pos + 1 < s.size() && (std::isalpha(static_cast<unsigned char>(s[pos + 1])) || s[pos + 1] == '/')) {
      ++pos;  // another tag: skip its attributes so a quoted '>' does not end it early
      while (pos < s.size() && !is_space(s[pos]) && s[pos] != '>') ++pos;
      Attribute attribute;
      while (next_attribute(s, pos, attribute)) {
      }
      continue;
    }
    ++pos;
  }
  return "";
}

DecodedHtml decode_html(std::string_view bytes, std::string_view http_charset, std::vector<std::string>& notes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    if (is_valid_utf8(bytes)) return {std::string(bytes), "utf-8"};
    notes.push_back("page has a UTF-8 byte order mark but is not valid UTF-8; invalid bytes replaced");
    ConverterPtr converter = open_converter("utf-8");
    return {converter ? to_utf8(bytes, converter.get()) : std::string(), "utf-8"};
  }
  for (const char* utf16 : {"utf-16le", "utf-16be"}) {
    const bool little = std::string_view(utf16) == "utf-16le";
    if (bytes.starts_with(little ? "\xFF\xFE" : "\xFE\xFF")) {
      ConverterPtr converter = open_converter(utf16);
      return {converter ? to_utf8(bytes.substr(2), converter.get()) : std::string(), utf16};
    }
  }
  std::string source = "HTTP header";
  std::string declared = canonical_charset(http_charset);
  if (declared.empty()) {
    declared = prescan_meta_charset(bytes);
    source = "<meta>";
  }
  if (declared.starts_with("utf-16")) declared = "utf-8";  // a <meta> readable as ASCII cannot be UTF-16
  if (declared.empty()) return decode_undeclared(bytes);
  if (declared == "utf-8") {
    if (is_valid_utf8(bytes)) return {std::string(bytes), "utf-8"};
    notes.push_back("page declares utf-8 (" + source + ") but is not valid UTF-8; decoded as windows-1252");
    return {windows_1252_to_utf8(bytes), "windows-1252"};
  }
  ConverterPtr converter = open_converter(declared);
  if (!converter) {
    notes.push_back("page declares unknown charset \"" + declared + "\" (" + source + "); ignored");
    return decode_undeclared(bytes);
  }
  if (ucnv_getMaxCharSize(converter.get()) == 1 && has_non_ascii(bytes) && is_valid_utf8(bytes)) {
    notes.push_back("page declares " + declared + " (" + source + ") but is valid UTF-8; decoded as UTF-8");
    return {std::string(bytes), "utf-8"};
  }
  return {to_utf8(bytes, converter.get()), declared};
}

}  // namespace photoaudit::audit::page

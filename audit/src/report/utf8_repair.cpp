#include "report/utf8_repair.hpp"

#include "photoaudit/common/utf8.hpp"

namespace photoaudit::audit {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_unwanted_control(char32_t c) {
  if (c == '\t' || c == '\n' || c == '\r') return false;
  return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

}  // namespace

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t code_point = 0;
    const std::size_t length = utf8_sequence_at(s, i, &code_point);
    if (length == 0 || is_unwanted_control(code_point)) {
      out += kReplacement;
      i += length == 0 ? 1 : length;
      continue;
    }
    out.append(s.substr(i, length));
    i += length;
  }
  return out;
}

}  // namespace photoaudit::audit

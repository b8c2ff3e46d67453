#include "photoaudit/audit/terminal_text.hpp"

#include "photoaudit/common/utf8.hpp"

#include <cstdio>

namespace photoaudit::audit {
namespace {

void append_hex(std::string& out, unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", c);
  out += buf;
}

}  // namespace

std::string printable(std::string_view s, bool keep_newlines) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '\n' || c == '\t') {
        if (keep_newlines) out.push_back(static_cast<char>(c));
        else out += (c == '\n' ? "\\n" : "\\t");
      } else if (c < 0x20 || c == 0x7F) {
        append_hex(out, c);
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence_at(s, i);
    if (len == 0) {
      append_hex(out, c);
      ++i;
      continue;
    }
    // C1 controls U+0080..U+009F are encoded C2 80..C2 9F.
    if (len == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
      char buf[10];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(s[i + 1]));
      out += buf;
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

}  // namespace photoaudit::audit

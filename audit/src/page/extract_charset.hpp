// Decoding an HTML page's bytes to UTF-8: byte order mark, HTTP charset, <meta> prescan, ICU conversion.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace photoaudit::audit::page {

struct DecodedHtml {
  std::string utf8;     // the page as valid UTF-8 (undecodable bytes become U+FFFD), without a byte order mark
  std::string charset;  // the charset it was decoded from, lower-case ("utf-8", "windows-1252", "shift_jis")
};

// Order, as browsers do: a byte order mark wins, then http_charset, then <meta charset> / <meta http-equiv>
// in the first 8 KB; undeclared pages are UTF-8 when valid, else windows-1252. Two repairs, each with a note:
// declared UTF-8 that is not valid UTF-8 is decoded as windows-1252; a declared single-byte charset
// (windows-1252, ISO-8859-x, ...) whose bytes are valid UTF-8 with non-ASCII sequences is decoded as UTF-8.
// Unknown charsets are noted and treated as undeclared. Appends human-readable notes; never fails.
DecodedHtml decode_html(std::string_view bytes, std::string_view http_charset, std::vector<std::string>& notes);

// The charset named by <meta charset> or <meta http-equiv="Content-Type" content="...; charset=..."> in the
// first 8 KB of bytes (skipping comments and other tags), lower-case; "" when none.
std::string prescan_meta_charset(std::string_view bytes);

}  // namespace photoaudit::audit::page

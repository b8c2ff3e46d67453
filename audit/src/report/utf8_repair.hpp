// Text from images and pages may be any bytes. Report formats that promise UTF-8 (HTML, CSV) pass every value
// through valid_utf8() first, so a reader never meets an invalid sequence or a stray control character.
#pragma once

#include <string>
#include <string_view>

namespace photoaudit::audit {

// Returns s with every byte that does not start a well-formed UTF-8 sequence (stray continuation bytes,
// overlong forms, surrogates, code points above U+10FFFF, truncated sequences) replaced by U+FFFD, one
// replacement per bad byte. C0 controls other than tab, LF and CR, DEL and the C1 controls (U+0080..U+009F)
// become U+FFFD too. Never fails.
std::string valid_utf8(std::string_view s);

}  // namespace photoaudit::audit

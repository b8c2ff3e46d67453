// Text from images and pages is attacker-controlled: before it reaches a terminal, control characters
// (which could move the cursor, recolour or retitle the terminal) are shown as visible escapes.
#pragma once

#include <string>
#include <string_view>

namespace photoaudit::audit {

// Returns s with C0 controls, DEL and C1 controls replaced by "\xNN" (UTF-8 C1 as "\u0080".."\u009f"),
// newlines and tabs by "\n" / "\t" when keep_newlines is false. Invalid UTF-8 bytes become "\xNN".
std::string printable(std::string_view s, bool keep_newlines = false);

}  // namespace photoaudit::audit

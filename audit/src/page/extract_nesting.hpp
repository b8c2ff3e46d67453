// A guard in front of the HTML parser: HTML tree building is quadratic in nesting depth (each start tag
// searches the stack of open elements), so a page of 100,000 nested <div>s takes minutes. This pass tracks
// an approximation of the open-element stack (void elements, elements with optional end tags, raw-text
// elements, comments and foreign self-closing tags handled) and drops start tags that would nest deeper than
// the limit, as browsers flatten such trees. Their content stays; images inside are still found.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace photoaudit::audit::page {

struct FlattenResult {
  std::string html;              // html with the too-deep start tags removed (a copy of html when none were)
  std::size_t dropped_tags = 0;  // start tags removed
};

// REQUIRES: max_depth >= 1.
FlattenResult flatten_deep_nesting(std::string_view html, int max_depth);

}  // namespace photoaudit::audit::page

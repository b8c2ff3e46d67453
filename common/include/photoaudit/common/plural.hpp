// A count with its noun in the number it takes: "1 image", "2 images", "0 images" (issue 17: "1 images",
// "1 more time(s)").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace photoaudit {

// n, a space, and singular when n is 1, else plural (default: singular + "s").
inline std::string counted(std::size_t n, std::string_view singular, std::string_view plural = {}) {
  std::string text = std::to_string(n) + " ";
  if (n == 1) return text.append(singular);
  if (plural.empty()) return text.append(singular).append("s");
  return text.append(plural);
}

}  // namespace photoaudit

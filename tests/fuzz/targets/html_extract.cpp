// Fuzz target: the page extractor (gumbo, charsets, nesting, srcset, JSON-LD, credits) and its URL resolver.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "photoaudit/audit/page_extract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  (void)photoaudit::audit::extract_page(html, "https://www.example.org/politik/artikel.html?id=1#top", {});
  return 0;
}

// Fuzz target: the page's URL resolver (curl's URL API behind it). The input is "BASE\nREFERENCE"; the
// reference is also resolved against a fixed article URL. A resolved URL must be an absolute http(s) URL with no
// whitespace or control characters left in it: the fetcher and every report trust that.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "page/url_resolve.hpp"

namespace {

void check(const photoaudit::audit::page::UrlResolver& resolver, std::string_view reference) {
  using photoaudit::audit::page::UrlOutcome;
  using photoaudit::audit::page::UrlResolver;
  const auto resolved = resolver.resolve(reference);
  if (resolved.outcome != UrlOutcome::kResolved) return;
  for (const char c : resolved.url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) __builtin_trap();
  }
  if (!UrlResolver::is_web_url(resolved.url)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view base = newline == std::string_view::npos ? std::string_view() : input.substr(0, newline);
  const std::string_view reference = newline == std::string_view::npos ? input : input.substr(newline + 1);
  static const photoaudit::audit::page::UrlResolver article("https://www.example.org/politik/artikel.html?id=1#top");
  check(article, reference);
  check(photoaudit::audit::page::UrlResolver(std::string(base)), reference);
  return 0;
}

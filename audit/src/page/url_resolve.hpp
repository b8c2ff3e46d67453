// Resolving URL references found in a page against its base URL (RFC 3986 via curl's URL API).
#pragma once

#include <string>
#include <string_view>

namespace photoaudit::audit::page {

enum class UrlOutcome {
  kResolved,      // an absolute http(s) URL
  kData,          // a data: URL, kept as written
  kOtherScheme,   // file:, javascript:, mailto:, ... kept as written, never resolved
  kNoBase,        // relative, and there is no http(s) base: kept as written
  kUnresolvable,  // curl rejected it (bad host, bad port, ...): kept as written
  kEmpty,         // empty after trimming
};

struct ResolvedUrl {
  std::string url;
  UrlOutcome outcome = UrlOutcome::kEmpty;
  std::string scheme;  // lower-case scheme for kOtherScheme ("file")
};

class UrlResolver {
 public:
  // base: an absolute http(s) URL or "" (then only absolute http(s) references resolve).
  explicit UrlResolver(std::string base);

  const std::string& base() const { return base_; }

  // Resolves reference as a browser would: leading/trailing whitespace trimmed, tabs and newlines removed,
  // spaces percent-encoded. Never touches the network or the file system.
  ResolvedUrl resolve(std::string_view reference) const;

  // True when url is an absolute http or https URL curl can parse.
  static bool is_web_url(std::string_view url);

 private:
  std::string base_;
};

}  // namespace photoaudit::audit::page

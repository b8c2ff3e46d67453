// schema.org images in JSON-LD blocks (<script type="application/ld+json">).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace photoaudit::audit::page {

struct JsonLdImage {
  std::string url;  // url or contentUrl as written (not resolved)
  std::string caption;
  std::string credit_text;
  std::string copyright_notice;
  std::string creator;  // names joined with ", "
  std::string license;
  std::string acquire_license_page;
};

struct JsonLdLimits {
  std::size_t max_bytes = 0;  // larger blocks are skipped
  int max_depth = 0;          // deeper blocks are skipped
};

// Images of one JSON-LD block: every ImageObject (url/contentUrl with its credit fields) and every plain URL
// given as an "image" property (e.g. NewsArticle.image). Publisher logos ("logo") are ignored.
// Invalid, oversized or too deeply nested JSON yields no images and a note (appended to notes).
std::vector<JsonLdImage> images_from_json_ld(std::string_view json, const JsonLdLimits& limits,
                                             std::vector<std::string>& notes);

}  // namespace photoaudit::audit::page

// The walk over a parsed page that finds images, their captions, printed credits and links (unresolved).
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "page/extract_json_ld.hpp"
#include "photoaudit/audit/page_extract.hpp"

namespace photoaudit::audit::page {

// An image as found: PageImage with url and link_href still as written in the page.
struct FoundImage {
  PageImage image;
};

struct WalkResult {
  std::string title;
  std::string base_href;  // first <base href>, as written; "" when none
  std::string og_image;   // first og:image, as written
  std::vector<FoundImage> images;
  std::size_t images_over_limit = 0;   // images beyond ExtractOptions::max_images
  std::size_t images_without_src = 0;  // <img> with no usable src/srcset
  std::size_t json_ld_blocks_skipped = 0;
};

// Walks the document (iteratively) and collects everything; appends notes (JSON-LD problems).
WalkResult walk_page(const GumboNode* document, const ExtractOptions& options, std::vector<std::string>& notes);

}  // namespace photoaudit::audit::page

// extract_page: size check, charset decoding, nesting guard, gumbo parse, walk, URL resolution, bounds.
#include "photoaudit/audit/page_extract.hpp"

#include <gumbo.h>

#include <memory>

#include "page/curl_support.hpp"
#include "page/extract_charset.hpp"
#include "page/extract_dom.hpp"
#include "page/extract_nesting.hpp"
#include "page/extract_walk.hpp"
#include "page/url_resolve.hpp"
#include "photoaudit/common/enum_names.hpp"

namespace photoaudit::audit {
namespace {

constexpr std::size_t kMaxNotes = 100;

struct GumboParse {
  GumboOptions options = kGumboDefaultOptions;
  GumboOutput* output = nullptr;
  GumboParse(const GumboParse&) = delete;
  GumboParse& operator=(const GumboParse&) = delete;
  GumboParse(std::string_view html, int max_errors) {
    options.max_errors = max_errors;
    output = gumbo_parse_with_options(&options, html.data(), html.size());
  }
  ~GumboParse() {
    if (output != nullptr) gumbo_destroy_output(&options, output);
  }
};

struct Resolution {
  page::UrlOutcome outcome;
  std::string note;  // for URLs that were kept as written; "" otherwise
};

// Resolves url in place; says how, with a note for URLs that were kept as written.
Resolution resolve_in_place(const page::UrlResolver& resolver, std::string& url, std::string_view what) {
  const page::ResolvedUrl resolved = resolver.resolve(url);
  const std::string shown = page::display_url(url);
  switch (resolved.outcome) {
    case page::UrlOutcome::kResolved:
      url = resolved.url;
      return {resolved.outcome, ""};
    case page::UrlOutcome::kOtherScheme:
      return {resolved.outcome, std::string(what) + " with scheme \"" + resolved.scheme +
                                    "\" kept as written, never resolved or opened: " + shown};
    case page::UrlOutcome::kNoBase:
      return {resolved.outcome,
              std::string(what) + " is relative and the page has no http(s) base URL; kept as written: " + shown};
    case page::UrlOutcome::kUnresolvable:
      return {resolved.outcome, std::string(what) + " could not be resolved; kept as written: " + shown};
    case page::UrlOutcome::kData:
    case page::UrlOutcome::kEmpty:
      return {resolved.outcome, ""};
  }
  return {resolved.outcome, ""};
}

std::string choose_base(std::string_view page_url, const std::string& base_href, std::vector<std::string>& notes) {
  const page::UrlResolver page_resolver{std::string(page_url)};
  if (!page_url.empty() && page_resolver.base().empty()) {
    notes.push_back("page URL is not an absolute http(s) URL: " + page::display_url(page_url));
  }
  if (base_href.empty()) return page_resolver.base();
  const page::ResolvedUrl resolved = page_resolver.resolve(base_href);
  if (resolved.outcome == page::UrlOutcome::kResolved) return resolved.url;
  notes.push_back("<base href> ignored (not an http(s) URL): " + page::display_url(base_href));
  return page_resolver.base();
}

void bound_texts(PageImage& image, std::size_t max_bytes, bool& cut) {
  for (std::string* text : {&image.alt, &image.caption, &image.printed_credit, &image.credit_text,
                            &image.copyright_notice, &image.creator, &image.license, &image.acquire_license_page}) {
    if (text != &image.alt) *text = page::collapse_whitespace(*text);
    if (page::truncate_utf8(*text, max_bytes)) cut = true;
  }
}

// Copies JSON-LD ImageObject fields to page images showing the same URL, where those fields are empty.
void merge_json_ld(std::vector<PageImage>& images) {
  for (const PageImage& ld : images) {
    if (ld.context != ImageContext::kJsonLd) continue;
    for (PageImage& image : images) {
      if (image.context == ImageContext::kJsonLd || image.context == ImageContext::kOgImage || image.url != ld.url) {
        continue;
      }
      for (auto field : {&PageImage::credit_text, &PageImage::copyright_notice, &PageImage::creator,
                         &PageImage::license, &PageImage::acquire_license_page}) {
        if ((image.*field).empty()) image.*field = ld.*field;
      }
    }
  }
}

}  // namespace

constexpr std::string_view kImageContextNames[] = {"figure", "teaser", "og:image", "json-ld", "inline"};
static_assert(names_cover(kImageContextNames, ImageContext::kInline));

std::string_view to_string(ImageContext context) { return name_of(kImageContextNames, context, "inline"); }

Result<PageExtract> extract_page(std::string_view html, std::string_view page_url, const ExtractOptions& options) {
  if (html.size() > options.max_html_bytes) {
    const std::string subject = page_url.empty() ? std::string("page") : page::display_url(page_url);
    return std::unexpected(Error::limit_exceeded(subject + ": page exceeds " +
                                                 page::format_byte_limit(options.max_html_bytes) + " limit"));
  }
  PageExtract extract;
  extract.url = std::string(page_url);
  std::vector<std::string>& notes = extract.notes;
  page::DecodedHtml decoded = page::decode_html(html, options.http_charset, notes);
  extract.charset = decoded.charset;
  page::FlattenResult flat = page::flatten_deep_nesting(decoded.utf8, std::max(1, options.max_nesting_depth));
  decoded.utf8.clear();
  if (flat.dropped_tags > 0) {
    notes.push_back("HTML nested deeper than " + std::to_string(options.max_nesting_depth) +
                    " elements: " + std::to_string(flat.dropped_tags) + " start tags flattened");
  }
  const GumboParse parse(flat.html, options.max_parse_errors);
  if (parse.output == nullptr || parse.output->document == nullptr) {
    notes.push_back("HTML parser produced no document");
    return extract;
  }
  if (parse.output->errors.length > 0) {
    notes.push_back("HTML has parse errors (" + std::to_string(parse.output->errors.length) + " recorded, at most " +
                    std::to_string(options.max_parse_errors) + ")");
  }
  page::WalkResult walk = page::walk_page(parse.output->document, options, notes);
  extract.title = walk.title;
  bool cut = page::truncate_utf8(extract.title, options.max_text_bytes);
  extract.base_url = choose_base(page_url, walk.base_href, notes);
  const page::UrlResolver resolver{extract.base_url};
  bool noted_no_base = false;
  std::size_t shown = 0;
  for (page::FoundImage& found : walk.images) {
    PageImage& image = found.image;
    Resolution noted = resolve_in_place(resolver, image.url, "image URL");
    if (!image.link_href.empty()) {
      Resolution link = resolve_in_place(resolver, image.link_href, "link");
      if (noted.note.empty() && link.outcome != page::UrlOutcome::kNoBase) noted = std::move(link);
    }
    const bool no_base = noted.outcome == page::UrlOutcome::kNoBase;
    const bool wanted = !no_base || (options.note_relative_without_base && !noted_no_base);
    if (!noted.note.empty() && wanted) notes.push_back(noted.note);
    noted_no_base = noted_no_base || no_base;
    bound_texts(image, options.max_text_bytes, cut);
    image.position = extract.images.size();
    if (image.context != ImageContext::kOgImage && image.context != ImageContext::kJsonLd) image.number = ++shown;
    extract.images.push_back(std::move(image));
  }
  if (!walk.og_image.empty()) {
    extract.og_image = walk.og_image;
    resolve_in_place(resolver, extract.og_image, "og:image");
  }
  merge_json_ld(extract.images);
  if (cut) notes.push_back("texts longer than " + std::to_string(options.max_text_bytes) + " bytes were cut");
  if (walk.images_over_limit > 0) {
    notes.push_back(std::to_string(walk.images_over_limit) + " further images not extracted (limit " +
                    std::to_string(options.max_images) + ")");
  }
  if (walk.images_without_src > 0) {
    notes.push_back(std::to_string(walk.images_without_src) + " <img> elements without a usable src skipped");
  }
  if (walk.json_ld_blocks_skipped > 0) {
    notes.push_back(std::to_string(walk.json_ld_blocks_skipped) + " JSON-LD blocks not read (limit " +
                    std::to_string(options.max_json_ld_blocks) + ")");
  }
  if (notes.size() > kMaxNotes) {
    const std::size_t more = notes.size() - kMaxNotes;
    notes.resize(kMaxNotes);
    notes.push_back("... and " + std::to_string(more) + " more notes");
  }
  return extract;
}

}  // namespace photoaudit::audit

// Extracting the images of an article page and the credits the page prints for them.
//
// The page is parsed with a real HTML5 parser (gumbo) after converting it to UTF-8 (ICU). Nothing is fetched
// or opened during extraction: URLs are only resolved (RFC 3986, against <base href> or the page URL).
// file:, javascript: and other non-web URLs are kept exactly as written, with a note, and never resolved.
//
// What counts as an image, in document order:
//   <img> (src, srcset, data-src/data-srcset for lazy loading) and <picture> (<source srcset> + <img>): the
//   largest candidate is picked (largest w descriptor, else largest x density, else src).
//   <meta property="og:image"> (also og:image:url, og:image:secure_url, name="twitter:image").
//   schema.org ImageObject (and plain image URLs of an "image" property) in <script type="application/ld+json">.
// The same URL may appear in several entries with different contexts (the og:image is usually also a figure);
// consumers decide what is a duplicate. An ImageObject's fields are also copied to DOM images with the same URL.
// <img> inside <noscript> is skipped when the <noscript>'s parent also has an <img> outside it (lazy-load
// fallback), so a lazily loaded image is not counted twice.
//
// Printed credits: inside a <figure>, an element whose class (or id) contains credit, copyright, source,
// byline, urheber, bildnachweis or quelle, or whose itemprop is copyrightHolder/creditText, is the credit;
// otherwise the part of the <figcaption> from a credit marker on ("Foto:", "Fotos:", "Bild:", "Bilder:",
// "Photo:", "Quelle:", "Credit:", "©", "(c)", "Copyright") is. The caption is the figcaption text without the
// credit. Outside a <figure>, a credit element (or text starting with a marker) that follows the image in
// its parent or grandparent counts when that container holds no other image.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit {

// Where on the page an image was found.
enum class ImageContext {
  kFigure,   // inside <figure> (not inside a link to another page)
  kTeaser,   // inside <a href> pointing to a page (not to an image file): a teaser for another article
  kOgImage,  // <meta property="og:image"> / twitter:image
  kJsonLd,   // a schema.org ImageObject or image URL in JSON-LD
  kInline,   // any other <img>/<picture>
};

// "figure", "teaser", "og:image", "json-ld", "inline".
std::string_view to_string(ImageContext context);

struct PageImage {
  std::string url;             // absolute (resolved) URL; data:/file:/javascript:/unresolvable ones as written
  std::string alt;             // alt attribute (og:image:alt for og:image); "" when absent
  std::string caption;         // figcaption / JSON-LD caption text without the printed credit
  std::string printed_credit;  // credit as printed: "© picture alliance / ASSOCIATED PRESS | Valery Sharifulin"
  std::string link_href;       // resolved href of the enclosing <a>, "" when none
  ImageContext context = ImageContext::kInline;
  // schema.org ImageObject fields (JSON-LD), "" when absent. creator: names joined with ", ".
  std::string credit_text;
  std::string copyright_notice;
  std::string creator;
  std::string license;
  std::string acquire_license_page;
  std::size_t position = 0;  // index in PageExtract::images (document order, 0-based)
  // The number a reader gives it: 1-based, document order, counting only the images a reader sees (figure,
  // teaser, inline); 0 for og:image and JSON-LD entries, which are not shown. "figure #3" in messages.
  std::size_t number = 0;
};

struct PageExtract {
  std::string title;     // <title> text, whitespace collapsed
  std::string url;       // the page URL as given to extract_page
  std::string base_url;  // the URL relative references were resolved against ("" when none was usable)
  std::string charset;   // the charset the page was decoded from ("utf-8", "windows-1252", ...)
  std::string og_image;  // resolved og:image URL, "" when none
  std::vector<PageImage> images;
  std::vector<std::string> notes;  // human-readable remarks: charset fallbacks, caps hit, skipped URLs, parse errors
};

struct ExtractOptions {
  // Charset from the HTTP Content-Type header (FetchedResource::charset); "" when unknown. A byte order mark
  // overrides it; it overrides <meta charset>. Default: "".
  std::string http_charset;
  // Larger pages are refused. Default: 20 MB (20 * 1024 * 1024 bytes).
  std::size_t max_html_bytes = 20u * 1024 * 1024;
  // Images beyond this are counted in a note, not extracted. Default: 500.
  std::size_t max_images = 500;
  // Longer alt/caption/credit/JSON-LD strings are cut at a UTF-8 boundary (with "…") and noted. Default: 4096.
  std::size_t max_text_bytes = 4096;
  // JSON-LD blocks larger than this are skipped with a note. Default: 1 MB.
  std::size_t max_json_ld_bytes = 1024u * 1024;
  // JSON-LD nested deeper than this is skipped with a note. Default: 32.
  int max_json_ld_depth = 32;
  // JSON-LD blocks read per page; further ones are noted. Default: 50.
  std::size_t max_json_ld_blocks = 50;
  // Elements nested deeper than this are flattened before parsing (deep nesting makes HTML tree building
  // quadratic); noted when it happens. Default: 512.
  int max_nesting_depth = 512;
  // Parse errors gumbo records (the count in the note stops there). Default: 100.
  int max_parse_errors = 100;
  // Note (once per page) that relative image URLs were kept as written because the page has no http(s) base
  // URL. A local page's caller, which reads them relative to the page's file, turns it off. Default: true.
  bool note_relative_without_base = true;
};

// Extracts title, og:image and all images with their alt text, caption, printed credit, link and JSON-LD
// fields from html (raw bytes in any charset). page_url is the page's absolute http(s) URL, or "" for a local
// file; it is used as the base unless the page has a usable <base href>. When neither gives an http(s) base,
// relative URLs stay relative and a note says so (the caller decides what they are relative to).
// Fails only with kLimitExceeded when html is larger than options.max_html_bytes ("URL: page exceeds 20 MB
// limit"); malformed HTML, bad charsets, bad JSON-LD and bad URLs yield notes, never errors. Never throws.
// The result owns all its strings.
Result<PageExtract> extract_page(std::string_view html, std::string_view page_url, const ExtractOptions& options);

}  // namespace photoaudit::audit

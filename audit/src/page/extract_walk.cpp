#include "page/extract_walk.hpp"

#include <algorithm>
#include <cctype>

#include "page/extract_credit.hpp"
#include "page/extract_dom.hpp"
#include "page/extract_srcset.hpp"
#include "page/url_resolve.hpp"
#include "photoaudit/common/ascii_text.hpp"

namespace photoaudit::audit::page {
namespace {

std::string attr(const GumboNode* node, const char* name) {
  const char* value = attribute(node, name);
  return value != nullptr ? value : "";
}

bool is_credit_element(const GumboNode* node) {
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  return is_credit_class(attr(node, "class")) || is_credit_class(attr(node, "id")) ||
         is_credit_itemprop(attr(node, "itemprop"));
}

// Counts <img> in node's subtree, stopping at limit.
std::size_t count_images(const GumboNode* node, std::size_t limit) {
  std::size_t count = is_element(node, GUMBO_TAG_IMG) ? 1 : 0;
  for_each_descendant(node, [&](const GumboNode* current) {
    if (is_element(current, GUMBO_TAG_IMG)) ++count;
    return count < limit;
  });
  return count;
}

// A link to an image file (a lightbox), not to another page.
bool is_image_href(std::string_view href) {
  std::string path = ascii_lower(href.substr(0, href.find_first_of("?#")));
  for (std::string_view ext : {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".tif", ".tiff", ".heic"}) {
    if (path.ends_with(ext)) return true;
  }
  return false;
}

bool is_teaser_link(const std::string& href) {
  if (href.empty() || href.front() == '#' || is_image_href(href)) return false;
  const std::string scheme = ascii_lower(href.substr(0, href.find(':')));
  return scheme != "javascript" && scheme != "mailto";
}

struct FigureText {
  std::string caption;
  std::string credit;
};

struct Frame {
  const GumboNode* node = nullptr;
  const GumboNode* figure = nullptr;
  const GumboNode* link = nullptr;
  const GumboNode* noscript = nullptr;
};

class Walker {
 public:
  Walker(const ExtractOptions& options, std::vector<std::string>& notes) : options_(options), notes_(notes) {}

  WalkResult run(const GumboNode* document);

 private:
  void visit(const Frame& frame);
  void on_meta(const GumboNode* node);
  void on_json_ld(const GumboNode* node);
  void on_img(const Frame& frame);
  void add(PageImage image);
  const FigureText& figure_text(const GumboNode* figure);
  std::string nearby_credit(const GumboNode* image_unit) const;
  bool is_noscript_fallback(const GumboNode* noscript);
  std::string image_url(const GumboNode* img) const;

  std::size_t text_cap() const { return options_.max_text_bytes * 4 + 64; }

  const ExtractOptions& options_;
  std::vector<std::string>& notes_;
  WalkResult result_;
  bool have_title_ = false;
  std::size_t json_ld_blocks_ = 0;
  std::map<const GumboNode*, FigureText> figures_;
  std::map<const GumboNode*, bool> noscript_fallbacks_;
};

WalkResult Walker::run(const GumboNode* document) {
  std::vector<Frame> stack{{document, nullptr, nullptr, nullptr}};
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    const GumboNode* node = frame.node;
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE && node->type != GUMBO_NODE_DOCUMENT) {
      continue;
    }
    Frame child = frame;
    if (node->type != GUMBO_NODE_DOCUMENT) {
      visit(frame);
      if (is_element(node, GUMBO_TAG_FIGURE)) child.figure = node;
      if (is_element(node, GUMBO_TAG_A) && attribute(node, "href") != nullptr) child.link = node;
      if (is_element(node, GUMBO_TAG_NOSCRIPT)) child.noscript = node;
      if (is_element(node, GUMBO_TAG_SCRIPT) || is_element(node, GUMBO_TAG_STYLE)) continue;
    }
    const GumboVector& children = node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children
                                                                    : node->v.element.children;
    for (unsigned i = children.length; i > 0; --i) {
      child.node = static_cast<const GumboNode*>(children.data[i - 1]);
      stack.push_back(child);
    }
  }
  if (json_ld_blocks_ > options_.max_json_ld_blocks) {
    result_.json_ld_blocks_skipped = json_ld_blocks_ - options_.max_json_ld_blocks;
  }
  return std::move(result_);
}

void Walker::visit(const Frame& frame) {
  const GumboNode* node = frame.node;
  if (node->type != GUMBO_NODE_ELEMENT) return;
  const bool html = node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML;
  switch (node->v.element.tag) {
    case GUMBO_TAG_TITLE:
      if (html && !have_title_) {
        have_title_ = true;
        result_.title = text_content(node, options_.max_text_bytes + 16);
      }
      break;
    case GUMBO_TAG_BASE:
      if (result_.base_href.empty() && attribute(node, "href") != nullptr) result_.base_href = attr(node, "href");
      break;
    case GUMBO_TAG_META:
      on_meta(node);
      break;
    case GUMBO_TAG_SCRIPT:
      if (ascii_lower(attr(node, "type")).starts_with("application/ld+json")) on_json_ld(node);
      break;
    case GUMBO_TAG_IMG:
      if (html) on_img(frame);
      break;
    default:
      break;
  }
}

void Walker::on_meta(const GumboNode* node) {
  const std::string key = ascii_lower(attribute(node, "property") != nullptr ? attr(node, "property")
                                                                             : attr(node, "name"));
  const std::string content = attr(node, "content");
  if (key == "og:image:alt" || key == "twitter:image:alt") {
    for (auto it = result_.images.rbegin(); it != result_.images.rend(); ++it) {
      if (it->image.context == ImageContext::kOgImage) {
        if (it->image.alt.empty()) it->image.alt = content;
        break;
      }
    }
    return;
  }
  if (key != "og:image" && key != "og:image:url" && key != "og:image:secure_url" && key != "twitter:image" &&
      key != "twitter:image:src") {
    return;
  }
  if (content.empty()) return;
  if (key == "og:image" && result_.og_image.empty()) result_.og_image = content;
  const bool seen = std::any_of(result_.images.begin(), result_.images.end(), [&](const FoundImage& found) {
    return found.image.context == ImageContext::kOgImage && found.image.url == content;
  });
  if (seen) return;
  PageImage image;
  image.url = content;
  image.context = ImageContext::kOgImage;
  add(std::move(image));
}

void Walker::on_json_ld(const GumboNode* node) {
  if (++json_ld_blocks_ > options_.max_json_ld_blocks) return;
  std::string text;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE || child->type == GUMBO_NODE_CDATA) {
      text += child->v.text.text;
      if (text.size() > options_.max_json_ld_bytes) break;
    }
  }
  const JsonLdLimits limits{options_.max_json_ld_bytes, options_.max_json_ld_depth};
  for (JsonLdImage& found : images_from_json_ld(text, limits, notes_)) {
    PageImage image;
    image.url = std::move(found.url);
    image.context = ImageContext::kJsonLd;
    image.caption = std::move(found.caption);
    image.credit_text = std::move(found.credit_text);
    image.copyright_notice = std::move(found.copyright_notice);
    image.creator = std::move(found.creator);
    image.license = std::move(found.license);
    image.acquire_license_page = std::move(found.acquire_license_page);
    add(std::move(image));
  }
}

std::string Walker::image_url(const GumboNode* img) const {
  std::vector<ImageCandidate> candidates;
  const GumboNode* parent = img->parent;
  if (parent != nullptr && tag_name(parent) == "picture") {
    const GumboVector& siblings = parent->v.element.children;
    for (unsigned i = 0; i < siblings.length; ++i) {
      const auto* sibling = static_cast<const GumboNode*>(siblings.data[i]);
      if (!is_element(sibling, GUMBO_TAG_SOURCE)) continue;
      for (const char* name : {"srcset", "data-srcset"}) {
        for (ImageCandidate& c : parse_srcset(attr(sibling, name))) candidates.push_back(std::move(c));
      }
    }
  }
  for (const char* name : {"srcset", "data-srcset"}) {
    for (ImageCandidate& c : parse_srcset(attr(img, name))) candidates.push_back(std::move(c));
  }
  std::string src = attr(img, "src");
  const std::string lazy = attribute(img, "data-src") != nullptr ? attr(img, "data-src") : attr(img, "data-original");
  const bool placeholder = src.empty() || ascii_lower(src.substr(0, 5)) == "data:";
  if (placeholder && !lazy.empty()) src = lazy;  // lazy loading: src is a blank placeholder
  if (!src.empty() && src.find_first_not_of(" \t\n\r\f") != std::string::npos) {
    candidates.push_back(ImageCandidate{src, 0, 0.0});
  }
  return largest_candidate(candidates);
}

bool Walker::is_noscript_fallback(const GumboNode* noscript) {
  const auto cached = noscript_fallbacks_.find(noscript);
  if (cached != noscript_fallbacks_.end()) return cached->second;
  bool has_other_img = false;
  for_each_descendant(noscript->parent, [&](const GumboNode* current) {
    if (current == noscript || has_other_img) return false;
    if (is_element(current, GUMBO_TAG_IMG)) has_other_img = true;
    return true;
  });
  noscript_fallbacks_[noscript] = has_other_img;
  return has_other_img;
}

void Walker::on_img(const Frame& frame) {
  if (frame.noscript != nullptr && frame.noscript->parent != nullptr && is_noscript_fallback(frame.noscript)) return;
  PageImage image;
  image.url = image_url(frame.node);
  if (image.url.empty()) {
    ++result_.images_without_src;
    return;
  }
  if (result_.images.size() >= options_.max_images) {
    ++result_.images_over_limit;
    return;
  }
  image.alt = attr(frame.node, "alt");
  const std::string href = frame.link != nullptr ? attr(frame.link, "href") : "";
  image.link_href = href;
  if (frame.figure != nullptr) {
    const FigureText& text = figure_text(frame.figure);
    image.caption = text.caption;
    image.printed_credit = text.credit;
  } else {
    const GumboNode* unit = frame.node;
    if (unit->parent != nullptr && tag_name(unit->parent) == "picture") unit = unit->parent;
    if (unit->parent != nullptr && unit->parent == frame.link) unit = unit->parent;
    image.printed_credit = nearby_credit(unit);
  }
  image.context = is_teaser_link(href)      ? ImageContext::kTeaser
                  : frame.figure != nullptr ? ImageContext::kFigure
                                            : ImageContext::kInline;
  add(std::move(image));
}

void Walker::add(PageImage image) {
  if (result_.images.size() >= options_.max_images) {
    ++result_.images_over_limit;
    return;
  }
  result_.images.push_back(FoundImage{std::move(image)});
}

const FigureText& Walker::figure_text(const GumboNode* figure) {
  const auto cached = figures_.find(figure);
  if (cached != figures_.end()) return cached->second;
  const GumboNode* caption = nullptr;
  const GumboNode* credit = nullptr;
  for_each_descendant(figure, [&](const GumboNode* current) {
    if (current->type != GUMBO_NODE_ELEMENT || is_element(current, GUMBO_TAG_FIGURE)) return false;
    if (caption == nullptr && is_element(current, GUMBO_TAG_FIGCAPTION)) caption = current;
    if (credit == nullptr && is_credit_element(current) && count_images(current, 1) == 0 &&
        !text_content(current, 64).empty()) {
      credit = current;
      return false;
    }
    return true;
  });
  FigureText text;
  if (credit != nullptr) {
    text.credit = text_content(credit, text_cap());
    if (caption != nullptr) text.caption = split_caption_credit(text_content(caption, text_cap(), credit)).caption;
  } else if (caption != nullptr) {
    CaptionParts parts = split_caption_credit(text_content(caption, text_cap()));
    text.caption = std::move(parts.caption);
    text.credit = std::move(parts.credit);
  }
  return figures_.emplace(figure, std::move(text)).first->second;
}

// Outside <figure>: a credit element, or text starting with a credit marker after the image, in the image's
// parent or grandparent when that container holds no other image.
std::string Walker::nearby_credit(const GumboNode* unit) const {
  const GumboNode* child = unit;
  const GumboNode* container = unit->parent;
  for (int level = 0; level < 2 && container != nullptr && container->type == GUMBO_NODE_ELEMENT; ++level) {
    const GumboTag tag = container->v.element.tag;
    if (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML || count_images(container, 2) > 1) break;
    std::string found;
    const unsigned unit_offset = unit->v.element.start_pos.offset;
    for_each_descendant(container, [&](const GumboNode* current) {
      if (!found.empty() || current->type != GUMBO_NODE_ELEMENT) return false;
      // Only after the image: a byline before it names the article's author, not the photographer.
      if (is_credit_element(current) && current->v.element.start_pos.offset > unit_offset) {
        found = text_content(current, text_cap());
        return false;
      }
      return true;
    });
    if (!found.empty()) return found;
    const GumboVector& siblings = container->v.element.children;
    bool after = false;
    for (unsigned i = 0; i < siblings.length; ++i) {
      const auto* sibling = static_cast<const GumboNode*>(siblings.data[i]);
      if (sibling == child) {
        after = true;
        continue;
      }
      if (!after) continue;
      std::string text = sibling->type == GUMBO_NODE_TEXT ? collapse_whitespace(sibling->v.text.text)
                                                          : text_content(sibling, text_cap());
      if (starts_with_credit_marker(text)) return split_caption_credit(text).credit;
    }
    child = container;
    container = container->parent;
  }
  return "";
}

}  // namespace

WalkResult walk_page(const GumboNode* document, const ExtractOptions& options, std::vector<std::string>& notes) {
  return Walker(options, notes).run(document);
}

}  // namespace photoaudit::audit::page

#include "page/extract_dom.hpp"

#include <cctype>
#include <vector>

namespace photoaudit::audit::page {
namespace {

bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_BR:
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      return true;
    default:
      return false;
  }
}

// Appends text, collapsing whitespace; pending_space says a space is due before the next visible character.
void append_collapsed(std::string& out, std::string_view text, bool& pending_space) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool nbsp = c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || nbsp) {
      pending_space = true;
      if (nbsp) ++i;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
}

}  // namespace

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  bool pending_space = false;
  append_collapsed(out, text, pending_space);
  return out;
}

std::string tag_name(const GumboNode* node) {
  if (node == nullptr || node->type != GUMBO_NODE_ELEMENT) return "";
  const GumboElement& element = node->v.element;
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  GumboStringPiece original = element.original_tag;
  gumbo_tag_from_original_text(&original);
  std::string name(original.data != nullptr ? original.data : "", original.length);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

bool is_element(const GumboNode* node, GumboTag tag) {
  return node != nullptr && node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == tag;
}

const char* attribute(const GumboNode* node, const char* name) {
  if (node == nullptr || node->type != GUMBO_NODE_ELEMENT) return nullptr;
  const GumboAttribute* found = gumbo_get_attribute(&node->v.element.attributes, name);
  return found != nullptr ? found->value : nullptr;
}

void for_each_descendant(const GumboNode* node, const std::function<bool(const GumboNode*)>& visit) {
  if (node == nullptr ||
      (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE && node->type != GUMBO_NODE_DOCUMENT)) {
    return;
  }
  std::vector<const GumboNode*> stack;
  const auto push_children = [&stack](const GumboNode* parent) {
    const GumboVector& children = parent->type == GUMBO_NODE_DOCUMENT ? parent->v.document.children
                                                                      : parent->v.element.children;
    for (unsigned i = children.length; i > 0; --i) stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
  };
  push_children(node);
  while (!stack.empty()) {
    const GumboNode* current = stack.back();
    stack.pop_back();
    const bool descend = visit(current);
    if (descend && (current->type == GUMBO_NODE_ELEMENT || current->type == GUMBO_NODE_TEMPLATE)) {
      push_children(current);
    }
  }
}

std::string text_content(const GumboNode* node, std::size_t max_bytes, const GumboNode* skip) {
  std::string out;
  bool pending_space = false;
  for_each_descendant(node, [&](const GumboNode* current) {
    if (out.size() >= max_bytes || current == skip) return false;
    switch (current->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        append_collapsed(out, current->v.text.text, pending_space);
        return false;
      case GUMBO_NODE_ELEMENT: {
        const GumboTag tag = current->v.element.tag;
        if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE) return false;
        if (is_block(tag)) pending_space = true;
        return true;
      }
      default:
        return false;
    }
  });
  return out;
}

bool truncate_utf8(std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return false;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  text += "\xE2\x80\xA6";  // …
  return true;
}

}  // namespace photoaudit::audit::page

#include "page/extract_nesting.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "photoaudit/common/ascii_text.hpp"

namespace photoaudit::audit::page {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Elements that never have children.
constexpr std::array<std::string_view, 15> kVoid{"area", "base", "br",    "col",    "embed", "hr",  "img",   "input",
                                                 "link", "meta", "param", "source", "track", "wbr", "keygen"};
// Elements the parser closes implicitly: they do not build depth.
constexpr std::array<std::string_view, 20> kOptionalEnd{"p",  "li",  "dt",    "dd",    "option", "optgroup", "tr",
                                                        "td", "th",  "tbody", "thead", "tfoot",  "colgroup", "rb",
                                                        "rt", "rtc", "rp",    "html",  "head",   "body"};
// Elements whose content is text up to their end tag.
constexpr std::array<std::string_view, 9> kRawText{"script", "style",   "textarea", "title",    "xmp",
                                                   "iframe", "noembed", "noframes", "plaintext"};

// The end of the tag starting at pos (one past '>'), honouring quoted attribute values; sets self_closing.
std::size_t tag_end(std::string_view s, std::size_t pos, bool& self_closing) {
  char quote = 0;
  for (std::size_t i = pos; i < s.size(); ++i) {
    const char c = s[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      if (i > 0 && (s[i - 1] == '=' || is_space(s[i - 1]))) quote = c;
    } else if (c == '>') {
      self_closing = i > pos && s[i - 1] == '/';
      return i + 1;
    }
  }
  return s.size();
}

}  // namespace

FlattenResult flatten_deep_nesting(std::string_view html, int max_depth) {
  FlattenResult result;
  result.html.reserve(html.size());
  std::vector<std::string> open;  // approximate stack of open elements that build depth
  int foreign_depth = 0;          // inside <svg>/<math>, "/>" closes an element
  std::size_t pos = 0;
  while (pos < html.size()) {
    const std::size_t lt = html.find('<', pos);
    if (lt == std::string_view::npos) {
      result.html.append(html.substr(pos));
      break;
    }
    result.html.append(html.substr(pos, lt - pos));
    pos = lt;
    if (html.substr(pos, 4) == "<!--") {
      const std::size_t end = html.find("-->", pos + 4);
      const std::size_t stop = end == std::string_view::npos ? html.size() : end + 3;
      result.html.append(html.substr(pos, stop - pos));
      pos = stop;
      continue;
    }
    const bool closing = pos + 1 < html.size() && html[pos + 1] == '/';
    const std::size_t name_start = pos + (closing ? 2 : 1);
    if (name_start >= html.size() || !std::isalpha(static_cast<unsigned char>(html[name_start]))) {
      result.html.push_back('<');
      ++pos;
      continue;
    }
    std::size_t name_end = name_start;
    while (name_end < html.size() && !is_space(html[name_end]) && html[name_end] != '>' && html[name_end] != '/') {
      ++name_end;
    }
    std::string name(html.substr(name_start, name_end - name_start));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool self_closing = false;
    const std::size_t end = tag_end(html, name_end, self_closing);
    const std::string_view tag = html.substr(pos, end - pos);
    pos = end;
    if (closing) {
      const auto match = std::find(open.rbegin(), open.rend(), name);
      if (match != open.rend()) {
        open.erase(std::prev(match.base()), open.end());
        if (name == "svg" || name == "math") foreign_depth = std::max(0, foreign_depth - 1);
      }
      result.html.append(tag);
      continue;
    }
    if (contains(kRawText, name)) {
      const std::size_t close = find_lower(html, "</" + name, pos);
      const std::size_t stop = close == std::string_view::npos ? html.size() : close;
      result.html.append(tag);
      result.html.append(html.substr(pos, stop - pos));
      pos = stop;
      continue;
    }
    const bool builds_depth = !contains(kVoid, name) && !contains(kOptionalEnd, name) &&
                              !(self_closing && (foreign_depth > 0 || name == "svg" || name == "math"));
    if (!builds_depth) {
      result.html.append(tag);
      continue;
    }
    if (static_cast<int>(open.size()) >= max_depth) {
      ++result.dropped_tags;  // dropped: its content joins the element at the limit
      continue;
    }
    if (name == "svg" || name == "math") ++foreign_depth;
    open.push_back(std::move(name));
    result.html.append(tag);
  }
  return result;
}

}  // namespace photoaudit::audit::page

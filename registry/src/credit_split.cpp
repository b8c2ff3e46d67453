// Splitting credit text at separators that lie outside brackets and quotes.
#include <algorithm>

#include "credit_parser.hpp"
#include "unicode_text.hpp"

namespace photoaudit::registry::detail {
namespace {

bool is_open(char c) { return c == '(' || c == '['; }
bool is_close(char c) { return c == ')' || c == ']'; }

// Brackets are followed only when every one is closed in order; quotes only when they pair up.
struct Nesting {
  bool brackets = false;
  bool quotes = false;
};

Nesting analyse(std::string_view s) {
  // Brackets nested deeper than this are not followed (the parser stops at kMaxDepth anyway).
  constexpr std::size_t kMaxStack = 64;
  char stack[kMaxStack];
  std::size_t depth = 0;
  bool balanced = true;
  std::size_t quote_count = 0;
  for (const char c : s) {
    if (c == '"') ++quote_count;
    if (!balanced) continue;
    if (is_open(c)) {
      if (depth == kMaxStack) {
        balanced = false;
        continue;
      }
      stack[depth++] = c == '(' ? ')' : ']';
    } else if (is_close(c)) {
      if (depth == 0 || stack[depth - 1] != c) {
        balanced = false;
        continue;
      }
      --depth;
    }
  }
  return {balanced && depth == 0, quote_count > 0 && quote_count % 2 == 0};
}

// Walks s and reports, for each byte, whether it lies at the top level (outside brackets and quotes).
class TopLevel {
 public:
  explicit TopLevel(std::string_view s) : nesting_(analyse(s)) {}
  // Feed s[i]; returns true when s[i] is a top-level character other than a bracket or quote.
  bool step(char c) {
    if (nesting_.quotes && c == '"') {
      in_quote_ = !in_quote_;
      return false;
    }
    if (in_quote_) return false;
    if (nesting_.brackets && is_open(c)) {
      ++depth_;
      return false;
    }
    if (nesting_.brackets && is_close(c)) {
      --depth_;
      return false;
    }
    return depth_ == 0;
  }
  bool at_top() const { return depth_ == 0 && !in_quote_; }
  const Nesting& nesting() const { return nesting_; }

 private:
  Nesting nesting_;
  int depth_ = 0;
  bool in_quote_ = false;
};

bool spaced_hyphen(std::string_view s, std::size_t i) {
  return s[i] == '-' && i > 0 && s[i - 1] == ' ' && i + 1 < s.size() && s[i + 1] == ' ';
}

// Cuts s at every i where separator_at(i) (called for each i in order) gives a separator character, not 0;
// each span keeps the separator before it (0 for the first).
template <class SeparatorAt>
std::vector<Span> split_at(std::string_view s, SeparatorAt separator_at) {
  std::vector<Span> spans;
  std::size_t start = 0;
  char before = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char sep = separator_at(i);
    if (sep == 0) continue;
    spans.push_back({s.substr(start, i - start), before});
    before = sep;
    start = i + 1;
  }
  spans.push_back({s.substr(start), before});
  return spans;
}

}  // namespace

std::vector<Span> split_top(std::string_view s, Separators separators) {
  std::vector<Span> spans;
  // The common cases, decided without walking the nesting: no separator at all, or no brackets and quotes.
  auto is_separator = [separators](char c) {
    switch (separators) {
      case Separators::kSentence:
        return c == ';';
      case Separators::kClause:
        return c == ',';
      case Separators::kNote:
        return c == '-';
      case Separators::kChain:
        return c == '/' || c == '|' || c == '-';
    }
    return false;
  };
  bool any_separator = false;
  bool nesting = false;
  for (const char c : s) {
    any_separator = any_separator || is_separator(c);
    nesting = nesting || c == '(' || c == '[' || c == '"';
  }
  if (!any_separator) {
    spans.push_back({s, 0});
    return spans;
  }
  if (!nesting) {
    return split_at(s, [&](std::size_t i) -> char {
      const char c = s[i];
      if (!is_separator(c)) return 0;
      return c == '-' ? (spaced_hyphen(s, i) ? '-' : 0) : c;
    });
  }
  TopLevel top(s);
  return split_at(s, [&](std::size_t i) -> char {
    const char c = s[i];
    if (!top.step(c)) return 0;
    switch (separators) {
      case Separators::kSentence:
        return c == ';' ? ';' : 0;
      case Separators::kClause:
        return c == ',' ? ',' : 0;
      case Separators::kNote:
        return spaced_hyphen(s, i) ? '-' : 0;
      case Separators::kChain:
        return (c == '/' || c == '|') ? c : (spaced_hyphen(s, i) ? '-' : 0);
    }
    return 0;
  });
}

std::vector<std::string_view> split_word_top(std::string_view s, std::string_view word) {
  std::vector<std::size_t> hits;
  for (std::size_t at = text::find_words_folded(s, word); at != std::string_view::npos;
       at = text::find_words_folded(s, word, at + word.size())) {
    hits.push_back(at);
  }
  std::vector<std::string_view> parts;
  if (hits.empty()) {
    parts.push_back(s);
    return parts;
  }
  TopLevel top(s);
  std::size_t start = 0;
  std::size_t next_hit = 0;
  for (std::size_t i = 0; i < s.size() && next_hit < hits.size(); ++i) {
    if (i == hits[next_hit]) {
      if (top.at_top()) {
        parts.push_back(s.substr(start, i - start));
        start = i + word.size();
      }
      ++next_hit;
    }
    top.step(s[i]);
  }
  parts.push_back(s.substr(std::min(start, s.size())));
  return parts;
}

Groups extract_groups(std::string_view s) {
  Groups groups;
  const Nesting nesting = analyse(s);
  if (!nesting.brackets && !nesting.quotes) {
    groups.outside.assign(s);
    return groups;
  }
  int depth = 0;
  bool in_quote = false;
  std::size_t group_start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (nesting.quotes && c == '"' && depth == 0) {
      if (in_quote) {
        groups.quotes.push_back(s.substr(group_start, i - group_start));
        groups.outside.push_back(' ');
      } else {
        group_start = i + 1;
      }
      in_quote = !in_quote;
      continue;
    }
    if (in_quote) continue;
    if (nesting.brackets && is_open(c)) {
      if (depth++ == 0) group_start = i + 1;
      continue;
    }
    if (nesting.brackets && is_close(c)) {
      if (--depth == 0) {
        groups.brackets.push_back(s.substr(group_start, i - group_start));
        groups.outside.push_back(' ');
      }
      continue;
    }
    if (depth == 0) groups.outside.push_back(c);
  }
  return groups;
}

std::string_view unwrap(std::string_view s) {
  while (true) {
    s = text::trim(s);
    if (s.size() < 2 || !is_open(s.front()) || !analyse(s).brackets) return s;
    int depth = 0;
    std::size_t close = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (is_open(s[i])) ++depth;
      if (is_close(s[i]) && --depth == 0) {
        close = i;
        break;
      }
    }
    if (close != s.size() - 1) return s;
    s = s.substr(1, s.size() - 2);
  }
}

}  // namespace photoaudit::registry::detail

// Cross-checking yaml-cpp's tree against the text it was parsed from (see yaml_document.hpp).
#include "yaml_document.hpp"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace photoaudit::registry::detail {

namespace {

struct TooManyEvents {};
struct AliasCycle {};

// Counts parser events and stops the parse (by throwing) past the limit, or at an alias to a collection that is
// still open: an alias inside the node it names makes the tree a cycle, and a walk that follows aliases then never
// ends (an 81-byte registry took 107 s and 1.1 GB; found by scripts/fuzz registry_loader).
class EventCounter final : public YAML::EventHandler {
 public:
  explicit EventCounter(std::size_t limit) : limit_(limit) {}
  void OnDocumentStart(const YAML::Mark&) override { count(); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { count(); }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
    count();
    if (std::find(open_.begin(), open_.end(), anchor) != open_.end()) throw AliasCycle{};
  }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override { count(); }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    count();
    open_.push_back(anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    count();
    open_.push_back(anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  void count() {
    if (++events_ > limit_) throw TooManyEvents{};
  }
  void close() {
    if (!open_.empty()) open_.pop_back();
  }
  std::size_t limit_;
  std::size_t events_ = 0;
  std::vector<YAML::anchor_t> open_;  // the anchors of the open collections (0: none)
};

}  // namespace

std::optional<std::string> event_problem(std::string_view text, std::size_t limit) {
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  EventCounter counter(limit);
  try {
    while (parser.HandleNextDocument(counter)) {
    }
  } catch (const TooManyEvents&) {
    return "more than " + std::to_string(limit) + " YAML nodes (anchors and aliases are not needed in a registry)";
  } catch (const AliasCycle&) {
    return "an alias inside the node its anchor names (a cycle; anchors and aliases are not needed in a registry)";
  } catch (const YAML::Exception&) {
    return std::nullopt;  // LoadAll reports it with its line
  }
  return std::nullopt;
}
namespace {

SourceLocation location_at(const YAML::Mark& mark) {
  if (mark.line < 0) return {};
  return {mark.line + 1, mark.column + 1};
}

// The 1-based line and column of byte offset pos.
SourceLocation location_of_offset(std::string_view text, std::size_t pos) {
  SourceLocation at{1, 1};
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
  }
  return at;
}

// The offset of the first character after a quoted scalar that opens at `open`, or npos when it is not
// closed before the end of the text. Double quotes escape with a backslash, single quotes by doubling.
std::size_t quoted_end(std::string_view text, std::size_t open) {
  const char quote = text[open];
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return std::string_view::npos;
}

// Where the scalar's own text starts: yaml-cpp marks a node at its anchor (&a) or tag (!t) when it has one.
std::size_t scalar_start(std::string_view text, std::size_t pos) {
  while (pos < text.size() && (text[pos] == '&' || text[pos] == '!')) {
    while (pos < text.size() && text[pos] != ' ' && text[pos] != '\t' && text[pos] != '\n') ++pos;
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r')) {
      ++pos;
    }
  }
  return pos;
}

class Walker {
 public:
  Walker(std::string_view text, std::vector<YamlProblem>& problems) : text_(text), problems_(problems) {}

  void walk(const YAML::Node& root) {
    std::vector<YAML::Node> stack{root};
    while (!stack.empty()) {
      const YAML::Node node = stack.back();
      stack.pop_back();
      if (node.IsScalar()) {
        check_quotes(node);
      } else if (node.IsSequence()) {
        for (const auto& child : node) stack.push_back(child);
      } else if (node.IsMap()) {
        check_keys(node);
        for (const auto& entry : node) {
          stack.push_back(entry.first);
          stack.push_back(entry.second);
        }
      }
    }
  }

 private:
  void check_quotes(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    if (mark.pos < 0 || !scanned_.insert(mark.pos).second) return;
    const std::size_t start = scalar_start(text_, static_cast<std::size_t>(mark.pos));
    if (start >= text_.size() || (text_[start] != '"' && text_[start] != '\'')) return;
    if (quoted_end(text_, start) == std::string_view::npos) {
      problems_.push_back(
          {location_of_offset(text_, start), std::string("a value opened with ") + text_[start] +
                                                 " is never closed: the rest of the file would be read as its text"});
    }
  }

  void check_keys(const YAML::Node& map) {
    const YAML::Mark mark = map.Mark();
    if (mark.pos >= 0 && !maps_.insert(mark.pos).second) return;  // an alias of a mapping already checked
    std::map<std::string, int> first_line;
    for (const auto& entry : map) {
      if (!entry.first.IsScalar()) continue;
      const SourceLocation at = location_at(entry.first.Mark());
      const auto [it, inserted] = first_line.emplace(entry.first.Scalar(), at.line);
      if (!inserted) {
        problems_.push_back({at, "'" + entry.first.Scalar() + "' appears twice in this mapping (first at line " +
                                     std::to_string(it->second) + "); only one of them would be read"});
      }
    }
  }

  std::string_view text_;
  std::vector<YamlProblem>& problems_;
  std::set<int> scanned_;
  std::set<int> maps_;
};

// Calls visit(line, row) for each line of text in order (line: 1-based; row: without its '\n') until visit
// returns true; returns that line, or 0 when visit never does.
template <class Visit>
int scan_lines(std::string_view text, Visit visit) {
  int line = 0;
  for (std::size_t start = 0; start < text.size();) {
    ++line;
    const std::size_t eol = std::min(text.find('\n', start), text.size());
    const std::string_view row = text.substr(start, eol - start);
    start = eol + 1;
    if (visit(line, row)) return line;
  }
  return 0;
}

// Lines that start at column 0 with what looks like a key (`name:` followed by a blank or the end of the line;
// not a comment, quote, list item or document marker): their 1-based numbers and the key.
std::vector<std::pair<int, std::string>> column0_keys(std::string_view text) {
  std::vector<std::pair<int, std::string>> keys;
  scan_lines(text, [&keys](int line, std::string_view row) {
    if (row.empty()) return false;
    const char c = row[0];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')) return false;
    const std::size_t colon = row.find_first_of(":#");
    if (colon == std::string_view::npos || row[colon] != ':') return false;
    if (colon + 1 < row.size() && row[colon + 1] != ' ' && row[colon + 1] != '\t' && row[colon + 1] != '\r')
      return false;
    std::string_view key = row.substr(0, colon);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
    keys.emplace_back(line, std::string(key));
    return false;
  });
  return keys;
}

// The 1-based line of the n-th (0-based) document marker line (`---` or `...`), or 0.
int document_marker_line(std::string_view text, int n) {
  return scan_lines(text, [&n](int /*line*/, std::string_view row) {
    return (row.starts_with("---") || row.starts_with("...")) &&
           (row.size() == 3 || row[3] == ' ' || row[3] == '\t' || row[3] == '\r') && n-- == 0;
  });
}

}  // namespace

std::vector<YamlProblem> document_problems(std::string_view text, const std::vector<YAML::Node>& documents,
                                           std::string_view what) {
  std::vector<YamlProblem> problems;
  const std::string subject(what);
  if (documents.empty() || (documents.size() == 1 && documents.front().IsNull())) {
    SourceLocation at{1, 1};
    if (!documents.empty() && documents.front().Mark().line >= 0) at = location_at(documents.front().Mark());
    problems.push_back({at, subject + " is empty (no YAML document, or only ~); an empty one " +
                                "would let every photo pass, so it is refused"});
    return problems;
  }
  if (documents.size() > 1) {
    SourceLocation at = location_at(documents[1].Mark());
    if (at.line == 0) at = SourceLocation{document_marker_line(text, 0), 1};
    problems.push_back({at, subject + " has more than one YAML document (" + std::to_string(documents.size()) +
                                "); everything after the first would be ignored, so it is refused"});
    return problems;
  }
  const YAML::Node& root = documents.front();
  if (!root.IsMap()) {
    problems.push_back({location_at(root.Mark()), subject + " must be a mapping of keys (`licensors:`, ...), not " +
                                                      (root.IsSequence() ? "a list" : "a single value")});
    return problems;
  }
  Walker(text, problems).walk(root);
  std::set<int> root_key_lines;
  for (const auto& entry : root) root_key_lines.insert(location_at(entry.first.Mark()).line);
  for (const auto& [line, key] : column0_keys(text)) {
    if (root_key_lines.contains(line)) continue;
    problems.push_back({SourceLocation{line, 1}, "'" + key + ":' at the start of line " + std::to_string(line) +
                                                     " is not read as a key of " + subject +
                                                     " (a quoted value above it probably took it in as text)"});
  }
  return problems;
}

}  // namespace photoaudit::registry::detail

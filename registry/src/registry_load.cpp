// Reading a registry file: size bound, pre-checks yaml-cpp would report poorly, parsing, checking.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>
#include <system_error>

#include "photoaudit/common/file_read.hpp"
#include "photoaudit/registry/registry.hpp"
#include "registry_reader.hpp"
#include "unicode_text.hpp"
#include "yaml_document.hpp"

namespace photoaudit::registry {
namespace {

// Indentation deeper than this is refused before yaml-cpp recurses into it (the registry nests 4 levels).
constexpr std::size_t kMaxIndent = 256;
constexpr int kMaxFlowDepth = 64;

// Problems yaml-cpp reports poorly or not at all: tabs in indentation (YAML forbids them), absurd nesting.
// Returns false when the text must not be handed to yaml-cpp.
bool pre_check(std::string_view yaml, detail::RegistryReader& reader) {
  int line = 0;
  int flow_depth = 0;
  for (std::size_t line_start = 0; line_start < yaml.size();) {
    ++line;
    const std::size_t eol = std::min(yaml.find('\n', line_start), yaml.size());
    const std::string_view text = yaml.substr(line_start, eol - line_start);
    line_start = eol + 1;
    const std::size_t indent = std::min(text.find_first_not_of(" \t"), text.size());
    if (const std::size_t tab = text.substr(0, indent).find('\t'); tab != std::string_view::npos) {
      reader.problem(SourceLocation{line, static_cast<int>(tab) + 1},
                     "tab character in indentation; YAML indents with spaces only");
    }
    if (indent > kMaxIndent) {
      reader.problem(SourceLocation{line, 1}, "indented more than " + std::to_string(kMaxIndent) + " spaces");
      return false;
    }
    for (std::size_t i = indent; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '#') break;  // a comment (or a '#' inside a value: brackets there are counted loosely anyway)
      if (c == '[' || c == '{') ++flow_depth;
      if (c == ']' || c == '}') flow_depth = std::max(0, flow_depth - 1);
      if (flow_depth > kMaxFlowDepth) {
        reader.problem(SourceLocation{line, static_cast<int>(i) + 1},
                       "brackets nested deeper than " + std::to_string(kMaxFlowDepth) + " levels");
        return false;
      }
    }
  }
  return true;
}

// Counts nodes without recursion; false when there are more than limit (alias bombs, absurd files).
bool within_node_limit(const YAML::Node& root, std::size_t limit) {
  std::vector<YAML::Node> stack{root};
  std::size_t count = 0;
  while (!stack.empty()) {
    const YAML::Node node = stack.back();
    stack.pop_back();
    if (++count > limit) return false;
    if (node.IsSequence()) {
      for (const auto& child : node) stack.push_back(child);
    } else if (node.IsMap()) {
      for (const auto& entry : node) {
        stack.push_back(entry.first);
        stack.push_back(entry.second);
      }
    }
  }
  return true;
}

Result<std::string> read_bounded(const std::filesystem::path& path, std::uint64_t max_bytes) {
  auto data = read_file_bounded(path, max_bytes);
  if (!data && data.error().code == ErrorCode::kLimitExceeded) {
    return fail(Error::limit_exceeded(path.string() + ": more than the registry limit of " + std::to_string(max_bytes) +
                                      " bytes"));
  }
  return data;
}

}  // namespace

RegistryCheck check_registry_text(std::string_view yaml, std::string_view name, const RegistryOptions& options) {
  RegistryCheck check;
  check.registry.source.assign(name);
  check.registry.organizations = options.base != nullptr ? *options.base : OrganizationTable::builtin();
  detail::RegistryReader reader(name, check);
  if (yaml.size() > options.max_bytes) {
    reader.problem(SourceLocation{1, 1},
                   "more than the registry limit of " + std::to_string(options.max_bytes) + " bytes");
    return check;
  }
  if (const std::size_t bad = text::find_invalid_utf8(yaml); bad != std::string_view::npos) {
    const auto line = 1 + std::count(yaml.begin(), yaml.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    const std::size_t line_start = yaml.rfind('\n', bad == 0 ? 0 : bad - 1);
    const std::size_t column = bad - (line_start == std::string_view::npos || bad == 0 ? 0 : line_start + 1) + 1;
    reader.problem(SourceLocation{static_cast<int>(line), static_cast<int>(column)}, "not valid UTF-8");
    return check;
  }
  if (!pre_check(yaml, reader)) return check;
  if (auto unsafe = detail::event_problem(yaml, options.max_nodes)) {
    reader.problem(SourceLocation{1, 1}, *unsafe);
    return check;
  }
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::Exception& e) {
    // A tab already reported on that line is the cause; yaml-cpp's "illegal tab" adds nothing.
    const int line = detail::location_of(e.mark).line;
    const bool explained = std::any_of(check.problems.begin(), check.problems.end(),
                                       [line](const RegistryProblem& p) { return p.location.line == line; });
    if (!explained) reader.problem(e.mark, "YAML syntax error: " + e.msg);
    return check;
  }
  try {
    if (documents.size() == 1 && !within_node_limit(documents.front(), options.max_nodes)) {
      reader.problem(SourceLocation{1, 1}, "more than " + std::to_string(options.max_nodes) +
                                               " YAML nodes (anchors and aliases are not needed in a registry)");
      return check;
    }
    // Fail closed: a tree that is not what the text says (empty, several documents, a quote left open, a key
    // twice) is not read at all.
    const auto structure = detail::document_problems(yaml, documents, "the registry");
    for (const auto& p : structure) reader.problem(p.location, p.message);
    if (!structure.empty()) return check;
    const YAML::Node& root = documents.front();
    reader.read(root);
  } catch (const YAML::Exception& e) {
    reader.problem(e.mark, e.msg);
  }
  detail::check_contracts(check.registry.source, check, reader.undated);
  std::stable_sort(
      check.problems.begin(), check.problems.end(), [](const RegistryProblem& a, const RegistryProblem& b) {
        return std::pair(a.location.line, a.location.column) < std::pair(b.location.line, b.location.column);
      });
  return check;
}

Result<RegistryCheck> check_registry(const std::filesystem::path& path, const RegistryOptions& options) {
  auto data = read_bounded(path, options.max_bytes);
  if (!data) return fail(data.error());
  return check_registry_text(*data, path.string(), options);
}

Result<Registry> load_registry(const std::filesystem::path& path, const RegistryOptions& options) {
  auto check = check_registry(path, options);
  if (!check) return fail(check.error());
  if (!check->ok()) {
    std::string message = path.string() + ": the registry has " + std::to_string(check->problems.size()) +
                          (check->problems.size() == 1 ? " problem" : " problems") +
                          " (run photoaudit registry check):";
    for (std::size_t i = 0; i < check->problems.size() && i < 5; ++i)
      message += "\n  " + check->problems[i].to_string();
    return fail(Error::invalid_argument(message));
  }
  return std::move(check->registry);
}

}  // namespace photoaudit::registry

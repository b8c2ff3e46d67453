// Private to photoaudit_registry: the checks that make a YAML file that yaml-cpp parsed without complaint fail
// closed when the tree is not what its author wrote. yaml-cpp 0.7 accepts a quoted scalar left open at the end
// of the file (the rest of the file, `blocked:` included, becomes its text), returns a null tree for an empty
// file or `~`, reads only the first of several documents with YAML::Load, and keeps both entries of a key
// written twice (a lookup sees the first). Issue 18, item 2.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/registry/registry.hpp"

namespace photoaudit::registry::detail {

struct YamlProblem {
  SourceLocation location;  // 1-based line and column
  std::string message;
};

// Problems that make `documents` (YAML::LoadAll(text)) untrustworthy as the one mapping `what` ("the registry",
// "the organisation table") must be:
//  - no document, or a null one (an empty file, only comments, `~`): nothing would be licensed or blocked;
//  - more than one document (the second, at its line, would be ignored);
//  - a root that is not a mapping;
//  - a quoted scalar that is not closed before the end of the file (at the opening quote);
//  - a key written at column 0 of the text (`name:`) that is not a key of the parsed root: a quoted value above
//    it took it in as text;
//  - a key that appears twice in one mapping (at the second).
// Empty when the document can be read. REQUIRES: the number of nodes is bounded (aliases are followed; each
// quoted scalar is scanned once).
std::vector<YamlProblem> document_problems(std::string_view text, const std::vector<YAML::Node>& documents,
                                           std::string_view what);

// What makes `text` unsafe to build a tree of, found from the parser's events alone, without a tree: more than
// `limit` events (scalars, nulls, aliases, collection starts; yaml-cpp's LoadAll builds one node per event, and a
// hostile text of 1.6 KB made it allocate 1.5 GB over more than a minute), or an alias inside the collection its
// anchor names (a cycle: an 81-byte text made the alias-following walks take 107 s and 1.1 GB). Both were found
// by scripts/fuzz registry_loader. nullopt when neither; a syntax error is left for LoadAll to report.
std::optional<std::string> event_problem(std::string_view text, std::size_t limit);

}  // namespace photoaudit::registry::detail

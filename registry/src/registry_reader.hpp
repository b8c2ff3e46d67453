// Private to photoaudit_registry: turning a parsed YAML document into a Registry, noting every problem.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/registry/registry.hpp"

namespace photoaudit::registry::detail {

// A `covers` entry waiting until every organisation of the registry is known.
struct PendingCover {
  std::size_t licensor = 0;
  std::size_t contract = 0;
  std::string name;
  SourceLocation location;
};

class RegistryReader {
 public:
  RegistryReader(std::string_view file, RegistryCheck& check) : file_(file), check_(check) {}

  // Reads the document root; problems go to check.problems.
  void read(const YAML::Node& root);

  void problem(const YAML::Mark& mark, std::string message);
  void problem(SourceLocation location, std::string message);

 private:
  bool check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed, std::string_view what);
  std::optional<std::string> scalar(const YAML::Node& node, std::string_view what);
  std::vector<std::pair<std::string, SourceLocation>> list(const YAML::Node& node, std::string_view what);
  std::optional<Date> date(const YAML::Node& node, std::string_view what);
  bool boolean(const YAML::Node& node, std::string_view what);

  void read_organizations(const YAML::Node& node);
  void read_licensors(const YAML::Node& node);
  void read_contract(const YAML::Node& node, std::size_t licensor_index);
  void read_blocked(const YAML::Node& node);
  void read_content_credentials(const YAML::Node& node);
  // The canonical organisation id that these names (id, name, aliases) stand for; creates the organisation
  // when none is known. Empty on a problem.
  std::string bind(const std::vector<std::pair<std::string, SourceLocation>>& names, std::string_view id,
                   std::string_view name, OrganizationKind kind, SourceLocation where);
  void resolve_covers();

  std::string file_;
  RegistryCheck& check_;
  std::vector<PendingCover> pending_covers_;

 public:
  // Contracts (licensor index, contract index) whose dates could not be read: left out of overlap checks.
  std::vector<std::pair<std::size_t, std::size_t>> undated;
};

// Cross-entry checks after reading: duplicate contract ids, overlapping contracts of one licensor (leaving out
// the undated ones, whose dates were already reported).
void check_contracts(const std::string& file, RegistryCheck& check,
                     const std::vector<std::pair<std::size_t, std::size_t>>& undated);

// Problems in a credit_format template: unknown placeholders, unbalanced braces. Empty when fine.
std::vector<std::string> credit_format_problems(std::string_view format);

inline SourceLocation location_of(const YAML::Mark& mark) {
  if (mark.line < 0) return {};
  return {mark.line + 1, mark.column + 1};
}

}  // namespace photoaudit::registry::detail

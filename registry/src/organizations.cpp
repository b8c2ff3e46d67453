#include "photoaudit/registry/organizations.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <utility>

#include "photoaudit/common/enum_names.hpp"
#include "unicode_text.hpp"
#include "yaml_document.hpp"

namespace photoaudit::registry {

// Defined in the source CMake generates from registry/data/organizations.yaml.
extern const char* const kBuiltinOrganizationsYaml;

namespace {

constexpr std::string_view kKindNames[] = {"agency",     "distributor", "stock",     "state-media", "publisher",
                                           "government", "platform",    "generator", "other"};
static_assert(names_cover(kKindNames, OrganizationKind::kOther));

std::string where(std::string_view name, const YAML::Mark& mark) {
  return std::string(name) + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

std::vector<std::string> string_list(const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node) return out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  for (const auto& item : node) out.push_back(item.as<std::string>());
  return out;
}

Result<Organization> organization_from(const YAML::Node& node, std::string_view name) {
  if (!node.IsMap() || !node["id"] || !node["name"]) {
    return fail(Error::invalid_argument(where(name, node.Mark()) + ": an organisation needs an id and a name"));
  }
  Organization org;
  org.id = node["id"].as<std::string>();
  org.name = node["name"].as<std::string>();
  if (node["kind"]) {
    const auto kind = parse_organization_kind(node["kind"].as<std::string>());
    if (!kind) {
      return fail(Error::invalid_argument(where(name, node["kind"].Mark()) + ": unknown kind '" +
                                          node["kind"].as<std::string>() + "'"));
    }
    org.kind = *kind;
  }
  org.aliases = string_list(node["aliases"]);
  org.case_sensitive_aliases = string_list(node["case_sensitive_aliases"]);
  return org;
}

}  // namespace

std::string_view to_string(OrganizationKind kind) { return name_of(kKindNames, kind, "other"); }

std::optional<OrganizationKind> parse_organization_kind(std::string_view text) {
  return value_of<OrganizationKind>(kKindNames, text);
}

bool licenses_photos(OrganizationKind kind) {
  switch (kind) {
    case OrganizationKind::kAgency:
    case OrganizationKind::kDistributor:
    case OrganizationKind::kStock:
    case OrganizationKind::kStateMedia:
    case OrganizationKind::kPlatform:
      return true;
    default:
      return false;
  }
}

const OrganizationTable& OrganizationTable::builtin() {
  static const OrganizationTable table = [] {
    auto parsed = from_yaml(kBuiltinOrganizationsYaml, "organizations.yaml");
    return parsed ? std::move(*parsed) : OrganizationTable{};
  }();
  return table;
}

Result<OrganizationTable> OrganizationTable::from_yaml(std::string_view yaml, std::string_view name) {
  try {
    const std::vector<YAML::Node> documents = YAML::LoadAll(std::string(yaml));
    // Fail closed as the registry does (yaml_document.hpp): empty, several documents, a quote left open.
    if (const auto problems = detail::document_problems(yaml, documents, "the organisation table"); !problems.empty()) {
      const auto& p = problems.front();
      return fail(Error::invalid_argument(std::string(name) + ":" + std::to_string(p.location.line) + ":" +
                                          std::to_string(p.location.column) + ": " + p.message));
    }
    const YAML::Node& root = documents.front();
    OrganizationTable table;
    if (root["organizations"]) {
      for (const auto& node : root["organizations"]) {
        auto org = organization_from(node, name);
        if (!org) return fail(org.error());
        if (auto added = table.add(std::move(*org)); !added) {
          return fail(Error::invalid_argument(where(name, node.Mark()) + ": " + added.error().message));
        }
      }
    }
    for (const auto& word : string_list(root["organization_words"])) table.words_.insert(text::fold_key(word));
    for (const auto& ending : string_list(root["organization_word_endings"])) {
      table.endings_.push_back(text::fold_key(ending));
    }
    return table;
  } catch (const YAML::Exception& e) {
    return fail(Error::invalid_argument(where(name, e.mark) + ": " + e.msg));
  }
}

Result<void> OrganizationTable::index_name(std::size_t index, std::string_view name, bool case_sensitive) {
  const std::string key = case_sensitive ? std::string(text::trim(name)) : text::fold_key(name);
  if (key.empty()) return ok();
  Index& map = case_sensitive ? by_exact_ : by_key_;
  const auto [it, inserted] = map.emplace(key, index);
  if (!inserted && it->second != index) {
    return fail(Error::invalid_argument("'" + std::string(name) + "' already names " + organizations_[it->second].id));
  }
  first_words_.insert(case_sensitive ? text::fold_key(key.substr(0, key.find(' '))) : key.substr(0, key.find(' ')));
  return ok();
}

Result<void> OrganizationTable::add(Organization organization) {
  if (organization.id.empty()) return fail(Error::invalid_argument("an organisation needs an id"));
  if (by_id_.contains(organization.id)) {
    return fail(Error::invalid_argument("organisation id '" + organization.id + "' is defined twice"));
  }
  // Check every name before changing anything, so a failed add leaves the table as it was.
  const std::size_t index = organizations_.size();
  auto clashes = [&](std::string_view n, bool exact) -> const Organization* {
    const Index& map = exact ? by_exact_ : by_key_;
    const auto it = map.find(exact ? std::string(text::trim(n)) : text::fold_key(n));
    return it == map.end() ? nullptr : &organizations_[it->second];
  };
  // A name that is also a case-sensitive alias ("PA") is matched in exactly that case only.
  auto exact_only = [&](std::string_view n) {
    return std::find(organization.case_sensitive_aliases.begin(), organization.case_sensitive_aliases.end(), n) !=
           organization.case_sensitive_aliases.end();
  };
  std::vector<std::string_view> folded;
  for (const std::string_view n : {std::string_view(organization.id), std::string_view(organization.name)}) {
    if (!exact_only(n)) folded.push_back(n);
  }
  for (const auto& n : organization.aliases) {
    if (!exact_only(n)) folded.push_back(n);
  }
  for (const auto n : folded) {
    if (const auto* other = clashes(n, false)) {
      return fail(Error::invalid_argument("'" + std::string(n) + "' already names " + other->id));
    }
  }
  for (const auto& n : organization.case_sensitive_aliases) {
    if (const auto* other = clashes(n, true)) {
      return fail(Error::invalid_argument("'" + n + "' already names " + other->id));
    }
  }
  organizations_.push_back(std::move(organization));
  const Organization& org = organizations_.back();  // the views in `folded` pointed into the moved-from value
  by_id_.emplace(org.id, index);
  auto exact = [&org](std::string_view n) {
    return std::find(org.case_sensitive_aliases.begin(), org.case_sensitive_aliases.end(), n) !=
           org.case_sensitive_aliases.end();
  };
  for (const std::string_view n : {std::string_view(org.id), std::string_view(org.name)}) {
    if (!exact(n)) (void)index_name(index, n, false);
  }
  for (const auto& n : org.aliases) {
    if (!exact(n)) (void)index_name(index, n, false);
  }
  for (const auto& n : org.case_sensitive_aliases) (void)index_name(index, n, true);
  return ok();
}

Result<void> OrganizationTable::add_alias(std::string_view id, std::string_view alias) {
  const auto it = by_id_.find(id);
  if (it == by_id_.end()) return fail(Error::not_found("no organisation with id '" + std::string(id) + "'"));
  if (auto indexed = index_name(it->second, alias, false); !indexed) return indexed;
  organizations_[it->second].aliases.emplace_back(alias);
  return ok();
}

std::string OrganizationTable::match_key(std::string_view name) { return text::fold_key(name); }

const Organization* OrganizationTable::find(std::string_view name) const {
  if (const auto exact = by_exact_.find(text::trim(name)); exact != by_exact_.end()) {
    return &organizations_[exact->second];
  }
  const auto it = by_key_.find(text::fold_key(name));
  return it == by_key_.end() ? nullptr : &organizations_[it->second];
}

const Organization* OrganizationTable::find(std::string_view name, std::string_view key) const {
  if (const auto exact = by_exact_.find(text::trim(name)); exact != by_exact_.end()) {
    return &organizations_[exact->second];
  }
  const auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : &organizations_[it->second];
}

const Organization* OrganizationTable::by_id(std::string_view id) const {
  const auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &organizations_[it->second];
}

std::string OrganizationTable::canonical_id(std::string_view name) const {
  if (const auto* org = find(name)) return org->id;
  std::string slug = text::fold_key(name);
  std::replace(slug.begin(), slug.end(), ' ', '-');
  return slug;
}

bool OrganizationTable::starts_some_name(std::string_view folded_word) const {
  return first_words_.find(folded_word) != first_words_.end();
}

bool OrganizationTable::is_organization_word(std::string_view folded_word) const {
  return words_.find(folded_word) != words_.end();
}

bool OrganizationTable::has_organization_ending(std::string_view folded_word) const {
  return std::any_of(endings_.begin(), endings_.end(), [&](const std::string& e) {
    return folded_word.size() > e.size() + 1 && folded_word.ends_with(e);
  });
}

}  // namespace photoaudit::registry

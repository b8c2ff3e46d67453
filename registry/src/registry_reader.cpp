// Reading the registry's YAML into the model, one problem per mistake, with its line and column.
#include "registry_reader.hpp"

#include <algorithm>
#include <set>

#include "unicode_text.hpp"

namespace photoaudit::registry::detail {
namespace {

std::string joined(std::initializer_list<std::string_view> words) {
  std::string out;
  for (const auto w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

bool is_territory(const std::string& code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

}  // namespace

void RegistryReader::problem(const YAML::Mark& mark, std::string message) {
  problem(location_of(mark), std::move(message));
}

void RegistryReader::problem(SourceLocation location, std::string message) {
  check_.problems.push_back({file_, location, std::move(message)});
}

bool RegistryReader::check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                                std::string_view what) {
  if (!map.IsMap()) {
    problem(map.Mark(), std::string(what) + " must be a mapping of keys to values");
    return false;
  }
  std::set<std::string> seen;
  for (const auto& entry : map) {
    if (!entry.first.IsScalar()) {
      problem(entry.first.Mark(), "a key in " + std::string(what) + " must be a plain word");
      continue;
    }
    const std::string& key = entry.first.Scalar();
    if (!seen.insert(key).second)
      problem(entry.first.Mark(), "key '" + key + "' appears twice in " + std::string(what));
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      problem(entry.first.Mark(),
              "unknown key '" + key + "' in " + std::string(what) + " (expected one of: " + joined(allowed) + ")");
    }
  }
  return true;
}

std::optional<std::string> RegistryReader::scalar(const YAML::Node& node, std::string_view what) {
  if (!node) return std::nullopt;
  if (!node.IsScalar()) {
    problem(node.Mark(), std::string(what) + " must be a single value");
    return std::nullopt;
  }
  return node.Scalar();
}

std::vector<std::pair<std::string, SourceLocation>> RegistryReader::list(const YAML::Node& node,
                                                                         std::string_view what) {
  std::vector<std::pair<std::string, SourceLocation>> out;
  if (!node || node.IsNull()) return out;
  if (node.IsScalar()) {  // a single value where a list is expected: accept it as a list of one
    out.emplace_back(node.Scalar(), location_of(node.Mark()));
    return out;
  }
  if (!node.IsSequence()) {
    problem(node.Mark(), std::string(what) + " must be a list, e.g. [a, b]");
    return out;
  }
  for (const auto& item : node) {
    if (!item.IsScalar()) {
      problem(item.Mark(), "each entry of " + std::string(what) + " must be a single value");
      continue;
    }
    out.emplace_back(item.Scalar(), location_of(item.Mark()));
  }
  return out;
}

std::optional<Date> RegistryReader::date(const YAML::Node& node, std::string_view what) {
  const auto value = scalar(node, what);
  if (!value) return std::nullopt;
  const auto parsed = parse_date(*value);
  if (!parsed) problem(node.Mark(), std::string(what) + " '" + *value + "' is not a date of the form YYYY-MM-DD");
  return parsed;
}

bool RegistryReader::boolean(const YAML::Node& node, std::string_view what) {
  const auto value = scalar(node, what);
  if (!value) return false;
  if (*value == "true") return true;
  if (*value != "false") problem(node.Mark(), std::string(what) + " must be true or false, not '" + *value + "'");
  return false;
}

void RegistryReader::read(const YAML::Node& root) {
  if (!root || !root.IsMap()) return;  // refused before reading (yaml_document.hpp): an empty registry fails closed
  if (!check_keys(root, {"version", "organizations", "licensors", "blocked", "content_credentials"}, "the registry"))
    return;
  if (const auto version = scalar(root["version"], "version"); version && *version != "1") {
    problem(root["version"].Mark(),
            "unsupported registry version '" + *version + "' (this photoaudit reads version 1)");
  }
  if (root["organizations"]) read_organizations(root["organizations"]);
  if (root["licensors"]) read_licensors(root["licensors"]);
  if (root["blocked"]) {
    if (!root["blocked"].IsSequence() && !root["blocked"].IsNull()) {
      problem(root["blocked"].Mark(), "blocked must be a list of sources");
    } else {
      for (const auto& entry : root["blocked"]) read_blocked(entry);
    }
  }
  if (root["content_credentials"]) read_content_credentials(root["content_credentials"]);
  resolve_covers();
}

// `content_credentials:` a mapping of its settings; anything else (a list, a value, nothing) is a problem.
void RegistryReader::read_content_credentials(const YAML::Node& node) {
  if (!check_keys(node, {"accept_any_signer"}, "content_credentials")) return;
  if (node["accept_any_signer"]) {
    check_.registry.content_credentials.accept_any_signer = boolean(node["accept_any_signer"], "accept_any_signer");
  }
}

void RegistryReader::read_organizations(const YAML::Node& node) {
  if (!node.IsSequence()) {
    if (!node.IsNull()) problem(node.Mark(), "organizations must be a list of organisations");
    return;
  }
  for (const auto& entry : node) {
    if (!check_keys(entry, {"id", "name", "kind", "aliases", "case_sensitive_aliases"}, "an organisation")) continue;
    const auto id = scalar(entry["id"], "id");
    if (!id || id->empty()) {
      problem(entry.Mark(), "an organisation needs an id");
      continue;
    }
    OrganizationKind kind = OrganizationKind::kOther;
    if (const auto k = scalar(entry["kind"], "kind")) {
      if (const auto parsed = parse_organization_kind(*k)) {
        kind = *parsed;
      } else {
        problem(entry["kind"].Mark(), "unknown kind '" + *k +
                                          "' (expected agency, distributor, stock, state-media, publisher, "
                                          "government, platform, generator or other)");
      }
    }
    const auto aliases = list(entry["aliases"], "aliases");
    const auto exact = list(entry["case_sensitive_aliases"], "case_sensitive_aliases");
    if (check_.registry.organizations.by_id(*id) != nullptr) {  // extends a known organisation
      for (const auto& [alias, where] : aliases) {
        if (auto added = check_.registry.organizations.add_alias(*id, alias); !added)
          problem(where, added.error().message);
      }
      if (!exact.empty()) problem(entry.Mark(), "case_sensitive_aliases can only be given for a new organisation");
      continue;
    }
    Organization org{*id, scalar(entry["name"], "name").value_or(*id), kind, {}, {}};
    for (const auto& a : aliases) org.aliases.push_back(a.first);
    for (const auto& a : exact) org.case_sensitive_aliases.push_back(a.first);
    if (auto added = check_.registry.organizations.add(std::move(org)); !added) {
      problem(entry.Mark(), "organisation '" + *id + "': " + added.error().message);
    }
  }
}

std::string RegistryReader::bind(const std::vector<std::pair<std::string, SourceLocation>>& names, std::string_view id,
                                 std::string_view name, OrganizationKind kind, SourceLocation where) {
  OrganizationTable& table = check_.registry.organizations;
  std::string bound;
  std::string bound_by;
  for (const auto& [n, loc] : names) {
    const Organization* org = table.find(n);
    if (org == nullptr) continue;
    if (bound.empty()) {
      bound = org->id;
      bound_by = n;
    } else if (org->id != bound) {
      problem(loc, "'" + n + "' names the organisation " + org->id + ", but '" + bound_by + "' names " + bound);
      return {};
    }
  }
  if (bound.empty()) {
    Organization org{table.canonical_id(id), std::string(name), kind, {}, {}};
    for (const auto& [n, loc] : names) org.aliases.push_back(n);
    const std::string new_id = org.id;
    if (auto added = table.add(std::move(org)); !added) {
      problem(where, added.error().message);
      return {};
    }
    return new_id;
  }
  for (const auto& [n, loc] : names) {
    if (table.find(n) == nullptr) {
      if (auto added = table.add_alias(bound, n); !added) problem(loc, added.error().message);
    }
  }
  return bound;
}

void RegistryReader::read_licensors(const YAML::Node& node) {
  if (!node.IsSequence()) {
    if (!node.IsNull()) problem(node.Mark(), "licensors must be a list of licensors");
    return;
  }
  for (const auto& entry : node) {
    if (!check_keys(entry, {"id", "name", "kind", "aliases", "contracts", "note"}, "a licensor")) continue;
    Licensor licensor;
    licensor.location = location_of(entry.Mark());
    licensor.id = scalar(entry["id"], "id").value_or("");
    licensor.name = scalar(entry["name"], "name").value_or("");
    if (licensor.id.empty()) problem(entry.Mark(), "a licensor needs an id");
    if (licensor.name.empty()) problem(entry.Mark(), "licensor '" + licensor.id + "' needs a name");
    if (licensor.id.empty()) continue;
    if (licensor.name.empty()) licensor.name = licensor.id;
    for (const auto& other : check_.registry.licensors) {
      if (other.id == licensor.id) {
        problem(entry["id"].Mark(), "licensor id '" + licensor.id + "' is used twice (first at line " +
                                        std::to_string(other.location.line) + ")");
      }
    }
    OrganizationKind kind = OrganizationKind::kAgency;
    if (const auto k = scalar(entry["kind"], "kind")) {
      if (const auto parsed = parse_organization_kind(*k)) kind = *parsed;
      else problem(entry["kind"].Mark(), "unknown kind '" + *k + "'");
    }
    auto names = list(entry["aliases"], "aliases");
    for (const auto& a : names) licensor.aliases.push_back(a.first);
    names.insert(names.begin(), {licensor.name, location_of(entry.Mark())});
    names.insert(names.begin(), {licensor.id, location_of(entry["id"].Mark())});
    licensor.organization = bind(names, licensor.id, licensor.name, kind, licensor.location);
    for (const auto& other : check_.registry.licensors) {
      if (!licensor.organization.empty() && other.organization == licensor.organization && other.id != licensor.id) {
        problem(entry.Mark(), "licensors '" + other.id + "' and '" + licensor.id +
                                  "' both stand for the organisation " + licensor.organization +
                                  "; give one licensor several contracts instead");
      }
    }
    licensor.note = scalar(entry["note"], "note").value_or("");
    check_.registry.licensors.push_back(std::move(licensor));
    const YAML::Node contracts = entry["contracts"];
    if (!contracts || contracts.IsNull()) continue;
    if (!contracts.IsSequence()) {
      problem(contracts.Mark(), "contracts must be a list (write contracts: [] for a licensor without a contract)");
      continue;
    }
    for (const auto& contract : contracts) read_contract(contract, check_.registry.licensors.size() - 1);
  }
}

void RegistryReader::read_contract(const YAML::Node& node, std::size_t licensor_index) {
  if (!check_keys(node,
                  {"id", "valid_from", "valid_until", "channels", "territories", "covers", "credit_format",
                   "editorial_only", "single_use", "note"},
                  "a contract")) {
    return;
  }
  Contract c;
  c.location = location_of(node.Mark());
  c.id = scalar(node["id"], "id").value_or("");
  if (c.id.empty()) problem(node.Mark(), "a contract needs an id");
  const std::size_t problems_before = check_.problems.size();
  c.valid_from = date(node["valid_from"], "valid_from");
  c.valid_until = date(node["valid_until"], "valid_until");
  if (c.valid_from && c.valid_until && *c.valid_until < *c.valid_from) {
    problem(node["valid_until"].Mark(), "contract '" + c.id + "' ends (" + format_date(*c.valid_until) +
                                            ") before it starts (" + format_date(*c.valid_from) + ")");
  }
  if (check_.problems.size() != problems_before) {
    undated.emplace_back(licensor_index, check_.registry.licensors[licensor_index].contracts.size());
  }
  for (const auto& [name, where] : list(node["channels"], "channels")) {
    if (const auto channel = parse_channel(name)) {
      if (std::find(c.channels.begin(), c.channels.end(), *channel) == c.channels.end()) c.channels.push_back(*channel);
    } else {
      problem(where, "unknown channel '" + name + "' (expected print, online, social, app or tv)");
    }
  }
  for (const auto& [code, where] : list(node["territories"], "territories")) {
    std::string upper = code;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](char ch) { return (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 32) : ch; });
    if (is_territory(upper)) c.territories.push_back(upper);
    else problem(where, "territory '" + code + "' is not a two-letter ISO 3166-1 country code such as DE");
  }
  if (node["covers"]) {
    c.covers.emplace();
    for (const auto& [name, where] : list(node["covers"], "covers")) {
      pending_covers_.push_back(
          {licensor_index, check_.registry.licensors[licensor_index].contracts.size(), name, where});
    }
  }
  if (const auto format = scalar(node["credit_format"], "credit_format")) {
    c.credit_format = *format;
    for (const auto& message : credit_format_problems(*format)) problem(node["credit_format"].Mark(), message);
  }
  c.editorial_only = node["editorial_only"] && boolean(node["editorial_only"], "editorial_only");
  c.single_use = node["single_use"] && boolean(node["single_use"], "single_use");
  c.note = scalar(node["note"], "note").value_or("");
  check_.registry.licensors[licensor_index].contracts.push_back(std::move(c));
}

void RegistryReader::read_blocked(const YAML::Node& node) {
  if (!check_keys(node, {"name", "aliases", "reason", "since", "kind", "note"}, "a blocked source")) return;
  BlockedSource b;
  b.location = location_of(node.Mark());
  b.name = scalar(node["name"], "name").value_or("");
  if (b.name.empty()) {
    problem(node.Mark(), "a blocked source needs a name");
    return;
  }
  b.reason = scalar(node["reason"], "reason").value_or("");
  b.since = date(node["since"], "since");
  (void)scalar(node["note"], "note");
  OrganizationKind kind = OrganizationKind::kStateMedia;
  if (const auto k = scalar(node["kind"], "kind")) {
    if (const auto parsed = parse_organization_kind(*k)) kind = *parsed;
    else problem(node["kind"].Mark(), "unknown kind '" + *k + "'");
  }
  auto names = list(node["aliases"], "aliases");
  for (const auto& a : names) b.aliases.push_back(a.first);
  names.insert(names.begin(), {b.name, location_of(node["name"].Mark())});
  b.organization = bind(names, b.name, b.name, kind, b.location);
  if (b.organization.empty()) return;
  if (const Licensor* l = check_.registry.licensor_for(b.organization)) {
    problem(node.Mark(), "'" + b.name + "' is blocked but is also the licensor '" + l->id + "' (line " +
                             std::to_string(l->location.line) + ")");
  }
  check_.registry.blocked.push_back(std::move(b));
}

void RegistryReader::resolve_covers() {
  for (const auto& pending : pending_covers_) {
    Licensor& licensor = check_.registry.licensors[pending.licensor];
    Contract& contract = licensor.contracts[pending.contract];
    const Organization* org = check_.registry.organizations.find(pending.name);
    if (org == nullptr) {
      problem(pending.location, "covers names '" + pending.name +
                                    "', an organisation photoaudit does not know (check the spelling, or add it under "
                                    "organizations:)");
      continue;
    }
    if (std::find(contract.covers->begin(), contract.covers->end(), org->id) == contract.covers->end()) {
      contract.covers->push_back(org->id);
    }
  }
}

}  // namespace photoaudit::registry::detail

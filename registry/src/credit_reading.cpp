// CreditReading and Modifier: names and merging.
#include <algorithm>

#include "credit_parser.hpp"
#include "photoaudit/common/enum_names.hpp"
#include "photoaudit/registry/credit.hpp"

namespace photoaudit::registry {

constexpr std::string_view kModifierKindNames[] = {"pool",         "handout",    "file",    "via",
                                                   "for",          "courtesy",   "symbol",  "montage",
                                                   "illustration", "screenshot", "license", "editorial-only",
                                                   "ai-generated", "private"};
static_assert(names_cover(kModifierKindNames, ModifierKind::kPrivate));

std::string_view to_string(ModifierKind kind) { return name_of(kModifierKindNames, kind, "unknown"); }

std::string Modifier::to_string() const {
  std::string s(registry::to_string(kind));
  if (!value.empty()) s += " " + value;
  return s;
}

bool CreditReading::has(ModifierKind kind) const {
  return std::any_of(modifiers.begin(), modifiers.end(), [kind](const Modifier& m) { return m.kind == kind; });
}

const CreditOrganization* CreditReading::organization(std::string_view canonical) const {
  const auto it = std::find_if(organizations.begin(), organizations.end(),
                               [canonical](const CreditOrganization& o) { return o.canonical == canonical; });
  return it == organizations.end() ? nullptr : &*it;
}

void merge_reading(CreditReading& into, const CreditReading& other) {
  // When other names every organisation into names and more, it is the fuller reading of the same credit
  // ("AFP" then "AFP via Getty Images"): take its order.
  const bool fuller = other.organizations.size() > into.organizations.size() &&
                      std::all_of(
                          into.organizations.begin(), into.organizations.end(),
                          [&](const CreditOrganization& o) { return other.organization(o.canonical) != nullptr; });
  if (fuller) {
    std::vector<CreditOrganization> reordered;
    for (const auto& org : other.organizations) {
      const CreditOrganization* mine = into.organization(org.canonical);
      reordered.push_back(mine != nullptr ? *mine : org);
    }
    into.organizations = std::move(reordered);
  }
  for (const auto& org : other.organizations) detail::add_organization(into, org);
  for (const auto& person : other.photographers) detail::add_photographer(into, person);
  for (const auto& m : other.modifiers) detail::add_modifier(into, m.kind, m.value);
  for (const auto& u : other.unrecognized) {
    if (std::find(into.unrecognized.begin(), into.unrecognized.end(), u) == into.unrecognized.end()) {
      into.unrecognized.push_back(u);
    }
  }
  into.placeholder = into.placeholder || other.placeholder;
}

}  // namespace photoaudit::registry

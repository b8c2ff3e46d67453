#include "catalog/provenance_fields.hpp"

#include <cctype>
#include <set>

#include "photoaudit/registry/credit.hpp"

namespace photoaudit::audit::catalog {

std::vector<std::string> credit_organizations(const std::string& credit) {
  if (credit.empty()) return {};
  auto reading = registry::parse_credit(credit, registry::OrganizationTable::builtin());
  if (!reading) return {};
  std::set<std::string> ids;
  for (const auto& org : reading->organizations) ids.insert(org.canonical);
  return {ids.begin(), ids.end()};
}

CatalogProvenance provenance_fields(const Provenance& provenance) {
  auto get = [&](std::string_view f) { return provenance.value(f) ? *provenance.value(f) : std::string(); };
  CatalogProvenance p;
  p.credit = get("credit");
  p.byline = get("creator");
  p.source = get("source");
  p.copyright = get("copyright");
  p.date_created = get("date_created");
  p.digital_source_type = get("digital_source_type");
  p.organizations = credit_organizations(shown_credit(p));
  return p;
}

CatalogCredentials catalog_credentials(const C2paReport& report) {
  const C2paState state = report.store_failures.empty() ? report.state : C2paState::kInvalid;
  CatalogCredentials c;
  for (const char ch : to_string(state))
    c.state.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  if (const C2paManifest* m = report.active()) {
    c.signer = m->signer_organization.empty() ? m->signer : m->signer + " (" + m->signer_organization + ")";
    c.issuer = m->issuer;
    c.signed_at = m->time;
    c.generator = m->claim_generator;
  }
  return c;
}

}  // namespace photoaudit::audit::catalog

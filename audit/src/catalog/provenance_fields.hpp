// The provenance fields a catalog row keeps, taken from a reconciled Provenance, with the parsed credit's
// canonical organisations.
#pragma once

#include <string>
#include <vector>

#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/provenance.hpp"

namespace photoaudit::audit::catalog {

// credit, by-line (creator), source, copyright, date created, digital source type, and the organisations of
// the credit line (or of the copyright notice when there is no credit line).
CatalogProvenance provenance_fields(const Provenance& provenance);

// The c2pa_* columns of a file whose store was found (report.found): the active manifest's facts, the state in
// lower case ("invalid" also when the store itself is malformed), the signer as "CN (Organization)".
CatalogCredentials catalog_credentials(const C2paReport& report);

// Canonical organisation ids named by a credit text, sorted and unique; none when it does not parse.
std::vector<std::string> credit_organizations(const std::string& credit);

// The credit a report shows for an image: the credit line, else the copyright notice, else "".
inline const std::string& shown_credit(const CatalogProvenance& p) {
  return !p.credit.empty() ? p.credit : p.copyright;
}

}  // namespace photoaudit::audit::catalog

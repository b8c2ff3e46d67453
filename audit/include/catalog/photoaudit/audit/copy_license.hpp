// "Was it licensed then?": the license verdict of one catalogued copy at the date of its own first use, from the
// provenance fields the catalog keeps (credit, by-line, source, copyright, digital source type).
#pragma once

#include <cstdint>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/registry/license.hpp"
#include "photoaudit/registry/registry.hpp"

namespace photoaudit::audit {

struct CopyLicense {
  registry::Date date;  // the UTC calendar day the verdict is for
  registry::LicenseVerdict verdict;
};

// The UTC calendar day of a time in seconds since the Unix epoch.
registry::Date utc_day(std::int64_t seconds);

// Evaluates the copy's fields against reg at the UTC day of first_use(history.first_seen, mtime_ns), with
// `query`'s channel, territory and purpose (its date is replaced). Never fails (as registry::evaluate). The
// catalog keeps no usage terms, so a usage-terms finding of the full audit cannot appear here.
CopyLicense license_at_first_use(const registry::Registry& reg, const CatalogProvenance& provenance,
                                 const CopyHistory& history, std::int64_t mtime_ns, registry::LicenseQuery query);

}  // namespace photoaudit::audit

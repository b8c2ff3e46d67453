#include "photoaudit/audit/copy_license.hpp"

#include <chrono>

namespace photoaudit::audit {

registry::Date utc_day(std::int64_t seconds) {
  const std::chrono::sys_seconds t{std::chrono::seconds{seconds}};
  return registry::Date{std::chrono::floor<std::chrono::days>(t)};
}

CopyLicense license_at_first_use(const registry::Registry& reg, const CatalogProvenance& provenance,
                                 const CopyHistory& history, std::int64_t mtime_ns, registry::LicenseQuery query) {
  query.date = utc_day(first_use(history.first_seen, mtime_ns));
  const registry::CreditEvidence evidence{.credit_line = provenance.credit,
                                          .byline = provenance.byline,
                                          .source = provenance.source,
                                          .copyright_notice = provenance.copyright,
                                          .usage_terms = {},
                                          .digital_source_type = provenance.digital_source_type};
  return CopyLicense{query.date, registry::evaluate(reg, evidence, query)};
}

}  // namespace photoaudit::audit

// AuditContext's helpers: a contract's note, and the report's times in RFC 3339.
#include <ctime>

#include "photoaudit/audit/audit_report.hpp"

namespace photoaudit::audit {

std::string_view AuditContext::contract_note(std::string_view id) const {
  if (id.empty()) return {};
  const auto it = contract_notes.find(id);
  return it == contract_notes.end() ? std::string_view() : std::string_view(it->second);
}

std::string utc_rfc3339(std::int64_t seconds) {
  const auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (::gmtime_r(&t, &tm) == nullptr) return {};
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

}  // namespace photoaudit::audit

// Shared by audit and page: render an AuditReport in the chosen format to stdout or a file, and turn its
// summary into the exit status.
#pragma once

#include <string>

#include "photoaudit/audit/audit_report.hpp"

namespace photoaudit::audit::cli {

// format: text, json, sarif, html or csv. Returns kExitOk, kExitFindings (a finding reached --fail-on, or
// the report could not be written completely) or kExitUsage (the output file cannot be opened).
int emit_audit_report(const AuditReport& report, const std::string& format, const std::string& output);

}  // namespace photoaudit::audit::cli

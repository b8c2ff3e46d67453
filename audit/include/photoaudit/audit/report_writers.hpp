// Report writers: one function per format, each over the same AuditReport. Writers only format: they never
// decide anything, and every value from images or pages is escaped for its format (terminal, JSON, SARIF,
// HTML, CSV). docs/json.md and docs/reports.md describe the formats.
#pragma once

#include <ostream>

#include "photoaudit/audit/audit_report.hpp"

namespace photoaudit::audit {

// People: findings grouped by severity, one line each, duplicate clusters, a summary. color = ANSI colours
// (the CLI passes true only when standard output is a terminal).
void write_text_report(std::ostream& out, const AuditReport& report, bool color);

// Machines: {"summary", "context", "images", "clusters"} (docs/json.md).
void write_json_report(std::ostream& out, const AuditReport& report);

// GitHub code scanning: SARIF 2.1.0, one result per finding, locations relative to the root.
void write_sarif_report(std::ostream& out, const AuditReport& report);

// A picture editor's browser: one self-contained HTML page.
void write_html_report(std::ostream& out, const AuditReport& report);

// Legal teams: CSV, one row per image and finding.
void write_csv_report(std::ostream& out, const AuditReport& report);

}  // namespace photoaudit::audit

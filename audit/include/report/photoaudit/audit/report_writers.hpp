// Report writers: one function per format, each over the same AuditReport. Writers only format: they never
// decide anything, and every value from images or pages is escaped for its format (terminal, JSON, SARIF,
// HTML, CSV). docs/json.md and docs/reports.md describe the formats. Errors of out itself (a full disk) are
// left in out's state for the caller to check.
#pragma once

#include <ostream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/audit_report.hpp"

namespace photoaudit::audit {

// People: findings grouped by severity, one line each, duplicate clusters, a summary. color = ANSI colours
// (the CLI passes true only when standard output is a terminal).
void write_text_report(std::ostream& out, const AuditReport& report, bool color);

// Machines: {"summary", "context", "images", "clusters"} (docs/json.md).
void write_json_report(std::ostream& out, const AuditReport& report);

// The JSON report's "context" object (docs/json.md): what was checked, when, by which version, against which
// registry (and its SHA-256) and catalog.
nlohmann::json audit_context_json(const AuditContext& context);

// The CSV's sidecar FILE.csv.meta.json (docs/reports.md: a comment row would break RFC 4180 readers):
// {"context": audit_context_json, "csv": {"file": csv_name, "sha256": csv_sha256}, "columns": [...]}.
void write_csv_sidecar(std::ostream& out, const AuditReport& report, std::string_view csv_name,
                       std::string_view csv_sha256);

// GitHub code scanning: SARIF 2.1.0 (valid against the OASIS schema), one result per finding with ruleId, level
// (error/warning/note), the image's display path as a relative, percent-encoded URI and a partialFingerprints
// hash of (rule, path); driver.rules lists every rule of the rule table (registry/rules.hpp) with its help. Never
// fails; invalid UTF-8 in values becomes U+FFFD.
void write_sarif_report(std::ostream& out, const AuditReport& report);

// A picture editor's browser: one self-contained HTML page (summary, duplicate clusters side by side, one card
// per image most severe first, a severity filter). Every value from the data is HTML-escaped; thumbnails only
// as base64 JPEG/PNG data: URIs; the page's own script and style are the only ones its Content-Security-Policy
// allows. Never fails.
void write_html_report(std::ostream& out, const AuditReport& report);

// Legal teams: CSV (RFC 4180, UTF-8, CRLF, a header row), one row per image and finding (one row with an empty
// rule for an image without findings); what was checked goes into write_csv_sidecar's file. Cells starting with
// = + - @ tab or CR get a leading ' (CSV injection). Never fails.
void write_csv_report(std::ostream& out, const AuditReport& report);

// `photoaudit rules`: the rule table (registry/rules.hpp), one line per rule: id, default severity, title.
void write_rules_text(std::ostream& out);

// `photoaudit rules --json`: a JSON array, one object per rule in table order:
// {"id", "severity", "category", "title", "help"} (docs/json.md).
void write_rules_json(std::ostream& out);

}  // namespace photoaudit::audit

// Shared by audit and page: the flags both take (turned into AuditOptions), and rendering an AuditReport in
// the chosen format to stdout or a file, with the summary turned into the exit status.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "cli/commands.hpp"
#include "photoaudit/audit/audit_pipeline.hpp"
#include "photoaudit/audit/audit_report.hpp"

namespace photoaudit::audit::cli {

// The flags audit and page have in common.
struct ReportFlags {
  std::string registry;
  std::string index;
  std::string trust;          // PEM trust anchors for Content Credentials signers
  std::string tsa_trust;      // PEM trust anchors for their time-stamp authorities
  bool allow_remote = false;  // fetch a remote manifest an image's XMP names
  std::string channel;
  std::string date;
  std::string territory;
  std::string format = "text";
  std::string output;
  std::string fail_on = "error";
  bool allow_private = false;
  double timeout_seconds = 30;
  unsigned threads = 0;
  IsolationFlags isolation;
  bool quiet = false;     // no progress line
  bool progress = false;  // a progress line even when stderr is not a terminal
};

// Adds --registry, --index, --trust, --tsa-trust, --allow-remote, --channel, --date, --territory, --format,
// -o/--output, --fail-on, --allow-private, --timeout, -j/--threads, -q/--quiet and --progress to cmd. `fetching` says
// what --allow-private lets through.
void add_report_flags(CLI::App& cmd, ReportFlags& flags, const std::string& fetching);

// AuditOptions from the common flags (thumbnails when the format is html), with a progress line on stderr when
// stderr is a terminal and not --quiet, or with --progress.
AuditOptions options_from(const ReportFlags& flags);

// Prints a failed audit's error (a registry, catalog or page that cannot be used) and returns kExitUsage, or
// renders the report (emit_audit_report).
int finish_audit(const Result<AuditReport>& report, const ReportFlags& flags);

// format: text, json, sarif, html or csv; csv written to a file gets its sidecar FILE.meta.json (docs/reports.md).
// Returns kExitOk, kExitFindings (a finding reached --fail-on, or
// the report could not be written completely) or kExitUsage (the output file cannot be opened).
int emit_audit_report(const AuditReport& report, const std::string& format, const std::string& output);

}  // namespace photoaudit::audit::cli

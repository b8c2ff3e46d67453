#include "cli/audit_output.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/progress_line.hpp"
#include "photoaudit/audit/report_writers.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "photoaudit/hashing/digest.hpp"

namespace photoaudit::audit::cli {

void add_report_flags(CLI::App& cmd, ReportFlags& flags, const std::string& fetching) {
  cmd.add_option("--registry", flags.registry,
                 "License registry YAML (default: $PHOTOAUDIT_REGISTRY, else the house default, else the example in "
                 "fixtures/)");
  cmd.add_option("--index", flags.index, "Archive catalog (photoaudit scan) to look for earlier uses");
  cmd.add_option("--trust", flags.trust,
                 "PEM file of trusted Content Credentials (C2PA) signers' certificates; without it every signer is "
                 "untrusted (c2pa-untrusted)");
  cmd.add_option("--tsa-trust", flags.tsa_trust,
                 "PEM file of certificates to trust as Content Credentials time-stamp authorities' anchors; without "
                 "it a time-stamp that matches its signature is used but reported as timeStamp.untrusted");
  cmd.add_flag("--allow-remote", flags.allow_remote,
               "Fetch the Content Credentials manifest an image's XMP names with dcterms:provenance (http/https) when "
               "the image carries none and has no sidecar NAME.c2pa; without it such a reference is never fetched");
  cmd.add_option("--channel", flags.channel, "Publication channel: print, online, social, app, tv");
  cmd.add_option("--date", flags.date, "Publication date YYYY-MM-DD (default: today)");
  cmd.add_option("--territory", flags.territory, "Publication territory, ISO 3166-1 alpha-2 (e.g. DE)");
  cmd.add_option("--format", flags.format, "Report format")
      ->check(CLI::IsMember({"text", "json", "sarif", "html", "csv"}));
  cmd.add_option("-o,--output", flags.output, "Write the report to this file instead of standard output");
  cmd.add_option("--fail-on", flags.fail_on, "Exit 1 when a finding is this severe")
      ->check(CLI::IsMember({"error", "warning", "never"}));
  cmd.add_flag("--allow-private", flags.allow_private, fetching);
  add_timeout_option(cmd, flags.timeout_seconds, "Seconds allowed for each download (default: 30)");
  add_threads_option(cmd, flags.threads);
  add_isolation_options(cmd, flags.isolation);
  auto* quiet = cmd.add_flag("-q,--quiet", flags.quiet, "No progress line on stderr");
  cmd.add_flag("--progress", flags.progress,
               "A progress line on stderr even when it is not a terminal (default: only on a terminal)")
      ->excludes(quiet);
}

AuditOptions options_from(const ReportFlags& flags) {
  AuditOptions options;
  options.registry_path = flags.registry;
  options.index_path = flags.index;
  options.c2pa_trust_path = flags.trust;
  options.c2pa_tsa_trust_path = flags.tsa_trust;
  options.c2pa_allow_remote = flags.allow_remote;
  options.channel = flags.channel;
  options.date = flags.date;
  options.territory = flags.territory;
  options.threads = flags.threads;
  options.fetch.allow_private = flags.allow_private;
  options.fetch.total_timeout = std::chrono::milliseconds(static_cast<long long>(flags.timeout_seconds * 1000));
  options.fetch.connect_timeout = std::min(options.fetch.connect_timeout, options.fetch.total_timeout);
  options.fail_on = flags.fail_on == "warning" ? FailOn::kWarning
                    : flags.fail_on == "never" ? FailOn::kNever
                                               : FailOn::kError;
  options.thumbnails = flags.format == "html";
  options.isolation = isolation_from(flags.isolation);
  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  if (flags.progress || (terminal && !flags.quiet)) {
    options.progress = make_progress_line(std::cerr, terminal ? ProgressStyle::kTerminal : ProgressStyle::kLines);
  }
  return options;
}

int finish_audit(const Result<AuditReport>& report, const ReportFlags& flags) {
  // keep_newlines: a registry that does not load lists its problems one a line (issue 17: a literal "\n").
  if (!report) return refuse("photoaudit", report.error(), true);
  return emit_audit_report(*report, flags.format, flags.output);
}

namespace {

// FILE.csv.meta.json beside -o FILE.csv (docs/reports.md): what was checked, and the CSV's SHA-256.
int write_csv_sidecar_file(const AuditReport& report, const std::string& output) {
  const auto csv_hash = hashing::sha256_file(output);
  if (!csv_hash) return refuse("photoaudit", csv_hash.error());
  const std::string sidecar = output + ".meta.json";
  std::ofstream file(sidecar, std::ios::binary | std::ios::trunc);
  if (!file) return refuse("photoaudit", Error::io_error(sidecar + ": cannot write the CSV's sidecar"));
  write_csv_sidecar(file, report, std::filesystem::path(output).filename().string(), csv_hash->to_hex());
  file.flush();
  if (!file) return refuse("photoaudit", Error::io_error(sidecar + ": writing the CSV's sidecar failed"));
  return kExitOk;
}

}  // namespace

int emit_audit_report(const AuditReport& report, const std::string& format, const std::string& output) {
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!output.empty()) {
    file.open(output, std::ios::binary | std::ios::trunc);
    if (!file) {
      return refuse("photoaudit", Error::io_error(output + ": cannot write the report"));
    }
    out = &file;
  }
  if (format == "json") write_json_report(*out, report);
  else if (format == "sarif") write_sarif_report(*out, report);
  else if (format == "html") write_html_report(*out, report);
  else if (format == "csv") write_csv_report(*out, report);
  else write_text_report(*out, report, output.empty() && isatty(STDOUT_FILENO) != 0);
  out->flush();
  if (!*out) {
    std::cerr << "photoaudit: writing the report failed\n";
    return exit_status(RunOutcome{.input_failed = true});
  }
  if (format == "csv" && !output.empty()) {
    if (const int status = write_csv_sidecar_file(report, output); status != kExitOk) return status;
  }
  if (report.context.registry_is_example && (format != "text" || !output.empty())) {
    std::cerr << "photoaudit: " << describe(report.context.registry_source) << ": using the example registry "
              << printable(report.context.registry) << "\n";
  }
  return exit_status(RunOutcome{.threshold_reached = report.summary.failed});
}

}  // namespace photoaudit::audit::cli

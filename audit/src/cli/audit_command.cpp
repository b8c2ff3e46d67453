// photoaudit audit [options] PATH...: the main job. Flags become AuditOptions; run_audit does the work; a
// writer renders the report; the summary decides the exit status.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

#include "cli/audit_output.hpp"
#include "cli/commands.hpp"
#include "photoaudit/audit/audit_pipeline.hpp"
#include "photoaudit/audit/terminal_text.hpp"

namespace photoaudit::audit::cli {
namespace {

struct AuditFlags {
  std::vector<std::string> paths;
  std::string registry;
  std::string index;
  std::string channel;
  std::string date;
  std::string territory;
  std::string format = "text";
  std::string output;
  std::string fail_on = "error";
  std::string root;
  std::string changed_since;
  bool allow_private = false;
  double timeout_seconds = 30;
  unsigned threads = 0;
};

int run_audit_command(const AuditFlags& flags) {
  AuditOptions options;
  options.registry_path = flags.registry;
  options.index_path = flags.index;
  options.changed_since = flags.changed_since;
  options.channel = flags.channel;
  options.date = flags.date;
  options.territory = flags.territory;
  options.threads = flags.threads;
  options.root = flags.root;
  options.fetch.allow_private = flags.allow_private;
  options.fetch.total_timeout = std::chrono::milliseconds(static_cast<long long>(flags.timeout_seconds * 1000));
  options.fetch.connect_timeout = std::min(options.fetch.connect_timeout, options.fetch.total_timeout);
  options.fail_on = flags.fail_on == "warning" ? FailOn::kWarning : flags.fail_on == "never" ? FailOn::kNever : FailOn::kError;
  options.thumbnails = flags.format == "html";
  auto report = run_audit(flags.paths, options);
  if (!report) {
    std::cerr << "photoaudit: " << printable(report.error().message) << "\n";
    return kExitUsage;
  }
  return emit_audit_report(*report, flags.format, flags.output);
}

}  // namespace

void add_audit_command(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<AuditFlags>();
  auto* cmd = app.add_subcommand("audit", "Audit images: credits, licenses, duplicates, provenance (the main job)");
  cmd->add_option("paths", flags->paths, "Image files, directories (walked recursively) and http(s) URLs of images or pages")
      ->required();
  cmd->add_option("--registry", flags->registry, "License registry YAML (default: the example in fixtures/)");
  cmd->add_option("--index", flags->index, "Archive catalog (photoaudit scan) to look for earlier uses");
  cmd->add_option("--channel", flags->channel, "Publication channel: print, online, social, app, tv");
  cmd->add_option("--date", flags->date, "Publication date YYYY-MM-DD (default: today)");
  cmd->add_option("--territory", flags->territory, "Publication territory, ISO 3166-1 alpha-2 (e.g. DE)");
  cmd->add_option("--format", flags->format, "Report format")->check(CLI::IsMember({"text", "json", "sarif", "html", "csv"}));
  cmd->add_option("-o,--output", flags->output, "Write the report to this file instead of standard output");
  cmd->add_option("--fail-on", flags->fail_on, "Exit 1 when a finding is this severe")
      ->check(CLI::IsMember({"error", "warning", "never"}));
  cmd->add_option("--root", flags->root, "Show paths relative to this directory (default: current directory)");
  cmd->add_option("--changed-since", flags->changed_since,
                  "Audit only files changed in the git work tree since this ref (CI on content repositories)");
  cmd->add_flag("--allow-private", flags->allow_private,
                "Fetch URLs on loopback and private networks too (refused by default)");
  cmd->add_option("--timeout", flags->timeout_seconds, "Seconds allowed for each download (default: 30)")
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("-j,--threads", flags->threads, "Worker threads (default: all cores)");
  cmd->callback([flags, &ctx] { ctx.exit_code = run_audit_command(*flags); });
}

}  // namespace photoaudit::audit::cli

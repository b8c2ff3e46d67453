// photoaudit audit [options] PATH...: the main job. Flags become AuditOptions; run_audit does the work; a
// writer renders the report; the summary decides the exit status.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "photoaudit/audit/audit_pipeline.hpp"
#include "photoaudit/audit/report_writers.hpp"
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
  unsigned threads = 0;
};

int run_audit_command(const AuditFlags& flags) {
  AuditOptions options;
  options.registry_path = flags.registry;
  options.channel = flags.channel;
  options.date = flags.date;
  options.territory = flags.territory;
  options.threads = flags.threads;
  options.root = flags.root;
  options.fail_on = flags.fail_on == "warning" ? FailOn::kWarning : flags.fail_on == "never" ? FailOn::kNever : FailOn::kError;
  options.thumbnails = flags.format == "html";
  auto report = run_audit(flags.paths, options);
  if (!report) {
    std::cerr << "photoaudit: " << printable(report.error().message) << "\n";
    return kExitUsage;
  }
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!flags.output.empty()) {
    file.open(flags.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "photoaudit: " << printable(flags.output) << ": cannot write the report\n";
      return kExitUsage;
    }
    out = &file;
  }
  if (flags.format == "json") write_json_report(*out, *report);
  else if (flags.format == "sarif") write_sarif_report(*out, *report);
  else if (flags.format == "html") write_html_report(*out, *report);
  else if (flags.format == "csv") write_csv_report(*out, *report);
  else write_text_report(*out, *report, flags.output.empty() && isatty(STDOUT_FILENO) != 0);
  out->flush();
  if (!*out) {
    std::cerr << "photoaudit: writing the report failed\n";
    return kExitFindings;
  }
  if (report->context.registry_is_example && flags.format != "text") {
    std::cerr << "photoaudit: no --registry given: using the example registry " << report->context.registry << "\n";
  }
  return report->summary.failed ? kExitFindings : kExitOk;
}

}  // namespace

void add_audit_command(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<AuditFlags>();
  auto* cmd = app.add_subcommand("audit", "Audit images: credits, licenses, duplicates, provenance (the main job)");
  cmd->add_option("paths", flags->paths, "Image files and directories (walked recursively)")->required();
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
  cmd->add_option("-j,--threads", flags->threads, "Worker threads (default: all cores)");
  cmd->callback([flags, &ctx] { ctx.exit_code = run_audit_command(*flags); });
}

}  // namespace photoaudit::audit::cli

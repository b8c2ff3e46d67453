// photoaudit page [options] URL|FILE.html: audit an article page's images with the credits it prints.
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

struct PageFlags {
  std::string page;
  std::string registry;
  std::string index;
  std::string channel;
  std::string date;
  std::string territory;
  std::string format = "text";
  std::string output;
  std::string fail_on = "error";
  bool allow_private = false;
  double timeout_seconds = 30;
  unsigned threads = 0;
};

int run_page_command(const PageFlags& flags) {
  AuditOptions options;
  options.registry_path = flags.registry;
  options.index_path = flags.index;
  options.channel = flags.channel;
  options.date = flags.date;
  options.territory = flags.territory;
  options.threads = flags.threads;
  options.fetch.allow_private = flags.allow_private;
  options.fetch.total_timeout = std::chrono::milliseconds(static_cast<long long>(flags.timeout_seconds * 1000));
  options.fetch.connect_timeout = std::min(options.fetch.connect_timeout, options.fetch.total_timeout);
  options.fail_on = flags.fail_on == "warning" ? FailOn::kWarning : flags.fail_on == "never" ? FailOn::kNever : FailOn::kError;
  options.thumbnails = flags.format == "html";
  auto report = run_page_audit(flags.page, options);
  if (!report) {
    std::cerr << "photoaudit: " << printable(report.error().message) << "\n";
    return kExitUsage;
  }
  return emit_audit_report(*report, flags.format, flags.output);
}

}  // namespace

void add_page_command(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<PageFlags>();
  auto* cmd = app.add_subcommand("page", "Audit an article page: its images with the credits it prints");
  cmd->add_option("page", flags->page, "The page: an http(s) URL, or a local HTML file")->required();
  cmd->add_option("--registry", flags->registry, "License registry YAML (default: the example in fixtures/)");
  cmd->add_option("--index", flags->index, "Archive catalog (photoaudit scan) to look for earlier uses");
  cmd->add_option("--channel", flags->channel, "Publication channel: print, online, social, app, tv");
  cmd->add_option("--date", flags->date, "Publication date YYYY-MM-DD (default: today)");
  cmd->add_option("--territory", flags->territory, "Publication territory, ISO 3166-1 alpha-2 (e.g. DE)");
  cmd->add_option("--format", flags->format, "Report format")->check(CLI::IsMember({"text", "json", "sarif", "html", "csv"}));
  cmd->add_option("-o,--output", flags->output, "Write the report to this file instead of standard output");
  cmd->add_option("--fail-on", flags->fail_on, "Exit 1 when a finding is this severe")
      ->check(CLI::IsMember({"error", "warning", "never"}));
  cmd->add_flag("--allow-private", flags->allow_private,
                "Fetch from loopback and private networks too (a CMS preview on the intranet; refused by default)");
  cmd->add_option("--timeout", flags->timeout_seconds, "Seconds allowed for each download (default: 30)")
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("-j,--threads", flags->threads, "Worker threads (default: all cores)");
  cmd->callback([flags, &ctx] { ctx.exit_code = run_page_command(*flags); });
}

}  // namespace photoaudit::audit::cli

// photoaudit audit [options] PATH...: the main job. Flags become AuditOptions; run_audit does the work; a
// writer renders the report; the summary decides the exit status.
#include <memory>

#include "cli/audit_output.hpp"
#include "cli/commands.hpp"
#include "photoaudit/audit/audit_pipeline.hpp"

namespace photoaudit::audit::cli {
namespace {

struct AuditFlags {
  std::vector<std::string> paths;
  ReportFlags report;
  std::string root;
  std::string changed_since;
  std::string site_root;
  bool as_used = false;
  bool staged = false;
};

int run_audit_command(const AuditFlags& flags) {
  AuditOptions options = options_from(flags.report);
  options.root = flags.root;
  options.changed_since = flags.changed_since;
  options.site_root = flags.site_root;
  options.as_used = flags.as_used;
  options.staged = flags.staged;
  return finish_audit(run_audit(flags.paths, options), flags.report);
}

}  // namespace

void add_audit_command(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<AuditFlags>();
  auto* cmd = app.add_subcommand("audit", "Audit images: credits, licenses, duplicates, provenance (the main job)");
  cmd->add_option("paths", flags->paths,
                  "Image files, directories (walked recursively), local HTML pages and http(s) URLs of images or pages")
      ->required();
  add_report_flags(*cmd, flags->report, "Fetch URLs on loopback and private networks too (refused by default)");
  cmd->add_option("--root", flags->root, "Show paths relative to this directory (default: current directory)");
  auto* since = cmd->add_option("--changed-since", flags->changed_since,
                                "Audit only files changed in the git work tree since this ref (CI on content "
                                "repositories); the unchanged images are context for duplicates and credits");
  cmd->add_flag("--staged", flags->staged,
                "Audit the staged content (the git index: what a commit records) of the staged images under the "
                "paths, not the work tree (pre-commit hooks)")
      ->excludes(since);
  cmd->add_option("--site-root", flags->site_root,
                  "For local HTML pages given: the folder their root-relative image paths (/bilder/x.jpg) are read "
                  "from (without it they are refused)");
  cmd->add_flag("--as-used", flags->as_used,
                "Judge each image at its own first use (catalog's first sighting or file mtime, the earlier) instead "
                "of --date");
  cmd->callback([flags, &ctx] { ctx.exit_code = run_audit_command(*flags); });
}

}  // namespace photoaudit::audit::cli

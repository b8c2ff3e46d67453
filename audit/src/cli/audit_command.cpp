// photoaudit audit [options] PATH...: the main job. Flags become AuditOptions; run_audit does the work; a
// writer renders the report; the summary decides the exit status.
#include <memory>

#include "cli/audit_output.hpp"
#include "cli/commands.hpp"
#include "photoaudit/audit/audit_pipeline.hpp"
#include "photoaudit/audit/evidence_bundle.hpp"
#include "photoaudit/audit/terminal_text.hpp"

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
  std::string evidence;  // --evidence DIR: "" = no bundle
};

// --evidence: the bundle of the report (evidence_bundle.hpp) into dir, opened before the audit ran. Returns
// kExitOk, or the usage status after saying why it could not be written.
int write_bundle(const EvidenceDir& dir, const AuditReport& report, unsigned threads) {
  auto written = write_evidence_bundle(dir, report, EvidenceOptions{.threads = threads, .limits = {}});
  if (!written) return refuse("photoaudit: --evidence", written.error());
  std::cerr << "photoaudit: evidence bundle " << printable(dir.path()) << ": " << written->files
            << " files listed in SHA256SUMS, " << written->metadata << " metadata records";
  if (written->not_recorded != 0) std::cerr << ", " << written->not_recorded << " images without one";
  if (written->changed_since != 0) {
    std::cerr << ", " << written->changed_since << " images changed since the audit read them (manifest.json)";
  }
  std::cerr << "; SHA256SUMS sha256 " << written->sums_sha256 << "\n";
  return kExitOk;
}

int run_audit_command(const AuditFlags& flags) {
  AuditOptions options = options_from(flags.report);
  options.root = flags.root;
  options.changed_since = flags.changed_since;
  options.site_root = flags.site_root;
  options.as_used = flags.as_used;
  options.staged = flags.staged;
  if (flags.evidence.empty()) return finish_audit(run_audit(flags.paths, options), flags.report);
  // The folder is claimed before the audit runs: a folder that is not new or empty is refused at once.
  auto dir = EvidenceDir::open(flags.evidence);
  if (!dir) return refuse("photoaudit: --evidence", dir.error());
  const auto report = run_audit(flags.paths, options);
  if (report) {
    if (const int status = write_bundle(*dir, *report, flags.report.threads); status != kExitOk) return status;
  }
  return finish_audit(report, flags.report);
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
  cmd->add_option("--evidence", flags->evidence,
                  "Also write an evidence bundle into this new or empty folder: the JSON report, the registry as "
                  "used, each image's metadata as read, SHA256SUMS and manifest.json (photoaudit verify-evidence "
                  "checks it)");
  cmd->callback([flags, &ctx] { ctx.exit_code = run_audit_command(*flags); });
}

}  // namespace photoaudit::audit::cli

// photoaudit page [options] URL|FILE.html: audit an article page's images with the credits it prints.
#include <memory>

#include "cli/audit_output.hpp"
#include "cli/commands.hpp"
#include "photoaudit/audit/audit_pipeline.hpp"

namespace photoaudit::audit::cli {

void add_page_command(CLI::App& app, CliContext& ctx) {
  struct PageFlags {
    std::string page;
    ReportFlags report;
    std::string site_root;
  };
  auto flags = std::make_shared<PageFlags>();
  auto* cmd = app.add_subcommand("page", "Audit an article page: its images with the credits it prints");
  cmd->add_option("page", flags->page, "The page: an http(s) URL, or a local HTML file")->required();
  add_report_flags(*cmd, flags->report,
                   "Fetch from loopback and private networks too (a CMS preview on the intranet; refused by default)");
  cmd->add_option("--site-root", flags->site_root,
                  "For a local page: the folder its root-relative image paths (/bilder/x.jpg) are read from "
                  "(without it they are refused)");
  cmd->callback([flags, &ctx] {
    AuditOptions options = options_from(flags->report);
    options.site_root = flags->site_root;
    ctx.exit_code = finish_audit(run_page_audit(flags->page, options), flags->report);
  });
}

}  // namespace photoaudit::audit::cli

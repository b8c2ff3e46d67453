#include "photoaudit/audit/cli.hpp"

#include <iostream>

#include "cli/commands.hpp"

namespace photoaudit::audit {

int run_cli(int argc, char** argv) {
  CLI::App app{"photoaudit: media-provenance and photo-credit auditor"};
  app.set_version_flag("--version", std::string("photoaudit ") + PHOTOAUDIT_VERSION);
  app.require_subcommand(1);
  cli::CliContext ctx;
  cli::add_audit_command(app, ctx);
  cli::add_page_command(app, ctx);
  cli::add_inspect_command(app, ctx);
  cli::add_hash_command(app, ctx);
  cli::add_compare_command(app, ctx);
  cli::add_credit_command(app, ctx);
  cli::add_registry_command(app, ctx);
  cli::add_license_command(app, ctx);
  cli::add_scan_command(app, ctx);
  cli::add_find_command(app, ctx);
  cli::add_dupes_command(app, ctx);
  return run_guarded(
      [&] {
        try {
          app.parse(argc, argv);
        } catch (const CLI::ParseError& e) {
          return app.exit(e) == 0 ? kExitOk : kExitUsage;
        }
        return static_cast<ExitStatus>(ctx.exit_code);
      },
      std::cerr);
}

}  // namespace photoaudit::audit

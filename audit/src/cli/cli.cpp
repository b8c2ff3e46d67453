#include "photoaudit/audit/cli.hpp"

#include <iostream>

#include "cli/commands.hpp"

namespace photoaudit::audit {
namespace {

int parse_and_run(int argc, char** argv) {
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
  cli::add_rules_command(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  return ctx.exit_code;
}

}  // namespace

int run_cli(int argc, char** argv) {
  // Everything runs guarded, building the app included: an exception is an internal error (cli.hpp).
  return run_guarded([&] { return parse_and_run(argc, argv); }, std::cerr);
}

}  // namespace photoaudit::audit

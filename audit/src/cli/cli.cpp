#include "photoaudit/audit/cli.hpp"

#include <iostream>

#include "cli/commands.hpp"
#include "photoaudit/common/openssl_ready.hpp"

namespace photoaudit::audit {
namespace {

int parse_and_run(int argc, char** argv) {
  CLI::App app{"photoaudit: media-provenance and photo-credit auditor"};
  app.set_version_flag("--version", std::string("photoaudit ") + PHOTOAUDIT_VERSION);
  app.require_subcommand(1);
  cli::CliContext ctx;
  // In the order --help lists them.
  for (const auto add :
       {cli::add_audit_command, cli::add_page_command, cli::add_inspect_command, cli::add_c2pa_command,
        cli::add_hash_command, cli::add_compare_command, cli::add_credit_command, cli::add_registry_command,
        cli::add_license_command, cli::add_scan_command, cli::add_find_command, cli::add_dupes_command,
        cli::add_serve_command, cli::add_verify_evidence_command, cli::add_rules_command, cli::add_completion_command,
        cli::add_read_worker_command}) {
    add(app, ctx);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != 0) {
      if (const auto typo = cli::unknown_subcommand_message(app, std::vector<std::string>(argv + 1, argv + argc))) {
        std::cerr << *typo << "\nRun with --help for more information.\n";
        return kExitUsage;
      }
    }
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  return ctx.exit_code;
}

}  // namespace

int run_cli(int argc, char** argv) {
  // Before any command starts threads (openssl_ready.hpp says why).
  prepare_openssl();
  // Everything runs guarded, building the app included: an exception is an internal error (cli.hpp).
  return run_guarded([&] { return parse_and_run(argc, argv); }, std::cerr);
}

}  // namespace photoaudit::audit

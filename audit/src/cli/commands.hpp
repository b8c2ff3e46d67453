// Private to the CLI: each subcommand lives in its own file and adds itself to the app here.
// A command's callback stores its exit status in CliContext::exit_code.
#pragma once

#include <CLI/CLI.hpp>

namespace photoaudit::audit::cli {

enum ExitStatus : int { kExitOk = 0, kExitFindings = 1, kExitUsage = 2 };

struct CliContext {
  int exit_code = kExitOk;
};

void add_inspect_command(CLI::App& app, CliContext& ctx);
void add_audit_command(CLI::App& app, CliContext& ctx);
void add_hash_command(CLI::App& app, CliContext& ctx);
void add_compare_command(CLI::App& app, CliContext& ctx);
void add_credit_command(CLI::App& app, CliContext& ctx);
void add_registry_command(CLI::App& app, CliContext& ctx);
void add_license_command(CLI::App& app, CliContext& ctx);
void add_scan_command(CLI::App& app, CliContext& ctx);
void add_find_command(CLI::App& app, CliContext& ctx);
void add_dupes_command(CLI::App& app, CliContext& ctx);
void add_page_command(CLI::App& app, CliContext& ctx);
void add_rules_command(CLI::App& app, CliContext& ctx);

}  // namespace photoaudit::audit::cli

// Private to the CLI: each subcommand lives in its own file and adds itself to the app here.
// A command's callback stores its exit status (cli.hpp: exit_status()) in CliContext::exit_code.
#pragma once

#include <CLI/CLI.hpp>

#include <string_view>

#include "photoaudit/audit/cli.hpp"
#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::cli {

struct CliContext {
  int exit_code = kExitOk;
};

// Adds -j/--threads (worker threads, 0 = all cores; at most 256) to cmd, and --jobs, its other spelling, as a
// hidden alias.
void add_threads_option(CLI::App& cmd, unsigned& threads);

// A command that refuses to start: writes "PREFIX: MESSAGE" to stderr (printable(); keep_newlines for a
// registry's list of problems) and returns exit_status(error).
int refuse(std::string_view prefix, const Error& error, bool keep_newlines = false);

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

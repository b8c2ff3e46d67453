// photoaudit registry check [--json] FILE...: validates license registries; every problem as
// file:line:column: message. The files are the command's inputs: one that is missing or has problems is
// exit status 1, not a configuration error.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/registry/registry.hpp"

namespace photoaudit::audit::cli {
namespace {

struct RegistryCheckOptions {
  std::vector<std::string> files;
  bool json = false;
};

RegistryCheckResult run_registry_check(const RegistryCheckOptions& options) {
  RegistryCheckResult result;
  for (const auto& file : options.files) {
    result.items.push_back(RegistryCheckItem{.file = file, .check = registry::check_registry(file)});
  }
  return result;
}

int run_registry_check_command(const RegistryCheckOptions& options) {
  const RegistryCheckResult result = run_registry_check(options);
  emit(options.json, result, write_registry_check_json, write_registry_check_text);
  std::cout.flush();
  return exit_status(RunOutcome{.input_failed = result.failed()});
}

void add_registry_check_flags(CLI::App& cmd, RegistryCheckOptions& options) {
  cmd.add_option("files", options.files, "Registry files (YAML)")->required();
  add_json_flag(cmd, options.json, "Print a JSON array with the problems of each file (see docs/json.md)");
}

}  // namespace

void add_registry_command(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("registry", "Work with license registries (see docs/registry.md)");
  cmd->require_subcommand(1);
  add_command(*cmd, ctx, "check",
              "Validate registry files: every problem as file:line:column: message; exit status 1 if any",
              add_registry_check_flags, run_registry_check_command);
}

}  // namespace photoaudit::audit::cli

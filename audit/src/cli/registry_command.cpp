// photoaudit registry check [--json] FILE...: validates license registries; every problem as
// file:line:column: message.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "photoaudit/registry/registry.hpp"

namespace photoaudit::audit::cli {
namespace {

struct RegistryCheckOptions {
  std::vector<std::string> files;
  bool json = false;
};

std::string summary(const registry::Registry& r) {
  std::size_t contracts = 0;
  for (const auto& l : r.licensors) contracts += l.contracts.size();
  return std::to_string(r.licensors.size()) + " licensors, " + std::to_string(contracts) + " contracts, " +
         std::to_string(r.blocked.size()) + " blocked sources";
}

int run_check(const RegistryCheckOptions& options) {
  bool failed = false;
  nlohmann::json records = nlohmann::json::array();
  for (const auto& file : options.files) {
    const auto check = registry::check_registry(file);
    if (!check) {
      failed = true;
      std::cerr << "photoaudit: " << printable(check.error().message) << "\n";
      records.push_back({{"file", file}, {"ok", false}, {"error", check.error().message},
                         {"error_code", to_string(check.error().code)}, {"problems", nlohmann::json::array()}});
      continue;
    }
    failed = failed || !check->ok();
    if (options.json) {
      nlohmann::json problems = nlohmann::json::array();
      for (const auto& p : check->problems) {
        problems.push_back({{"line", p.location.line}, {"column", p.location.column}, {"message", p.message}});
      }
      records.push_back({{"file", file}, {"ok", check->ok()}, {"error", nullptr}, {"error_code", nullptr},
                         {"problems", std::move(problems)}});
      continue;
    }
    for (const auto& p : check->problems) std::cout << printable(p.to_string()) << "\n";
    if (check->ok()) std::cout << printable(file) << ": ok (" << summary(check->registry) << ")\n";
  }
  if (options.json) std::cout << records.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  std::cout.flush();
  return failed ? kExitFindings : kExitOk;
}

}  // namespace

void add_registry_command(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("registry", "Work with license registries (see docs/registry.md)");
  cmd->require_subcommand(1);
  auto options = std::make_shared<RegistryCheckOptions>();
  auto* check = cmd->add_subcommand(
      "check", "Validate registry files: every problem as file:line:column: message; exit status 1 if any");
  check->add_option("files", options->files, "Registry files (YAML)")->required();
  check->add_flag("--json", options->json, "Print a JSON array with the problems of each file (see docs/json.md)");
  check->callback([options, &ctx] { ctx.exit_code = run_check(*options); });
}

}  // namespace photoaudit::audit::cli

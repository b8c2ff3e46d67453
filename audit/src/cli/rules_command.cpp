// photoaudit rules [--json]: lists the rule table (registry/rules.hpp): every rule id a report can contain,
// with its default severity and title (text), or with its category and help too (JSON, docs/json.md).
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "photoaudit/audit/report_writers.hpp"

namespace photoaudit::audit::cli {

void add_rules_command(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("rules",
                                 "List every rule photoaudit reports: id, severity, title (and help with --json)");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "JSON array of {id, severity, category, title, help}");
  cmd->callback([&ctx, json] {
    if (*json) {
      write_rules_json(std::cout);
    } else {
      write_rules_text(std::cout);
    }
    std::cout.flush();
    ctx.exit_code = std::cout ? kExitOk : kExitFindings;
  });
}

}  // namespace photoaudit::audit::cli

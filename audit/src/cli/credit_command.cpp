// photoaudit credit [--json] [--lines FILE] [--registry FILE] [--summary] "CREDIT LINE"...: how each credit
// line reads (organisations outermost first, photographers, modifiers).
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "photoaudit/registry/credit.hpp"
#include "photoaudit/registry/registry.hpp"

namespace photoaudit::audit::cli {
namespace {

struct CreditOptions {
  std::vector<std::string> lines;
  std::string lines_file;  // one credit per line; "-" = standard input; "" = none
  std::string registry;    // extends the alias table with the registry's organisations; "" = built-in table
  bool json = false;
  bool summary = false;  // counts only
};

// Reads lines one at a time into writer, counting them.
class CreditRun {
 public:
  CreditRun(const registry::OrganizationTable& table, CreditWriter& writer) : table_(table), writer_(writer) {}

  void line(const std::string& text) {
    auto reading = registry::parse_credit(text, table_);
    if (!reading) {
      ++tally_.failed;
    } else {
      tally_.with_organization += reading->organizations.empty() ? 0 : 1;
      tally_.with_photographer += reading->photographers.empty() ? 0 : 1;
      tally_.unrecognized += reading->empty() ? 1 : 0;
    }
    writer_.item(CreditItem{.index = tally_.lines++, .input = text, .reading = std::move(reading)});
  }

  // Every line of in (CR LF or LF; empty lines skipped).
  void lines(std::istream& in) {
    std::string text;
    while (std::getline(in, text)) {
      if (!text.empty() && text.back() == '\r') text.pop_back();
      if (!text.empty()) line(text);
    }
  }

  const CreditTally& tally() const { return tally_; }

 private:
  const registry::OrganizationTable& table_;
  CreditWriter& writer_;
  CreditTally tally_;
};

// Reads the argument lines, then those of `more` (the --lines file, or nullptr), into writer and finishes it.
// Fails, with nothing written, when the registry does not load.
Result<CreditTally> run_credit(const CreditOptions& options, std::istream* more, CreditWriter& writer) {
  registry::Registry registry;
  const registry::OrganizationTable* table = &registry::OrganizationTable::builtin();
  if (!options.registry.empty()) {
    auto loaded = registry::load_registry(options.registry);
    if (!loaded) return fail(loaded.error());
    registry = std::move(*loaded);
    table = &registry.organizations;
  }
  CreditRun run(*table, writer);
  for (const auto& line : options.lines) run.line(line);
  if (more != nullptr) run.lines(*more);
  writer.finish(run.tally());
  return run.tally();
}

void add_credit_flags(CLI::App& cmd, CreditOptions& options) {
  cmd.add_option("credit", options.lines, "Credit lines, e.g. \"© picture alliance / AP | Valery Sharifulin\"");
  cmd.add_option("--lines", options.lines_file, "Read one credit line per line from FILE (- = standard input)");
  cmd.add_option("--registry", options.registry, "Also know the organisations and aliases of this license registry");
  add_json_flag(cmd, options.json, "Print a JSON array of readings (see docs/json.md)");
  cmd.add_flag("--summary", options.summary, "Print only counts: how many lines name organisations, photographers");
}

int run_credit_command(const CreditOptions& options) {
  if (options.lines.empty() && options.lines_file.empty()) {
    std::cerr << "photoaudit credit: give credit lines as arguments or --lines FILE\n";
    return kExitUsage;
  }
  std::ifstream file;
  bool unopened = false;
  if (!options.lines_file.empty() && options.lines_file != "-") {
    file.open(options.lines_file, std::ios::binary);
    if (!file) {  // an input that cannot be read: the argument lines are still read
      std::cerr << "photoaudit: " << printable(options.lines_file) << ": cannot open\n";
      unopened = true;
    }
  }
  std::istream* more = options.lines_file == "-" ? &std::cin : file.is_open() ? &file : nullptr;
  const auto writer = options.json ? make_credit_json_writer(std::cout, std::cerr, options.summary)
                                   : make_credit_text_writer(std::cout, std::cerr, options.summary);
  const auto tally = run_credit(options, more, *writer);
  std::cout.flush();
  return tally ? exit_status(RunOutcome{.input_failed = unopened || tally->failed > 0})
               : refuse("photoaudit", tally.error(), true);
}

}  // namespace

void add_credit_command(CLI::App& app, CliContext& ctx) {
  add_command(app, ctx, "credit", "Read credit lines: who distributed, which agency, which photographer",
              add_credit_flags, run_credit_command);
}

}  // namespace photoaudit::audit::cli

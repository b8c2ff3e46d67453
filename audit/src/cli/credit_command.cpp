// photoaudit credit [--json] [--lines FILE] [--registry FILE] [--summary] "CREDIT LINE"...: how each credit
// line reads (organisations outermost first, photographers, modifiers).
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "photoaudit/common/line_read.hpp"
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

  // Every line of the --lines input (CR LF or LF; empty lines skipped), within the line limits: a FIFO or a
  // device is refused, and an endless line is an error, not unbounded memory (issue 18).
  Result<std::uint64_t> lines(const std::string& file) {
    const LineSink sink = [this](const Line& read) {
      if (read.length > read.text.size()) {
        too_long(read);
      } else if (!read.text.empty()) {
        line(std::string(read.text));
      }
    };
    return file == "-" ? read_lines_bounded(STDIN_FILENO, "standard input", {}, sink)
                       : read_lines_bounded(file, {}, sink);
  }

  const CreditTally& tally() const { return tally_; }

 private:
  // A line longer than the reader holds: failed as parse_credit() fails a text over its limit (the same one,
  // Limits::max_line_bytes), shown by the bytes that were held.
  void too_long(const Line& read) {
    ++tally_.failed;
    writer_.item(CreditItem{.index = tally_.lines++,
                            .input = std::string(read.text),
                            .reading = fail(Error::limit_exceeded("credit line is " + std::to_string(read.length) +
                                                                  " bytes, more than the limit of " +
                                                                  std::to_string(Limits{}.max_line_bytes)))});
  }

  const registry::OrganizationTable& table_;
  CreditWriter& writer_;
  CreditTally tally_;
};

// Reads the argument lines, then those of the --lines input, if any, into writer and finishes it. An input that
// cannot be read (or breaks a line limit) is described in input_error, after the lines read before it.
// Fails, with nothing written, when the registry does not load.
Result<CreditTally> run_credit(const CreditOptions& options, CreditWriter& writer, std::optional<Error>& input_error) {
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
  if (!options.lines_file.empty()) {
    if (auto read = run.lines(options.lines_file); !read) input_error = read.error();
  }
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
  const auto writer = options.json ? make_credit_json_writer(std::cout, std::cerr, options.summary)
                                   : make_credit_text_writer(std::cout, std::cerr, options.summary);
  std::optional<Error> input_error;
  const auto tally = run_credit(options, *writer, input_error);
  std::cout.flush();
  if (!tally) return refuse("photoaudit", tally.error(), true);
  if (input_error) std::cerr << "photoaudit credit: " << printable(input_error->message) << "\n";
  return exit_status(RunOutcome{.input_failed = input_error.has_value() || tally->failed > 0});
}

}  // namespace

void add_credit_command(CLI::App& app, CliContext& ctx) {
  add_command(app, ctx, "credit", "Read credit lines: who distributed, which agency, which photographer",
              add_credit_flags, run_credit_command);
}

}  // namespace photoaudit::audit::cli

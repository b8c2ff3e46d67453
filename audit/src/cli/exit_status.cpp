// The exit-status policy of every subcommand (cli.hpp) and the helpers the commands share to apply it.
#include <charconv>
#include <cmath>
#include <exception>
#include <iostream>
#include <string>
#include <system_error>

#include "cli/commands.hpp"
#include "photoaudit/audit/terminal_text.hpp"

namespace photoaudit::audit {

ExitStatus exit_status(const RunOutcome& outcome) {
  if (outcome.retry) return kExitTempFail;
  return outcome.input_failed || outcome.threshold_reached ? kExitFindings : kExitOk;
}

ExitStatus exit_status(const Error& /*refused*/) { return kExitUsage; }

int run_guarded(const std::function<int()>& command, std::ostream& err) {
  try {
    return command();
  } catch (const std::exception& e) {
    // Libraries return errors as values; reaching this is a bug, but it must still be a clear message.
    err << "photoaudit: internal error: " << printable(e.what()) << "\n";
  } catch (...) {
    err << "photoaudit: internal error: an unknown exception\n";
  }
  return kExitInternal;
}

namespace cli {

void add_threads_option(CLI::App& cmd, unsigned& threads) {
  const auto range = CLI::Range(0U, 256U);
  cmd.add_option("-j,--threads", threads, "Worker threads (default: 0 = all cores)")->check(range);
  cmd.add_option("--jobs", threads, "Alias of --threads")->check(range)->group("");
}

void add_timeout_option(CLI::App& cmd, double& seconds, const std::string& help) {
  constexpr double kMin = 0.1;
  constexpr double kMax = 3600.0;
  const CLI::Validator finite_seconds(
      [](std::string& text) -> std::string {
        double value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        // Every comparison with nan is false, so the range is written as what passes, not what fails.
        if (error != std::errc() || stop != end || !std::isfinite(value) || !(value >= kMin && value <= kMax)) {
          return "a number of seconds from 0.1 to 3600 is needed, not " + text;
        }
        return {};
      },
      "SECONDS in [0.1 - 3600]");
  cmd.add_option("--timeout", seconds, help)->check(finite_seconds);
}

void add_json_flag(CLI::App& cmd, bool& json, const std::string& help) { cmd.add_flag("--json", json, help); }

int refuse(std::string_view prefix, const Error& error, bool keep_newlines) {
  std::cerr << prefix << ": " << printable(error.message, keep_newlines) << "\n";
  return exit_status(error);
}

}  // namespace cli
}  // namespace photoaudit::audit

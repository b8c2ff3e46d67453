// photoaudit scan --index DB [--json] [--quiet] [-j N] PATH...: add or refresh folders in the catalog
// (docs/json.md, "scan").
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/catalog_scan.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/provenance.hpp"

namespace photoaudit::audit::cli {
namespace {

struct ScanCommandOptions {
  std::string index;
  std::vector<std::string> paths;
  bool json = false;
  bool quiet = false;    // no progress and no summary
  unsigned threads = 0;  // 0 = all cores
  IsolationFlags isolation;
};

// Scans the paths into the catalog. Fails, with nothing done, when the catalog cannot be opened for writing;
// a scan that stops part-way is ScanRun::stopped.
Result<ScanRun> run_scan(const ScanCommandOptions& options, std::function<void(const ScanProgress&)> progress) {
  // A file size limit (RLIMIT_FSIZE) must give a write error, not kill the process mid-transaction.
  std::signal(SIGXFSZ, SIG_IGN);
  auto catalog = open_sqlite_catalog(options.index);
  if (!catalog) return fail(catalog.error());
  initialize_metadata();
  ScanOptions scan_options;
  scan_options.threads = options.threads;
  scan_options.isolation = isolation_from(options.isolation);
  scan_options.quiet = options.quiet;
  scan_options.progress = std::move(progress);
  const auto started = std::chrono::steady_clock::now();
  auto result = scan(**catalog, options.paths, scan_options);
  ScanRun run{.index = options.index};
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (result) {
    run.result = std::move(*result);
  } else {
    run.stopped = result.error();
  }
  return run;
}

void add_scan_flags(CLI::App& cmd, ScanCommandOptions& options) {
  cmd.add_option("--index", options.index, "Catalog file (SQLite; created if missing)")->required();
  cmd.add_option("PATH", options.paths, "Image files or folders (walked recursively)")->required();
  add_json_flag(cmd, options.json, "Print the summary as JSON (docs/json.md)");
  cmd.add_flag("-q,--quiet", options.quiet, "No progress and no summary; errors only");
  add_threads_option(cmd, options.threads);
  add_isolation_options(cmd, options.isolation);
}

int run_scan_command(const ScanCommandOptions& options) {
  std::function<void(const ScanProgress&)> progress;
  if (!options.quiet) progress = make_scan_progress_writer(std::cerr, ::isatty(STDERR_FILENO) == 1);
  const auto run = run_scan(options, std::move(progress));
  if (!run) return refuse("photoaudit scan", run.error());
  emit(options.json, *run, write_scan_json,
       [quiet = options.quiet](std::ostream& out, std::ostream& err, const ScanRun& r) {
         write_scan_text(out, err, r, quiet);
       });
  return exit_status(RunOutcome{.input_failed = run->stopped || run->result.failed > 0});
}

}  // namespace

void add_scan_command(CLI::App& app, CliContext& ctx) {
  add_command(app, ctx, "scan", "Add folders of images to a catalog, or refresh them (incremental)", add_scan_flags,
              run_scan_command);
}

}  // namespace photoaudit::audit::cli

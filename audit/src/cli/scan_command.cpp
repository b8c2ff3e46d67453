// photoaudit scan --index DB [--json] [--quiet] [-j N] PATH...: add or refresh folders in the catalog
// (docs/json.md, "scan").
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/catalog_scan.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/audit/terminal_text.hpp"

namespace photoaudit::audit::cli {
namespace {

struct ScanFlags {
  std::string index;
  std::vector<std::string> paths;
  bool json = false;
  bool quiet = false;
  unsigned jobs = 0;
};

std::string duration_text(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

// Progress on stderr: a redrawn bar on a terminal, a plain line every 10 s otherwise.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool terminal) : terminal_(terminal) {}

  void operator()(const ScanProgress& p) {
    const double rate = p.elapsed_seconds > 0 ? static_cast<double>(p.files_hashed) / p.elapsed_seconds : 0.0;
    const std::size_t left = p.files_total - std::min(p.files_done, p.files_total);
    const std::string eta = rate > 0 ? duration_text(static_cast<double>(left) / rate) : "?";
    char line[160];
    if (terminal_) {
      constexpr int kWidth = 30;
      const int filled = p.files_total == 0 ? kWidth
                                            : static_cast<int>(kWidth * static_cast<double>(p.files_done) /
                                                               static_cast<double>(p.files_total));
      std::snprintf(line, sizeof line, "\r[%-*s] %zu/%zu files  %.1f files/s  ETA %s ", kWidth,
                    std::string(static_cast<std::size_t>(filled), '#').c_str(), p.files_done, p.files_total, rate,
                    eta.c_str());
      std::cerr << line << (p.finished ? "\n" : "") << std::flush;
      return;
    }
    if (!p.finished && p.elapsed_seconds < next_line_at_) return;
    next_line_at_ = p.elapsed_seconds + 10.0;
    std::snprintf(line, sizeof line, "scan: %zu/%zu files, %.1f files/s, ETA %s", p.files_done, p.files_total, rate,
                  eta.c_str());
    std::cerr << line << "\n";
  }

 private:
  bool terminal_;
  double next_line_at_ = 10.0;
};

nlohmann::json result_json(const std::string& index, const ScanResult& r, double seconds) {
  return {{"index", index},
          {"files", r.files},
          {"unchanged", r.unchanged},
          {"added", r.added},
          {"updated", r.updated},
          {"moved", r.moved},
          {"marked_missing", r.marked_missing},
          {"failed", r.failed},
          {"skipped_not_image", r.skipped_not_image},
          {"seconds", seconds},
          {"errors", r.errors}};
}

int run_scan(const ScanFlags& flags) {
  // A file size limit (RLIMIT_FSIZE) must give a write error, not kill the process mid-transaction.
  std::signal(SIGXFSZ, SIG_IGN);
  auto catalog = open_sqlite_catalog(flags.index);
  if (!catalog) {
    std::cerr << "photoaudit scan: " << printable(catalog.error().message) << "\n";
    return kExitFindings;
  }
  initialize_metadata();
  ScanOptions options;
  options.threads = flags.jobs;
  options.quiet = flags.quiet;
  if (!flags.quiet) options.progress = ProgressPrinter(::isatty(STDERR_FILENO) == 1);
  const auto started = std::chrono::steady_clock::now();
  auto result = scan(**catalog, flags.paths, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!result) {
    std::cerr << "photoaudit scan: " << printable(result.error().message)
              << " (the catalog keeps what was written before; run the scan again to complete it)\n";
    return kExitFindings;
  }
  for (const auto& e : result->errors) std::cerr << "photoaudit scan: " << printable(e) << "\n";
  if (flags.json) {
    std::cout << result_json(flags.index, *result, seconds).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  } else if (!flags.quiet) {
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f", seconds > 0 ? static_cast<double>(result->files - result->unchanged) / seconds : 0.0);
    std::cout << printable(flags.index) << ": " << result->files << " image files: " << result->added << " added, "
              << result->updated << " updated, " << result->moved << " moved, " << result->unchanged << " unchanged, "
              << result->marked_missing << " marked missing, " << result->failed << " failed (" << rate
              << " files/s read)\n";
  }
  return result->failed > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void add_scan_command(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<ScanFlags>();
  auto* cmd = app.add_subcommand("scan", "Add folders of images to a catalog, or refresh them (incremental)");
  cmd->add_option("--index", flags->index, "Catalog file (SQLite; created if missing)")->required();
  cmd->add_option("PATH", flags->paths, "Image files or folders (walked recursively)")->required();
  cmd->add_flag("--json", flags->json, "Print the summary as JSON (docs/json.md)");
  cmd->add_flag("-q,--quiet", flags->quiet, "No progress and no summary; errors only");
  cmd->add_option("-j,--jobs", flags->jobs, "Threads (default: all cores)")->check(CLI::Range(1U, 256U));
  cmd->callback([flags, &ctx] { ctx.exit_code = run_scan(*flags); });
}

}  // namespace photoaudit::audit::cli

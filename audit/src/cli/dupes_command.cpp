// photoaudit dupes [--index DB] [--json] [-j N] [--include-missing] [--registry FILE] [--isolation MODE] [PATH...]:
// clusters of the same photo, over a catalog or over the given files and folders, where their credits disagree or
// were lost, and each copy's use history and license at its own first use (docs/json.md, "dupes").
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/catalog_dupes.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/copy_license.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/registry/registry.hpp"

namespace photoaudit::audit::cli {
namespace {

struct DupesOptions {
  std::string index;               // "" = read the paths now
  std::vector<std::string> paths;  // with index: restrict the catalog to these
  bool json = false;
  unsigned threads = 0;          // 0 = all cores
  bool include_missing = false;  // with index: also the records of past uses (missing, moved, replaced)
  std::string registry;          // "" = no license verdicts
  IsolationFlags isolation;      // --isolation, --file-timeout
};

// Fails, with nothing done, when the catalog or the registry cannot be opened or read.
Result<catalog::DupesReport> run_dupes(const DupesOptions& options) {
  std::optional<registry::Registry> reg;
  if (!options.registry.empty()) {
    auto loaded = registry::load_registry(options.registry);
    if (!loaded) return fail(loaded.error());
    reg = std::move(*loaded);
  }
  Result<catalog::DupesReport> report = catalog::DupesReport{};
  if (options.index.empty()) {
    initialize_metadata();
    report = catalog::dupes_in_files(options.paths, hashing::SameRule{}, options.threads,
                                     isolation_from(options.isolation));
  } else {
    auto opened = open_catalog(options.index, CatalogOptions{.mode = CatalogMode::kReadOnly});
    if (!opened) return fail(opened.error());
    report = catalog::dupes_in_catalog(**opened, options.paths, hashing::SameRule{}, options.threads,
                                       options.include_missing ? CatalogRows::kAll : CatalogRows::kPresent,
                                       isolation_from(options.isolation));
  }
  if (report && reg) {
    report->registry = options.registry;
    for (const auto& item : report->items) {
      report->licenses.push_back(license_at_first_use(*reg, item.provenance, item.history, item.mtime_ns, {}));
    }
  }
  return report;
}

void add_dupes_flags(CLI::App& cmd, DupesOptions& options) {
  cmd.add_option("--index", options.index, "Catalog file made by photoaudit scan (PATHs then restrict it)");
  cmd.add_option("PATH", options.paths,
                 "Image files or folders to read instead of (or, with --index, within) a catalog");
  cmd.add_flag("--include-missing", options.include_missing,
               "With --index: also copies that are gone: missing, moved away, replaced (default: hidden, counted)");
  cmd.add_option("--registry", options.registry,
                 "License registry (YAML): add each copy's verdict at its own first use (docs/json.md)");
  add_json_flag(cmd, options.json, "Print JSON (docs/json.md)");
  add_threads_option(cmd, options.threads);
  add_isolation_options(cmd, options.isolation);
}

int run_dupes_command(const DupesOptions& options) {
  if (options.index.empty() && options.paths.empty()) {
    std::cerr << "photoaudit dupes: give --index DB or at least one PATH\n";
    return kExitUsage;
  }
  const auto report = run_dupes(options);
  if (!report) return refuse("photoaudit dupes", report.error());
  emit(options.json, *report, write_dupes_json, write_dupes_text);
  return exit_status(RunOutcome{.input_failed = !report->errors.empty()});
}

}  // namespace

void add_dupes_command(CLI::App& app, CliContext& ctx) {
  add_command(app, ctx, "dupes", "Clusters of the same photo (exact, same content, near) and their credits",
              add_dupes_flags, run_dupes_command);
}

}  // namespace photoaudit::audit::cli

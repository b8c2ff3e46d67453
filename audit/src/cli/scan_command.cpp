// photoaudit scan [--index DB] [--json] [--quiet] [-j N] [--shard I/N] [--ndjson] [--paths-from FILE [--null]]
// [--path-prefix OLD=NEW] [PATH...]: add or refresh folders in the catalog (docs/json.md, "scan"), or write one NDJSON
// record per file read; scan --index DB --import FILE: merge such records into the catalog (docs/scale.md).
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/catalog_scan.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/credentials_source.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/audit/scan_records.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "photoaudit/common/path_root.hpp"

namespace photoaudit::audit::cli {
namespace {

struct ScanCommandOptions {
  std::string index;
  std::vector<std::string> paths;
  bool json = false;
  bool quiet = false;    // no progress and no summary
  unsigned threads = 0;  // 0 = all cores
  IsolationFlags isolation;
  std::string shard;        // "I/N" (checked when parsed); "" = the whole scan
  std::string path_prefix;  // "OLD=NEW" (checked when parsed); "" = paths stored as this machine sees them
  std::string paths_from;   // a file of paths ("-" = stdin); "" = the PATH arguments
  bool null_separated = false;
  bool ndjson = false;             // one record per file read on stdout
  std::string import;              // NDJSON records to merge into --index ("-" = stdin)
  bool no_local_features = false;  // store no local features (ScanOptions::local_features)
  std::string trust;               // PEM trust anchors for Content Credentials signers ("" = none trusted)
  std::string tsa_trust;           // PEM trust anchors for their time-stamp authorities
};

// A catalog failure that running the same command again can get past: busy (locked), or a failed write.
bool temporary(const Error& e) { return e.code == ErrorCode::kBusy || e.code == ErrorCode::kIOError; }

Error usage(std::string message) { return Error{ErrorCode::kInvalidArgument, std::move(message)}; }

// The flags that go together; the error names the first conflict.
Result<void> check_modes(const ScanCommandOptions& o) {
  if (!o.import.empty()) {
    if (o.index.empty()) return fail(usage("--import needs --index DB: the catalog the records go into"));
    if (!o.paths.empty() || !o.paths_from.empty() || !o.shard.empty() || o.ndjson) {
      return fail(usage("--import reads records, not files: no PATH, --paths-from, --shard or --ndjson with it"));
    }
    return ok();
  }
  if (o.index.empty() && !o.ndjson)
    return fail(usage("--index DB (a catalog) or --ndjson (records on stdout) is needed"));
  if (o.paths.empty() && o.paths_from.empty()) return fail(usage("a PATH or --paths-from FILE is needed"));
  if (!o.paths.empty() && !o.paths_from.empty())
    return fail(usage("PATH arguments and --paths-from exclude each other"));
  if (o.null_separated && o.paths_from.empty()) return fail(usage("--null needs --paths-from"));
  if (o.ndjson && o.json) return fail(usage("--ndjson writes records on stdout: no --json summary with it"));
  return ok();
}

// The paths of --paths-from: NUL- or newline-separated, byte-exact, empty entries skipped.
Result<std::vector<std::string>> read_path_list(const std::string& from, bool null_separated) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (from != "-") {
    file.open(from, std::ios::binary);
    if (!file) return fail(usage("--paths-from " + from + ": cannot open the list"));
    in = &file;
  }
  std::vector<std::string> paths;
  std::string item;
  while (std::getline(*in, item, null_separated ? '\0' : '\n')) {
    if (!item.empty()) paths.push_back(std::move(item));
  }
  if (in->bad()) return fail(usage("--paths-from " + from + ": cannot read the list"));
  return paths;
}

int run_import(const ScanCommandOptions& options) {
  std::signal(SIGXFSZ, SIG_IGN);
  ImportOptions import_options;
  if (!options.path_prefix.empty()) {
    auto prefix = parse_path_prefix(options.path_prefix);
    if (!prefix) return refuse("photoaudit scan", usage("--path-prefix: " + prefix.error().message));
    import_options.path_prefix = std::move(*prefix);
  }
  auto catalog = open_catalog(options.index);
  if (!catalog) {
    if (catalog.error().code != ErrorCode::kBusy) return refuse("photoaudit scan", catalog.error());
    std::cerr << "photoaudit scan: " << printable(catalog.error().message) << "\n";
    return exit_status(RunOutcome{.retry = true});
  }
  std::ifstream file;
  if (options.import != "-") {
    file.open(options.import, std::ios::binary);
    if (!file) return refuse("photoaudit scan", usage("--import " + options.import + ": cannot open the records"));
  }
  const auto started = std::chrono::steady_clock::now();
  auto imported = import_records(**catalog, options.import == "-" ? std::cin : file, import_options);
  ScanRun run{.index = options.index};
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (imported) {
    run.result = std::move(*imported);
  } else {
    run.stopped = imported.error();
  }
  emit(options.json, run, write_scan_json,
       [quiet = options.quiet](std::ostream& out, std::ostream& err, const ScanRun& r) {
         write_scan_text(out, err, r, quiet);
       });
  return exit_status(RunOutcome{.input_failed = run.stopped || run.result.failed > 0,
                                .retry = run.stopped && temporary(*run.stopped)});
}

// --path-prefix OLD=NEW parsed into scan_options, every path to scan checked to be under OLD first: a path that
// is not is a usage error, found before the catalog is opened, so nothing is read or written.
Result<void> apply_path_prefix(const std::string& spec, const std::vector<std::string>& paths,
                               ScanOptions& scan_options) {
  auto prefix = parse_path_prefix(spec);
  if (!prefix) return fail(prefix.error());
  for (const auto& p : paths) {
    if (!stored_path(*prefix, root_directory(p))) {
      return fail(usage("--path-prefix: " + root_directory(p) + " is not under " + prefix->from +
                        " (every path scanned with --path-prefix must be)"));
    }
  }
  scan_options.path_prefix = std::move(*prefix);
  return {};
}

int run_scan_command(const ScanCommandOptions& options) {
  if (auto modes = check_modes(options); !modes) return refuse("photoaudit scan", modes.error());
  if (!options.import.empty()) return run_import(options);
  ScanOptions scan_options;
  auto verifier = verifier_from_files(options.trust, options.tsa_trust);
  if (!verifier) return refuse("photoaudit scan", verifier.error());
  scan_options.credentials = std::make_shared<const C2paVerifier>(std::move(*verifier));
  if (!options.shard.empty()) {
    auto shard = parse_shard(options.shard);
    if (!shard) return refuse("photoaudit scan", shard.error());
    scan_options.shard = *shard;
  }
  std::vector<std::string> paths = options.paths;
  if (!options.paths_from.empty()) {
    auto listed = read_path_list(options.paths_from, options.null_separated);
    if (!listed) return refuse("photoaudit scan", listed.error());
    paths = std::move(*listed);
    scan_options.listed = true;
  }
  if (!options.path_prefix.empty()) {
    if (auto prefix = apply_path_prefix(options.path_prefix, paths, scan_options); !prefix) {
      return refuse("photoaudit scan", prefix.error());
    }
  }
  // A file size limit (RLIMIT_FSIZE) must give a write error, not kill the process mid-transaction.
  std::signal(SIGXFSZ, SIG_IGN);
  std::unique_ptr<Catalog> catalog;
  if (!options.index.empty()) {
    auto opened = open_catalog(options.index);
    if (!opened) {
      if (opened.error().code != ErrorCode::kBusy) return refuse("photoaudit scan", opened.error());
      std::cerr << "photoaudit scan: " << printable(opened.error().message) << "\n";
      return exit_status(RunOutcome{.retry = true});
    }
    catalog = std::move(*opened);
  }
  initialize_metadata();
  scan_options.threads = options.threads;
  scan_options.local_features = !options.no_local_features;
  scan_options.isolation = isolation_from(options.isolation);
  scan_options.quiet = options.quiet;
  if (!options.quiet) scan_options.progress = make_scan_progress_writer(std::cerr, ::isatty(STDERR_FILENO) == 1);
  bool output_failed = false;
  if (options.ndjson) {
    scan_options.on_record = [&output_failed](const ScanRecord& record) {
      if (output_failed) return;
      // One flushed line per file: a consumer sees each record whole as soon as it is read.
      std::cout << scan_record_json(record) << '\n' << std::flush;
      output_failed = !std::cout;
    };
  }
  const auto started = std::chrono::steady_clock::now();
  auto result = catalog ? scan(*catalog, paths, scan_options) : read_records(paths, scan_options);
  ScanRun run{.index = options.index};
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (result) {
    run.result = std::move(*result);
  } else {
    run.stopped = result.error();
  }
  if (options.ndjson) {
    // stdout holds the records: errors and the summary go to stderr.
    write_scan_text(std::cerr, std::cerr, run, options.quiet || !catalog);
    if (!catalog && !run.stopped && !options.quiet) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.2f", run.seconds);
      std::cerr << "photoaudit scan: " << run.result.files << " records (" << run.result.failed << " failed, "
                << run.result.skipped_not_image << " not images) in " << seconds << " s\n";
    }
    if (output_failed) std::cerr << "photoaudit scan: cannot write the records to stdout\n";
  } else {
    emit(options.json, run, write_scan_json,
         [quiet = options.quiet](std::ostream& out, std::ostream& err, const ScanRun& r) {
           write_scan_text(out, err, r, quiet);
         });
  }
  return exit_status(RunOutcome{.input_failed = run.stopped || run.result.failed > 0,
                                .retry = output_failed || (run.stopped && temporary(*run.stopped))});
}

void add_scan_flags(CLI::App& cmd, ScanCommandOptions& options) {
  cmd.add_option("--index", options.index, "Catalog: an SQLite file (created if missing) or a postgresql:// URL");
  cmd.add_option("PATH", options.paths, "Image files or folders (walked recursively)");
  add_json_flag(cmd, options.json, "Print the summary as JSON (docs/json.md)");
  cmd.add_flag("-q,--quiet", options.quiet, "No progress and no summary; errors only");
  add_threads_option(cmd, options.threads);
  add_isolation_options(cmd, options.isolation);
  const CLI::Validator shard_spec(
      [](std::string& text) -> std::string {
        auto spec = parse_shard(text);
        return spec ? std::string() : spec.error().message;
      },
      "I/N");
  cmd.add_option("--shard", options.shard,
                 "Only part I of N (0-based, I/N): files split by SHA-256 of their path under PATH (docs/scale.md)")
      ->check(shard_spec);
  const CLI::Validator prefix_spec(
      [](std::string& text) -> std::string {
        auto spec = parse_path_prefix(text);
        return spec ? std::string() : spec.error().message;
      },
      "OLD=NEW");
  cmd.add_option("--path-prefix", options.path_prefix,
                 "Store paths under OLD (where this machine mounts the archive) as under NEW, so shards that mount "
                 "it at different places store the same paths; with --import, the records' paths (docs/scale.md)")
      ->check(prefix_spec);
  cmd.add_option("--paths-from", options.paths_from, "Read the files and folders from FILE ('-' = stdin), one a line");
  cmd.add_flag("-0,--null", options.null_separated, "--paths-from is NUL-separated (find -print0)");
  cmd.add_flag("--ndjson", options.ndjson, "Write one JSON record per file read to stdout (with or without --index)");
  cmd.add_option("--import", options.import, "Merge NDJSON records from FILE ('-' = stdin) into --index");
  cmd.add_flag("--no-local-features", options.no_local_features,
               "Store no local features (smaller, faster; dupes and find then miss copies rotated a little or "
               "cropped off-centre whose files are offline)");
  cmd.add_option("--trust", options.trust,
                 "PEM file of trusted Content Credentials (C2PA) signers' certificates: the catalog's c2pa_state is "
                 "'trusted' for credentials that chain to one (without it, at most 'valid')");
  cmd.add_option("--tsa-trust", options.tsa_trust,
                 "PEM file of certificates to trust as Content Credentials time-stamp authorities' anchors");
}

}  // namespace

void add_scan_command(CLI::App& app, CliContext& ctx) {
  add_command(app, ctx, "scan", "Add folders of images to a catalog, or refresh them (incremental)", add_scan_flags,
              run_scan_command);
}

}  // namespace photoaudit::audit::cli

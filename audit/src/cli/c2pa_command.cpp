// photoaudit c2pa [--json] [--trust FILE] [--tsa-trust FILE] [--allow-remote [--allow-private]] [-j N] FILE...:
// the Content Credentials (C2PA) of each file, verified; a sidecar NAME.c2pa is read when the file carries no store.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/audit/c2pa_writers.hpp"
#include "photoaudit/audit/credentials_source.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/audit/remote_credentials.hpp"
#include "photoaudit/common/file_read.hpp"
#include "photoaudit/common/limits.hpp"

namespace photoaudit::audit::cli {
namespace {

struct C2paCommandOptions : FileListOptions {
  std::string trust;      // PEM file of trust anchors; "" = nothing trusted
  std::string tsa_trust;  // PEM file of time-stamp authorities' anchors; "" = TSAs not checked
  bool allow_remote = false;
  bool allow_private = false;
};

// The file's own store; else its sidecar NAME.c2pa; else, with --allow-remote, the http(s) manifest its XMP names
// (the same reading as audit's: credentials_source.hpp, remote_credentials.hpp).
Result<C2paReport> read_one(const std::string& path, const C2paVerifier& verifier, const C2paCommandOptions& flags) {
  auto bytes = read_file_bounded<std::vector<std::uint8_t>>(path, Limits{}.max_file_bytes);
  if (!bytes) return std::unexpected(bytes.error());
  C2paReport report = read_credentials(verifier, *bytes, path);
  if (report.found || !flags.allow_remote || !is_remote_manifest(report.provenance)) return report;
  FetchOptions fetch_options;
  fetch_options.allow_private = flags.allow_private;
  return fetch_remote_credentials(verifier, *bytes, report.provenance, fetch_options);
}

void add_c2pa_flags(CLI::App& cmd, C2paCommandOptions& options) {
  cmd.add_option("FILE", options.files, "Image files (JPEG, PNG)")->required();
  add_json_flag(cmd, options.json, "Print a JSON array of records (docs/json.md)");
  cmd.add_option("--trust", options.trust,
                 "PEM file of certificates to trust as signers' anchors (roots, intermediates or signing "
                 "certificates); without it no signer is trusted");
  cmd.add_option("--tsa-trust", options.tsa_trust,
                 "PEM file of certificates to trust as time-stamp authorities' anchors; without it a time-stamp "
                 "that matches its signature is used but reported as timeStamp.untrusted");
  cmd.add_flag("--allow-remote", options.allow_remote,
               "Fetch a manifest that the file's XMP names with dcterms:provenance (http/https) when the file carries "
               "none; without it such a reference is reported, never fetched");
  cmd.add_flag("--allow-private", options.allow_private,
               "With --allow-remote: also fetch from loopback and private addresses (refused by default)");
  add_threads_option(cmd, options.threads);
}

int run_c2pa_command(const C2paCommandOptions& flags) {
  const auto verifier = verifier_from_files(flags.trust, flags.tsa_trust);
  if (!verifier) return refuse("photoaudit c2pa", verifier.error());
  const auto writer = flags.json ? make_c2pa_json_writer(std::cout, std::cerr)
                                 : make_c2pa_text_writer(std::cout, std::cerr);
  C2paSummary summary{.files = flags.files.size()};
  parallel_ordered<Result<C2paReport>>(
      flags.files.size(), flags.threads, [&](std::size_t i) { return read_one(flags.files[i], *verifier, flags); },
      [&](std::size_t i, Result<C2paReport> report) {
        if (!report) {
          ++summary.unreadable;
        } else if (!report->found) {
          ++summary.without;
        } else if (report->state == C2paState::kInvalid || !report->store_failures.empty()) {
          ++summary.invalid;
        }
        writer->item(C2paItem{.index = i, .path = flags.files[i], .report = std::move(report)});
      });
  writer->finish(summary);
  std::cout.flush();
  return exit_status(RunOutcome{.input_failed = summary.unreadable > 0, .threshold_reached = summary.invalid > 0});
}

}  // namespace

void add_c2pa_command(CLI::App& app, CliContext& ctx) {
  add_command(app, ctx, "c2pa", "Read and verify the Content Credentials (C2PA manifests) of images, offline",
              add_c2pa_flags, run_c2pa_command);
}

}  // namespace photoaudit::audit::cli

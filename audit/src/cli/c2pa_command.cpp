// photoaudit c2pa [--json] [--trust FILE] [--tsa-trust FILE] [--allow-remote [--allow-private]] [-j N] FILE...:
// the Content Credentials (C2PA) of each file, verified; a sidecar NAME.c2pa is read when the file carries no store.
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/audit/c2pa_writers.hpp"
#include "photoaudit/audit/fetch.hpp"
#include "photoaudit/audit/parallel.hpp"
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

// The file's own store; else its sidecar NAME.c2pa; else, with --allow-remote, the http(s) manifest its XMP names.
Result<C2paReport> read_one(const std::string& path, const C2paVerifier& verifier, const C2paCommandOptions& flags) {
  auto bytes = read_file_bounded<std::vector<std::uint8_t>>(path, Limits{}.max_file_bytes);
  if (!bytes) return std::unexpected(bytes.error());
  C2paReport report = verifier.read(*bytes);
  if (report.found) return report;
  const std::size_t max_store = verifier.options().max_store_bytes;
  const std::filesystem::path sidecar = std::filesystem::path(path).replace_extension(".c2pa");
  std::error_code ec;
  if (std::filesystem::is_regular_file(sidecar, ec)) {
    // Bounded before it is read: a larger sidecar is refused, not parsed.
    auto store = read_file_bounded<std::vector<std::uint8_t>>(sidecar.string(), max_store);
    if (store) return verifier.read_external(*bytes, *store, "sidecar");
    C2paReport failed;
    failed.found = true;
    failed.container = "sidecar";
    failed.store_failures.push_back({"manifest.inaccessible", sidecar.string(), store.error().message});
    return failed;
  }
  const bool remote = report.provenance.starts_with("https://") || report.provenance.starts_with("http://");
  if (!remote || !flags.allow_remote) return report;
  FetchOptions fetch_options;
  fetch_options.max_response_bytes = max_store;
  fetch_options.allow_private = flags.allow_private;
  const std::string url = report.provenance;
  auto fetched = fetch(url, fetch_options);
  C2paReport out;
  if (fetched) {
    const auto* data = reinterpret_cast<const std::uint8_t*>(fetched->body.data());
    out = verifier.read_external(*bytes, std::span(data, fetched->body.size()), "remote");
  } else {
    out.found = true;
    out.container = "remote";
    out.store_failures.push_back({"manifest.inaccessible", url, fetched.error().message});
  }
  out.provenance = url;
  return out;
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
  C2paOptions options;
  if (!flags.trust.empty()) {
    auto pem = read_file_bounded<std::string>(flags.trust, std::uint64_t{16} << 20);
    if (!pem) return refuse("photoaudit c2pa", pem.error());
    options.trust_anchors_pem = std::move(*pem);
  }
  if (!flags.tsa_trust.empty()) {
    auto pem = read_file_bounded<std::string>(flags.tsa_trust, std::uint64_t{16} << 20);
    if (!pem) return refuse("photoaudit c2pa", pem.error());
    options.tsa_anchors_pem = std::move(*pem);
  }
  const auto verifier = C2paVerifier::create(options);
  if (!verifier) {
    const bool tsa = verifier.error().message.starts_with("time-stamp");
    return refuse("photoaudit c2pa",
                  Error::invalid_argument((tsa ? flags.tsa_trust : flags.trust) + ": " + verifier.error().message));
  }
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

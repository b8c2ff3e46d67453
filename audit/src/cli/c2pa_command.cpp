// photoaudit c2pa [--json] [--trust FILE] [-j N] FILE...: the Content Credentials (C2PA) of each file, verified.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/audit/c2pa_writers.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/common/file_read.hpp"
#include "photoaudit/common/limits.hpp"

namespace photoaudit::audit::cli {
namespace {

struct C2paCommandOptions : FileListOptions {
  std::string trust;  // PEM file of trust anchors; "" = nothing trusted
};

Result<C2paReport> read_one(const std::string& path, const C2paVerifier& verifier) {
  auto bytes = read_file_bounded<std::vector<std::uint8_t>>(path, Limits{}.max_file_bytes);
  if (!bytes) return std::unexpected(bytes.error());
  return verifier.read(*bytes);
}

void add_c2pa_flags(CLI::App& cmd, C2paCommandOptions& options) {
  cmd.add_option("FILE", options.files, "Image files (JPEG, PNG)")->required();
  add_json_flag(cmd, options.json, "Print a JSON array of records (docs/json.md)");
  cmd.add_option("--trust", options.trust,
                 "PEM file of certificates to trust as signers' anchors (roots, intermediates or signing "
                 "certificates); without it no signer is trusted");
  add_threads_option(cmd, options.threads);
}

int run_c2pa_command(const C2paCommandOptions& flags) {
  C2paOptions options;
  if (!flags.trust.empty()) {
    auto pem = read_file_bounded<std::string>(flags.trust, std::uint64_t{16} << 20);
    if (!pem) return refuse("photoaudit c2pa", pem.error());
    options.trust_anchors_pem = std::move(*pem);
  }
  const auto verifier = C2paVerifier::create(options);
  if (!verifier)
    return refuse("photoaudit c2pa", Error::invalid_argument(flags.trust + ": " + verifier.error().message));
  const auto writer = flags.json ? make_c2pa_json_writer(std::cout, std::cerr)
                                 : make_c2pa_text_writer(std::cout, std::cerr);
  C2paSummary summary{.files = flags.files.size()};
  parallel_ordered<Result<C2paReport>>(
      flags.files.size(), flags.threads, [&](std::size_t i) { return read_one(flags.files[i], *verifier); },
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

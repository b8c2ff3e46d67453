// photoaudit inspect [--json] [-j N] FILE...: the provenance metadata of each file.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/common/file_read.hpp"
#include "photoaudit/common/limits.hpp"

namespace photoaudit::audit::cli {
namespace {

using InspectOptions = FileListOptions;

// Reads every file on options.threads threads and hands each to writer in order.
InspectSummary run_inspect(const InspectOptions& options, InspectWriter& writer) {
  initialize_metadata();
  const auto verifier = C2paVerifier::create({});  // cannot fail without trust anchors
  InspectSummary summary{.files = options.files.size()};
  parallel_ordered<InspectItem>(
      options.files.size(), options.threads,
      [&](std::size_t i) {
        // Read once, bounded (read_provenance's checks), for both the metadata and the Content Credentials.
        const std::string& path = options.files[i];
        InspectItem item{
            .index = i, .path = path, .provenance = fail(Error::corruption(path + ": empty file (0 bytes)"))};
        auto bytes = read_file_bounded<std::vector<std::uint8_t>>(path, Limits{}.max_file_bytes);
        if (!bytes) {
          item.provenance = fail(bytes.error());
        } else if (!bytes->empty()) {
          item.provenance = read_provenance_from_memory(bytes->data(), bytes->size(), path);
          if (item.provenance && verifier) {
            C2paReport report = verifier->read(*bytes);
            if (report.found) item.credentials = std::move(report);
          }
        }
        return item;
      },
      [&](std::size_t, const InspectItem& item) {
        summary.failed += item.provenance ? 0 : 1;
        writer.item(item);
      });
  return summary;
}

void add_inspect_flags(CLI::App& cmd, InspectOptions& options) {
  cmd.add_option("files", options.files, "Image files")->required();
  add_json_flag(cmd, options.json, "Print a JSON array of records (see docs/json.md)");
  add_threads_option(cmd, options.threads);
}

int run_inspect_command(const InspectOptions& options) {
  const auto writer = options.json ? make_inspect_json_writer(std::cout, std::cerr)
                                   : make_inspect_text_writer(std::cout, std::cerr);
  const InspectSummary summary = run_inspect(options, *writer);
  writer->finish(summary);
  std::cout.flush();
  return exit_status(RunOutcome{.input_failed = summary.failed > 0});
}

}  // namespace

void add_inspect_command(CLI::App& app, CliContext& ctx) {
  add_command(app, ctx, "inspect", "Read the provenance metadata (EXIF, IPTC IIM, XMP) of images", add_inspect_flags,
              run_inspect_command);
}

}  // namespace photoaudit::audit::cli

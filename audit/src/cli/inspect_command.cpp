// photoaudit inspect [--json] FILE...: the provenance metadata of each file.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/audit/provenance_report.hpp"
#include "photoaudit/audit/terminal_text.hpp"

namespace photoaudit::audit::cli {
namespace {

struct InspectOptions {
  std::vector<std::string> files;
  bool json = false;
  unsigned threads = 0;
};

int run_inspect(const InspectOptions& options) {
  initialize_metadata();
  int failures = 0;
  bool first = true;
  if (options.json) std::cout << "[";
  parallel_ordered<Result<Provenance>>(
      options.files.size(), options.threads, [&](std::size_t i) { return read_provenance(options.files[i]); },
      [&](std::size_t i, Result<Provenance> result) {
        const std::string& path = options.files[i];
        if (!result) {
          ++failures;
          std::cerr << "photoaudit: " << printable(result.error().message) << "\n";
        } else {
          for (const auto& d : result->damage) std::cerr << "photoaudit: " << printable(path) << ": " << printable(d) << "\n";
        }
        if (options.json) {
          const auto record = result ? provenance_to_json(path, *result) : provenance_error_to_json(path, result.error());
          std::cout << (first ? "\n" : ",\n") << record.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
        } else if (result) {
          if (!first) std::cout << "\n";
          write_provenance_text(std::cout, path, *result);
        }
        first = false;
      });
  if (options.json) std::cout << (first ? "]\n" : "\n]\n");
  std::cout.flush();
  if (!options.json && options.files.size() > 1) {
    std::cerr << options.files.size() - static_cast<std::size_t>(failures) << " of " << options.files.size()
              << " files read" << (failures ? ", " + std::to_string(failures) + " failed" : "") << "\n";
  }
  return failures > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void add_inspect_command(CLI::App& app, CliContext& ctx) {
  auto options = std::make_shared<InspectOptions>();
  auto* cmd = app.add_subcommand("inspect", "Read the provenance metadata (EXIF, IPTC IIM, XMP) of images");
  cmd->add_option("files", options->files, "Image files")->required();
  cmd->add_flag("--json", options->json, "Print a JSON array of records (see docs/json.md)");
  cmd->add_option("-j,--threads", options->threads, "Worker threads (default: all cores)");
  cmd->callback([options, &ctx] { ctx.exit_code = run_inspect(*options); });
}

}  // namespace photoaudit::audit::cli

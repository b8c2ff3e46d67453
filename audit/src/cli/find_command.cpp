// photoaudit find --index DB [--json] IMAGE...: every catalogued image that is the same photo as each IMAGE
// (docs/json.md, "find").
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/hashing/fingerprint.hpp"

namespace photoaudit::audit::cli {
namespace {

struct FindOptions {
  std::string index;
  std::vector<std::string> images;
  bool json = false;
};

// Looks up each image. Fails, with nothing done, when the catalog cannot be opened; when the catalog fails
// part-way the images after it are not looked up (FindResult::stopped).
Result<FindResult> run_find(const FindOptions& options) {
  auto catalog = open_sqlite_catalog(options.index, CatalogOptions{.mode = CatalogMode::kReadOnly});
  if (!catalog) return fail(catalog.error());
  FindResult result{.index = options.index};
  for (const auto& image : options.images) {
    auto fp = hashing::fingerprint_file(image);
    if (!fp) {
      result.items.push_back(FindItem{.path = image, .matches = fail(fp.error())});
      continue;
    }
    auto matches = (*catalog)->find_same_photo(*fp);
    if (!matches) {  // the catalog itself failed: no point in trying the other images
      result.stopped = matches.error();
      break;
    }
    result.items.push_back(FindItem{.path = image, .matches = std::move(*matches)});
  }
  return result;
}

void add_find_flags(CLI::App& cmd, FindOptions& options) {
  cmd.add_option("--index", options.index, "Catalog file made by photoaudit scan")->required();
  cmd.add_option("IMAGE", options.images, "Image files to look for")->required();
  add_json_flag(cmd, options.json, "Print JSON (docs/json.md)");
}

int run_find_command(const FindOptions& options) {
  const auto result = run_find(options);
  if (!result) return refuse("photoaudit find", result.error());
  emit(options.json, *result, write_find_json, write_find_text);
  return exit_status(RunOutcome{.input_failed = result->failed() > 0});
}

}  // namespace

void add_find_command(CLI::App& app, CliContext& ctx) {
  add_command(app, ctx, "find", "Find every catalogued copy of a photo (resized, recompressed, cropped...)",
              add_find_flags, run_find_command);
}

}  // namespace photoaudit::audit::cli

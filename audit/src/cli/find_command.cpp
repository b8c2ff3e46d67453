// photoaudit find --index DB [--json] [--include-missing] [--registry FILE] IMAGE...: every catalogued copy of the
// same photo as each IMAGE, with its use history and, with a registry, its license at its own first use
// (docs/json.md, "find").
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/copy_license.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/registry/registry.hpp"

namespace photoaudit::audit::cli {
namespace {

struct FindOptions {
  std::string index;
  std::vector<std::string> images;
  bool json = false;
  bool include_missing = false;  // also the records of past uses (missing, moved, replaced)
  std::string registry;          // "" = no license verdicts
};

// Looks up each image. Fails, with nothing done, when the catalog or the registry cannot be opened; when the
// catalog fails part-way the images after it are not looked up (FindResult::stopped).
Result<FindResult> run_find(const FindOptions& options) {
  auto catalog = open_catalog(options.index, CatalogOptions{.mode = CatalogMode::kReadOnly});
  if (!catalog) return fail(catalog.error());
  std::optional<registry::Registry> reg;
  if (!options.registry.empty()) {
    auto loaded = registry::load_registry(options.registry);
    if (!loaded) return fail(loaded.error());
    reg = std::move(*loaded);
  }
  FindResult result{.index = options.index, .registry = options.registry};
  // The probe's local features, for the catalog's grey zone (copies rotated a little or cropped off-centre).
  hashing::HashOptions hash_options;
  hash_options.local_features = true;
  for (const auto& image : options.images) {
    auto fp = hashing::fingerprint_file(image, hash_options);
    if (!fp) {
      result.items.push_back(FindItem{.path = image, .matches = fail(fp.error())});
      continue;
    }
    // Every record, so that the hidden ones can be counted.
    auto copies = (*catalog)->find_photo_copies(*fp, hashing::SameRule{}, CatalogRows::kAll);
    if (!copies) {  // the catalog itself failed: no point in trying the other images
      result.stopped = copies.error();
      break;
    }
    FindItem item{.path = image, .matches = std::vector<CatalogMatch>{}};
    item.notes = std::move(copies->notes);  // damaged blobs: of candidates, and of copies followed
    item.not_followed = copies->not_followed;
    item.unchecked = copies->unchecked;
    for (auto& m : copies->matches) {
      if (!options.include_missing && m.history.state != CopyState::kPresent) {
        ++item.hidden;
        continue;
      }
      if (reg) item.licenses.push_back(license_at_first_use(*reg, m.provenance, m.history, m.mtime_ns, {}));
      item.matches->push_back(std::move(m));
    }
    result.items.push_back(std::move(item));
  }
  return result;
}

void add_find_flags(CLI::App& cmd, FindOptions& options) {
  cmd.add_option("--index", options.index, "Catalog file made by photoaudit scan")->required();
  cmd.add_option("IMAGE", options.images, "Image files to look for")->required();
  cmd.add_flag("--include-missing", options.include_missing,
               "Also show copies that are gone: missing, moved away, replaced (default: hidden, counted)");
  cmd.add_option("--registry", options.registry,
                 "License registry (YAML): add each copy's verdict at its own first use (docs/json.md)");
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

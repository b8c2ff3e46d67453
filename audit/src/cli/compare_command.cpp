// photoaudit compare [--json] REFERENCE IMAGE...: is each IMAGE the same photo as REFERENCE, and why
// (docs/json.md, "compare"; the rule: docs/hashing.md, "Same-photo rule").
#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::audit::cli {
namespace {

struct CompareOptions {
  std::string reference;
  std::vector<std::string> images;
  bool json = false;
  int threshold = hashing::SameRule{}.max_distance;  // largest PDQ distance that is still the same photo
  bool no_robust = false;                            // plain PDQ only
  bool no_features = false;                          // no local-feature verification of near misses
};

CompareResult run_compare(const CompareOptions& options) {
  hashing::HashOptions hash_options;
  hash_options.local_features = !options.no_features;
  hashing::SameRule rule;
  rule.max_distance = options.threshold;
  rule.window_max_distance = std::min(rule.window_max_distance, options.threshold);
  rule.robust_hashes = !options.no_robust;
  rule.local_features = !options.no_features;
  CompareResult result{.reference = options.reference};
  const auto reference = hashing::fingerprint_file(options.reference, hash_options);
  if (!reference) {
    result.reference_error = reference.error();
    return result;
  }
  for (const auto& path : options.images) {
    const auto image = hashing::fingerprint_file(path, hash_options);
    if (!image) {
      result.items.push_back(CompareItem{.path = path, .verdict = fail(image.error())});
      continue;
    }
    result.items.push_back(CompareItem{.path = path, .verdict = hashing::same_photo(*reference, *image, rule)});
  }
  return result;
}

void add_compare_flags(CLI::App& cmd, CompareOptions& options) {
  cmd.add_option("REFERENCE", options.reference, "The reference image")->required();
  cmd.add_option("IMAGE", options.images, "Images to compare with the reference")->required();
  add_json_flag(cmd, options.json, "Print a JSON array (docs/json.md)");
  cmd.add_option("--threshold", options.threshold, "Largest PDQ distance that still means the same photo (default: 31)")
      ->check(CLI::Range(0, 256));
  cmd.add_flag("--no-robust", options.no_robust, "Plain PDQ only: no sub-window or border-trimmed hashes");
  cmd.add_flag("--no-features", options.no_features, "No local-feature verification of near misses");
}

int run_compare_command(const CompareOptions& options) {
  const CompareResult result = run_compare(options);
  emit(options.json, result, write_compare_json, write_compare_text);
  return exit_status(RunOutcome{.input_failed = result.failed() > 0});
}

}  // namespace

void add_compare_command(CLI::App& app, CliContext& ctx) {
  add_command(app, ctx, "compare", "Tell, for each IMAGE, whether it is the same photo as REFERENCE", add_compare_flags,
              run_compare_command);
}

}  // namespace photoaudit::audit::cli

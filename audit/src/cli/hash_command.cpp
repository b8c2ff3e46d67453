// photoaudit hash [--json] [-j N] FILE...: every fingerprint of each file (docs/json.md, "hash").
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/hashing/fingerprint.hpp"

namespace photoaudit::audit::cli {
namespace {

struct HashCommandOptions : FileListOptions {
  std::uint64_t max_pixels = hashing::HashOptions{}.max_pixels;
  bool full_size = false;  // decode at full size instead of the smallest size the hashes need
};

// Fingerprints the files on options.threads threads; the items keep the order of the files.
HashResult run_hash(const HashCommandOptions& options) {
  hashing::HashOptions hash_options;
  hash_options.max_pixels = options.max_pixels;
  if (options.full_size) hash_options.decode_min_side = 0;
  HashResult result;
  result.items.reserve(options.files.size());
  parallel_ordered<Result<hashing::Fingerprints>>(
      options.files.size(), options.threads,
      [&](std::size_t i) { return hashing::fingerprint_file(options.files[i], hash_options); },
      [&](std::size_t i, Result<hashing::Fingerprints> fp) {
        result.items.push_back(HashItem{.path = options.files[i], .fingerprints = std::move(fp)});
      });
  return result;
}

void add_hash_flags(CLI::App& cmd, HashCommandOptions& options) {
  cmd.add_option("FILE", options.files, "Image files (JPEG, PNG, GIF, WebP, TIFF, BMP)")->required();
  add_json_flag(cmd, options.json, "Print a JSON array (docs/json.md)");
  add_threads_option(cmd, options.threads);
  cmd.add_option("--max-pixels", options.max_pixels, "Refuse images with more pixels (default: 200000000)")
      ->check(CLI::PositiveNumber);
  cmd.add_flag("--full-size", options.full_size, "Decode at full size instead of the smallest size the hashes need");
}

int run_hash_command(const HashCommandOptions& options) {
  const HashResult result = run_hash(options);
  emit(options.json, result, write_hash_json, write_hash_text);
  return exit_status(RunOutcome{.input_failed = result.failed() > 0});
}

}  // namespace

void add_hash_command(CLI::App& app, CliContext& ctx) {
  add_command(app, ctx, "hash", "Fingerprint images: SHA-256, coded-data hash, PDQ, pHash", add_hash_flags,
              run_hash_command);
}

}  // namespace photoaudit::audit::cli

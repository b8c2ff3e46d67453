// photoaudit compare [--json] REFERENCE IMAGE...: is each IMAGE the same photo as REFERENCE, and why
// (docs/json.md, "compare"; the rule: docs/hashing.md, "Same-photo rule").
#include <cmath>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::audit::cli {
namespace {

namespace hashing = photoaudit::hashing;

struct CompareFlags {
  std::string reference;
  std::vector<std::string> images;
  bool json = false;
  int threshold = hashing::SameRule{}.max_distance;
  bool no_robust = false;
  bool no_features = false;
};

nlohmann::json verdict_json(const std::string& path, const hashing::SamePhotoVerdict& v) {
  nlohmann::json j{{"path", path}, {"same", v.same}, {"method", std::string(hashing::to_string(v.method))}};
  j["distance"] = v.distance >= 0 ? nlohmann::json(v.distance) : nlohmann::json(nullptr);
  if (v.method == hashing::MatchMethod::kPdqDihedral) j["dihedral"] = std::string(hashing::to_string(v.dihedral));
  if (v.feature_inliers > 0) j["feature_inliers"] = v.feature_inliers;
  if (v.feature_correlation >= 0.0F) j["feature_correlation"] = std::round(v.feature_correlation * 1000.0) / 1000.0;
  return j;
}

nlohmann::json failure_json(const std::string& path, const Error& e) {
  return {{"path", path},
          {"same", nullptr},
          {"distance", nullptr},
          {"method", nullptr},
          {"error", e.message},
          {"error_code", std::string(to_string(e.code))}};
}

void run_compare(const CompareFlags& flags, CliContext& ctx) {
  hashing::HashOptions options;
  options.local_features = !flags.no_features;
  hashing::SameRule rule;
  rule.max_distance = flags.threshold;
  rule.window_max_distance = std::min(rule.window_max_distance, flags.threshold);
  rule.robust_hashes = !flags.no_robust;
  rule.local_features = !flags.no_features;
  const auto reference = hashing::fingerprint_file(flags.reference, options);
  if (!reference) {
    std::cerr << "photoaudit compare: reference: " << reference.error().message << "\n";
    ctx.exit_code = kExitFindings;
    return;
  }
  nlohmann::json array = nlohmann::json::array();
  int failed = 0;
  for (const auto& path : flags.images) {
    const auto image = hashing::fingerprint_file(path, options);
    if (!image) {
      ++failed;
      std::cerr << "photoaudit compare: " << image.error().message << "\n";
      if (flags.json) array.push_back(failure_json(path, image.error()));
      continue;
    }
    const auto v = hashing::same_photo(*reference, *image, rule);
    if (flags.json) {
      array.push_back(verdict_json(path, v));
      continue;
    }
    std::cout << path << "\t" << (v.same ? "same" : "different") << "\tdistance "
              << (v.distance >= 0 ? std::to_string(v.distance) : std::string("-")) << "\t" << hashing::to_string(v.method);
    if (v.method == hashing::MatchMethod::kPdqDihedral) std::cout << " (" << hashing::to_string(v.dihedral) << ")";
    std::cout << "\n";
  }
  if (flags.json) std::cout << array.dump(2) << "\n";
  ctx.exit_code = failed > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void add_compare_command(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<CompareFlags>();
  auto* cmd = app.add_subcommand("compare", "Tell, for each IMAGE, whether it is the same photo as REFERENCE");
  cmd->add_option("REFERENCE", flags->reference, "The reference image")->required();
  cmd->add_option("IMAGE", flags->images, "Images to compare with the reference")->required();
  cmd->add_flag("--json", flags->json, "Print a JSON array (docs/json.md)");
  cmd->add_option("--threshold", flags->threshold, "Largest PDQ distance that still means the same photo (default: 31)")
      ->check(CLI::Range(0, 256));
  cmd->add_flag("--no-robust", flags->no_robust, "Plain PDQ only: no sub-window or border-trimmed hashes");
  cmd->add_flag("--no-features", flags->no_features, "No local-feature verification of near misses");
  cmd->callback([flags, &ctx] { run_compare(*flags, ctx); });
}

}  // namespace photoaudit::audit::cli

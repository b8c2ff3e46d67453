#include "pipeline/grey_zone.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <utility>

#include "photoaudit/audit/parallel.hpp"

namespace photoaudit::audit::pipeline {
namespace {

using hashing::Fingerprints;

bool is_local_file(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

}  // namespace

GreyZoneResult verify_grey_zone(const AuditReport& report, const std::vector<std::optional<Fingerprints>>& fingerprints,
                                const std::function<bool(std::size_t, std::size_t)>& already_same,
                                const hashing::SameRule& rule, const GreyZoneOptions& options) {
  GreyZoneResult result;
  std::vector<GreyZoneMatch>& matches = result.matches;
  if (!rule.local_features) return result;
  std::vector<std::size_t> eligible;
  for (std::size_t i = 0; i < fingerprints.size(); ++i) {
    const auto& fp = fingerprints[i];
    if (fp && fp->pdq_hashable && fp->pdq_quality >= rule.min_quality && is_local_file(report.images.path(i))) {
      eligible.push_back(i);
    }
  }
  if (eligible.size() > options.max_images) {
    result.skipped = "duplicates were found by hashes only: " + std::to_string(eligible.size()) +
                     " images are more than the " + std::to_string(options.max_images) +
                     " for which copies rotated a little, cropped hard, watermarked or mirrored are verified with "
                     "local features";
    return result;
  }
  if (eligible.size() < 2) return result;

  // 1. The pairs: close by hashes, not already one photo.
  hashing::SameRule hashes_only = rule;
  hashes_only.local_features = false;
  using Pairs = std::vector<std::pair<std::size_t, std::size_t>>;
  Pairs pairs;
  parallel_ordered<Pairs>(
      eligible.size(), options.threads,
      [&](std::size_t x) {
        Pairs close;
        for (std::size_t y = x + 1; y < eligible.size(); ++y) {
          const std::size_t i = eligible[x];
          const std::size_t j = eligible[y];
          const auto v = hashing::same_photo(*fingerprints[i], *fingerprints[j], hashes_only);
          if (!v.same && v.distance >= 0 && v.distance <= rule.grey_zone_max) close.emplace_back(i, j);
        }
        return close;
      },
      [&](std::size_t, Pairs close) {
        for (const auto& p : close) {
          if (!already_same(p.first, p.second)) pairs.push_back(p);
        }
      });
  if (pairs.empty()) return result;

  // 2. Keypoints for the images involved, each file read once more. same_photo(a, b) tries a's mirror image
  //    only, so the mirror keypoints are extracted for the first image of some pair, not for the others.
  std::map<std::size_t, bool> needs_mirror;
  for (const auto& [i, j] : pairs) {
    needs_mirror[i] = true;
    needs_mirror.try_emplace(j, false);
  }
  std::vector<std::pair<std::size_t, bool>> involved(needs_mirror.begin(), needs_mirror.end());
  std::map<std::size_t, std::shared_ptr<const hashing::LocalFeatures>> features;
  hashing::HashOptions hash;
  hash.max_file_bytes = options.max_file_bytes;
  using Loaded = std::shared_ptr<const hashing::LocalFeatures>;
  parallel_ordered<Loaded>(
      involved.size(), options.threads,
      [&](std::size_t k) {
        const auto [i, mirror] = involved[k];
        auto loaded = hashing::local_features_file(report.images.path(i), hash, mirror);
        return loaded ? std::make_shared<const hashing::LocalFeatures>(std::move(*loaded)) : Loaded{};
      },
      [&](std::size_t k, Loaded loaded) { features[involved[k].first] = std::move(loaded); });

  // 3. The verdicts.
  parallel_ordered<std::optional<GreyZoneMatch>>(
      pairs.size(), options.threads,
      [&](std::size_t k) -> std::optional<GreyZoneMatch> {
        const auto [i, j] = pairs[k];
        const auto& fi = features.at(i);
        const auto& fj = features.at(j);
        if (!fi || !fj) return std::nullopt;
        Fingerprints a = *fingerprints[i];
        Fingerprints b = *fingerprints[j];
        a.local_features = fi;
        b.local_features = fj;
        const auto v = hashing::same_photo(a, b, rule);
        if (!v.same || v.method != hashing::MatchMethod::kLocalFeatures) return std::nullopt;
        return GreyZoneMatch{i, j, v};
      },
      [&](std::size_t, std::optional<GreyZoneMatch> m) {
        if (m) matches.push_back(*m);
      });
  return result;
}

}  // namespace photoaudit::audit::pipeline

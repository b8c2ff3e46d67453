#include "pipeline/grey_zone.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <utility>

namespace photoaudit::audit::pipeline {
namespace {

using hashing::Fingerprints;
using hashing::LocalFeatures;

bool is_local_file(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

// Local features of each image, read on first use. same_photo(a, b) tries a's mirror image only, so the mirror
// keypoints are extracted when the image is first asked for as the first of a pair.
class FeatureCache {
 public:
  FeatureCache(const AuditReport& report, std::uint64_t max_file_bytes)
      : report_(report), slots_(report.images.size()) {
    options_.max_file_bytes = max_file_bytes;
  }

  // nullptr when the file cannot be read again.
  std::shared_ptr<const LocalFeatures> get(std::size_t image, bool mirror) {
    Slot& slot = slots_[image];
    const std::lock_guard lock(slot.mutex);
    if (slot.loaded && (slot.with_mirror || !mirror)) return slot.features;
    auto loaded = hashing::local_features_file(report_.images.path(image), options_, mirror);
    slot.loaded = true;
    slot.with_mirror = mirror;
    slot.features = loaded ? std::make_shared<const LocalFeatures>(std::move(*loaded)) : nullptr;
    return slot.features;
  }

 private:
  struct Slot {
    std::mutex mutex;
    bool loaded = false;
    bool with_mirror = false;
    std::shared_ptr<const LocalFeatures> features;
  };
  const AuditReport& report_;
  hashing::HashOptions options_;
  std::vector<Slot> slots_;
};

}  // namespace

GreyZoneEvidence grey_zone_evidence(const AuditReport& report,
                                    const std::vector<std::optional<Fingerprints>>& fingerprints,
                                    const hashing::SameRule& rule, const GreyZoneOptions& options) {
  GreyZoneEvidence evidence;
  evidence.verifiable.resize(fingerprints.size(), false);
  for (std::size_t i = 0; i < fingerprints.size(); ++i) {
    evidence.verifiable[i] = fingerprints[i].has_value() && is_local_file(report.images.path(i));
  }
  auto cache = std::make_shared<FeatureCache>(report, options.max_file_bytes);
  evidence.verify = [cache, &fingerprints, rule](std::size_t i, std::size_t j) -> std::optional<hashing::SamePhotoVerdict> {
    auto fi = cache->get(i, true);
    auto fj = cache->get(j, false);
    if (!fi || !fj) return std::nullopt;
    Fingerprints a = *fingerprints[i];
    Fingerprints b = *fingerprints[j];
    a.local_features = std::move(fi);
    b.local_features = std::move(fj);
    auto v = hashing::same_photo(a, b, rule);
    if (v.same && v.method != hashing::MatchMethod::kLocalFeatures) v.same = false;  // the hashes said no already
    return v;
  };
  return evidence;
}

std::string grey_zone_skipped_note(std::size_t eligible, std::size_t max_images) {
  return "duplicates were found by hashes only: " + std::to_string(eligible) + " images are more than the " +
         std::to_string(max_images) +
         " for which copies rotated a little, cropped hard, watermarked or mirrored are verified with local features";
}

}  // namespace photoaudit::audit::pipeline

// feature_verifier(): local features loaded once per item, then same_photo's step 5 (see feature_verifier.hpp).
#include "photoaudit/hashing/feature_verifier.hpp"

#include <mutex>
#include <utility>
#include <vector>

namespace photoaudit::hashing {
namespace {

// Each item's features, loaded on first use; an item first asked for without its mirror set and later with it
// is loaded a second time.
class FeatureCache {
 public:
  FeatureCache(std::size_t size, FeatureLoader load) : load_(std::move(load)), slots_(size) {}

  std::shared_ptr<const LocalFeatures> get(std::size_t item, bool mirror) {
    Slot& slot = slots_[item];
    const std::lock_guard lock(slot.mutex);
    if (slot.loaded && (slot.with_mirror || !mirror)) return slot.features;
    slot.features = load_(item, mirror);
    slot.loaded = true;
    slot.with_mirror = mirror;
    return slot.features;
  }

 private:
  struct Slot {
    std::mutex mutex;
    bool loaded = false;
    bool with_mirror = false;
    std::shared_ptr<const LocalFeatures> features;
  };
  FeatureLoader load_;
  std::vector<Slot> slots_;
};

}  // namespace

SamePhotoVerdict verify_with_features(const Fingerprints& a, std::shared_ptr<const LocalFeatures> fa,
                                      const Fingerprints& b, std::shared_ptr<const LocalFeatures> fb,
                                      const SameRule& rule) {
  Fingerprints x = a;
  Fingerprints y = b;
  x.local_features = std::move(fa);
  y.local_features = std::move(fb);
  SamePhotoVerdict v = same_photo(x, y, rule);
  if (v.same && v.method != MatchMethod::kLocalFeatures) v.same = false;  // the hashes said no already
  return v;
}

GreyZoneVerifier feature_verifier(std::span<const Fingerprints* const> items, FeatureLoader load,
                                  const SameRule& rule) {
  auto cache = std::make_shared<FeatureCache>(items.size(), std::move(load));
  return [cache, items, rule](std::size_t i, std::size_t j) -> std::optional<SamePhotoVerdict> {
    if (i >= items.size() || j >= items.size() || items[i] == nullptr || items[j] == nullptr) return std::nullopt;
    auto fi = cache->get(i, true);
    auto fj = cache->get(j, false);
    if (!fi || !fj) return std::nullopt;
    return verify_with_features(*items[i], std::move(fi), *items[j], std::move(fj), rule);
  };
}

}  // namespace photoaudit::hashing

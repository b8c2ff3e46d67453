// file_verifier(): local features read from the files on first use (see file_verifier.hpp).
#include "photoaudit/hashing/file_verifier.hpp"

#include <memory>
#include <mutex>
#include <system_error>
#include <utility>

namespace photoaudit::hashing {
namespace {

// Local features of each item, read on first use. same_photo(a, b) tries a's mirror image only, so the mirror
// keypoints are extracted when the item is first asked for as the first of a pair.
class FeatureCache {
 public:
  FeatureCache(std::vector<std::filesystem::path> paths, const HashOptions& options)
      : paths_(std::move(paths)), options_(options), slots_(paths_.size()) {}

  // nullptr when the file cannot be read again.
  std::shared_ptr<const LocalFeatures> get(std::size_t item, bool mirror) {
    Slot& slot = slots_[item];
    const std::lock_guard lock(slot.mutex);
    if (slot.loaded && (slot.with_mirror || !mirror)) return slot.features;
    auto loaded = local_features_file(paths_[item], options_, mirror);
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
  std::vector<std::filesystem::path> paths_;
  HashOptions options_;
  std::vector<Slot> slots_;
};

}  // namespace

FileVerifier file_verifier(std::vector<std::filesystem::path> paths, std::span<const Fingerprints* const> items,
                           const SameRule& rule, const HashOptions& options) {
  FileVerifier verifier;
  verifier.verifiable.resize(paths.size(), false);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    std::error_code ec;
    verifier.verifiable[i] = i < items.size() && items[i] != nullptr && std::filesystem::is_regular_file(paths[i], ec);
  }
  auto cache = std::make_shared<FeatureCache>(std::move(paths), options);
  verifier.verify = [cache, items, rule](std::size_t i, std::size_t j) -> std::optional<SamePhotoVerdict> {
    if (i >= items.size() || j >= items.size() || items[i] == nullptr || items[j] == nullptr) return std::nullopt;
    auto fi = cache->get(i, true);
    auto fj = cache->get(j, false);
    if (!fi || !fj) return std::nullopt;
    Fingerprints a = *items[i];
    Fingerprints b = *items[j];
    a.local_features = std::move(fi);
    b.local_features = std::move(fj);
    SamePhotoVerdict v = same_photo(a, b, rule);
    if (v.same && v.method != MatchMethod::kLocalFeatures) v.same = false;  // the hashes said no already
    return v;
  };
  return verifier;
}

}  // namespace photoaudit::hashing

// The same-photo engine's grey-zone verifier over local features from any source (same_photo_engine.hpp):
// a catalog's stored blobs (`dupes`, `find`: the files may be offline), the files themselves (file_verifier.hpp),
// or both. Each item's features are loaded once, on first use, and kept while the verifier lives.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>

#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"

namespace photoaudit::hashing {

// The local features of item `item`, with the mirror set when `mirror` (the first item of a pair), or nullptr
// when they cannot be had (the verdict is then "cannot tell"). Called at most twice per item (once without and
// once with the mirror set), never twice at once for one item; must be safe to call for different items from
// several threads.
using FeatureLoader = std::function<std::shared_ptr<const LocalFeatures>(std::size_t item, bool mirror)>;

// same_photo(a, b, rule) with both fingerprints' local features replaced by `fa` and `fb`; a verdict that
// counts only when local features decided it (same is false when the hashes decided). Thread-safe.
SamePhotoVerdict verify_with_features(const Fingerprints& a, std::shared_ptr<const LocalFeatures> fa,
                                      const Fingerprints& b, std::shared_ptr<const LocalFeatures> fb,
                                      const SameRule& rule);

// A verifier for the engine over items[i] (nullptr: never verified), loading features through `load`.
// Returns nullopt for a pair when either item's features cannot be loaded. `items` must outlive the verifier.
GreyZoneVerifier feature_verifier(std::span<const Fingerprints* const> items, FeatureLoader load, const SameRule& rule);

}  // namespace photoaudit::hashing

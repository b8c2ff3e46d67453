// The same-photo engine's grey-zone verifier over image files (same_photo_engine.hpp): local features are not
// kept for every image (they are tens of kilobytes each), so an image's file is read and decoded once more the
// first time a pair that needs it is verified, and only then. An item that carries its local features already
// (Fingerprints::local_features: a page's fetched image, whose bytes are not kept to be read again) is verified
// with those. Used by `audit`, `page` and `dupes`.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"

namespace photoaudit::hashing {

struct FileVerifier {
  // Whether item i carries its local features or is a regular file now (an archive's offline files are not):
  // the engine's verifiable mask.
  std::vector<bool> verifiable;
  // same_photo(a, b, rule) with both items' local features, read on first use and kept while the verifier
  // lives (thread-safe); the verdict counts only if local features decided it. nullopt when a file cannot be
  // read again (the hashes' verdict stands).
  GreyZoneVerifier verify;
  // The local features of item i (its own, else read from its file without the mirror image's), for the engine's
  // visual-words search (EngineOptions::word_features: used above grey_zone_max_items); nullptr when the file
  // cannot be read. Not kept. Thread-safe.
  WordFeatureSource word_features;
};

// How a file's local features are read again: the file at path, with the mirror image's keypoints when mirror;
// nullptr when it cannot be read or decoded (the hashes' verdict stands). Called from several threads at once.
using FileFeatureReader =
    std::function<std::shared_ptr<const LocalFeatures>(const std::filesystem::path& path, bool mirror)>;

// A verifier over paths[i], whose fingerprints are *items[i] (nullptr: never verified). `items` must outlive
// the verifier; the paths are copied. options.max_file_bytes bounds what is read again. read: how files are
// read again (the audit reads them in a worker process); empty: local_features_file in this process.
FileVerifier file_verifier(std::vector<std::filesystem::path> paths, std::span<const Fingerprints* const> items,
                           const SameRule& rule, const HashOptions& options = {}, FileFeatureReader read = {});

}  // namespace photoaudit::hashing

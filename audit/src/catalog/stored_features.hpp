// Private to the catalog layer: where `dupes` gets an item's local features for the same-photo engine's grey
// zone (hashing/feature_verifier.hpp): the blob its catalog row stores (scan writes it), so a copy whose file
// is offline is verified too; for a row without one (written before they were stored) or an item read now,
// the file, read once more if it is present at its path.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/catalog_match.hpp"
#include "photoaudit/audit/photo_clusters.hpp"
#include "photoaudit/hashing/feature_verifier.hpp"
#include "photoaudit/hashing/file_verifier.hpp"

namespace photoaudit::audit::catalog {

// What the loader could not read, one message per row, e.g. "/a/b.jpg: catalog row 7: local features blob:
// truncated keypoints at byte 12; rescan the file". Thread-safe.
class StoredFeatureErrors {
 public:
  void add(std::string message);
  // The messages, sorted (the loader runs on several threads), each once.
  std::vector<std::string> take();

 private:
  std::mutex mutex_;
  std::vector<std::string> messages_;
};

// A loader over items[i]: the stored blob of items[i].catalog_id when `catalog` is not null and the row has
// one (decoded; a damaged blob is reported to `errors` and the item cannot be verified), else the file at
// items[i].path when it is a regular file present now (history kPresent). `catalog` is used by one thread at
// a time (the loader locks around it). items, catalog and errors must outlive the loader.
hashing::FeatureLoader stored_feature_loader(const std::vector<PhotoItem>& items, Catalog* catalog,
                                             StoredFeatureErrors& errors, hashing::FileFeatureReader read = {});

// Whether the loader may have features for item i: fingerprints, and a catalog row or a present regular file.
std::vector<bool> stored_feature_verifiable(const std::vector<PhotoItem>& items, const Catalog* catalog);

// verify_with_stored_features() and catalog_match(): photoaudit/audit/catalog_match.hpp.

}  // namespace photoaudit::audit::catalog

// Clusters of the same photo among catalogued (or freshly read) images, for `photoaudit dupes`: the same-photo
// engine's clusters (hashing/same_photo_engine.hpp, as the audit's, the grey zone included, up to 5,000
// images: close pairs are verified with the local features the catalog stores, so offline copies are found
// too; rows without them and files read now are verified from the files on disk), with the credits compared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/hashing/file_verifier.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::audit::catalog {

struct PhotoItem {
  std::string path;
  std::int64_t catalog_id = 0;                        // its catalog row; 0 for a file read now
  std::optional<hashing::Fingerprints> fingerprints;  // nullopt: never in a cluster
  std::string credit;                                 // credit line, else copyright notice, else ""
  std::vector<std::string> organizations;             // canonical ids of the credit, sorted
  // The copy's record: from the catalog, or for a file read now its mtime, state present and no sightings
  // (first_seen = last_seen = 0).
  std::int64_t mtime_ns = 0;
  CatalogProvenance provenance;
  CopyHistory history;
};

struct PhotoClusterMember {
  std::size_t item = 0;  // index into the items
  std::string relation;  // to the first member: "exact", "content" or "near"
  int distance = 0;      // same-photo PDQ distance to the first member (0 for the first and for exact/content)
};

struct PhotoCluster {
  std::string kind;                         // the weakest relation of any member: "exact", "content", "near"
  std::vector<PhotoClusterMember> members;  // ordered by item index
  // Members that carry a credit name different organisations (AP in one copy, Reuters in another).
  bool credit_disagreement = false;
  // Some members carry a credit and some carry none.
  bool credit_lost = false;
};

// Every cluster of two or more items, ordered by the first member's index. threads: 0 = all cores. With
// rule.local_features, grey-zone pairs are verified with the stored local features of items with a catalog_id
// (when `catalog` is given), else with the files of present items that are regular files (read again);
// others are clustered by hashes alone. A row whose stored features cannot be read or decoded is named in
// `errors` (when given; "<path>: catalog row N: <reason>; rescan the file") and clustered by hashes alone.
// read: how a present file is read again (in a reading worker: FeatureReader); empty: in this process.
std::vector<PhotoCluster> cluster_photos(const std::vector<PhotoItem>& items, const hashing::SameRule& rule,
                                         unsigned threads, Catalog* catalog = nullptr,
                                         std::vector<std::string>* errors = nullptr,
                                         const hashing::FileFeatureReader& read = {});

}  // namespace photoaudit::audit::catalog

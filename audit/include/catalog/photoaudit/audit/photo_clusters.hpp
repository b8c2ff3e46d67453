// Clusters of the same photo among catalogued (or freshly read) images, for `photoaudit dupes`: the same-photo
// engine's clusters (hashing/same_photo_engine.hpp, as the audit's, the grey zone included: the files of close
// pairs that are on disk are read again for local features, up to 5,000 images), with the credits compared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::audit::catalog {

struct PhotoItem {
  std::string path;
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

// Every cluster of two or more items, ordered by the first member's index. threads: 0 = all cores. Item paths
// that are regular files may be read again (rule.local_features); others are clustered by hashes alone.
std::vector<PhotoCluster> cluster_photos(const std::vector<PhotoItem>& items, const hashing::SameRule& rule,
                                         unsigned threads);

}  // namespace photoaudit::audit::catalog

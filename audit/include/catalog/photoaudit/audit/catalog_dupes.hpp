// What `photoaudit dupes` reports: clusters of the same photo over a catalog or over files read now.
#pragma once

#include <string>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/copy_license.hpp"
#include "photoaudit/audit/photo_clusters.hpp"
#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::catalog {

struct DupesReport {
  std::vector<PhotoItem> items;        // every image considered
  std::vector<PhotoCluster> clusters;  // member indexes point into items
  std::vector<std::string> errors;     // files that could not be read (names them)
  std::size_t hidden = 0;              // catalog records left out: not present (missing, moved, replaced)
  std::vector<CopyLicense> licenses;   // with a registry: one per item, at its first use; else empty
  std::string registry;                // the registry the licenses are from; "" = none
};

// Clusters the catalog's images (rows: kPresent, or kAll for every record of a past use too); when roots is not
// empty, only those under one of them (absolute paths, compared by path prefix). Fails when the catalog cannot be
// read.
Result<DupesReport> dupes_in_catalog(Catalog& catalog, const std::vector<std::string>& roots,
                                     const hashing::SameRule& rule, unsigned threads,
                                     CatalogRows rows = CatalogRows::kPresent);

// Walks paths (as scan does), reads each image once in parallel and clusters them. Never fails as a whole.
// REQUIRES: initialize_metadata() was called.
DupesReport dupes_in_files(const std::vector<std::string>& paths, const hashing::SameRule& rule, unsigned threads);

}  // namespace photoaudit::audit::catalog

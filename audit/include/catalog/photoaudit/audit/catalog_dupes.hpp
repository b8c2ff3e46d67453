// What `photoaudit dupes` reports: clusters of the same photo over a catalog or over files read now.
#pragma once

#include <string>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/photo_clusters.hpp"
#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::catalog {

struct DupesReport {
  std::vector<PhotoItem> items;        // every image considered
  std::vector<PhotoCluster> clusters;  // member indexes point into items
  std::vector<std::string> errors;     // files that could not be read (names them)
};

// Clusters the catalog's non-missing images; when roots is not empty, only those under one of them (absolute
// paths, compared by path prefix). Fails when the catalog cannot be read.
Result<DupesReport> dupes_in_catalog(Catalog& catalog, const std::vector<std::string>& roots,
                                     const hashing::SameRule& rule, unsigned threads);

// Walks paths (as scan does), reads each image once in parallel and clusters them. Never fails as a whole.
// REQUIRES: initialize_metadata() was called.
DupesReport dupes_in_files(const std::vector<std::string>& paths, const hashing::SameRule& rule, unsigned threads);

}  // namespace photoaudit::audit::catalog

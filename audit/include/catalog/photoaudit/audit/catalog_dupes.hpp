// What `photoaudit dupes` reports: clusters of the same photo over a catalog or over files read now.
#pragma once

#include <string>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/copy_license.hpp"
#include "photoaudit/audit/photo_clusters.hpp"
#include "photoaudit/audit/reading_pool.hpp"
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
// empty, only those under one of them (absolute paths, compared by path prefix). A row without stored local
// features has its file read again for them when the grey zone needs them: in a reading worker with isolation.
// Fails when the catalog cannot be read.
Result<DupesReport> dupes_in_catalog(Catalog& catalog, const std::vector<std::string>& roots,
                                     const hashing::SameRule& rule, unsigned threads,
                                     CatalogRows rows = CatalogRows::kPresent,
                                     const pipeline::ReadingIsolation& isolation = {});

// Walks paths (as scan does), reads each image once in parallel and clusters them. With isolation (a worker
// executable), each file is read in a worker process, and read again there for the grey zone: a decoder's crash
// or hang on one file is an error naming it (DupesReport::errors), and the others are clustered. Fails only when
// the first worker cannot be started (kIOError). REQUIRES: initialize_metadata() was called.
Result<DupesReport> dupes_in_files(const std::vector<std::string>& paths, const hashing::SameRule& rule,
                                   unsigned threads, const pipeline::ReadingIsolation& isolation = {});

}  // namespace photoaudit::audit::catalog

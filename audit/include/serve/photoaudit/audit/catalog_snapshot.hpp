// CatalogSnapshot: an immutable in-memory copy of a catalog (every row with its fingerprints, provenance and
// history) and a PDQ index over it, for photoaudit serve. It is itself a Catalog, so the audit pipeline's archive
// search (MemoryAuditor) and the match endpoint use it exactly as they would use the database, but its
// queries never touch the database and may run from many threads at once.
//
// Built from any Catalog implementation through the interface alone (images(kAll), last_scan()), so a server
// database (PostgreSQL) works unchanged. A snapshot never changes: photoaudit serve builds a new one on a
// schedule and swaps it in (snapshot_holder.hpp).
//
// Memory: every row is held with its fingerprints (about 1.5 KB a row with robust hashes, plus its paths and
// provenance text) and the index (about 140 bytes per stored hash, up to 9 hashes a row): some 3 GB for a
// million rows. Past that, a database-side candidate search is the way (issue 19, item 1).
//
// Thread safety: every member function may be called from any number of threads at once. The write methods
// fail with kUnsupported and change nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/hashing/pdq_index.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::audit::serve {

class CatalogSnapshot final : public Catalog {
 public:
  // Reads every row of source (images(kAll)) and its last scan, and builds the PDQ index for
  // SameRule{}.min_quality. `name` is what reports call the catalog (the --index given). Fails with the source's
  // error (kIOError, kCorruption, kBusy, ...) and kLimitExceeded when the index would hold more than
  // PdqIndex::kMaxEntries hashes. source is only read during the call.
  static Result<std::shared_ptr<CatalogSnapshot>> load(Catalog& source, std::string name);

  const std::string& name() const { return name_; }
  std::size_t rows() const { return images_.size(); }
  // Rows whose file is present (history.state kPresent).
  std::size_t present_rows() const { return present_; }
  std::size_t indexed_hashes() const { return index_.size(); }
  // Heap bytes of the index (PdqIndex::memory_bytes), for the metrics.
  std::size_t index_bytes() const { return index_.memory_bytes(); }

  // Catalog, read-only: answers from the copy taken by load().
  Result<std::vector<CatalogFileState>> file_states() override;
  Result<void> write(std::span<const CatalogWrite> writes) override;                      // kUnsupported
  Result<void> mark_seen(std::span<const std::int64_t> ids, std::int64_t seen) override;  // kUnsupported
  Result<void> mark_missing(std::span<const std::int64_t> ids) override;                  // kUnsupported
  Result<std::vector<CatalogImage>> images(CatalogRows rows) override;
  Result<std::int64_t> count() override;
  Result<std::int64_t> last_scan() override;
  // As Catalog::find_same_photo: the same candidates (index within search_radius(rule) of the probe's hashes,
  // equal SHA-256 or coded-data hash), verified with hashing::same_photo and ordered the same way. A rule whose
  // min_quality is not the one the index was built for is answered by verifying every row (slower, same answer).
  Result<std::vector<CatalogMatch>> find_same_photo(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                                    CatalogRows rows) override;

 private:
  CatalogSnapshot() = default;
  std::vector<std::size_t> candidates(const hashing::Fingerprints& probe, const hashing::SameRule& rule) const;

  std::string name_;
  std::vector<CatalogImage> images_;  // ordered by id
  std::size_t present_ = 0;
  std::int64_t last_scan_ = 0;
  int index_min_quality_ = hashing::SameRule{}.min_quality;
  hashing::PdqIndex index_;                                   // ids are positions in images_
  std::unordered_multimap<std::string, std::size_t> by_key_;  // "s" + SHA-256 and "c" + coded-data hash bytes
};

}  // namespace photoaudit::audit::serve

// CatalogSnapshot: an immutable in-memory index of a catalog for photoaudit serve. It holds only what matching
// needs of each row (its id, its state and the fingerprints the same-photo rule compares) and a PDQ index over
// them; a match's full record (path, credit, provenance, dates) and a grey-zone candidate's stored local
// features are read from the catalog itself, by id, for the few rows a request returns. It is itself a Catalog, so
// the audit pipeline's archive search (MemoryAuditor) and the match endpoint use it as they would the database,
// but its candidate search and hash verdicts never touch the database and may run from many threads at once.
//
// Built from any Catalog implementation through the interface alone (each_image(kAll), last_scan(),
// images_by_id(), local_features()), so a server database (PostgreSQL) works unchanged. A snapshot never
// changes: photoaudit serve builds a new one on a schedule and swaps it in (snapshot_holder.hpp).
//
// Memory: about 1.45 KB a row for the fingerprints and 1.8 KB for the index (some 11.6 hashes a row), nothing
// for paths, provenance or local features: 3.0 GB at a million rows, measured (docs/scale.md, "photoaudit serve:
// the snapshot").
//
// Thread safety: every member function may be called from any number of threads at once. The write methods
// fail with kUnsupported and change nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/catalog_connections.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/hashing/pdq_index.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::audit::serve {

class CatalogSnapshot final : public Catalog {
 public:
  // Reads every row of the catalog (each_image(kAll), one row at a time) and its last scan through one of db's
  // catalogs, and builds the PDQ index for SameRule{}.min_quality. `name` is what reports call the catalog (the
  // --index given). Fails with the catalog's error (kIOError, kCorruption, kBusy, ...) and kLimitExceeded when
  // the index would hold more than PdqIndex::kMaxEntries hashes. The snapshot keeps db for its later reads.
  static Result<std::shared_ptr<CatalogSnapshot>> load(std::shared_ptr<CatalogConnections> db, std::string name);

  const std::string& name() const { return name_; }
  std::size_t rows() const { return total_rows_; }
  // Rows whose file is present (history.state kPresent).
  std::size_t present_rows() const { return present_; }
  std::size_t indexed_hashes() const { return index_.size(); }
  // Heap bytes of the index (PdqIndex::memory_bytes) and of the rows' fingerprints, for the metrics.
  std::size_t index_bytes() const { return index_.memory_bytes(); }
  std::size_t row_bytes() const;

  // Catalog, read-only. file_states(), images(), images_by_id() and local_features() read the catalog itself (they are
  // not part of the snapshot); count() and last_scan() answer as of the build.
  Result<std::vector<CatalogFileState>> file_states() override;
  Result<void> write(std::span<const CatalogWrite> writes) override;                      // kUnsupported
  Result<void> mark_seen(std::span<const std::int64_t> ids, std::int64_t seen) override;  // kUnsupported
  Result<void> mark_missing(std::span<const std::int64_t> ids) override;                  // kUnsupported
  Result<std::vector<CatalogImage>> images(CatalogRows rows) override;
  Result<std::vector<CatalogImage>> images_by_id(std::span<const std::int64_t> ids) override;
  Result<std::int64_t> count() override;
  Result<std::int64_t> last_scan() override;
  Result<std::optional<std::string>> local_features(std::int64_t id) override;
  // As Catalog::find_same_photo: the same candidates (index within search_radius(rule) of the probe's hashes,
  // widened to rule.grey_zone_max when the probe carries local features and the snapshot has at most
  // kGreyZoneSearchRows rows; equal SHA-256 or coded-data hash),
  // verified with hashing::same_photo on the snapshot's hashes, and the grey zone's candidates with the rows'
  // stored local features (catalog::verify_with_stored_features: read from the catalog, the files never).
  // The rows filter (kPresent) applies to the state as of the build; each match's record (path, credit,
  // provenance, history) is the row as the catalog holds it now, read in one images_by_id() call (a row gone
  // from the catalog since the build is left out). A rule whose min_quality is not the one the index was built
  // for is answered by verifying every row (slower, same answer). Also the flat partners the index cannot reach
  // (hashing/flat_partners.hpp: its bounds apply, and what they leave out is counted in the scope's budget), as
  // `scope` says. Fails with the catalog's errors.
  Result<std::vector<CatalogMatch>> find_same_photo(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                                    CatalogRows rows, const SearchScope& scope = {}) override;

  // Whether local features could change find_same_photo's answer for this probe: rule.local_features, and a
  // candidate (within rule.grey_zone_max) that the hashes leave in the grey zone (not the same photo, distance at
  // most rule.grey_zone_max). In memory only; a probe that carries local features is treated as one without.
  bool grey_zone_of(const hashing::Fingerprints& probe, const hashing::SameRule& rule, CatalogRows rows) const;
  // The same, as Catalog::has_grey_zone.
  Result<bool> has_grey_zone(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                             CatalogRows rows) override {
    return grey_zone_of(probe, rule, rows);
  }

 private:
  // A candidate the hashes decided on, or left in the grey zone for the stored local features.
  struct Verdict {
    std::int64_t id = 0;
    hashing::SamePhotoVerdict verdict;
  };
  // What matching needs of a row with fingerprints.
  struct Row {
    std::int64_t id = 0;
    CopyState state = CopyState::kPresent;
    hashing::Fingerprints fingerprints;  // local_features null
  };
  // A digest (SHA-256 or coded-data hash) and the position of its row in rows_.
  struct Keyed {
    hashing::Digest256 digest;
    std::uint32_t row = 0;
  };

  CatalogSnapshot() = default;
  Result<void> add(CatalogImage&& image);
  void finish();
  std::vector<std::size_t> candidates(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                      int radius) const;
  // The candidates' verdicts on hashes: the same photo into same; with grey_zone, the index searched out to
  // rule.grey_zone_max and the rows the hashes leave within it into grey. With a scope, its known rows left out
  // and the flat partners (hashing/flat_partners.hpp) the rule matches into same; without (nullptr), no flat
  // partners.
  void verdicts(const hashing::Fingerprints& probe, const hashing::SameRule& rule, CatalogRows rows, bool grey_zone,
                const SearchScope* scope, std::vector<Verdict>& same, std::vector<Verdict>& grey) const;

  std::string name_;
  std::shared_ptr<CatalogConnections> db_;
  std::vector<Row> rows_;  // the rows with fingerprints, ordered by id
  std::size_t total_rows_ = 0;
  std::size_t present_ = 0;
  std::int64_t last_scan_ = 0;
  int index_min_quality_ = hashing::SameRule{}.min_quality;
  hashing::PdqIndex index_;               // ids are positions in rows_
  std::vector<Keyed> sha256_;             // sorted by digest
  std::vector<Keyed> content_;            // sorted by digest
  std::vector<std::uint32_t> flat_rows_;  // positions in rows_ that are flat-looking (hashing/flat_partners.hpp)
};

}  // namespace photoaudit::audit::serve

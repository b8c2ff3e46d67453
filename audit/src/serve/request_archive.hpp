// Private to serve: the archive one /v1/match request searches. The audit of the upload (MemoryAuditor: its
// archive findings) and the answer's matches ask the snapshot the same question (find_photo_copies), for the same
// probe; this Catalog asks it once (every record, kAll), keeps the answer and gives the audit its present rows
// from it, so a request pays for one search of the copies.
// The upload's local features are computed only when the hashes leave a candidate in the grey zone
// (CatalogSnapshot::grey_zone_of): for most uploads they would not change the answer, and they cost more CPU than
// the rest of the fingerprints.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/catalog_snapshot.hpp"

namespace photoaudit::audit::serve {

class RequestArchive final : public Catalog {
 public:
  // The probe's local features, computed on demand (null: none; the probe is matched on hashes alone).
  using FeatureSource = std::function<std::shared_ptr<const hashing::LocalFeatures>()>;

  // snapshot must outlive this object, which one request uses on one thread. features: the upload's, called at
  // most once (empty: a PDQ query, which has none).
  RequestArchive(CatalogSnapshot& snapshot, FeatureSource features)
      : snapshot_(snapshot), features_(std::move(features)) {}

  // Every copy of the photo (Catalog::find_photo_copies over the snapshot): asked once per probe (its SHA-256 and
  // PDQ hash), every record, then filtered for kPresent (the matches whose copy is present). A probe without
  // local features gets the upload's (the feature source) when the snapshot has a grey-zone candidate for it.
  // REQUIRES: every call of one request passes the same rule (serve passes SameRule{} to both).
  Result<PhotoCopies> find_photo_copies(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                        CatalogRows rows) override;
  // The snapshot's own answer (not kept), the probe given the upload's features as above.
  Result<std::vector<CatalogMatch>> find_same_photo(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                                    CatalogRows rows, const SearchScope& scope = {}) override {
    return snapshot_.find_same_photo(with_features(probe, rule), rule, rows, scope);
  }

  // The rest as the snapshot answers them.
  Result<std::vector<CatalogFileState>> file_states() override { return snapshot_.file_states(); }
  Result<void> write(std::span<const CatalogWrite> writes) override { return snapshot_.write(writes); }
  Result<void> mark_seen(std::span<const std::int64_t> ids, std::int64_t seen) override {
    return snapshot_.mark_seen(ids, seen);
  }
  Result<void> mark_missing(std::span<const std::int64_t> ids) override { return snapshot_.mark_missing(ids); }
  Result<std::vector<CatalogImage>> images(CatalogRows rows) override { return snapshot_.images(rows); }
  Result<std::vector<CatalogImage>> images_by_id(std::span<const std::int64_t> ids) override {
    return snapshot_.images_by_id(ids);
  }
  Result<std::int64_t> count() override { return snapshot_.count(); }
  Result<bool> has_grey_zone(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                             CatalogRows rows) override {
    return snapshot_.grey_zone_of(probe, rule, rows);
  }
  Result<std::int64_t> last_scan() override { return snapshot_.last_scan(); }
  Result<std::optional<std::string>> local_features(std::int64_t id) override { return snapshot_.local_features(id); }

 private:
  struct Probe {
    hashing::Digest256 sha256;
    hashing::Hash256 pdq;
    bool operator==(const Probe&) const = default;
  };

  // The probe with the upload's local features when the snapshot has a grey-zone candidate for it (the feature
  // source is called at most once; its answer is kept for later questions).
  const hashing::Fingerprints& with_features(const hashing::Fingerprints& probe, const hashing::SameRule& rule);

  CatalogSnapshot& snapshot_;
  FeatureSource features_;
  std::shared_ptr<const hashing::LocalFeatures> upload_features_;
  std::optional<hashing::Fingerprints> featured_;  // the last probe given the upload's features
  std::optional<Probe> asked_;
  PhotoCopies copies_;  // every record
};

}  // namespace photoaudit::audit::serve

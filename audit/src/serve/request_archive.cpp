// RequestArchive: one snapshot query per probe, its answer kept for the request.
#include "serve/request_archive.hpp"

#include <utility>

namespace photoaudit::audit::serve {

const hashing::Fingerprints& RequestArchive::with_features(const hashing::Fingerprints& probe,
                                                           const hashing::SameRule& rule) {
  if (probe.local_features != nullptr) return probe;
  if (features_ && snapshot_.grey_zone_of(probe, rule, CatalogRows::kAll)) {
    upload_features_ = std::exchange(features_, nullptr)();
  }
  if (upload_features_ == nullptr) return probe;
  featured_ = probe;
  featured_->local_features = upload_features_;
  return *featured_;
}

Result<Catalog::PhotoCopies> RequestArchive::find_photo_copies(const hashing::Fingerprints& probe,
                                                               const hashing::SameRule& rule, CatalogRows rows) {
  const Probe key{.sha256 = probe.sha256, .pdq = probe.pdq};
  if (asked_ != key) {
    auto found = snapshot_.find_photo_copies(with_features(probe, rule), rule, CatalogRows::kAll);
    if (!found) return fail(found.error());
    copies_ = std::move(*found);
    asked_ = key;
  }
  PhotoCopies out = copies_;
  if (rows == CatalogRows::kPresent) std::erase_if(out.matches, [](const CatalogMatch& m) { return m.missing; });
  return out;
}

}  // namespace photoaudit::audit::serve

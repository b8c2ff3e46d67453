// RequestArchive: one snapshot query per probe, its answer kept for the request.
#include "serve/request_archive.hpp"

#include <utility>

namespace photoaudit::audit::serve {

Result<std::vector<CatalogMatch>> RequestArchive::find_same_photo(const hashing::Fingerprints& probe,
                                                                  const hashing::SameRule& rule, CatalogRows rows) {
  const Probe key{.sha256 = probe.sha256, .pdq = probe.pdq};
  if (asked_ != key) {
    std::optional<hashing::Fingerprints> with_features;
    if (probe.local_features == nullptr && features_ && snapshot_.has_grey_zone(probe, rule, CatalogRows::kAll)) {
      if (auto computed = std::exchange(features_, nullptr)()) {
        with_features = probe;
        with_features->local_features = std::move(computed);
      }
    }
    auto found = snapshot_.find_same_photo(with_features ? *with_features : probe, rule, CatalogRows::kAll);
    if (!found) return fail(found.error());
    answer_ = std::move(*found);
    asked_ = key;
  }
  if (rows == CatalogRows::kAll) return answer_;
  std::vector<CatalogMatch> present;
  for (const auto& m : answer_) {
    if (!m.missing) present.push_back(m);
  }
  return present;
}

}  // namespace photoaudit::audit::serve

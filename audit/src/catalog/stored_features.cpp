// stored_feature_loader(): local features from the catalog's blobs, else from the files (stored_features.hpp).
#include "catalog/stored_features.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "photoaudit/hashing/local_features_codec.hpp"

namespace photoaudit::audit::catalog {
namespace {

bool present_file(const PhotoItem& item) {
  std::error_code ec;
  return item.history.state == CopyState::kPresent && !item.path.empty() &&
         std::filesystem::is_regular_file(item.path, ec);
}

std::string row_name(const PhotoItem& item) { return item.path + ": catalog row " + std::to_string(item.catalog_id); }

// The row's stored features: a value when the row has a valid blob; nullptr with `stored` false when it has
// none; nullptr with `stored` true when it could not be read (reported).
std::shared_ptr<const hashing::LocalFeatures> from_row(const PhotoItem& item, Catalog& catalog, std::mutex& lock,
                                                       StoredFeatureErrors& errors, bool& stored) {
  Result<std::optional<std::string>> blob = std::optional<std::string>();
  {
    const std::lock_guard guard(lock);
    blob = catalog.local_features(item.catalog_id);
  }
  stored = true;
  if (!blob) {
    errors.add(row_name(item) + ": " + blob.error().message);
    return nullptr;
  }
  if (!*blob) {
    stored = false;
    return nullptr;
  }
  auto decoded = hashing::decode_local_features(**blob);
  if (!decoded) {
    errors.add(row_name(item) + ": " + decoded.error().message + "; rescan the file");
    return nullptr;
  }
  return std::make_shared<const hashing::LocalFeatures>(std::move(*decoded));
}

}  // namespace

void StoredFeatureErrors::add(std::string message) {
  const std::lock_guard guard(mutex_);
  messages_.push_back(std::move(message));
}

std::vector<std::string> StoredFeatureErrors::take() {
  const std::lock_guard guard(mutex_);
  std::sort(messages_.begin(), messages_.end());
  // A row is read for the visual-words search and again for verification: each failure is said once.
  messages_.erase(std::unique(messages_.begin(), messages_.end()), messages_.end());
  return std::move(messages_);
}

hashing::FeatureLoader stored_feature_loader(const std::vector<PhotoItem>& items, Catalog* catalog,
                                             StoredFeatureErrors& errors, hashing::FileFeatureReader read) {
  auto lock = std::make_shared<std::mutex>();
  return [&items, catalog, &errors, lock, read = std::move(read)](
             std::size_t i, bool mirror) -> std::shared_ptr<const hashing::LocalFeatures> {
    if (i >= items.size()) return nullptr;
    const PhotoItem& item = items[i];
    if (catalog != nullptr && item.catalog_id != 0) {
      bool stored = false;
      auto features = from_row(item, *catalog, *lock, errors, stored);
      if (stored) return features;
    }
    if (!present_file(item)) return nullptr;
    // A record of a past use (moved, replaced, missing) is never verified against what sits at its path now.
    if (read) return read(item.path, mirror);
    auto loaded = hashing::local_features_file(item.path, hashing::HashOptions{}, mirror);
    return loaded ? std::make_shared<const hashing::LocalFeatures>(std::move(*loaded)) : nullptr;
  };
}

std::vector<bool> stored_feature_verifiable(const std::vector<PhotoItem>& items, const Catalog* catalog) {
  std::vector<bool> out(items.size(), false);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const PhotoItem& item = items[i];
    out[i] = item.fingerprints && ((catalog != nullptr && item.catalog_id != 0) || present_file(item));
  }
  return out;
}

hashing::SamePhotoVerdict verify_with_stored_features(Catalog& catalog, const hashing::Fingerprints& probe,
                                                      const CatalogImage& row,
                                                      const hashing::SamePhotoVerdict& by_hashes,
                                                      const hashing::SameRule& rule, std::vector<std::string>& notes) {
  if (by_hashes.distance < 0 || by_hashes.distance > rule.grey_zone_max || !row.fingerprints) return by_hashes;
  const std::string name = row.path + ": catalog row " + std::to_string(row.id);
  auto blob = catalog.local_features(row.id);
  if (!blob) {
    notes.push_back(name + ": " + blob.error().message);
    return by_hashes;
  }
  if (!*blob) return by_hashes;
  auto stored = hashing::decode_local_features(**blob);
  if (!stored) {
    notes.push_back(name + ": " + stored.error().message + "; rescan the file");
    return by_hashes;
  }
  hashing::SamePhotoVerdict v = hashing::verify_with_features(
      probe, probe.local_features, *row.fingerprints,
      std::make_shared<const hashing::LocalFeatures>(std::move(*stored)), rule);
  return v.same ? v : by_hashes;
}

bool any_in_grey_zone(const hashing::Fingerprints& probe, const std::vector<CatalogImage>& rows,
                      const hashing::SameRule& rule) {
  return std::any_of(rows.begin(), rows.end(), [&](const CatalogImage& row) {
    if (!row.fingerprints) return false;
    const auto verdict = hashing::same_photo(probe, *row.fingerprints, rule);
    return !verdict.same && verdict.distance >= 0 && verdict.distance <= rule.grey_zone_max;
  });
}

CatalogMatch catalog_match(const CatalogImage& row, const hashing::SamePhotoVerdict& verdict) {
  CatalogMatch m;
  m.id = row.id;
  m.path = row.path;
  m.credit = !row.provenance.credit.empty() ? row.provenance.credit : row.provenance.copyright;
  m.distance = std::max(0, verdict.distance);
  if (verdict.method == hashing::MatchMethod::kContentHash) m.distance = 0;
  m.method = verdict.method;
  m.missing = row.history.state != CopyState::kPresent;
  m.size = row.size;
  m.mtime_ns = row.mtime_ns;
  m.sha256 = row.fingerprints->sha256;
  m.provenance = row.provenance;
  m.history = row.history;
  return m;
}

}  // namespace photoaudit::audit::catalog

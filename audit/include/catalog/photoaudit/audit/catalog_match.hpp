// How a catalog turns a candidate row into a match: the grey zone verified with the row's stored local features,
// and the CatalogMatch reported. Shared by the SQLite and PostgreSQL catalogs and by photoaudit serve's snapshot,
// so that the three answer alike.
#pragma once

#include <string>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::audit::catalog {

// The grey zone of Catalog::find_same_photo, for either catalog: a candidate the hashes left within
// rule.grey_zone_max is verified with the probe's local features and the row's stored ones (catalog's
// local_features(row.id)), by the engine's verifier (hashing/feature_verifier.hpp). Returns the verifier's verdict
// when it finds the same photo, else by_hashes. A row without stored features keeps the hashes' verdict; one
// whose blob cannot be read or decoded too, with a message appended to notes.
hashing::SamePhotoVerdict verify_with_stored_features(Catalog& catalog, const hashing::Fingerprints& probe,
                                                      const CatalogImage& row,
                                                      const hashing::SamePhotoVerdict& by_hashes,
                                                      const hashing::SameRule& rule, std::vector<std::string>& notes);

// Whether one of rows (with fingerprints) lies in the probe's grey zone: not the same photo by the hashes,
// within rule.grey_zone_max (Catalog::has_grey_zone over the rows a catalog's search found).
bool any_in_grey_zone(const hashing::Fingerprints& probe, const std::vector<CatalogImage>& rows,
                      const hashing::SameRule& rule);

// The match find_same_photo reports for a catalog row the verdict found the same photo (either catalog).
// REQUIRES: row.fingerprints.
CatalogMatch catalog_match(const CatalogImage& row, const hashing::SamePhotoVerdict& verdict);

}  // namespace photoaudit::audit::catalog

// Earlier uses of the audited photos: each audited image looked up in the archive catalog (photoaudit scan).
// A copy found there joins the image's duplicate cluster as an archive member; a single-use contract whose
// photo is already in the archive is a single-use-reused error.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "photoaudit/audit/audit_report.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"
#include "photoaudit/registry/organizations.hpp"

namespace photoaudit::audit::pipeline {

// fingerprints[i] belongs to report.images[i]; organizations[i] are its canonical organisation ids.
// A catalog row at the image's own path is the image itself, not an earlier use; other audited images found in
// the catalog are earlier uses (they were catalogued), listed once in the cluster. Adds archive
// members to report.clusters (a new cluster when the image had none), and the findings duplicate (info),
// duplicate-credit (warning: the archive copy names other organisations, or only one of the two has a credit)
// and single-use-reused (error), and duplicate-credit (LostCredentials) for an image without Content Credentials
// whose archive copy carries intact ones (Valid or Trusted in the catalog's c2pa_* columns) unless a co-audited
// copy already said so. table reads the archive copies' credits.
// An image is also told the copies the other members of its duplicate cluster found and it did not (the same
// photo: a copy scaled down too far for its own keypoints, beside the crop it was made from), each named once,
// through the member that found it closest (RelatedImage::via), so single-use-reused and duplicate-credit hold
// for every copy of the photo.
// The search is Catalog::find_photo_copies; what it left out is an archive-search-incomplete finding (info).
// `features_of(path)`: the local features of the audited image at `path` (report.images.path(i)) when its
// fingerprints carry none (null: none to be had), asked only when the catalog has a grey-zone row for it
// (Catalog::has_grey_zone), so that its copies rotated a little or cropped off-centre are found as `find` finds
// them; called on up to `threads` threads (0: the machine's) while the catalog is searched on the calling one, so
// it must be thread-safe. Fingerprints that carry their local features (a fetched image's) search with them when
// the catalog has a grey-zone row for them, else on their hashes. Empty: only those carried.
// Fails only when the catalog cannot be queried (kIOError, kCorruption, kBusy); the report may then hold
// part of the archive findings.
using LocalFeatureSource = std::function<std::shared_ptr<const hashing::LocalFeatures>(const std::string& path)>;
Result<void> find_archive_copies(AuditReport& report,
                                 const std::vector<std::optional<hashing::Fingerprints>>& fingerprints,
                                 const std::vector<std::vector<std::string>>& organizations, Catalog& catalog,
                                 const registry::OrganizationTable& table, const hashing::SameRule& rule,
                                 const LocalFeatureSource& features_of = {}, unsigned threads = 1);

}  // namespace photoaudit::audit::pipeline

// Duplicates among the audited images: candidate groups from the PDQ index (exact keys, content keys and
// near hashes, including each image's sub-window hashes and dihedral probes), each group re-checked pair by
// pair with the same-photo rule's hashes (steps 1-4), then the grey zone verified with local features
// (step 5, grey_zone.hpp), so the clusters follow hashing::same_photo.
#pragma once

#include <optional>
#include <vector>

#include "photoaudit/audit/audit_report.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"
#include "pipeline/grey_zone.hpp"

namespace photoaudit::audit::pipeline {

// fingerprints[i] belongs to report.images[i] (nullopt: not decodable, never a duplicate).
// Fills report.clusters and each member image's `cluster`, and adds the duplicate and duplicate-credit
// findings. organizations[i] are image i's canonical organisation ids (for credit disagreement).
void find_duplicates(AuditReport& report, const std::vector<std::optional<hashing::Fingerprints>>& fingerprints,
                     const std::vector<std::vector<std::string>>& organizations, const hashing::SameRule& rule,
                     const GreyZoneOptions& grey_zone, unsigned threads);

}  // namespace photoaudit::audit::pipeline

// Duplicates among the audited images, found by the same-photo engine (hashing/same_photo_engine.hpp):
// candidates through the PDQ index, pair verdicts on hashes, then the grey zone verified cluster by cluster with
// local features read from the files (grey_zone.hpp). This file turns the engine's clusters into the report's
// clusters and findings.
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

// Takes the context images (report.images[first_context] on: read with --changed-since or --staged for
// duplicates and credits, not judged) out of the report after find_duplicates: in clusters they stay as context
// members (archive_path their display path, context true); a cluster left without an audited member is dropped, and the
// audited images' cluster indices follow. Their findings are dropped with them.
// REQUIRES: first_context <= report.images.size(); no archive members yet.
void separate_context(AuditReport& report, std::size_t first_context);

}  // namespace photoaudit::audit::pipeline

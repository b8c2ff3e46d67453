// The audit's evidence for the same-photo engine's grey zone (hashing/same_photo_engine.hpp): pairs of audited
// images that the hashes leave close but unmatched (a picture straightened by a degree or two, cropped hard,
// watermarked, a mirrored texture) are verified with local features, as hashing::same_photo's step 5 does
// (docs/hashing.md, "Same-photo rule"). Keypoints are not kept for every image (they are tens of kilobytes
// each): the file of an image is read and decoded once more the first time a pair that needs it is verified,
// and only then.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "photoaudit/audit/audit_report.hpp"
#include "photoaudit/common/limits.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"

namespace photoaudit::audit::pipeline {

struct GreyZoneOptions {
  // The engine's close pairs are searched among every two eligible images (quadratic); above this many the
  // grey zone is skipped and duplicates rest on the hashes alone. Default: 5,000 (12.5 million pairs, about a
  // second on 2 cores).
  std::size_t max_images = 5'000;
  // Larger files are not read again. Default: Limits::max_file_bytes (512 MiB; the audit passes its own).
  std::uint64_t max_file_bytes = Limits{}.max_file_bytes;
};

struct GreyZoneEvidence {
  // Whether image i is a local file the verifier can read again (indexed like the report's images).
  std::vector<bool> verifiable;
  // same_photo(a, b, rule) with both images' local features, read on first use and kept for the call's
  // lifetime (thread-safe); nullopt when a file cannot be read again (the hashes' verdict stands).
  hashing::GreyZoneVerifier verify;
};

// The verifier over the report's image files. `report` and `fingerprints` must outlive the returned verifier.
GreyZoneEvidence grey_zone_evidence(const AuditReport& report,
                                    const std::vector<std::optional<hashing::Fingerprints>>& fingerprints,
                                    const hashing::SameRule& rule, const GreyZoneOptions& options);

// The report's note when the engine skipped the grey zone: how many images and the bound.
std::string grey_zone_skipped_note(std::size_t eligible, std::size_t max_images);

}  // namespace photoaudit::audit::pipeline

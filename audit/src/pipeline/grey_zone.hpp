// The last stage of the duplicate search: pairs of audited images that the hashes leave close but unmatched
// (a picture straightened by a degree or two, cropped hard, watermarked, a mirrored texture) are verified
// with local features, as hashing::same_photo's step 5 does (docs/hashing.md, "Same-photo rule"). Keypoints
// are not kept for every image (they are tens of kilobytes each): the files of grey-zone pairs are read and
// decoded once more, and only those.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "photoaudit/audit/audit_report.hpp"
#include "photoaudit/common/limits.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::audit::pipeline {

struct GreyZoneOptions {
  // The pair search compares every two hashable images (quadratic); above this many it is skipped and
  // duplicates rest on the hashes alone. Default: 5,000 (12.5 million pairs, about a second on 2 cores).
  std::size_t max_images = 5'000;
  // Larger files are not read again. Default: Limits::max_file_bytes (512 MiB; the audit passes its own).
  std::uint64_t max_file_bytes = Limits{}.max_file_bytes;
  // Worker threads. Default: 0 = all cores.
  unsigned threads = 0;
};

struct GreyZoneMatch {
  std::size_t a = 0;  // indexes into the report's images, a < b
  std::size_t b = 0;
  hashing::SamePhotoVerdict verdict;  // method kLocalFeatures
};

struct GreyZoneResult {
  std::vector<GreyZoneMatch> matches;
  std::string skipped;  // why the stage did not run, for the report ("" = it ran, or was switched off)
};

// Pairs (i, j) of images with fingerprints, local files, not already_same(i, j), whose best hash distance
// under `rule` is at most rule.grey_zone_max, and which local features confirm. Unreadable files are
// skipped (they were read once already; the hashes' verdict stands). No matches when rule.local_features is
// off; none and `skipped` set when there are more than options.max_images eligible images.
GreyZoneResult verify_grey_zone(const AuditReport& report,
                                const std::vector<std::optional<hashing::Fingerprints>>& fingerprints,
                                const std::function<bool(std::size_t, std::size_t)>& already_same,
                                const hashing::SameRule& rule, const GreyZoneOptions& options);

}  // namespace photoaudit::audit::pipeline

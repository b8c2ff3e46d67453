// The audit's settings for the same-photo engine's grey zone (hashing/same_photo_engine.hpp): pairs of audited
// images that the hashes leave close but unmatched (a picture straightened by a degree or two, cropped hard,
// watermarked, a mirrored texture) are verified with local features read from the files
// (hashing/file_verifier.hpp), as hashing::same_photo's step 5 does (docs/hashing.md, "Same-photo rule").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "photoaudit/common/limits.hpp"
#include "photoaudit/hashing/file_verifier.hpp"

namespace photoaudit::audit::pipeline {

struct GreyZoneOptions {
  // The engine's close pairs are searched among every two eligible images (quadratic); above this many the
  // grey zone is skipped and duplicates rest on the hashes alone. Default: 5,000 (12.5 million pairs, about a
  // second on 2 cores).
  std::size_t max_images = 5'000;
  // Larger files are not read again. Default: Limits::max_file_bytes (512 MiB; the audit passes its own).
  std::uint64_t max_file_bytes = Limits{}.max_file_bytes;
  // How a file is read again (the audit: in a reading worker, FeatureReader). Default: empty, in this process.
  hashing::FileFeatureReader read;
};

// The report's note when the engine skipped the grey zone: how many images and the bound.
std::string grey_zone_skipped_note(std::size_t eligible, std::size_t max_images);

}  // namespace photoaudit::audit::pipeline

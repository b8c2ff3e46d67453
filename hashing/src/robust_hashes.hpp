// Private: the robust PDQ hashes of Fingerprints: fixed sub-windows and the border-trimmed image.
#pragma once

#include "decode.hpp"
#include "photoaudit/hashing/fingerprint.hpp"

namespace photoaudit::hashing {

// Fills pdq_windows, pdq_window_quality, pdq_trimmed, pdq_trimmed_quality and trimmed from the decoded image.
// REQUIRES: fp.pdq and fp.pdq_quality are already set (they stand in when nothing is trimmed).
void compute_robust_hashes(const GrayImage& image, Fingerprints& fp);

}  // namespace photoaudit::hashing

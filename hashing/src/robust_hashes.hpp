// Private: the robust PDQ hashes of Fingerprints: fixed sub-windows, the border-trimmed image and the
// de-rotated hashes.
#pragma once

#include "decode.hpp"
#include "photoaudit/hashing/fingerprint.hpp"

namespace photoaudit::hashing {

// A region of an image, in pixels.
struct Rect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};

// The region left when uniform borders are trimmed off (a border: lines whose pixels are nearly all within a
// small tolerance of the outermost line's colour, at least 1% and at most 40% of the side); the whole image
// when nothing is trimmed or too little would remain.
Rect untrimmed_region(const GrayImage& image);

// Fills pdq_derotated and pdq_derotated_quality (fingerprint.hpp, kDerotationDegrees) from the decoded image.
void compute_derotated_hashes(const GrayImage& image, Fingerprints& fp);

// Fills pdq_windows, pdq_window_quality, pdq_trimmed, pdq_trimmed_quality and trimmed from the decoded image.
// REQUIRES: fp.pdq and fp.pdq_quality are already set (they stand in when nothing is trimmed).
void compute_robust_hashes(const GrayImage& image, Fingerprints& fp);

}  // namespace photoaudit::hashing

// The aligned pixel comparison of the flat-image rule (same_photo.hpp, step 2): two images too flat for their
// PDQ bits to mean anything (a smooth gradient, a sky, a wallpaper) compared on their 16x16 grey levels
// (Fingerprints::grey16), under a small search of crops, scales and offsets, with brightness and contrast
// fitted and the cells that disagree most (a caption, a watermark, the corners of a turned copy) left out.
// Internal to the hashing library.
#pragma once

#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::hashing::detail {

// How b's frame sits on a's (both in their own normalised coordinates, 0..1): a point (u, v) of a lands at
// (scale_x * u + offset_x, scale_y * v + offset_y) of b. scale > 1: b shows part of a (a crop); scale < 1: a
// sits inside b (a strip or canvas added).
struct FlatAlignment {
  double scale_x = 1.0;
  double scale_y = 1.0;
  double offset_x = 0.0;
  double offset_y = 0.0;
};

struct FlatComparison {
  bool same = false;
  // The trimmed mean absolute difference in grey levels, after the brightness fit, at the best alignment;
  // 255 when no alignment had enough overlap.
  double residual = 255.0;
  // The root mean square of the levels about their best-fitting plane over the cells kept (not outliers), the
  // smaller of a's (after the gain) and b's: what a plain gradient or a single colour lacks, and what two images
  // that agree only outside a few bright spots do not share. 0 when not computed.
  double structure = 0.0;
  double gain = 1.0;  // b's levels = gain * a's + offset, at the best alignment
  double offset = 0.0;
  int cells = 0;  // b's cells the alignment covers (of 256)
  FlatAlignment alignment;
};

// The grey16 level of f at (x, y) when f is transformed by d (PDQ's dihedral order; measured against OpenCV's
// turns and flips of a flat fixture: tests/hashing/same_photo_test.cpp).
int grey16_under(const Fingerprints& f, Dihedral d, int x, int y);

// The RMS of f's 16x16 levels about their least-squares plane: 0 for a single colour or a plain linear
// gradient, 0 without grey16.
double grey16_structure(const Fingerprints& f);

// True when a's frame, transformed by d, and b's have the same aspect ratio within 2% (what compare_flat_pixels
// without its search requires). False when either has no size.
bool same_frame_shape(const Fingerprints& a, const Fingerprints& b, Dihedral d);

// Compares a transformed by d with b. `search`: try the crops, strips and offsets of SameRule::flat_min_overlap
// (else only the whole frames, which must then have the same aspect ratio within 2%). Both must have grey16
// and a size. Thread-safe; never fails.
FlatComparison compare_flat_pixels(const Fingerprints& a, const Fingerprints& b, Dihedral d, bool search,
                                   const SameRule& rule);

}  // namespace photoaudit::hashing::detail

// The "same photo" rule: is image B the same photograph as image A, whatever was done to it on the way
// (resized, recompressed, metadata edited, mirrored, rotated by quarter turns, cropped, captioned)?
//
// In order (docs/hashing.md, "Same-photo rule", gives the measured recall and false-positive rate):
//  1. equal coded-data hashes: same (metadata-only edits) -> method kContentHash;
//  2. if either PDQ quality is below min_quality (a flat image: a smooth gradient, a graphic), a stricter rule
//     of its own: 2a, both qualities at least kFlatMinQuality (a single colour never matches), one of A's dihedral
//     PDQ variants within flat_max_distance of B's PDQ hash (or, upright, the area-resampled `full` windows),
//     and under that variant's turn or mirror the same aspect ratio (within 2%) and the 16x16 area-resampled
//     pixels within flat_max_mean_difference grey levels on average -> kPdqFlat (dihedral: the variant);
//     2b (flat_aligned), else: the same 16x16 pixels under a search of crops, strips and offsets (upright;
//     the other variants on the whole frames), brightness fitted in one direction, the worst cells left out,
//     and enough structure beyond a plane in both (a single colour or a plain gradient: cannot tell) ->
//     kPdqFlat (docs/hashing.md gives the figures); else not the same -> kLowQuality;
//  3. PDQ distance <= max_distance, over the best of A's eight dihedral variants -> kPdq / kPdqDihedral;
//  4. robust hashes: A's full hash (and its left-right mirror variant: a crop that was also mirrored) against
//     B's sub-windows and the other way round, same-kind windows
//     against each other, border-trimmed hashes, and each one's de-rotated hashes (fingerprint.hpp,
//     kDerotationDegrees) against the other's upright hash and windows; each counts only if its own quality is
//     >= min_quality; distance <= window_max_distance -> kPdqWindow / kPdqTrimmed;
//  4b. weak hash bits (weak_images): either PDQ quality below weak_quality (a smooth wallpaper, a soft
//     background, a blurred picture: few of its bits are backed by strong gradients, so a watermark or caption
//     moves them past max_distance), the best dihedral distance within weak_max_distance, and under that
//     variant the 16x16 grey pixels agree on the whole frames by step 2b's statistic (same aspect ratio, the
//     worst quarter of the cells left out, a brightness change fitted, structure beyond a plane) -> kPdqFlat;
//  5. grey zone: when both carry local features and the best distance of 3-4 (or of A's windows, mirrored from
//     their bits, against B's: a mirrored off-centre crop) is <= grey_zone_max, ORB
//     matches under one similarity transform plus a pixel comparison decide (local_features.hpp)
//     -> kLocalFeatures.
#pragma once

#include <string_view>

#include "photoaudit/hashing/fingerprint.hpp"

namespace photoaudit::hashing {

struct SameRule {
  // PDQ distance (of 256 bits) at or below which two hashes are the same photo. Default: 31, PDQ's
  // documented threshold.
  int max_distance = 31;
  // Both PDQ qualities must be at least this. Default: 50 (PDQ's own advice).
  int min_quality = 50;
  // Compare all eight rotations and mirror images. Default: true.
  bool dihedral = true;
  // Use the sub-window and border-trimmed hashes (step 4). Default: true.
  bool robust_hashes = true;
  // Threshold for step 4; stricter than max_distance because more pairs of hashes are compared. Default: 28.
  int window_max_distance = 28;
  // Use local features when both fingerprints carry them (step 5). Default: true.
  bool local_features = true;
  // Upper end of the grey zone handed to local features. The true copies the hashes missed in
  // scripts/bench/robustness were all within 86; every pair in the zone costs the audit two more decodes.
  // Default: 90.
  int grey_zone_max = 90;
  FeatureRule features;  // see local_features.hpp
  // Match flat images (a PDQ quality below min_quality) by the stricter rule of step 2. Default: true.
  bool flat_images = true;
  // Step 2's PDQ distance (upright hashes or `full` windows). A flat image's weak hash bits flip under edits that
  // a photo's survive: resized and recompressed copies of two smooth wallpapers were 2-8 bits from them, the 50%
  // copy of fixtures/hashing/flat-gradient.jpg 14 (full window) and 16 (PDQ); different images are about 120
  // apart. The pixel check carries the decision. Default: 16 (PDQ's own threshold is 31).
  int flat_max_distance = 16;
  // Step 2's mean absolute difference of the 16x16 grey pixels, in grey levels. Default: 6.
  int flat_max_mean_difference = 6;
  // Step 2b, the aligned comparison (flat crops, caption strips, watermarks, brighter copies and copies whose
  // hash bits moved): the 16x16 grey pixels compared under a search of crops, strips and offsets, brightness
  // and contrast fitted, the worst cells left out. Default: true.
  bool flat_aligned = true;
  // Each side of the overlap covers at least this share of each image's side (a crop keeps 75%, a strip adds
  // a third). Default: 0.75.
  double flat_min_side_share = 0.75;
  // ... and the overlap at least this share of each image's area. Default: 0.6.
  double flat_min_overlap = 0.6;
  // The fitted contrast (b's levels = gain * a's + offset) stays within [1/flat_max_gain, flat_max_gain].
  // Default: 1.4.
  double flat_max_gain = 1.4;
  // The share of cells left out as outliers (a caption, a watermark, the corners of a turned copy).
  // Default: 0.25.
  double flat_outlier_share = 0.25;
  // The kept cells' mean absolute difference, in grey levels, at most this. Default: 2.5.
  double flat_max_residual = 2.5;
  // ... and at most this share of the structure: the RMS of the levels about their best plane over the
  // overlap. A plain gradient or a single colour has none: it is never matched this way. Default: 0.35.
  double flat_max_residual_share = 0.35;
  // The structure must reach this many grey levels. Default: 4.
  double flat_min_structure = 4.0;
  // Step 4b: an image whose PDQ quality is at least min_quality but below weak_quality has weak hash bits, and
  // is matched with a copy farther than max_distance when their 16x16 grey pixels agree on the whole frames
  // (step 2b's statistic without its search). Measured on scripts/bench/robustness: watermarked copies of
  // smooth wallpapers (quality 56-71) lie 32-60 bits from them, and no two different originals (all 380,160
  // cross pairs) pass the pixel check within 90 bits. Default: true.
  bool weak_images = true;
  // Default: 80.
  int weak_quality = 80;
  // Default: 64.
  int weak_max_distance = 64;
};

// Below this PDQ quality (0: a single colour, a blank page, an image under 5 pixels a side) an image is never
// matched by hashes, not even by step 2a; step 2b, on pixels alone, takes it only when its 16x16 levels have
// structure beyond a plane (a flat picture whose grey copy lost its last hash bits), so a single colour never.
inline constexpr int kFlatMinQuality = 1;

enum class MatchMethod {
  kNone,           // "none": not the same photo
  kLowQuality,     // "low-quality": a PDQ quality is below min_quality, hashes cannot tell
  kContentHash,    // "content-hash": identical coded image data
  kPdq,            // "pdq"
  kPdqDihedral,    // "pdq-dihedral": a rotation or mirror image
  kPdqWindow,      // "pdq-window": a crop, a caption strip or a border
  kPdqTrimmed,     // "pdq-trimmed": after trimming uniform borders
  kPdqFlat,        // "pdq-flat": a flat or weak image, by the stricter rule (close hash and the same pixels)
  kLocalFeatures,  // "local-features": geometric verification of keypoint matches
};

std::string_view to_string(MatchMethod m);

struct SamePhotoVerdict {
  bool same = false;
  // The smallest PDQ distance found (over dihedral variants and, with robust hashes, windows); -1 when
  // neither image has a PDQ hash.
  int distance = -1;
  MatchMethod method = MatchMethod::kNone;
  // The transform of A that matched (kPdqDihedral, kPdqWindow); when not the same, the one under which
  // `distance` was found (a mirror: the grey zone's verifier needs A's or B's mirror set to confirm the pair).
  Dihedral dihedral = Dihedral::kOriginal;
  int feature_inliers = 0;            // with kLocalFeatures, or when they were tried
  float feature_correlation = -1.0F;  // the pixel agreement, when the keypoints passed (else -1)
};

// A PDQ hash of the image mirrored left to right, told from the hash's bits alone. The mirror changes the sign
// of the DCT coefficients of odd horizontal frequency (pdq.cpp, with_signs_changed), so their bits (the even
// bits of each row) flip: exactly when the median the bits were cut at is 0, nearly otherwise. Against the
// mirror image's own hash over the robustness bench's 55 originals: 8 bits apart in the median, but up to 110
// for the few whose median is far from 0. So it only widens the grey zone's reach (step 5: a mirrored off-centre
// crop), never decides.
Hash256 mirrored_bits(const Hash256& h);

// Applies the rule above. Symmetric up to the dihedral reported. Thread-safe; never fails.
SamePhotoVerdict same_photo(const Fingerprints& a, const Fingerprints& b, const SameRule& rule = {});

}  // namespace photoaudit::hashing

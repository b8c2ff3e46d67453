// The same-photo rule (see same_photo.hpp).
#include "photoaudit/hashing/same_photo.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "flat_match.hpp"
#include "photoaudit/common/enum_names.hpp"

namespace photoaudit::hashing {
namespace {

struct Best {
  int distance = 257;
  MatchMethod method = MatchMethod::kNone;
  Dihedral dihedral = Dihedral::kOriginal;

  void offer(int d, MatchMethod m, Dihedral dih = Dihedral::kOriginal) {
    if (d < distance) *this = {d, m, dih};
  }
};

// Step 4, de-rotated hashes of a against b's upright ones: a turned back by a few degrees, its central 80%
// against b's central 80% (the same part of the same frame when b is a turned on a larger canvas or a is b's
// original turned), its border-trimmed hash against b's whole image.
void offer_derotated(const Fingerprints& a, const Fingerprints& b, int min_quality, Best& best) {
  for (std::size_t r = 0; r < kPdqDerotatedCount; ++r) {
    if (a.pdq_derotated_quality[r] < min_quality) continue;
    if (b.pdq_quality >= min_quality) best.offer(hamming_distance(a.pdq_derotated[r], b.pdq), MatchMethod::kPdqWindow);
    for (std::size_t k = 0; k < kPdqWindowCount; ++k) {
      if (b.pdq_window_quality[k] >= min_quality)
        best.offer(hamming_distance(a.pdq_derotated[r], b.pdq_windows[k]), MatchMethod::kPdqWindow);
    }
  }
}

// The grey zone's reach for a crop that was also mirrored, off-centre, so that no window of the original holds
// it: a's windows mirrored by mirrored_bits against b's windows, every kind with every kind (mirrored_bits flips
// the same bits of both, so the other way round gives the same distances). Against b's full hash too it brought
// 31 more pairs of different photos within the grey zone on the robustness bench and no copy.
int mirrored_window_distance(const Fingerprints& a, const Fingerprints& b, int min_quality) {
  int best = 257;
  for (std::size_t k = 0; k < kPdqWindowCount; ++k) {
    if (a.pdq_window_quality[k] < min_quality) continue;
    const Hash256 m = mirrored_bits(a.pdq_windows[k]);
    for (std::size_t w = 0; w < kPdqWindowCount; ++w) {
      if (b.pdq_window_quality[w] >= min_quality) best = std::min(best, hamming_distance(m, b.pdq_windows[w]));
    }
  }
  return best;
}

// Step 4: windows of one against the full hash of the other, same-kind windows, trimmed hashes, de-rotated
// hashes. The full hash mirrored left to right too (its dihedral variant): a crop that was also mirrored, undone,
// is a crop of the upright original, so its mirrored hash lies near one of the original's windows. Only that
// variant: mirrored copies are common, turned crops rare, and the other six variants against the windows brought
// 679 more pairs of different photos within the grey zone on the robustness bench for no copy found.
Best robust_best(const Fingerprints& a, const Fingerprints& b, int min_quality, bool dihedral) {
  Best best;
  const bool a_full = a.pdq_quality >= min_quality;
  const bool b_full = b.pdq_quality >= min_quality;
  constexpr auto kMirror = Dihedral::kFlipY;
  constexpr auto kMirrorIndex = static_cast<std::size_t>(kMirror);
  for (std::size_t k = 0; k < kPdqWindowCount; ++k) {
    const bool a_win = a.pdq_window_quality[k] >= min_quality;
    const bool b_win = b.pdq_window_quality[k] >= min_quality;
    if (a_full && b_win) best.offer(hamming_distance(a.pdq, b.pdq_windows[k]), MatchMethod::kPdqWindow);
    if (a_win && b_full) best.offer(hamming_distance(a.pdq_windows[k], b.pdq), MatchMethod::kPdqWindow);
    if (a_win && b_win) best.offer(hamming_distance(a.pdq_windows[k], b.pdq_windows[k]), MatchMethod::kPdqWindow);
    if (dihedral && a_full && b_win) {
      best.offer(hamming_distance(a.pdq_dihedral[kMirrorIndex], b.pdq_windows[k]), MatchMethod::kPdqWindow, kMirror);
    }
    if (dihedral && a_win && b_full) {
      best.offer(hamming_distance(a.pdq_windows[k], b.pdq_dihedral[kMirrorIndex]), MatchMethod::kPdqWindow, kMirror);
    }
  }
  if (a.trimmed.any() || b.trimmed.any()) {
    const bool a_trim = a.pdq_trimmed_quality >= min_quality;
    const bool b_trim = b.pdq_trimmed_quality >= min_quality;
    if (a_trim && b_trim) best.offer(hamming_distance(a.pdq_trimmed, b.pdq_trimmed), MatchMethod::kPdqTrimmed);
    if (a_trim && b_full) best.offer(hamming_distance(a.pdq_trimmed, b.pdq), MatchMethod::kPdqTrimmed);
    if (a_full && b_trim) best.offer(hamming_distance(a.pdq, b.pdq_trimmed), MatchMethod::kPdqTrimmed);
  }
  offer_derotated(a, b, min_quality, best);
  offer_derotated(b, a, min_quality, best);
  return best;
}

// The pixels of a transformed by d and of b agree: the same aspect ratio within 2% (so the 16x16 levels are
// aligned) and a mean absolute difference of at most rule.flat_max_mean_difference grey levels.
bool flat_pixels_agree(const Fingerprints& a, const Fingerprints& b, Dihedral d, const SameRule& rule) {
  if (!detail::same_frame_shape(a, b, d)) return false;
  int sum = 0;
  for (int y = 0; y < Fingerprints::kGrey16Side; ++y) {
    for (int x = 0; x < Fingerprints::kGrey16Side; ++x) {
      const std::size_t at = static_cast<std::size_t>(y) * static_cast<std::size_t>(Fingerprints::kGrey16Side) +
                             static_cast<std::size_t>(x);
      sum += std::abs(detail::grey16_under(a, d, x, y) - int{b.grey16[at]});
    }
  }
  return sum <= rule.flat_max_mean_difference * static_cast<int>(a.grey16.size());
}

// Step 2b: the aligned comparison (flat_match.hpp), upright with the crop and strip search, turned or mirrored
// on the whole frames. Images with too little structure of their own (a single colour, a plain gradient) are
// not compared: cannot tell. The search runs both ways round (the level fit is not symmetric), so the verdict is.
std::optional<Dihedral> flat_aligned_same(const Fingerprints& a, const Fingerprints& b, const SameRule& rule) {
  const double sa = detail::grey16_structure(a);
  const double sb = detail::grey16_structure(b);
  if (std::min(sa, sb) < rule.flat_min_structure) return std::nullopt;
  if (detail::compare_flat_pixels(a, b, Dihedral::kOriginal, true, rule).same ||
      detail::compare_flat_pixels(b, a, Dihedral::kOriginal, true, rule).same) {
    return Dihedral::kOriginal;
  }
  if (!rule.dihedral) return std::nullopt;
  for (std::size_t k = 1; k < kDihedralCount; ++k) {
    const auto d = static_cast<Dihedral>(k);
    if (detail::compare_flat_pixels(a, b, d, false, rule).same) return d;
  }
  return std::nullopt;
}

// Step 2: a flat image and a resized, recompressed, turned or mirrored copy of it: the PDQ hashes (a's dihedral
// variant against b's upright one) or, upright, the area-resampled `full` windows (a smooth image's PDQ bits move
// with PDQ's size-dependent filter; the area-resampled hashes of its copies agree) close, and the same pixels
// under that variant's transform. Returns the variant that matched.
std::optional<Dihedral> flat_same(const Fingerprints& a, const Fingerprints& b, const SameRule& rule) {
  if (!rule.flat_images || !a.pdq_hashable || !b.pdq_hashable) return std::nullopt;
  if (!a.has_grey16 || !b.has_grey16 || a.width == 0 || a.height == 0 || b.width == 0 || b.height == 0) {
    return std::nullopt;
  }
  // 2a: close hashes and the same pixels on the whole frames (not for quality 0: no hash bit means anything).
  if (std::min(a.pdq_quality, b.pdq_quality) >= kFlatMinQuality) {
    constexpr auto kFull = static_cast<std::size_t>(PdqWindow::kFull);
    const std::size_t variants = rule.dihedral ? kDihedralCount : 1;
    for (std::size_t k = 0; k < variants; ++k) {
      int distance = hamming_distance(a.pdq_dihedral[k], b.pdq);
      if (k == 0) distance = std::min(distance, hamming_distance(a.pdq_windows[kFull], b.pdq_windows[kFull]));
      const auto d = static_cast<Dihedral>(k);
      if (distance <= rule.flat_max_distance && flat_pixels_agree(a, b, d, rule)) return d;
    }
  }
  // 2b: the aligned comparison, on pixels alone; its structure requirement declines a single colour.
  if (rule.flat_aligned) return flat_aligned_same(a, b, rule);
  return std::nullopt;
}

// Step 4b: a weak image (quality below rule.weak_quality, at least min_quality: the caller checked) and a copy
// whose hash bits a watermark or caption moved: a transformed by d and b agree on the whole frames, either way
// round when upright (the level fit is not symmetric).
bool weak_pixels_agree(const Fingerprints& a, const Fingerprints& b, Dihedral d, const SameRule& rule) {
  if (!a.has_grey16 || !b.has_grey16) return false;
  if (detail::compare_flat_pixels(a, b, d, false, rule).same) return true;
  return d == Dihedral::kOriginal && detail::compare_flat_pixels(b, a, d, false, rule).same;
}

}  // namespace

// See same_photo.hpp.
Hash256 mirrored_bits(const Hash256& h) {
  Hash256 m = h;
  for (auto& w : m.words) w ^= 0x5555'5555'5555'5555ULL;
  return m;
}

constexpr std::string_view kMatchMethodNames[] = {"none",        "low-quality",  "content-hash",
                                                  "pdq",         "pdq-dihedral", "pdq-window",
                                                  "pdq-trimmed", "pdq-flat",     "local-features"};
static_assert(names_cover(kMatchMethodNames, MatchMethod::kLocalFeatures));

std::string_view to_string(MatchMethod m) { return name_of(kMatchMethodNames, m, "unknown"); }

SamePhotoVerdict same_photo(const Fingerprints& a, const Fingerprints& b, const SameRule& rule) {
  SamePhotoVerdict v;
  Best full;
  if (a.pdq_hashable && b.pdq_hashable) {
    const std::size_t variants = rule.dihedral ? kDihedralCount : 1;
    for (std::size_t d = 0; d < variants; ++d) {
      full.offer(hamming_distance(a.pdq_dihedral[d], b.pdq), d == 0 ? MatchMethod::kPdq : MatchMethod::kPdqDihedral,
                 static_cast<Dihedral>(d));
    }
    v.distance = full.distance;
    v.dihedral = full.dihedral;
  }
  if (a.content_hash.digest == b.content_hash.digest && a.content_hash.method == b.content_hash.method) {
    v.same = true;
    v.method = MatchMethod::kContentHash;
    return v;
  }
  if (!a.pdq_hashable || !b.pdq_hashable || std::min(a.pdq_quality, b.pdq_quality) < rule.min_quality) {
    const std::optional<Dihedral> flat = flat_same(a, b, rule);
    v.same = flat.has_value();
    v.method = flat ? MatchMethod::kPdqFlat : MatchMethod::kLowQuality;
    if (flat) v.dihedral = *flat;
    return v;
  }
  if (full.distance <= rule.max_distance) {
    v.same = true;
    v.method = full.method;
    v.dihedral = full.dihedral;
    return v;
  }
  if (rule.robust_hashes) {
    const Best robust = robust_best(a, b, rule.min_quality, rule.dihedral);
    if (robust.distance < v.distance) {
      v.distance = robust.distance;
      v.dihedral = robust.dihedral;
    }
    if (robust.distance <= rule.window_max_distance) {
      v.same = true;
      v.method = robust.method;
      v.dihedral = robust.dihedral;
      return v;
    }
    // A mirrored off-centre crop: brought into the grey zone, never matched, by its mirrored windows.
    if (rule.dihedral && v.distance > rule.grey_zone_max) {
      const int mirrored = mirrored_window_distance(a, b, rule.min_quality);
      if (mirrored <= rule.grey_zone_max) {
        v.distance = mirrored;
        v.dihedral = Dihedral::kFlipY;
      }
    }
  }
  if (rule.weak_images && std::min(a.pdq_quality, b.pdq_quality) < rule.weak_quality &&
      full.distance <= rule.weak_max_distance && weak_pixels_agree(a, b, full.dihedral, rule)) {
    v.same = true;
    v.method = MatchMethod::kPdqFlat;
    v.dihedral = full.dihedral;
    return v;
  }
  if (rule.local_features && a.local_features && b.local_features && v.distance <= rule.grey_zone_max) {
    const FeatureVerdict f = match_local_features(*a.local_features, *b.local_features, rule.features);
    v.feature_inliers = f.inliers;
    v.feature_correlation = f.correlation;
    if (f.same) {
      v.same = true;
      v.method = MatchMethod::kLocalFeatures;
      return v;
    }
  }
  v.method = MatchMethod::kNone;
  return v;
}

}  // namespace photoaudit::hashing

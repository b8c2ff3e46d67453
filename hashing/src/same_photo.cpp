// The same-photo rule (see same_photo.hpp).
#include "photoaudit/hashing/same_photo.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

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
      if (b.pdq_window_quality[k] >= min_quality) best.offer(hamming_distance(a.pdq_derotated[r], b.pdq_windows[k]), MatchMethod::kPdqWindow);
    }
  }
}

// Step 4: windows of one against the full hash of the other, same-kind windows, trimmed hashes, de-rotated
// hashes.
Best robust_best(const Fingerprints& a, const Fingerprints& b, int min_quality) {
  Best best;
  const bool a_full = a.pdq_quality >= min_quality;
  const bool b_full = b.pdq_quality >= min_quality;
  for (std::size_t k = 0; k < kPdqWindowCount; ++k) {
    const bool a_win = a.pdq_window_quality[k] >= min_quality;
    const bool b_win = b.pdq_window_quality[k] >= min_quality;
    if (a_full && b_win) best.offer(hamming_distance(a.pdq, b.pdq_windows[k]), MatchMethod::kPdqWindow);
    if (a_win && b_full) best.offer(hamming_distance(a.pdq_windows[k], b.pdq), MatchMethod::kPdqWindow);
    if (a_win && b_win) best.offer(hamming_distance(a.pdq_windows[k], b.pdq_windows[k]), MatchMethod::kPdqWindow);
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

// Step 2: a flat image and a resized or recompressed copy of it, upright: the plain PDQ hashes or the
// area-resampled `full` windows (a smooth image's PDQ bits move with PDQ's size-dependent filter; the
// area-resampled hashes of its copies agree) close, and the same pixels.
bool flat_same(const Fingerprints& a, const Fingerprints& b, const SameRule& rule) {
  if (!rule.flat_images || !a.pdq_hashable || !b.pdq_hashable) return false;
  if (std::min(a.pdq_quality, b.pdq_quality) < kFlatMinQuality) return false;
  if (!a.has_grey16 || !b.has_grey16 || a.width == 0 || a.height == 0 || b.width == 0 || b.height == 0) return false;
  constexpr auto kFull = static_cast<std::size_t>(PdqWindow::kFull);
  const int distance = std::min(hamming_distance(a.pdq, b.pdq),
                                hamming_distance(a.pdq_windows[kFull], b.pdq_windows[kFull]));
  if (distance > rule.flat_max_distance) return false;
  // The same framing, so the 16x16 pixels are aligned: the aspect ratios agree within 2%.
  const double ra = static_cast<double>(a.width) / a.height;
  const double rb = static_cast<double>(b.width) / b.height;
  if (std::abs(ra - rb) > 0.02 * std::max(ra, rb)) return false;
  int sum = 0;
  for (std::size_t k = 0; k < a.grey16.size(); ++k) sum += std::abs(int{a.grey16[k]} - int{b.grey16[k]});
  return sum <= rule.flat_max_mean_difference * static_cast<int>(a.grey16.size());
}

}  // namespace

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
  }
  if (a.content_hash.digest == b.content_hash.digest && a.content_hash.method == b.content_hash.method) {
    v.same = true;
    v.method = MatchMethod::kContentHash;
    return v;
  }
  if (!a.pdq_hashable || !b.pdq_hashable || std::min(a.pdq_quality, b.pdq_quality) < rule.min_quality) {
    const bool flat = flat_same(a, b, rule);
    v.same = flat;
    v.method = flat ? MatchMethod::kPdqFlat : MatchMethod::kLowQuality;
    return v;
  }
  if (full.distance <= rule.max_distance) {
    v.same = true;
    v.method = full.method;
    v.dihedral = full.dihedral;
    return v;
  }
  if (rule.robust_hashes) {
    const Best robust = robust_best(a, b, rule.min_quality);
    if (robust.distance < v.distance) v.distance = robust.distance;
    if (robust.distance <= rule.window_max_distance) {
      v.same = true;
      v.method = robust.method;
      return v;
    }
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

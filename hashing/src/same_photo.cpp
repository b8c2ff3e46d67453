// The same-photo rule (see same_photo.hpp).
#include "photoaudit/hashing/same_photo.hpp"

#include <algorithm>

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

// Step 4: windows of one against the full hash of the other, same-kind windows, trimmed hashes.
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
  return best;
}

}  // namespace

constexpr std::string_view kMatchMethodNames[] = {"none",         "low-quality", "content-hash", "pdq",
                                                  "pdq-dihedral", "pdq-window",  "pdq-trimmed",  "local-features"};
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
    v.method = MatchMethod::kLowQuality;
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

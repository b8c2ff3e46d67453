// A flat picture's partners for a search of one probe (flat_partners.hpp).
#include "photoaudit/hashing/flat_partners.hpp"

#include <algorithm>
#include <cmath>

#include "flat_match.hpp"

namespace photoaudit::hashing {
namespace {

// What the engine's flat group asks of an item.
bool usable(const Fingerprints& f) { return f.pdq_hashable && f.has_grey16 && f.width > 0 && f.height > 0; }

// Step 2c's flat side.
bool flat(const Fingerprints& f, const SameRule& rule) {
  return f.pdq_quality < rule.min_quality && f.pdq_quality >= kFlatMinQuality;
}

}  // namespace

bool same_aspect(double a, double b) { return std::abs(a - b) <= 0.02 * std::max(a, b); }

bool flat_looking(const Fingerprints& f, const SameRule& rule) {
  return f.pdq_quality < rule.min_quality ||
         std::ranges::any_of(f.pdq_window_quality, [&](int q) { return q < rule.min_quality; });
}

bool flat_frames_agree(const Fingerprints& flat, const Fingerprints& other, const SameRule& rule) {
  if (!detail::same_frame_shape(flat, other, Dihedral::kOriginal)) return false;
  return detail::compare_flat_pixels(flat, other, Dihedral::kOriginal, false, rule).same ||
         detail::compare_flat_pixels(other, flat, Dihedral::kOriginal, false, rule).same;
}

FlatPartnerRows flat_partner_rows(const Fingerprints& probe, const SameRule& rule) {
  FlatPartnerRows rows;
  if (!rule.flat_images || !rule.flat_aligned || !usable(probe)) return rows;
  rows.want = true;
  const bool looking = flat_looking(probe, rule);
  rows.flat_looking_rows = looking;
  rows.flat_rows_shaped = !looking;
  rows.other_rows_shaped = flat(probe, rule);
  // same_frame_shape: |ra - rb| <= 2% of the larger, i.e. rb within [0.98 ra, ra / 0.98]; a little wider here.
  const double aspect = static_cast<double>(probe.width) / probe.height;
  rows.aspect_min = aspect * 0.975;
  rows.aspect_max = aspect / 0.975;
  return rows;
}

FlatPartnerSearch::FlatPartnerSearch(const Fingerprints& probe, const SameRule& rule)
    : FlatPartnerSearch(probe, rule, own_) {}

FlatPartnerSearch::FlatPartnerSearch(const Fingerprints& probe, const SameRule& rule, FlatBudget& budget)
    : probe_(probe), rule_(rule), rows_(flat_partner_rows(probe, rule)), budget_(budget) {
  probe_flat_ = flat(probe, rule);
  probe_flat_looking_ = flat_looking(probe, rule);
}

bool FlatPartnerSearch::partner(const Fingerprints& row) {
  if (!rows_.want || !usable(row)) return false;
  const bool row_looking = flat_looking(row, rule_);
  if (probe_flat_looking_ && row_looking) {  // the flat group
    if (budget_.flat_pairs == 0) {
      ++unchecked_;
      ++budget_.unchecked;
      return false;
    }
    --budget_.flat_pairs;
    return true;
  }
  // Step 2c: one flat, the other not flat-looking.
  const bool row_flat = flat(row, rule_);
  const bool pair_2c = (probe_flat_ && !row_looking) || (row_flat && !probe_flat_looking_);
  if (!pair_2c) return false;
  const Fingerprints& flat_one = probe_flat_ ? probe_ : row;
  const Fingerprints& other = probe_flat_ ? row : probe_;
  if (!detail::same_frame_shape(flat_one, other, Dihedral::kOriginal)) return false;
  if (budget_.pixel_checks == 0) {
    ++unchecked_;
    ++budget_.unchecked;
    return false;
  }
  --budget_.pixel_checks;
  return flat_frames_agree(flat_one, other, rule_);
}

}  // namespace photoaudit::hashing

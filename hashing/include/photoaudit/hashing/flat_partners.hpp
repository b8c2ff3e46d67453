// A flat picture's partners: the pairs the same-photo engine hands to same_photo() although their hashes are
// far apart (same_photo_engine.hpp, step 2: the flat group and step 2c), for a search of one probe against
// stored rows (the catalog's `find`, photoaudit serve), so that it finds what clustering the probe with the
// rows finds. A flat picture's crops, strips and brighter copies have hashes that say nothing, and a copy that
// gained structure (a watermark) is 76-122 bits from its flat original: no PDQ index reaches them.
#pragma once

#include <cstddef>

#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::hashing {

// Step 2c's pair test: `flat` (PDQ quality below rule.min_quality, at least kFlatMinQuality) and `other` (not
// flat) have one frame shape (within 2%, upright) and their 16x16 grey images agree on the whole frames (the
// flat rule's pixel statistic without its search, either way round). About 20 us when the shapes agree.
bool flat_frames_agree(const Fingerprints& flat, const Fingerprints& other, const SameRule& rule);

// Whether two frame shapes (width / height) are one: within 2% of the larger, as the flat rule's whole-frame
// comparison asks of two frames (and step 2c of a pair).
bool same_aspect(double a, double b);

// Whether f belongs to the engine's flat group: PDQ quality, or one of its windows' quality, below
// rule.min_quality (its crops and strips are matched by the flat rule's search, whatever its hash says).
bool flat_looking(const Fingerprints& f, const SameRule& rule);

// The rows a one-probe search reads besides its index's candidates (none when want is false: the flat rule is
// off, the probe has no 16x16 grey image or is too small for PDQ):
// - flat_looking_rows: a flat-looking probe's flat group, the flat-looking rows of any frame shape;
// - flat_rows_shaped: a probe that is not flat-looking, step 2c: the rows of PDQ quality below rule.min_quality
//   (at least kFlatMinQuality) of the probe's frame shape;
// - other_rows_shaped: a flat probe (PDQ quality below rule.min_quality, at least kFlatMinQuality), step 2c: the
//   rows that are not flat-looking of its frame shape.
// "The probe's frame shape" is width / height within [aspect_min, aspect_max] (the 2% of flat_frames_agree,
// a little wider); each row read is then checked with FlatPartnerSearch::partner.
struct FlatPartnerRows {
  bool want = false;
  bool flat_looking_rows = false;
  bool flat_rows_shaped = false;
  bool other_rows_shaped = false;
  double aspect_min = 0.0;
  double aspect_max = 0.0;
};
FlatPartnerRows flat_partner_rows(const Fingerprints& probe, const SameRule& rule);

// What the flat partners' checks may still cost: one search of a probe, or (Catalog::find_photo_copies) the
// searches from a probe and the copies it follows, share one, so a find of a flat picture with many copies is
// bounded as one search is.
struct FlatBudget {
  // Flat-looking rows compared with a flat-looking probe: same_photo's search of crops and strips costs about
  // 0.5-0.85 ms a pair.
  static constexpr std::size_t kMaxFlatPairs = 1024;
  // Step 2c's whole-frame checks (about 20 us each, either way round), the engine's bound
  // (same_photo_engine.cpp).
  static constexpr std::size_t kMaxPixelChecks = std::size_t{1} << 16;

  std::size_t flat_pairs = kMaxFlatPairs;
  std::size_t pixel_checks = kMaxPixelChecks;
  // Rows that could have been partners but were not checked, over every search sharing the budget: counted by
  // FlatPartnerSearch::partner once a bound is reached, and by a catalog for the rows it did not read.
  std::size_t unchecked = 0;
};

// Decides row by row which rows go to same_photo(probe, row), within a budget. Not thread-safe (it counts);
// one per search.
class FlatPartnerSearch {
 public:
  static constexpr std::size_t kMaxFlatPairs = FlatBudget::kMaxFlatPairs;
  static constexpr std::size_t kMaxPixelChecks = FlatBudget::kMaxPixelChecks;

  // probe and rule must outlive the search. With a budget of its own (the bounds above).
  FlatPartnerSearch(const Fingerprints& probe, const SameRule& rule);
  // Spending `budget`, which must outlive the search.
  FlatPartnerSearch(const Fingerprints& probe, const SameRule& rule, FlatBudget& budget);
  FlatPartnerSearch(const FlatPartnerSearch&) = delete;
  FlatPartnerSearch& operator=(const FlatPartnerSearch&) = delete;

  // Whether row is a flat partner of the probe: both flat-looking (the flat group), or one flat and the other
  // not flat-looking with flat_frames_agree (step 2c). False for every such row once the budget is spent
  // (counted in unchecked()).
  bool partner(const Fingerprints& row);
  // Rows that could have been partners but were not checked by this search: the budget was spent (each is
  // counted in the budget's unchecked too).
  std::size_t unchecked() const { return unchecked_; }

 private:
  const Fingerprints& probe_;
  const SameRule& rule_;
  FlatPartnerRows rows_;
  bool probe_flat_ = false;  // PDQ quality below min_quality, at least kFlatMinQuality
  bool probe_flat_looking_ = false;
  FlatBudget own_;
  FlatBudget& budget_;
  std::size_t unchecked_ = 0;
};

}  // namespace photoaudit::hashing

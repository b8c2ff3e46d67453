// A flat picture's partners for a search of one probe (flat_partners.hpp): which rows a catalog reads for them,
// which of those go to the rule, and the bounds a search keeps to.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>

#include "photoaudit/hashing/flat_partners.hpp"
#include "photoaudit/hashing/same_photo.hpp"
#include "test_support.hpp"

using namespace photoaudit::hashing;
using photoaudit::hashing::test::must_fingerprint;

TEST_CASE("A flat probe reads the flat-looking rows and the rows of its frame shape, a photo the flat rows only",
          "[flat]") {
  const SameRule rule;
  const Fingerprints flat = must_fingerprint("hashing/flat-gradient.jpg");
  const Fingerprints photo = must_fingerprint("hashing/coffee.png");
  REQUIRE(flat.pdq_quality < rule.min_quality);
  REQUIRE_FALSE(flat_looking(photo, rule));

  const FlatPartnerRows of_flat = flat_partner_rows(flat, rule);
  CHECK(of_flat.want);
  CHECK(of_flat.flat_looking_rows);
  CHECK(of_flat.other_rows_shaped);
  CHECK_FALSE(of_flat.flat_rows_shaped);
  const double aspect = static_cast<double>(flat.width) / flat.height;
  CHECK(of_flat.aspect_min < aspect * 0.98);
  CHECK(of_flat.aspect_max > aspect / 0.98);

  const FlatPartnerRows of_photo = flat_partner_rows(photo, rule);
  CHECK(of_photo.want);
  CHECK_FALSE(of_photo.flat_looking_rows);
  CHECK_FALSE(of_photo.other_rows_shaped);
  CHECK(of_photo.flat_rows_shaped);

  SameRule off = rule;
  off.flat_images = false;
  CHECK_FALSE(flat_partner_rows(flat, off).want);
  Fingerprints no_pixels = flat;
  no_pixels.has_grey16 = false;
  CHECK_FALSE(flat_partner_rows(no_pixels, rule).want);
}

TEST_CASE("Two flat pictures are partners, a photo of another shape is not, two photos are the index's business",
          "[flat]") {
  const SameRule rule;
  const Fingerprints flat = must_fingerprint("hashing/flat-gradient.jpg");
  const Fingerprints other_flat = must_fingerprint("hashing/flat-gradient-other.jpg");
  const Fingerprints photo = must_fingerprint("hashing/coffee.png");
  const Fingerprints cat = must_fingerprint("hashing/cat.jpg");
  REQUIRE(other_flat.pdq_quality < rule.min_quality);
  REQUIRE(cat.pdq_quality >= rule.min_quality);
  REQUIRE_FALSE(flat_looking(cat, rule));

  FlatPartnerSearch from_flat(flat, rule);
  CHECK(from_flat.partner(other_flat));  // the flat group: the rule's search decides
  FlatPartnerSearch from_photo(photo, rule);
  CHECK_FALSE(from_photo.partner(cat));
  // A flat picture and a photo of another shape: step 2c compares whole frames, so no check is spent.
  REQUIRE(std::abs(static_cast<double>(cat.width) / cat.height - static_cast<double>(flat.width) / flat.height) > 0.05);
  CHECK_FALSE(from_flat.partner(cat));
  CHECK(from_flat.unchecked() == 0);
}

TEST_CASE("A search compares at most kMaxFlatPairs flat rows and counts the rest as unchecked", "[flat]") {
  const SameRule rule;
  const Fingerprints flat = must_fingerprint("hashing/flat-gradient.jpg");
  const Fingerprints other_flat = must_fingerprint("hashing/flat-gradient-other.jpg");
  FlatPartnerSearch search(flat, rule);
  std::size_t partners = 0;
  for (std::size_t i = 0; i < FlatPartnerSearch::kMaxFlatPairs + 5; ++i) partners += search.partner(other_flat) ? 1 : 0;
  CHECK(partners == FlatPartnerSearch::kMaxFlatPairs);
  CHECK(search.unchecked() == 5);
}

TEST_CASE("Searches that share a budget compare at most its flat rows between them", "[flat]") {
  const SameRule rule;
  const Fingerprints flat = must_fingerprint("hashing/flat-gradient.jpg");
  const Fingerprints half = must_fingerprint("hashing/flat-gradient-half.jpg");
  const Fingerprints other_flat = must_fingerprint("hashing/flat-gradient-other.jpg");
  FlatBudget budget;
  budget.flat_pairs = 3;
  FlatPartnerSearch first(flat, rule, budget);
  CHECK(first.partner(other_flat));
  CHECK(first.partner(other_flat));
  FlatPartnerSearch second(half, rule, budget);  // a copy followed: what the first left
  CHECK(second.partner(other_flat));
  CHECK_FALSE(second.partner(other_flat));
  CHECK(second.unchecked() == 1);
  CHECK(first.unchecked() == 0);
  CHECK(budget.flat_pairs == 0);
  CHECK(budget.unchecked == 1);  // the count over both searches, for find's `unchecked`
  CHECK_FALSE(first.partner(other_flat));
  CHECK(first.unchecked() == 1);
  CHECK(budget.unchecked == 2);
}

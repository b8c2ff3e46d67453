// The same-photo engine: fingerprints in, clusters of the same photograph out. The one place where `audit`,
// `dupes`, `find` and the catalog decide which images are one photo (docs/hashing.md, "Same-photo engine").
//
// Clustering, in order:
//  1. candidates: items sharing a SHA-256 or coded-data hash, and items whose searchable hashes (below) lie
//     within search_radius(rule) of each other or of the other's probes (dihedral variants, de-rotated
//     hashes), found through a PdqIndex (clustering.hpp), never all pairs;
//  2. pair verdicts: every two items of a candidate group are checked with same_photo() on hashes alone
//     (steps 1-4 of the rule); the items that pass are joined (union-find). The flat items (a PDQ quality, or
//     a window's, below min_quality) are one more group, up to 256 of them (beyond, each of the first 4,096 with
//     its 8 nearest by hash); and (2c) each flat item is checked
//     against each item that is not flat whose frame has its shape and whose 16x16 grey image agrees with its
//     own on the whole frames (a watermarked or brightened copy that gained the structure its original lacks),
//     and each weak item (quality below rule.weak_quality) against each item that is not flat within
//     rule.weak_max_distance (the rule's step 4b: a watermarked copy whose hash bits moved), the first 65,536
//     such pixel checks and 2^26 such distances;
//  3. grey zone, cluster by cluster (only with a verifier): pairs of items in different clusters whose best
//     hash distance is at most rule.grey_zone_max are handed to the verifier (local features), the most
//     promising pair of two clusters first (smallest distance, pairs with a thumbnail of a shorter side
//     under 256 pixels after all others); two clusters stop being tried at their first
//     match or after kGreyZoneFailuresPerClusterPair failed pairs, and a pair whose items are already in one
//     cluster is never verified. The close pairs come from all pairs of eligible items (quadratic, up to
//     grey_zone_max_items), or, above that or when asked, from visual words (visual_words.hpp): each item's
//     grey_zone_top_k nearest items by words, kept when their hash distance is within grey_zone_max.
// One-probe search (the catalog's `find`): the same searchable hashes, radius and verdicts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "photoaudit/hashing/clustering.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/local_features.hpp"
#include "photoaudit/hashing/pdq_index.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::hashing {

// --- Candidate search ---------------------------------------------------------------------------------------

// Adds to `index` under `id` the hashes of `fp` the search stores: its PDQ hash (if pdq_hashable), its seven
// windows, its border-trimmed hash (if anything was trimmed) and its de-rotated canvas-trimmed hashes (those a
// trim left: measured 2.3 per photo, 3.8 per copy turned on a canvas), each only when its own quality is at
// least min_quality (a query with an original then finds its turned copies, and a turned copy its original); for a flat
// image (quality below min_quality, at least kFlatMinQuality) its PDQ hash and its `full` window (quality at least
// kFlatMinQuality), which the flat-image rule compares. Call index.build() after the last add.
void add_searchable_hashes(PdqIndex& index, std::uint64_t id, const Fingerprints& fp, int min_quality);

// The hashes a probe queries the index with: its eight dihedral variants (if pdq_hashable and its quality is at
// least min_quality; for a flat image the same variants and its `full` window, which the flat-image rule
// compares), its windows and its trimmed hash (same conditions as add_searchable_hashes), and its de-rotated hashes
// of quality at least min_quality (a copy turned by a few degrees: its original's upright hashes are stored).
std::vector<Hash256> probe_hashes(const Fingerprints& probe, int min_quality);

// What a search out to `radius` probes with: probe_hashes, and when the radius reaches past search_radius(rule)
// (a search for the grey zone's candidates), the probe's windows mirrored from their bits too (mirrored_bits:
// a mirrored off-centre crop of a catalogued photo comes within the grey zone only by them).
std::vector<Hash256> probe_hashes_within(const Fingerprints& probe, const SameRule& rule, int radius);

// The index radius within which `rule` may match by hashes: max(max_distance, window_max_distance), clamped
// to 0..256.
int search_radius(const SameRule& rule);

// Relation of b to a: kExact (same SHA-256), kContent (same coded-data hash), else kNear.
Relation relation_between(const Fingerprints& a, const Fingerprints& b);

// --- Clustering ---------------------------------------------------------------------------------------------

// Failed verifications after which two clusters are no longer tried against each other (until one of them
// grows). Measured on the duplicate-heavy bench (docs/hashing.md): a true copy matches at its first or second
// most promising pair.
inline constexpr int kGreyZoneFailuresPerClusterPair = 3;

// Verifies with local evidence whether items a and b (a < b, indexes into the items) are the same photo.
// Returns the verdict when it could tell (a match has same == true), nullopt when the evidence could not be
// had (e.g. the file is gone). Called from several threads at once: must be thread-safe.
using GreyZoneVerifier = std::function<std::optional<SamePhotoVerdict>(std::size_t a, std::size_t b)>;

// The local features of item i for the visual-words search (its descriptors are read, nothing is kept), or
// nullptr when it has none. Called once per eligible item, from several threads at once: must be thread-safe.
using WordFeatureSource = std::function<std::shared_ptr<const LocalFeatures>(std::size_t item)>;

// Where the grey zone's close pairs come from.
enum class GreyZoneSearch {
  kAuto,         // all pairs up to grey_zone_max_items eligible items; above, visual words (if word_features)
  kAllPairs,     // all pairs up to grey_zone_max_items; above, the grey zone is skipped
  kVisualWords,  // visual words whatever the number of items (needs word_features, else skipped)
};

struct EngineOptions {
  // The rule; its local_features flag switches the grey zone on (with a verifier). Default: SameRule{}.
  SameRule rule;
  // Worker threads; 0 = all cores. Default: 0
  unsigned threads = 0;
  // The grey zone's verifier; empty: no grey zone (clusters rest on hashes). Default: none
  GreyZoneVerifier verify;
  // Items the verifier can take (e.g. local files); empty: every item. Default: empty
  std::vector<bool> verifiable;
  // The grey zone's close pairs are searched among all pairs of eligible items (quadratic): above this many
  // eligible items, visual words instead (with word_features), else the stage is skipped. Default: 5,000
  // (12.5 million pairs, about a second on 2 cores).
  std::size_t grey_zone_max_items = 5'000;
  // See kGreyZoneFailuresPerClusterPair. Default: that constant.
  int grey_zone_max_failures = kGreyZoneFailuresPerClusterPair;
  // Local features for the visual-words search; empty: none (above grey_zone_max_items the grey zone is
  // skipped). Default: none
  WordFeatureSource word_features;
  // See GreyZoneSearch. Default: kAuto
  GreyZoneSearch grey_zone_search = GreyZoneSearch::kAuto;
  // Visual words: each eligible item's this many nearest items (cosine of tf-idf word vectors) are its
  // candidates. Measured on scripts/bench/robustness (docs/hashing.md). Default: 20
  std::size_t grey_zone_top_k = 20;
};

struct SamePhotoMember {
  std::size_t item = 0;  // index into the items
  // To the representative (the cluster's first member): kExact for it.
  Relation relation = Relation::kExact;
  // How the member is the same photo as the representative: same_photo(representative, member) on hashes;
  // when that does not hold, the verdict of the first grey-zone match that joined the member (its distance
  // replaced by the hash distance to the representative: the pair may not include it); for a member
  // joined through others only, when the grey zone ran, the verifier's verdict on (representative, member) if
  // it matches (one more verifier call, counted in members_verified: the cluster is settled, this says how the
  // member relates to the first); else the hashes' verdict (same == false: joined through other members).
  SamePhotoVerdict verdict;
};

struct SamePhotoCluster {
  Relation kind = Relation::kExact;      // the weakest relation of any member to the representative
  std::vector<SamePhotoMember> members;  // ordered by item; members.front() is the representative
};

struct EngineResult {
  std::vector<SamePhotoCluster> clusters;  // of two or more items, ordered by representative
  // The grey zone did not run: more eligible items than options.grey_zone_max_items and no visual words.
  bool grey_zone_skipped = false;
  std::size_t grey_zone_eligible = 0;  // items eligible for the grey zone
  std::size_t grey_zone_pairs = 0;     // close pairs across clusters after the hashes
  bool grey_zone_words = false;        // the close pairs came from visual words, not all pairs
  std::size_t word_candidates = 0;     // visual words: distinct candidate pairs across clusters (before the distance)
  std::size_t grey_zone_verified = 0;  // verifier calls while clustering
  std::size_t members_verified = 0;    // verifier calls for members' verdicts (see SamePhotoMember::verdict)
};

// Clusters the items (nullptr: not an image, never in a cluster). Never fails: should the candidate search
// fail (out of memory), the items stay apart. Thread-safe for distinct calls.
EngineResult cluster_same_photos(std::span<const Fingerprints* const> items, const EngineOptions& options);

}  // namespace photoaudit::hashing

// The grey zone's close pairs from visual words (private to the same-photo engine, see same_photo_engine.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "cluster_union_find.hpp"
#include "cluster_verification.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"

namespace photoaudit::hashing::detail {

struct WordSearchCounts {
  std::size_t candidates = 0;  // distinct pairs of the top-k lists whose items are in different clusters
};

// Each eligible item's options.grey_zone_top_k nearest eligible items by visual words (the shipped vocabulary,
// orb_vocabulary(); features from options.word_features, items without features are left out), as pairs in
// different clusters of `groups` whose hash distance (same_photo on hashes) is at most grey_zone_max and that
// the hashes do not match. Never all pairs: the cost is the items times their top-k query. Throws only
// std::bad_alloc.
std::vector<GreyPair> word_pairs(std::span<const Fingerprints* const> items, const std::vector<std::uint32_t>& eligible,
                                 ClusterUnionFind& groups, const EngineOptions& options, WordSearchCounts& counts);

}  // namespace photoaudit::hashing::detail

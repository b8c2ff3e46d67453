// Cluster-level verification of the grey zone (private to the same-photo engine, see same_photo_engine.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "cluster_union_find.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"

namespace photoaudit::hashing::detail {

// A pair of items close by hashes but not matched by them.
struct GreyPair {
  std::uint32_t a = 0;  // a < b
  std::uint32_t b = 0;
  int distance = 0;  // best hash distance of the pair
  // One of the two is a thumbnail (shorter side under kSmallSide): few keypoints, so a less promising pair
  // than one of two larger copies whatever their distances.
  bool small = false;
  // The distance was found under a mirror (SamePhotoVerdict::dihedral): only a verifier with a mirror set can
  // confirm the pair (a catalog row from `scan` has none), so it comes after the upright pairs of the same two
  // clusters, which any verifier can, and cannot use up their tries.
  bool mirrored = false;
};

// See GreyPair::small. A 1600-pixel photo's quarter-size copy (267 pixels) is not small; a 128-pixel
// thumbnail, or an off-centre crop of a 512-pixel picture saved at 40% (180 pixels), is: the latter matched
// its original while 3 thumbnails' pairs with it, closer by hashes, used up the failures of its two clusters
// (scripts/bench/robustness, crop-offcentre-scale40).
inline constexpr std::uint32_t kSmallSide = 256;

struct GreyMatch {
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  SamePhotoVerdict verdict;
};

// Hands pairs to `verify`, most promising first per pair of clusters of `groups`: in rounds, each pair of
// current clusters offers its untried pair of smallest distance (pairs with a thumbnail, GreyPair::small, after
// all the others; among the rest, pairs close only under a mirror, GreyPair::mirrored, after the upright ones);
// the round's pairs are verified on `threads`
// workers; matches join their clusters. Two clusters are not tried again once max_failures of their pairs have
// failed (a cluster that grows is a new cluster); a pair whose items are already one cluster is never
// verified. Returns the matches in the order they were found; adds the verifier calls to `verified`.
std::vector<GreyMatch> verify_clusters(std::vector<GreyPair> pairs, ClusterUnionFind& groups,
                                       const GreyZoneVerifier& verify, int max_failures, unsigned threads,
                                       std::size_t& verified);

// Runs fn(0) .. fn(n - 1) on up to `threads` workers (0: all cores; at least the calling thread). If fn throws,
// the workers stop taking items and the first exception is rethrown once all have finished.
void run_parallel(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn);

}  // namespace photoaudit::hashing::detail

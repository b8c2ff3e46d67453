// Clustering: groups ids that are the same photo, without comparing all pairs.
//
// Items are the distinct ids of a PdqIndex plus any ids that only appear in the key lists. Two items are linked
// when they share an exact key (e.g. the file's SHA-256), share a content key (e.g. a hash of the decoded
// pixels, so the same image with different metadata), or when one of the first item's hashes or probes lies
// within max_distance of one of the second item's stored hashes (found by querying the index, item by item).
// Clusters are the connected components of those links (union-find), so they are transitive: with A~B and B~C,
// A, B and C form one cluster even when A and C are further apart than max_distance.
//
// Links are merged in the order exact, content, near, so each cluster's spanning edges prefer the strongest
// relation. Only ids and hashes are known here: no paths, no metadata.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "photoaudit/common/error.hpp"
#include "photoaudit/common/relation.hpp"
#include "photoaudit/hashing/pdq_index.hpp"

namespace photoaudit::hashing {

// How two items are the same photo, strongest first (photoaudit/common/relation.hpp: kExact, same exact key;
// kContent, same content key; kNear, PDQ hashes within max_distance, possibly through other members).
using photoaudit::Relation;
using photoaudit::to_string;

// A grouping key of one item. Empty keys are ignored. The viewed text must outlive the cluster() call.
struct IdKey {
  std::uint64_t id = 0;
  std::string_view key;
};

struct ClusterMember {
  std::uint64_t id = 0;
  // Relation to the cluster's representative: kExact if they share an exact key, else kContent if they share
  // a content key, else kNear. The representative itself is kExact.
  Relation relation = Relation::kExact;
  // Smallest Hamming distance between any hash or probe of this member and any stored hash of the
  // representative (either way round); nullopt if either has no hash. 0 for the representative.
  std::optional<int> distance;
};

// A link of the cluster's spanning tree: the link that first joined `a`'s and `b`'s groups.
struct ClusterEdge {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  Relation relation = Relation::kExact;
  std::optional<int> distance;  // the PDQ distance of a kNear link; nullopt for key links
};

struct Cluster {
  // The weakest relation of any member to the representative: kExact means every member is byte-identical.
  Relation kind = Relation::kExact;
  // Ordered by id; members.front() is the representative (the lowest id).
  std::vector<ClusterMember> members;
  // members.size() - 1 links connecting all members, in the order they were merged.
  std::vector<ClusterEdge> edges;
};

// What, beyond the index's stored hashes, links items. All spans may be empty; they must stay valid during
// the cluster() call.
struct ClusterInputs {
  std::span<const IdKey> exact_keys;    // e.g. SHA-256 hex of each file. Default: none
  std::span<const IdKey> content_keys;  // e.g. hash of the decoded pixels. Default: none
  // Extra hashes an item queries with but that are not stored, e.g. the dihedral variants (rotations and
  // mirrors) of its PDQ hash, so mirrored copies are found. Default: none
  std::span<const IdHash> probes;
};

struct ClusterOptions {
  // Largest PDQ distance that links two items, 0..256. Default: 31 (PDQ's usual "same photo" threshold).
  int max_distance = 31;
  // Worker threads querying the index; 0 means std::thread::hardware_concurrency(). Default: 0
  int threads = 0;
};

// Every cluster of two or more items, ordered by representative id. Items alone in their group are omitted.
// Fails with kInvalidArgument if options.max_distance is outside 0..256 or options.threads is negative, and
// with kLimitExceeded if there are 2^32 - 1 items or more or a worker runs out of memory. If fewer threads can
// be started than asked for, the work is shared among those that did start.
// REQUIRES: index.build() was called after the last add(), or queries fall back to linear scans (still exact,
// but quadratic). No other thread modifies `index` during the call.
// Cost: one index query per item (with its stored hashes and probes), spread over the threads; memory is
// O(items + entries + keys + probes) per call plus O(items) per thread.
Result<std::vector<Cluster>> cluster(const PdqIndex& index, const ClusterInputs& inputs = {},
                                     const ClusterOptions& options = {});

}  // namespace photoaudit::hashing

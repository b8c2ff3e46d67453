// PdqIndex: exact radius search over 256-bit PDQ hashes without comparing against every stored hash.
//
// Multi-index hashing with a ring filter: the 256 bits are cut into `slice_count` (m) contiguous slices of at
// most 16 bits, arranged in a ring. If two hashes are within distance d, the pigeonring principle (a refinement
// of the pigeonhole principle) gives a slice s where they differ in at most floor(d/m) bits AND slices s and
// s+1 (mod m) together differ in at most floor(2d/m) bits. So each slice has a posting list (CSR: an offsets
// array by slice value, entry numbers sorted by slice value, and beside each entry the value of its next
// slice); a query enumerates, per slice, every slice value within floor(d/m) bits of the probe's, skips
// postings whose next-slice value is too far, and verifies the rest with a full 256-bit popcount. At d = 31 and
// m = 16: 17 buckets per slice, and the next-slice test drops about 99% of the candidates before their hash is
// read. Results are exact: every stored hash within the radius is returned (no false negatives) and nothing
// beyond it (no false positives); each entry is reported from the first slice that qualifies, so only once.
// When the enumeration would cost more than a linear scan (large radii, tiny indexes) the query scans linearly
// instead; the answer is the same.
//
// Entries: each add() stores one (id, hash) entry. Ids are the caller's (e.g. catalog row ids); one id may own
// several entries (its main PDQ hash plus extra robust hashes) and queries report each id once with its
// smallest distance over all its entries (and over all probes, for query_any).
//
// Build: add() appends; build() (re)builds the posting lists over every entry added so far. Entries added after
// the last build() are still found, by a linear scan of that unindexed tail, so queries are always exact; call
// build() after bulk loading to make them fast.
//
// Cost (scripts/bench/index, 1M random balanced hashes, 2-core machine): build() about 0.6 s; a query at
// d = 31 about 30 us of CPU, some 200 times faster than a linear scan. Memory: 32 bytes (hash) + 8 (id) + 6 per
// slice (posting and next-slice value) per entry, plus 4 * 2^16 bytes of offsets per 16-bit slice: about
// 140 MB for 1M entries with 16 slices.
//
// Thread safety: const member functions (queries, accessors, memory_bytes) may run concurrently with each
// other. add(), reserve(), build() and clear() need exclusive access: no query may run during them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "photoaudit/common/error.hpp"
#include "photoaudit/hashing/hash256.hpp"

namespace photoaudit::hashing {

// One stored or probing hash with the id it belongs to.
struct IdHash {
  std::uint64_t id = 0;
  Hash256 hash;
};

// One query answer: an id and its smallest Hamming distance (0..256) to the probe(s).
struct IndexMatch {
  std::uint64_t id = 0;
  int distance = 0;
  friend bool operator==(const IndexMatch&, const IndexMatch&) = default;
};

struct PdqIndexOptions {
  // Number of slices the 256 bits are cut into; slices are contiguous and as equal as possible (16 -> sixteen
  // 16-bit slices, 20 -> 12- and 13-bit slices). More slices: fewer buckets per query but longer posting lists.
  // Allowed: 16..32 (narrower slices would scan more postings than a linear scan reads hashes).
  // Default: 16, chosen by measurement (scripts/bench/index --slices=16,16n,20,24,32): at radius 31 and 1M
  // hashes it needed 37 us of CPU per query against 128 (20 slices), 440 (24) and 489 (32).
  int slice_count = 16;
  // Skip postings whose next slice is too far from the probe's (see above). Only a benchmark turns it off, to
  // show what it saves (8x at 1M hashes); results are identical either way. Default: true
  bool ring_filter = true;
};

class PdqIndex {
 public:
  // Largest number of entries one index holds (entry numbers are 32-bit).
  static constexpr std::size_t kMaxEntries = 0xFFFF'FFFEU;
  static constexpr int kMaxDistance = 256;

  // An empty index with 16 slices.
  PdqIndex();

  // An empty index. Fails with kInvalidArgument if options.slice_count is outside 16..32.
  static Result<PdqIndex> create(const PdqIndexOptions& options);

  // Appends one entry. Fails with kLimitExceeded (and adds nothing) once kMaxEntries entries are stored.
  Result<void> add(std::uint64_t id, const Hash256& hash);
  // Appends every entry of `entries` in order. Fails with kLimitExceeded, adding nothing, if they would not fit.
  Result<void> add(std::span<const IdHash> entries);
  // Reserves storage for `entry_count` entries in total (an optimisation only).
  void reserve(std::size_t entry_count);

  // Builds the posting lists over all entries added so far; O(slice_count * entries). Cheap to call again.
  void build();
  // Removes every entry and frees the posting lists; the options are kept.
  void clear();

  // Every id with an entry within `max_distance` bits of `probe`, each id once with its smallest distance,
  // ordered by distance, then id. Fails with kInvalidArgument if max_distance is outside 0..256.
  Result<std::vector<IndexMatch>> query(const Hash256& probe, int max_distance) const;

  // Like query() over several probes at once, typically the 8 dihedral variants (rotations and mirrors) of one
  // image's PDQ hash: each id is reported once with its smallest distance over all probes and entries.
  // An empty probe list gives an empty result. Fails with kInvalidArgument if max_distance is outside 0..256.
  Result<std::vector<IndexMatch>> query_any(std::span<const Hash256> probes, int max_distance) const;

  // query_any() for hot loops: replaces `out` with the answer, reusing its storage. Same order and failures;
  // on failure `out` is left empty.
  Result<void> query_into(std::span<const Hash256> probes, int max_distance, std::vector<IndexMatch>& out) const;

  // Whether a query at this radius scans every entry instead of using the posting lists: the cost estimate says
  // the enumeration would be slower (large radius, tiny index, nothing built yet). Results are the same either
  // way; this is for tests and benchmarks. REQUIRES: 0 <= max_distance <= 256.
  bool uses_linear_scan(int max_distance) const;

  // The stored entries in insertion order: hashes()[i] belongs to ids()[i]. The spans stay valid until the next
  // non-const call.
  std::span<const Hash256> hashes() const { return hashes_; }
  std::span<const std::uint64_t> ids() const { return ids_; }

  std::size_t size() const { return hashes_.size(); }
  bool empty() const { return hashes_.empty(); }
  // Entries covered by the posting lists (the rest, added since the last build(), are scanned linearly).
  std::size_t indexed_size() const { return indexed_count_; }
  int slice_count() const { return static_cast<int>(slices_.size()); }

  // Bytes of heap memory this index holds (capacity of its arrays), for memory accounting.
  std::size_t memory_bytes() const;

 private:
  struct Slice {
    int first_bit = 0;  // bit offset of the slice in the 256-bit hash (bit i as in Hash256::bit)
    int width = 0;      // bits, 8..16
    // Posting list in CSR form: entries whose slice value is v are postings[offsets[v] .. offsets[v + 1]);
    // next_values[p] is the value of the following slice (mod slice_count) of entry postings[p].
    std::vector<std::uint32_t> offsets;
    std::vector<std::uint32_t> postings;
    std::vector<std::uint16_t> next_values;
  };
  struct Radii {
    int slice = 0;  // bits one slice may differ by: floor(d / m)
    int pair = 0;   // bits a slice and the next may differ by together: floor(2d / m)
  };

  explicit PdqIndex(int slice_count);
  Radii radii_for(int max_distance) const;
  // Appends (id, distance) of every entry within max_distance of probe; an entry appears once per probe.
  void collect(const Hash256& probe, int max_distance, std::vector<IndexMatch>& out) const;
  void collect_from_slices(const Hash256& probe, int max_distance, const Radii& radii,
                           std::vector<IndexMatch>& out) const;
  void scan_linear(const Hash256& probe, int max_distance, std::size_t from, std::vector<IndexMatch>& out) const;
  bool prefer_linear_scan(const Radii& radii) const;
  bool passes_earlier_slice(const Hash256& difference, std::size_t slice, const Radii& radii) const;

  std::vector<Slice> slices_;
  std::vector<Hash256> hashes_;
  std::vector<std::uint64_t> ids_;
  std::size_t indexed_count_ = 0;
  bool ring_filter_ = true;
};

}  // namespace photoaudit::hashing

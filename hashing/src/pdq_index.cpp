// PdqIndex: multi-index hashing over contiguous slices of the 256 PDQ bits (see pdq_index.hpp).
#include "photoaudit/hashing/pdq_index.hpp"

#include <algorithm>
#include <bit>
#include <string>
#include <utility>

namespace photoaudit::hashing {
namespace {

constexpr int kMinSlices = 16;  // slices of at most 16 bits: the next slice's value fits a uint16_t
constexpr int kMaxSlices = 32;  // narrower slices scan more postings than a linear scan reads hashes
constexpr int kDefaultSlices = 16;

// The `width` bits of `hash` starting at bit `first_bit` (width <= 32), bit first_bit being the lowest.
std::uint32_t slice_value(const Hash256& hash, int first_bit, int width) {
  const auto word = static_cast<std::size_t>(first_bit / 64);
  const int shift = first_bit % 64;
  std::uint64_t bits = hash.words[word] >> shift;
  if (shift + width > 64) bits |= hash.words[word + 1] << (64 - shift);
  return static_cast<std::uint32_t>(bits & ((std::uint64_t{1} << width) - 1));
}

Hash256 xor_of(const Hash256& a, const Hash256& b) {
  Hash256 x;
  for (std::size_t i = 0; i < 4; ++i) x.words[i] = a.words[i] ^ b.words[i];
  return x;
}

// Calls visit(v ^ mask) for every mask of exactly `bits` set bits within the low `width` bits (Gosper's hack).
template <typename Visit>
void for_each_neighbour_at(std::uint32_t value, int width, int bits, Visit&& visit) {
  if (bits == 0) {
    visit(value);
    return;
  }
  const std::uint64_t limit = std::uint64_t{1} << width;
  for (std::uint64_t mask = (std::uint64_t{1} << bits) - 1; mask < limit;) {
    visit(value ^ static_cast<std::uint32_t>(mask));
    const std::uint64_t lowest = mask & (~mask + 1);
    const std::uint64_t ripple = mask + lowest;
    mask = (((ripple ^ mask) >> 2) / lowest) | ripple;
  }
}

// The hot loops run a POPCNT build where the CPU has the instruction (x86-64 baseline lacks it and falls back
// to a library call several times slower); the loader picks the version once. Not under ThreadSanitizer: the
// loader runs the (instrumented) resolver before TSan's runtime is up, and every program crashes at start.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define PHOTOAUDIT_POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define PHOTOAUDIT_POPCNT_CLONES
#endif

struct Candidate {  // a posting that passed the ring filter: position, then entry number
  std::uint32_t position;
  std::uint32_t slice;
};

// One bucket a query visits: the slice, then the bucket's value and finally its posting range.
struct BucketVisit {
  std::uint32_t slice;
  std::uint32_t first;  // the bucket's slice value until resolved, then its first posting
  std::uint32_t count;
  int next_limit;  // bits the next slice may differ by
};

// Appends the posting positions [first, first + count) whose next-slice value differs from the probe's in at
// most next_limit bits (the ring filter); `slice` is recorded with each.
PHOTOAUDIT_POPCNT_CLONES
void filter_bucket(const std::uint16_t* next_values, std::uint32_t first, std::uint32_t count, std::uint32_t probe_next,
                   int next_limit, std::uint32_t slice, std::vector<Candidate>& out) {
  for (std::uint32_t p = first; p < first + count; ++p) {
    if (std::popcount(static_cast<std::uint32_t>(next_values[p] ^ probe_next)) <= next_limit) out.push_back({p, slice});
  }
}

PHOTOAUDIT_POPCNT_CLONES
int distance_between(const Hash256& a, const Hash256& b) { return hamming_distance(a, b); }

// Appends (id, distance) of every entry in [from, to) within max_distance of probe.
PHOTOAUDIT_POPCNT_CLONES
void verify_range(const Hash256* hashes, const std::uint64_t* ids, std::size_t from, std::size_t to,
                  const Hash256& probe, int max_distance, std::vector<IndexMatch>& out) {
  for (std::size_t e = from; e < to; ++e) {
    const int d = hamming_distance(hashes[e], probe);
    if (d <= max_distance) out.push_back({ids[e], d});
  }
}

// C(n, k) as a double (only used for cost estimates).
double binomial(int n, int k) {
  double c = 1;
  for (int i = 1; i <= k; ++i) c = c * (n - k + i) / i;
  return c;
}

Result<void> check_distance(int max_distance) {
  if (max_distance < 0 || max_distance > PdqIndex::kMaxDistance) {
    return fail(Error::invalid_argument("PDQ index query: max_distance " + std::to_string(max_distance) +
                                        " is outside 0..256"));
  }
  return ok();
}

// Sorts by (id, distance), keeps each id's smallest distance, then orders by (distance, id).
void keep_best_per_id(std::vector<IndexMatch>& matches) {
  auto by_id = [](const IndexMatch& a, const IndexMatch& b) {
    return a.id != b.id ? a.id < b.id : a.distance < b.distance;
  };
  std::sort(matches.begin(), matches.end(), by_id);
  auto same_id = [](const IndexMatch& a, const IndexMatch& b) { return a.id == b.id; };
  matches.erase(std::unique(matches.begin(), matches.end(), same_id), matches.end());
  std::sort(matches.begin(), matches.end(), [](const IndexMatch& a, const IndexMatch& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
  });
}

}  // namespace

PdqIndex::PdqIndex() : PdqIndex(kDefaultSlices) {}

PdqIndex::PdqIndex(int slice_count) {
  slices_.resize(static_cast<std::size_t>(slice_count));
  // Contiguous slices, as equal as possible: the first (256 % n) slices are one bit wider.
  int first_bit = 0;
  for (int s = 0; s < slice_count; ++s) {
    Slice& slice = slices_[static_cast<std::size_t>(s)];
    slice.first_bit = first_bit;
    slice.width = 256 / slice_count + (s < 256 % slice_count ? 1 : 0);
    first_bit += slice.width;
  }
}

Result<PdqIndex> PdqIndex::create(const PdqIndexOptions& options) {
  if (options.slice_count < kMinSlices || options.slice_count > kMaxSlices) {
    return fail(Error::invalid_argument("PDQ index: slice_count " + std::to_string(options.slice_count) +
                                        " is outside 16..32"));
  }
  PdqIndex index(options.slice_count);
  index.ring_filter_ = options.ring_filter;
  return index;
}

Result<void> PdqIndex::add(std::uint64_t id, const Hash256& hash) {
  const IdHash entry{id, hash};
  return add(std::span<const IdHash>(&entry, 1));
}

Result<void> PdqIndex::add(std::span<const IdHash> entries) {
  if (entries.size() > kMaxEntries - hashes_.size()) {
    return fail(Error::limit_exceeded("PDQ index: adding " + std::to_string(entries.size()) +
                                      " hashes would exceed the limit of " + std::to_string(kMaxEntries)));
  }
  for (const IdHash& entry : entries) {
    hashes_.push_back(entry.hash);
    ids_.push_back(entry.id);
  }
  return ok();
}

void PdqIndex::reserve(std::size_t entry_count) {
  hashes_.reserve(entry_count);
  ids_.reserve(entry_count);
}

void PdqIndex::build() {
  const std::size_t n = hashes_.size();
  for (std::size_t s = 0; s < slices_.size(); ++s) {
    Slice& slice = slices_[s];
    const Slice& next_slice = slices_[(s + 1) % slices_.size()];
    // Counting sort of entry numbers by slice value; stable, so each bucket lists entries in insertion order.
    slice.offsets.assign((std::size_t{1} << slice.width) + 1, 0);
    for (const Hash256& hash : hashes_) ++slice.offsets[slice_value(hash, slice.first_bit, slice.width) + 1];
    for (std::size_t v = 1; v < slice.offsets.size(); ++v) slice.offsets[v] += slice.offsets[v - 1];
    slice.postings.assign(n, 0);
    slice.next_values.assign(n, 0);
    std::vector<std::uint32_t> next(slice.offsets.begin(), slice.offsets.end() - 1);
    for (std::size_t e = 0; e < n; ++e) {
      const std::uint32_t position = next[slice_value(hashes_[e], slice.first_bit, slice.width)]++;
      slice.postings[position] = static_cast<std::uint32_t>(e);
      slice.next_values[position] = static_cast<std::uint16_t>(
          slice_value(hashes_[e], next_slice.first_bit, next_slice.width));
    }
  }
  indexed_count_ = n;
}

void PdqIndex::clear() {
  for (Slice& slice : slices_) {
    std::vector<std::uint32_t>().swap(slice.offsets);
    std::vector<std::uint32_t>().swap(slice.postings);
    std::vector<std::uint16_t>().swap(slice.next_values);
  }
  std::vector<Hash256>().swap(hashes_);
  std::vector<std::uint64_t>().swap(ids_);
  indexed_count_ = 0;
}

Result<std::vector<IndexMatch>> PdqIndex::query(const Hash256& probe, int max_distance) const {
  return query_any(std::span<const Hash256>(&probe, 1), max_distance);
}

Result<std::vector<IndexMatch>> PdqIndex::query_any(std::span<const Hash256> probes, int max_distance) const {
  std::vector<IndexMatch> out;
  if (auto r = query_into(probes, max_distance, out); !r) return std::unexpected(std::move(r.error()));
  return out;
}

Result<void> PdqIndex::query_into(std::span<const Hash256> probes, int max_distance,
                                  std::vector<IndexMatch>& out) const {
  out.clear();
  if (auto r = check_distance(max_distance); !r) return r;
  for (const Hash256& probe : probes) collect(probe, max_distance, out);
  keep_best_per_id(out);
  return ok();
}

PdqIndex::Radii PdqIndex::radii_for(int max_distance) const {
  const int m = slice_count();
  // Without the ring filter, a bound no pair of slices can exceed.
  return {max_distance / m, ring_filter_ ? 2 * max_distance / m : 2 * 16};
}

bool PdqIndex::uses_linear_scan(int max_distance) const {
  return indexed_count_ == 0 || prefer_linear_scan(radii_for(max_distance));
}

void PdqIndex::collect(const Hash256& probe, int max_distance, std::vector<IndexMatch>& out) const {
  if (uses_linear_scan(max_distance)) {
    scan_linear(probe, max_distance, 0, out);
    return;
  }
  collect_from_slices(probe, max_distance, radii_for(max_distance), out);
  scan_linear(probe, max_distance, indexed_count_, out);
}

// Estimated work of the slice enumeration (bucket lookups as random accesses, plus the postings they scan
// sequentially) against a sequential scan of every indexed entry.
bool PdqIndex::prefer_linear_scan(const Radii& radii) const {
  double cost = 0;
  const auto n = static_cast<double>(indexed_count_);
  for (const Slice& slice : slices_) {
    double lookups = 0;
    for (int k = 0; k <= std::min(radii.slice, slice.width); ++k) lookups += binomial(slice.width, k);
    cost += 3 * lookups + 0.5 * lookups * n / static_cast<double>(std::uint64_t{1} << slice.width);
  }
  return cost >= n;
}

void PdqIndex::collect_from_slices(const Hash256& probe, int max_distance, const Radii& radii,
                                   std::vector<IndexMatch>& out) const {
  // At 1M entries nearly every bucket a query touches is a cache miss. The buckets are listed first and their
  // memory prefetched in two waves (offsets, then next-slice values), so the misses overlap instead of
  // queueing one after another.
  thread_local std::vector<BucketVisit> visits;
  thread_local std::vector<Candidate> candidates;
  visits.clear();
  candidates.clear();
  for (std::uint32_t s = 0; s < slices_.size(); ++s) {
    const Slice& slice = slices_[s];
    const std::uint32_t value = slice_value(probe, slice.first_bit, slice.width);
    for (int bits = 0; bits <= std::min(radii.slice, slice.width); ++bits) {
      // Entries `bits` away in this slice may be at most (pair - bits) away in the next one.
      for_each_neighbour_at(value, slice.width, bits, [&](std::uint32_t bucket) {
        __builtin_prefetch(slice.offsets.data() + bucket);
        visits.push_back({s, bucket, 0, radii.pair - bits});
      });
    }
  }
  for (BucketVisit& visit : visits) {
    const Slice& slice = slices_[visit.slice];
    const std::uint32_t bucket = visit.first;
    visit.first = slice.offsets[bucket];
    visit.count = slice.offsets[bucket + 1] - visit.first;
    __builtin_prefetch(slice.next_values.data() + visit.first);
  }
  for (const BucketVisit& visit : visits) {
    const Slice& next_slice = slices_[(visit.slice + 1) % slices_.size()];
    const std::uint32_t probe_next = slice_value(probe, next_slice.first_bit, next_slice.width);
    filter_bucket(slices_[visit.slice].next_values.data(), visit.first, visit.count, probe_next, visit.next_limit,
                  visit.slice, candidates);
  }
  // The few candidates left (about 1% of the postings at radius 31) go through the same two prefetch waves:
  // posting (entry number), then hash.
  for (const Candidate& c : candidates) __builtin_prefetch(slices_[c.slice].postings.data() + c.position);
  for (Candidate& c : candidates) {
    c.position = slices_[c.slice].postings[c.position];
    __builtin_prefetch(hashes_.data() + c.position);
  }
  for (const Candidate& c : candidates) {
    const Hash256& hash = hashes_[c.position];
    const int distance = distance_between(hash, probe);
    if (distance <= max_distance && !passes_earlier_slice(xor_of(hash, probe), c.slice, radii)) {
      out.push_back({ids_[c.position], distance});
    }
  }
}

// An entry is reported from the first slice whose tests it passes; this says whether one before `slice` does.
bool PdqIndex::passes_earlier_slice(const Hash256& difference, std::size_t slice, const Radii& radii) const {
  if (slice == 0) return false;
  const auto bits_in = [&](std::size_t j) {
    const Slice& sl = slices_[j];
    return std::popcount(slice_value(difference, sl.first_bit, sl.width));
  };
  int here = bits_in(0);
  for (std::size_t j = 0; j < slice; ++j) {
    const int next = bits_in((j + 1) % slices_.size());
    if (here <= radii.slice && here + next <= radii.pair) return true;
    here = next;
  }
  return false;
}

void PdqIndex::scan_linear(const Hash256& probe, int max_distance, std::size_t from,
                           std::vector<IndexMatch>& out) const {
  verify_range(hashes_.data(), ids_.data(), from, hashes_.size(), probe, max_distance, out);
}

std::size_t PdqIndex::memory_bytes() const {
  std::size_t bytes = slices_.capacity() * sizeof(Slice);
  for (const Slice& slice : slices_) {
    bytes += (slice.offsets.capacity() + slice.postings.capacity()) * sizeof(std::uint32_t) +
             slice.next_values.capacity() * sizeof(std::uint16_t);
  }
  bytes += hashes_.capacity() * sizeof(Hash256) + ids_.capacity() * sizeof(std::uint64_t);
  return bytes;
}

}  // namespace photoaudit::hashing

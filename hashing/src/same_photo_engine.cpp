// The same-photo engine: candidate search, pair verdicts, cluster-level grey zone (see same_photo_engine.hpp).
#include "photoaudit/hashing/same_photo_engine.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <map>
#include <string_view>
#include <utility>

#include "cluster_union_find.hpp"
#include "cluster_verification.hpp"
#include "flat_match.hpp"
#include "hamming_min.hpp"
#include "photoaudit/hashing/flat_partners.hpp"
#include "visual_words_candidates.hpp"

namespace photoaudit::hashing {
namespace {

using detail::ClusterUnionFind;
using detail::GreyMatch;
using detail::GreyPair;

constexpr auto kFullWindow = static_cast<std::size_t>(PdqWindow::kFull);

std::string_view bytes_of(const Digest256& d) {
  return {reinterpret_cast<const char*>(d.bytes.data()), d.bytes.size()};
}

SameRule hashes_only(const SameRule& rule) {
  SameRule r = rule;
  r.local_features = false;
  return r;
}

// The flat group's pairs when it has more members than the rule can compare pair by pair (kMaxFlatGroup): each
// of the first kMaxFlatRanked members with its kFlatNeighbours nearest, by the smallest of the distances step 2a
// compares (one's dihedral variants against the other's PDQ hash, and the two `full` windows). A flat picture's
// hash says little, but its copies' hashes are still nearer to it than other pictures' (a 50% copy 14-16 bits,
// different pictures about 120). At most 8 x 4,096 pairs: the cost of a group of 256.
constexpr std::size_t kMaxFlatGroup = 256;
constexpr std::size_t kFlatNeighbours = 8;
constexpr std::size_t kMaxFlatRanked = 4096;  // 16.8 million distances of nine hashes: a fraction of a second

std::vector<std::vector<std::uint32_t>> nearest_flat_pairs(std::span<const Fingerprints* const> items,
                                                           std::span<const std::uint32_t> flat, const SameRule& rule) {
  const std::size_t n = std::min(flat.size(), kMaxFlatRanked);
  std::vector<Hash256> pdq(n);
  std::vector<Hash256> full(n);
  for (std::size_t k = 0; k < n; ++k) {
    pdq[k] = items[flat[k]]->pdq;
    full[k] = items[flat[k]]->pdq_windows[static_cast<std::size_t>(PdqWindow::kFull)];
  }
  std::vector<int> by_variant(n);
  std::vector<int> by_full(n);
  std::vector<std::pair<int, std::uint32_t>> near(n);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  pairs.reserve(n * kFlatNeighbours);
  for (std::size_t x = 0; x < n; ++x) {
    const Fingerprints& f = *items[flat[x]];
    detail::min_distances(std::span(f.pdq_dihedral).first(rule.dihedral ? kDihedralCount : 1), pdq, by_variant);
    detail::min_distances(std::span<const Hash256>(full).subspan(x, 1), full, by_full);
    for (std::size_t y = 0; y < n; ++y) near[y] = {std::min(by_variant[y], by_full[y]), static_cast<std::uint32_t>(y)};
    near[x].first = std::numeric_limits<int>::max();  // not itself
    const std::size_t k = std::min(kFlatNeighbours, n - 1);
    std::partial_sort(near.begin(), near.begin() + static_cast<std::ptrdiff_t>(k), near.end());
    for (std::size_t i = 0; i < k; ++i) {
      const std::uint32_t a = flat[x];
      const std::uint32_t b = flat[near[i].second];
      pairs.emplace_back(std::min(a, b), std::max(a, b));
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::vector<std::vector<std::uint32_t>> groups;
  groups.reserve(pairs.size());
  for (const auto& [a, b] : pairs) groups.push_back({a, b});
  return groups;
}

// Step 1: candidate groups (indexes into items), a superset of the clusters.
std::vector<std::vector<std::uint32_t>> candidate_groups(std::span<const Fingerprints* const> items,
                                                         const SameRule& rule, unsigned threads) {
  // Memory: at 100,000 images these arrays are what the search adds, so keys are views of the digests' bytes.
  PdqIndex index;
  std::vector<IdHash> probes;
  std::vector<IdKey> exact;
  std::vector<IdKey> content;
  index.reserve(items.size() * (1 + kPdqWindowCount + 1 + 3));  // + about 2 de-rotated hashes per photo
  exact.reserve(items.size());
  content.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i] == nullptr) continue;
    const Fingerprints& f = *items[i];
    // Different content-hash methods hash different data: equal digests of two methods cannot happen.
    exact.push_back({i, bytes_of(f.sha256)});
    content.push_back({i, bytes_of(f.content_hash.digest)});
    add_searchable_hashes(index, i, f, rule.min_quality);
    // Flat images too: the flat-image rule matches their turned and mirrored copies (same_photo.hpp, step 2).
    if (f.pdq_hashable && f.pdq_quality >= kFlatMinQuality) {
      for (std::size_t d = 1; d < f.pdq_dihedral.size(); ++d) probes.push_back({i, f.pdq_dihedral[d]});
    }
    for (std::size_t r = 0; r < f.pdq_derotated.size(); ++r) {
      if (f.pdq_derotated_quality[r] >= rule.min_quality) probes.push_back({i, f.pdq_derotated[r]});
    }
  }
  index.build();
  ClusterInputs inputs;
  inputs.exact_keys = exact;
  inputs.content_keys = content;
  inputs.probes = probes;
  ClusterOptions options;
  options.max_distance = search_radius(rule);
  options.threads = static_cast<int>(std::min<unsigned>(threads, std::numeric_limits<int>::max()));
  std::vector<std::vector<std::uint32_t>> groups;
  auto clusters = cluster(index, inputs, options);
  if (!clusters) return groups;
  for (const auto& c : *clusters) {
    std::vector<std::uint32_t> g;
    g.reserve(c.members.size());
    for (const auto& m : c.members) g.push_back(static_cast<std::uint32_t>(m.id));
    groups.push_back(std::move(g));
  }
  // Flat images' crops, strips and brighter copies have hashes that say nothing (same_photo.hpp, step 2b):
  // the flat-looking items (a PDQ quality, or a window's, below min_quality) form one more group, up to
  // kMaxFlatGroup of them (the rule compares each pair of a group); beyond, their nearest pairs
  // (nearest_flat_pairs).
  std::vector<std::uint32_t> flat;
  for (std::size_t i = 0; i < items.size() && rule.flat_images && rule.flat_aligned; ++i) {
    const Fingerprints* f = items[i];
    if (f == nullptr || !f->pdq_hashable || !f->has_grey16) continue;
    if (flat_looking(*f, rule)) flat.push_back(static_cast<std::uint32_t>(i));
  }
  if (flat.size() >= 2 && flat.size() <= kMaxFlatGroup) {
    groups.push_back(std::move(flat));
  } else if (flat.size() > kMaxFlatGroup) {
    for (auto& pair : nearest_flat_pairs(items, flat, rule)) groups.push_back(std::move(pair));
  }
  return groups;
}

// Step 2c: a flat or weak image and each image that is not flat. A copy of a flat picture with a watermark or
// brighter colours can gain the structure the original lacks: its hash is then far from the original's (76 and
// 122 bits on the robustness bench), and it belongs to no flat group. A weak picture's watermarked copy (PDQ
// quality at least min_quality but below rule.weak_quality: same_photo.hpp, step 4b) lies 32-60 bits from it,
// beyond the search radius. Such a copy keeps the original's frame, so a pair is tried only when the frames
// have one aspect ratio, for a weak image only when the hashes are within rule.weak_max_distance, and the two
// 16x16 grey images agree on the whole frames (flat_match.hpp, without its search); the rule then decides it.
// The full search of crops and strips for every pair cost 0.85 ms a pair (52.9 s against 4.3 s for the
// robustness bench's engine); the whole-frame check costs about 20 us (scripts/bench/flat-pairs), so at most
// kMaxFlatPixelChecks pairs get it, and at most kMaxWeakDistanceChecks pairs of a weak image get the distance
// test (a few ns each), the flat and weak images taken in order: a folder of many flat images and many photos
// of one shape costs a second or two more, not minutes.
constexpr std::size_t kMaxFlatPixelChecks = std::size_t{1} << 16;
constexpr std::size_t kMaxWeakDistanceChecks = std::size_t{1} << 26;

void join_flat_partners(std::span<const Fingerprints* const> items, const SameRule& rule, ClusterUnionFind& groups) {
  if (!rule.flat_images || !rule.flat_aligned) return;
  const bool weak_rule = rule.weak_images && rule.weak_quality > rule.min_quality;
  std::vector<std::uint32_t> sparse;  // flat, then weak
  std::vector<std::uint32_t> others;
  std::vector<char> weak(items.size(), 0);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Fingerprints* f = items[i];
    if (f == nullptr || !f->pdq_hashable || !f->has_grey16 || f->pdq_quality < kFlatMinQuality) continue;
    if (f->pdq_quality < rule.min_quality) {
      sparse.push_back(static_cast<std::uint32_t>(i));
      continue;
    }
    others.push_back(static_cast<std::uint32_t>(i));
    weak[i] = weak_rule && f->pdq_quality < rule.weak_quality ? 1 : 0;
  }
  const std::size_t flat_count = sparse.size();
  for (const std::uint32_t i : others) {
    if (weak[i] != 0) sparse.push_back(i);
  }
  std::vector<Hash256> others_pdq;  // for the weak images' distance tests
  if (sparse.size() > flat_count) {
    others_pdq.reserve(others.size());
    for (const std::uint32_t y : others) others_pdq.push_back(items[y]->pdq);
  }
  std::vector<int> distances(others_pdq.size());
  std::size_t pixel_checks = 0;
  std::size_t distance_checks = 0;
  for (const std::uint32_t x : sparse) {
    const Fingerprints& f = *items[x];
    const bool flat = weak[x] == 0;
    if (!flat) {
      // What same_photo's step 4b compares: f's dihedral variants against the other's hash.
      distance_checks += others.size();
      if (distance_checks > kMaxWeakDistanceChecks) return;
      detail::min_distances(std::span(f.pdq_dihedral).first(rule.dihedral ? kDihedralCount : 1), others_pdq, distances);
    }
    for (std::size_t k = 0; k < others.size(); ++k) {
      const std::uint32_t y = others[k];
      // A pair of two weak images is tried once, from the first's side.
      if (y == x || (!flat && weak[y] != 0 && y < x)) continue;
      const Fingerprints& o = *items[y];
      if (!flat) {
        if (distances[k] > rule.weak_max_distance || groups.find(x) == groups.find(y)) continue;
        // Step 4b compares whole frames, upright or turned: another shape cannot pass, so it costs no check.
        if (!detail::same_frame_shape(f, o, Dihedral::kOriginal) &&
            !detail::same_frame_shape(f, o, Dihedral::kRotate90)) {
          continue;
        }
        if (++pixel_checks > kMaxFlatPixelChecks) return;
        if (same_photo(f, o, rule).same) groups.unite(x, y);  // step 4b's own pixel check
        continue;
      }
      if (!detail::same_frame_shape(f, o, Dihedral::kOriginal) || groups.find(x) == groups.find(y)) continue;
      if (++pixel_checks > kMaxFlatPixelChecks) return;
      if (flat_frames_agree(f, o, rule) && same_photo(f, o, rule).same) groups.unite(x, y);
    }
  }
}

// Grey zone, step 3a: pairs of eligible items in different clusters, unmatched by hashes but within
// rule.grey_zone_max. All pairs of the eligible items (bounded by options.grey_zone_max_items).
std::vector<GreyPair> grey_pairs(std::span<const Fingerprints* const> items, const std::vector<std::uint32_t>& eligible,
                                 ClusterUnionFind& groups, const EngineOptions& options) {
  const SameRule rule = hashes_only(options.rule);
  std::vector<std::vector<GreyPair>> close(eligible.size());
  detail::run_parallel(eligible.size(), options.threads, [&](std::size_t x) {
    for (std::size_t y = x + 1; y < eligible.size(); ++y) {
      const std::uint32_t i = eligible[x];
      const std::uint32_t j = eligible[y];
      const auto v = same_photo(*items[i], *items[j], rule);
      if (!v.same && v.distance >= 0 && v.distance <= rule.grey_zone_max) {
        close[x].push_back({i, j, v.distance, false, is_mirror(v.dihedral)});
      }
    }
  });
  std::vector<GreyPair> pairs;
  for (const auto& c : close) {
    for (const GreyPair& p : c) {
      if (groups.find(p.a) != groups.find(p.b)) pairs.push_back(p);
    }
  }
  return pairs;
}

bool eligible_for_grey_zone(const Fingerprints* f, std::size_t i, const EngineOptions& options) {
  return f != nullptr && f->pdq_hashable && f->pdq_quality >= options.rule.min_quality &&
         (options.verifiable.empty() || (i < options.verifiable.size() && options.verifiable[i]));
}

std::vector<GreyMatch> grey_zone(std::span<const Fingerprints* const> items, ClusterUnionFind& groups,
                                 const EngineOptions& options, EngineResult& result) {
  if (!options.verify || !options.rule.local_features) return {};
  std::vector<std::uint32_t> eligible;
  for (std::uint32_t i = 0; i < items.size(); ++i) {
    if (eligible_for_grey_zone(items[i], i, options)) eligible.push_back(i);
  }
  result.grey_zone_eligible = eligible.size();
  // Visual words when asked, or when there are too many items for all pairs (and the words' features exist).
  const bool words = options.word_features && (options.grey_zone_search == GreyZoneSearch::kVisualWords ||
                                               (options.grey_zone_search == GreyZoneSearch::kAuto &&
                                                eligible.size() > options.grey_zone_max_items));
  if (!words &&
      (eligible.size() > options.grey_zone_max_items || options.grey_zone_search == GreyZoneSearch::kVisualWords)) {
    result.grey_zone_skipped = true;
    return {};
  }
  try {
    std::vector<GreyPair> pairs;
    if (words) {
      detail::WordSearchCounts counts;
      pairs = detail::word_pairs(items, eligible, groups, options, counts);
      result.grey_zone_words = true;
      result.word_candidates = counts.candidates;
    } else {
      pairs = grey_pairs(items, eligible, groups, options);
    }
    result.grey_zone_pairs = pairs.size();
    const auto small = [&](std::uint32_t i) {
      return std::min(items[i]->width, items[i]->height) < detail::kSmallSide;
    };
    for (GreyPair& p : pairs) p.small = small(p.a) || small(p.b);
    return detail::verify_clusters(std::move(pairs), groups, options.verify, options.grey_zone_max_failures,
                                   options.threads, result.grey_zone_verified);
  } catch (const std::exception&) {
    return {};  // out of memory: the clusters rest on the hashes (and on the matches already joined)
  }
}

// The member's verdict against the representative: by hashes; else the verdict of the grey-zone match that
// joined the member, with the hash distance to the representative; else, for a member joined through others
// that the grey zone could take, the verifier's on (representative, member) (the cluster is settled: this
// only says how the member relates to the first, as the report shows it); else the hashes' verdict.
SamePhotoVerdict member_verdict(std::span<const Fingerprints* const> items, std::uint32_t first, std::uint32_t i,
                                const std::map<std::uint32_t, SamePhotoVerdict>& joined, const EngineOptions& options,
                                EngineResult& result) {
  const SameRule rule = hashes_only(options.rule);
  SamePhotoVerdict v = same_photo(*items[first], *items[i], rule);
  if (v.same || i == first) return v;
  if (const auto j = joined.find(i); j != joined.end()) {
    // How it joined, but the distance is to the first member (docs/json.md), not to the pair's other item.
    SamePhotoVerdict joined_verdict = j->second;
    joined_verdict.distance = v.distance;
    return joined_verdict;
  }
  const bool grey_zone = options.verify && options.rule.local_features && !result.grey_zone_skipped;
  if (grey_zone && v.distance >= 0 && v.distance <= rule.grey_zone_max &&
      eligible_for_grey_zone(items[first], first, options) && eligible_for_grey_zone(items[i], i, options)) {
    ++result.members_verified;
    std::optional<SamePhotoVerdict> verified;
    try {
      verified = options.verify(first, i);
    } catch (...) {
      verified = std::nullopt;  // out of memory in the verifier: cannot tell
    }
    if (verified && verified->same) return *verified;
  }
  return v;
}

SamePhotoCluster describe(std::span<const Fingerprints* const> items, const std::vector<std::uint32_t>& part,
                          const std::map<std::uint32_t, SamePhotoVerdict>& joined, const EngineOptions& options,
                          EngineResult& result) {
  SamePhotoCluster cluster;
  const std::uint32_t first = part.front();
  for (const std::uint32_t i : part) {
    SamePhotoMember m;
    m.item = i;
    m.verdict = member_verdict(items, first, i, joined, options, result);
    m.relation = i == first ? Relation::kExact : relation_between(*items[first], *items[i]);
    cluster.kind = std::max(cluster.kind, m.relation);
    cluster.members.push_back(m);
  }
  return cluster;
}

}  // namespace

void add_searchable_hashes(PdqIndex& index, std::uint64_t id, const Fingerprints& fp, int min_quality) {
  // A flat image's upright and full-window hashes too: the flat-image rule (same_photo.hpp, step 2) compares them.
  const bool flat = fp.pdq_hashable && fp.pdq_quality < min_quality && fp.pdq_quality >= kFlatMinQuality;
  if (fp.pdq_hashable && (fp.pdq_quality >= min_quality || flat)) (void)index.add(id, fp.pdq);
  for (std::size_t w = 0; w < fp.pdq_windows.size(); ++w) {
    const bool flat_full = flat && w == kFullWindow && fp.pdq_window_quality[w] >= kFlatMinQuality;
    if (fp.pdq_window_quality[w] >= min_quality || flat_full) (void)index.add(id, fp.pdq_windows[w]);
  }
  if (fp.trimmed.any() && fp.pdq_trimmed_quality >= min_quality) (void)index.add(id, fp.pdq_trimmed);
  // The de-rotated and canvas-trimmed hashes too (about two per photo have any: see the header), so that a query
  // with an original finds its copies turned on a canvas, not only the other way round.
  for (std::size_t a = 0; a < kDerotationDegrees.size(); ++a) {
    const std::size_t t = derotated_index(a, DerotatedKind::kTrimmed);
    if (fp.pdq_derotated_quality[t] >= min_quality) (void)index.add(id, fp.pdq_derotated[t]);
  }
}

std::vector<Hash256> probe_hashes(const Fingerprints& probe, int min_quality) {
  std::vector<Hash256> hashes;
  if (probe.pdq_hashable && probe.pdq_quality >= min_quality) {
    hashes.assign(probe.pdq_dihedral.begin(), probe.pdq_dihedral.end());
  } else if (probe.pdq_hashable && probe.pdq_quality >= kFlatMinQuality) {
    // A flat image: its dihedral variants and its full-window hash (same_photo.hpp, step 2).
    hashes.assign(probe.pdq_dihedral.begin(), probe.pdq_dihedral.end());
    const int full_quality = probe.pdq_window_quality[kFullWindow];
    if (full_quality >= kFlatMinQuality && full_quality < min_quality) hashes.push_back(probe.pdq_windows[kFullWindow]);
  }
  for (std::size_t w = 0; w < probe.pdq_windows.size(); ++w) {
    if (probe.pdq_window_quality[w] >= min_quality) hashes.push_back(probe.pdq_windows[w]);
  }
  if (probe.trimmed.any() && probe.pdq_trimmed_quality >= min_quality) hashes.push_back(probe.pdq_trimmed);
  for (std::size_t r = 0; r < probe.pdq_derotated.size(); ++r) {
    if (probe.pdq_derotated_quality[r] >= min_quality) hashes.push_back(probe.pdq_derotated[r]);
  }
  return hashes;
}

std::vector<Hash256> probe_hashes_within(const Fingerprints& probe, const SameRule& rule, int radius) {
  std::vector<Hash256> hashes = probe_hashes(probe, rule.min_quality);
  if (radius <= search_radius(rule) || !rule.dihedral || !probe.pdq_hashable || probe.pdq_quality < rule.min_quality) {
    return hashes;
  }
  for (std::size_t w = 0; w < probe.pdq_windows.size(); ++w) {
    if (probe.pdq_window_quality[w] >= rule.min_quality) hashes.push_back(mirrored_bits(probe.pdq_windows[w]));
  }
  return hashes;
}

int search_radius(const SameRule& rule) {
  return std::clamp(std::max(rule.max_distance, rule.window_max_distance), 0, PdqIndex::kMaxDistance);
}

Relation relation_between(const Fingerprints& a, const Fingerprints& b) {
  if (a.sha256 == b.sha256) return Relation::kExact;
  if (a.content_hash.method == b.content_hash.method && a.content_hash.digest == b.content_hash.digest) {
    return Relation::kContent;
  }
  return Relation::kNear;
}

EngineResult cluster_same_photos(std::span<const Fingerprints* const> items, const EngineOptions& options) {
  EngineResult result;
  if (items.size() >= std::numeric_limits<std::uint32_t>::max()) return result;
  const SameRule rule = hashes_only(options.rule);
  ClusterUnionFind groups(items.size());
  // 2. Pair verdicts within each candidate group.
  for (const auto& group : candidate_groups(items, rule, options.threads)) {
    for (std::size_t a = 0; a < group.size(); ++a) {
      for (std::size_t b = a + 1; b < group.size(); ++b) {
        if (groups.find(group[a]) == groups.find(group[b])) continue;  // joined already: the verdict adds nothing
        if (same_photo(*items[group[a]], *items[group[b]], rule).same) groups.unite(group[a], group[b]);
      }
    }
  }
  join_flat_partners(items, rule, groups);  // step 2c
  // 3. The grey zone, cluster by cluster. A member joined by a match keeps the first match's verdict.
  std::map<std::uint32_t, SamePhotoVerdict> joined;
  for (const GreyMatch& m : grey_zone(items, groups, options, result)) {
    joined.emplace(m.b, m.verdict);
    joined.emplace(m.a, m.verdict);
  }
  std::vector<std::vector<std::uint32_t>> parts(items.size());
  for (std::uint32_t i = 0; i < items.size(); ++i) {
    if (items[i] != nullptr) parts[groups.find(i)].push_back(i);
  }
  std::vector<SamePhotoCluster> clusters;
  for (const auto& part : parts) {
    if (part.size() >= 2) clusters.push_back(describe(items, part, joined, options, result));
  }
  std::sort(clusters.begin(), clusters.end(), [](const SamePhotoCluster& x, const SamePhotoCluster& y) {
    return x.members.front().item < y.members.front().item;
  });
  result.clusters = std::move(clusters);
  return result;
}

}  // namespace photoaudit::hashing

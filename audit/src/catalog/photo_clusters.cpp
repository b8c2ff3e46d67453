#include "photoaudit/audit/photo_clusters.hpp"

#include <algorithm>
#include <numeric>
#include <set>

#include "photoaudit/hashing/clustering.hpp"
#include "photoaudit/hashing/pdq_index.hpp"

namespace photoaudit::audit::catalog {
namespace {

using hashing::Fingerprints;

struct UnionFind {
  std::vector<std::size_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

// Groups that may be the same photo (a superset of the final clusters), as item indexes.
std::vector<std::vector<std::size_t>> candidate_groups(const std::vector<PhotoItem>& items,
                                                       const hashing::SameRule& rule, unsigned threads) {
  hashing::PdqIndex index;
  std::vector<hashing::IdHash> probes;
  std::vector<std::string> sha_keys(items.size());
  std::vector<std::string> content_keys(items.size());
  std::vector<hashing::IdKey> exact;
  std::vector<hashing::IdKey> content;
  const int q = rule.min_quality;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].fingerprints) continue;
    const Fingerprints& f = *items[i].fingerprints;
    sha_keys[i] = f.sha256.to_hex();
    content_keys[i] = std::string(hashing::to_string(f.content_hash.method)) + ":" + f.content_hash.digest.to_hex();
    if (f.pdq_hashable && f.pdq_quality >= q) {
      (void)index.add(i, f.pdq);
      for (std::size_t d = 1; d < f.pdq_dihedral.size(); ++d) probes.push_back({i, f.pdq_dihedral[d]});
    }
    for (std::size_t w = 0; w < f.pdq_windows.size(); ++w) {
      if (f.pdq_window_quality[w] >= q) (void)index.add(i, f.pdq_windows[w]);
    }
    if (f.trimmed.any() && f.pdq_trimmed_quality >= q) (void)index.add(i, f.pdq_trimmed);
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].fingerprints) continue;
    exact.push_back({i, sha_keys[i]});
    content.push_back({i, content_keys[i]});
  }
  index.build();
  hashing::ClusterInputs inputs;
  inputs.exact_keys = exact;
  inputs.content_keys = content;
  inputs.probes = probes;
  hashing::ClusterOptions options;
  options.max_distance = std::clamp(std::max(rule.max_distance, rule.window_max_distance), 0, 256);
  options.threads = static_cast<int>(threads);
  std::vector<std::vector<std::size_t>> groups;
  auto clusters = hashing::cluster(index, inputs, options);
  if (!clusters) return groups;
  for (const auto& c : *clusters) {
    std::vector<std::size_t> g;
    for (const auto& m : c.members) g.push_back(static_cast<std::size_t>(m.id));
    groups.push_back(std::move(g));
  }
  return groups;
}

std::string relation_between(const Fingerprints& a, const Fingerprints& b) {
  if (a.sha256 == b.sha256) return "exact";
  if (a.content_hash.method == b.content_hash.method && a.content_hash.digest == b.content_hash.digest) {
    return "content";
  }
  return "near";
}

PhotoCluster describe(const std::vector<PhotoItem>& items, const std::vector<std::size_t>& part,
                      const hashing::SameRule& rule) {
  PhotoCluster cluster;
  const Fingerprints& first = *items[part.front()].fingerprints;
  int rank = 0;  // 0 exact, 1 content, 2 near
  std::set<std::vector<std::string>> credited_orgs;
  bool any_credit = false;
  bool any_missing = false;
  for (const std::size_t i : part) {
    PhotoClusterMember m;
    m.item = i;
    m.relation = i == part.front() ? "exact" : relation_between(first, *items[i].fingerprints);
    if (m.relation == "near")
      m.distance = std::max(0, hashing::same_photo(first, *items[i].fingerprints, rule).distance);
    rank = std::max(rank, m.relation == "exact" ? 0 : m.relation == "content" ? 1 : 2);
    if (items[i].credit.empty()) {
      any_missing = true;
    } else {
      any_credit = true;
      if (!items[i].organizations.empty()) credited_orgs.insert(items[i].organizations);
    }
    cluster.members.push_back(std::move(m));
  }
  cluster.kind = rank == 0 ? "exact" : rank == 1 ? "content" : "near";
  cluster.credit_lost = any_credit && any_missing;
  cluster.credit_disagreement = credited_orgs.size() > 1;
  return cluster;
}

}  // namespace

std::vector<PhotoCluster> cluster_photos(const std::vector<PhotoItem>& items, const hashing::SameRule& rule,
                                         unsigned threads) {
  std::vector<PhotoCluster> out;
  for (const auto& group : candidate_groups(items, rule, threads)) {
    UnionFind uf(group.size());
    for (std::size_t a = 0; a < group.size(); ++a) {
      for (std::size_t b = a + 1; b < group.size(); ++b) {
        if (hashing::same_photo(*items[group[a]].fingerprints, *items[group[b]].fingerprints, rule).same)
          uf.unite(a, b);
      }
    }
    std::vector<std::vector<std::size_t>> parts(group.size());
    for (std::size_t k = 0; k < group.size(); ++k) parts[uf.find(k)].push_back(group[k]);
    for (auto& part : parts) {
      if (part.size() < 2) continue;
      std::sort(part.begin(), part.end());
      out.push_back(describe(items, part, rule));
    }
  }
  std::sort(out.begin(), out.end(), [](const PhotoCluster& a, const PhotoCluster& b) {
    return a.members.front().item < b.members.front().item;
  });
  return out;
}

}  // namespace photoaudit::audit::catalog

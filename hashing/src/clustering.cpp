// cluster(): union-find over key links and index-found PDQ links (see clustering.hpp).
#include "photoaudit/hashing/clustering.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <tuple>

#include "cluster_items.hpp"
#include "cluster_union_find.hpp"

namespace photoaudit::hashing {
namespace {

using detail::ClusterItems;
using detail::ClusterUnionFind;
using detail::ItemKeys;

// Items queried per unit of work. Each block keeps only the links that join groups within the block, which
// bounds the links of a big cluster and makes the candidate links independent of the thread count.
constexpr std::uint32_t kBlockItems = 1024;
constexpr std::uint32_t kNoCluster = std::numeric_limits<std::uint32_t>::max();

struct Link {
  std::uint32_t a = 0;  // a < b
  std::uint32_t b = 0;
  Relation relation = Relation::kExact;
  int distance = -1;  // PDQ distance of a kNear link, else -1
};

// Links every item of a key group to the group's first item; appends the links that merged two groups.
void link_by_key(const ItemKeys& keys, Relation relation, ClusterUnionFind& groups, std::vector<Link>& tree) {
  const auto sorted = keys.by_key();
  std::size_t group_first = 0;
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i].first != sorted[group_first].first) {
      group_first = i;
      continue;
    }
    const std::uint32_t a = sorted[group_first].second;
    const std::uint32_t b = sorted[i].second;
    if (a != b && groups.unite(a, b)) tree.push_back({std::min(a, b), std::max(a, b), relation, -1});
  }
}

// Queries the index for every item of block `block`; returns the links that join groups within the block.
void near_links_of_block(const PdqIndex& index, const ClusterItems& items, int max_distance, std::uint32_t block,
                         ClusterUnionFind& scratch, std::vector<Link>& links) {
  std::vector<std::uint32_t> touched;
  std::vector<Hash256> probes;
  std::vector<IndexMatch> matches;
  const auto first = block * kBlockItems;
  const auto last = static_cast<std::uint32_t>(std::min<std::size_t>(items.size(), std::size_t{first} + kBlockItems));
  for (std::uint32_t item = first; item < last; ++item) {
    probes.assign(items.stored(item).begin(), items.stored(item).end());
    probes.insert(probes.end(), items.probes(item).begin(), items.probes(item).end());
    if (probes.empty()) continue;
    (void)index.query_into(probes, max_distance, matches);  // max_distance was checked by cluster()
    for (const IndexMatch& match : matches) {
      const std::uint32_t other = items.item_of(match.id);
      if (other == item) continue;
      touched.push_back(item);
      touched.push_back(other);
      if (scratch.unite(item, other)) {
        links.push_back({std::min(item, other), std::max(item, other), Relation::kNear, match.distance});
      }
    }
  }
  for (const std::uint32_t t : touched) scratch.reset(t);
}

// Candidate PDQ links of all items, found by `threads` workers over blocks of items. Returns an error message
// if a worker failed (out of memory), else an empty string.
std::string find_near_links(const PdqIndex& index, const ClusterItems& items, int max_distance, unsigned threads,
                            std::vector<Link>& links) {
  const auto block_count = static_cast<std::uint32_t>((items.size() + kBlockItems - 1) / kBlockItems);
  std::vector<std::vector<Link>> block_links(block_count);
  std::atomic<std::uint32_t> next_block{0};
  std::mutex error_mutex;
  std::string error;
  auto worker = [&] {
    try {
      ClusterUnionFind scratch(items.size());
      for (std::uint32_t b = next_block++; b < block_count; b = next_block++) {
        near_links_of_block(index, items, max_distance, b, scratch, block_links[b]);
      }
    } catch (const std::exception& e) {
      const std::lock_guard lock(error_mutex);
      error = std::string("clustering: a worker failed: ") + e.what();
      next_block = block_count;
    }
  };
  std::vector<std::jthread> workers;
  const unsigned worker_count = std::max(1U, std::min<unsigned>(threads, block_count));
  for (unsigned t = 1; t < worker_count; ++t) {
    try {
      workers.emplace_back(worker);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the workers already started (and this one) share the blocks
    }
  }
  worker();
  workers.clear();  // joins
  for (auto& block : block_links) links.insert(links.end(), block.begin(), block.end());
  return error;
}

std::vector<Cluster> assemble(const ClusterItems& items, ClusterUnionFind& groups, const std::vector<Link>& tree) {
  std::vector<std::uint32_t> group_size(items.size(), 0);
  for (std::uint32_t i = 0; i < items.size(); ++i) ++group_size[groups.find(i)];
  std::vector<std::uint32_t> cluster_of_root(items.size(), kNoCluster);
  std::vector<Cluster> clusters;
  std::vector<std::uint32_t> representative;
  for (std::uint32_t i = 0; i < items.size(); ++i) {
    const std::uint32_t root = groups.find(i);
    if (group_size[root] < 2) continue;
    if (cluster_of_root[root] == kNoCluster) {
      cluster_of_root[root] = static_cast<std::uint32_t>(clusters.size());
      clusters.emplace_back();
      representative.push_back(i);  // items ascend by id, so the first seen is the lowest id
    }
    const std::uint32_t c = cluster_of_root[root];
    const std::uint32_t rep = representative[c];
    ClusterMember member{items.id(i), Relation::kNear, items.distance(i, rep)};
    if (i == rep || items.exact_keys().share_a_key(i, rep)) member.relation = Relation::kExact;
    else if (items.content_keys().share_a_key(i, rep)) member.relation = Relation::kContent;
    clusters[c].kind = std::max(clusters[c].kind, member.relation);
    clusters[c].members.push_back(member);
  }
  for (const Link& link : tree) {
    const std::optional<int> distance = link.distance >= 0 ? std::optional<int>(link.distance) : std::nullopt;
    clusters[cluster_of_root[groups.find(link.a)]].edges.push_back(
        {items.id(link.a), items.id(link.b), link.relation, distance});
  }
  return clusters;
}

}  // namespace

Result<std::vector<Cluster>> cluster(const PdqIndex& index, const ClusterInputs& inputs,
                                     const ClusterOptions& options) {
  if (options.max_distance < 0 || options.max_distance > PdqIndex::kMaxDistance) {
    return fail(Error::invalid_argument("clustering: max_distance " + std::to_string(options.max_distance) +
                                        " is outside 0..256"));
  }
  if (options.threads < 0) {
    return fail(Error::invalid_argument("clustering: threads " + std::to_string(options.threads) + " is negative"));
  }
  auto items = ClusterItems::collect(index, inputs);
  if (!items) return std::unexpected(std::move(items.error()));

  ClusterUnionFind groups(items->size());
  std::vector<Link> tree;
  link_by_key(items->exact_keys(), Relation::kExact, groups, tree);
  link_by_key(items->content_keys(), Relation::kContent, groups, tree);

  const unsigned threads = options.threads > 0 ? static_cast<unsigned>(options.threads)
                                               : std::max(1U, std::thread::hardware_concurrency());
  std::vector<Link> near;
  if (std::string error = find_near_links(index, *items, options.max_distance, threads, near); !error.empty()) {
    return fail(Error::limit_exceeded(std::move(error)));
  }
  // Kruskal order: the closest links join the groups first, so the spanning edges are the nearest ones.
  std::sort(near.begin(), near.end(), [](const Link& x, const Link& y) {
    return std::tie(x.distance, x.a, x.b) < std::tie(y.distance, y.a, y.b);
  });
  for (const Link& link : near) {
    if (groups.unite(link.a, link.b)) tree.push_back(link);
  }
  return assemble(*items, groups, tree);
}

}  // namespace photoaudit::hashing

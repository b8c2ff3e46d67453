// verify_clusters(): the grey zone verified cluster by cluster (see cluster_verification.hpp).
#include "cluster_verification.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <tuple>
#include <utility>

namespace photoaudit::hashing::detail {
namespace {

// A cluster as it is now: its root and how many times that root has absorbed another cluster.
struct ClusterId {
  std::uint32_t root = 0;
  std::uint32_t generation = 0;
  auto operator<=>(const ClusterId&) const = default;
};

using ClusterPair = std::pair<ClusterId, ClusterId>;

}  // namespace

void run_parallel(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn) {
  std::atomic<std::size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  auto worker = [&] {
    try {
      for (std::size_t k = next++; k < n; k = next++) fn(k);
    } catch (...) {
      const std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
      next = n;  // the others stop at their next item
    }
  };
  std::vector<std::jthread> workers;
  const unsigned wanted = threads > 0 ? threads : std::max(1U, std::thread::hardware_concurrency());
  const std::size_t count = std::max<std::size_t>(1, std::min<std::size_t>(wanted, n));
  for (std::size_t t = 1; t < count; ++t) {
    try {
      workers.emplace_back(worker);
    } catch (const std::system_error&) {
      break;  // the threads already started (and this one) share the work
    }
  }
  worker();
  workers.clear();  // joins
  if (error) std::rethrow_exception(error);
}

std::vector<GreyMatch> verify_clusters(std::vector<GreyPair> pairs, ClusterUnionFind& groups,
                                       const GreyZoneVerifier& verify, int max_failures, unsigned threads,
                                       std::size_t& verified) {
  std::sort(pairs.begin(), pairs.end(), [](const GreyPair& x, const GreyPair& y) {
    return std::tie(x.small, x.mirrored, x.distance, x.a, x.b) < std::tie(y.small, y.mirrored, y.distance, y.a, y.b);
  });
  std::vector<GreyMatch> matches;
  std::vector<bool> done(pairs.size(), false);
  std::map<std::uint32_t, std::uint32_t> generation;  // roots that absorbed others
  std::map<ClusterPair, int> failures;
  const auto id_of = [&](std::uint32_t item) {
    const std::uint32_t root = groups.find(item);
    const auto g = generation.find(root);
    return ClusterId{root, g == generation.end() ? 0U : g->second};
  };
  for (;;) {
    // The round: the most promising untried pair of each pair of clusters that may still be tried.
    std::vector<std::size_t> round;
    std::vector<ClusterPair> round_keys;  // the two clusters as they were when the round began
    std::set<ClusterPair> offered;
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      if (done[k]) continue;
      ClusterId x = id_of(pairs[k].a);
      ClusterId y = id_of(pairs[k].b);
      if (x.root == y.root) {
        done[k] = true;  // already one cluster: never verified
        continue;
      }
      if (y < x) std::swap(x, y);
      const ClusterPair key{x, y};
      if (const auto f = failures.find(key); f != failures.end() && f->second >= max_failures) continue;
      if (offered.insert(key).second) {
        round.push_back(k);
        round_keys.push_back(key);
      }
    }
    if (round.empty()) break;
    std::vector<std::optional<SamePhotoVerdict>> verdicts(round.size());
    run_parallel(round.size(), threads, [&](std::size_t r) {
      try {
        verdicts[r] = verify(pairs[round[r]].a, pairs[round[r]].b);
      } catch (...) {
        verdicts[r] = std::nullopt;  // out of memory in the verifier: cannot tell
      }
    });
    verified += round.size();
    for (std::size_t r = 0; r < round.size(); ++r) {
      const GreyPair& p = pairs[round[r]];
      done[round[r]] = true;
      if (verdicts[r] && verdicts[r]->same) {
        matches.push_back({p.a, p.b, *verdicts[r]});
        const std::uint32_t ra = groups.find(p.a);
        const std::uint32_t rb = groups.find(p.b);
        if (ra != rb && groups.unite(ra, rb)) ++generation[groups.find(ra)];
        continue;
      }
      ++failures[round_keys[r]];  // a key of a cluster that grew in this round is never asked again
    }
  }
  return matches;
}

}  // namespace photoaudit::hashing::detail

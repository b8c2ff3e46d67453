// Smallest distances from a few probes to many hashes (see hamming_min.hpp).
#include "hamming_min.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>

#include "hamming_knn.hpp"

namespace photoaudit::hashing::detail {
namespace {

inline void search(std::span<const Hash256> probes, std::span<const Hash256> targets, std::span<int> out) {
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const Hash256& t = targets[k];
    int best = 257;
    for (const Hash256& p : probes) {
      int d = 0;
      for (std::size_t w = 0; w < 4; ++w) d += std::popcount(p.words[w] ^ t.words[w]);
      best = std::min(best, d);
    }
    out[k] = best;
  }
}

__attribute__((target("popcnt"))) void search_popcnt(std::span<const Hash256> probes, std::span<const Hash256> targets,
                                                     std::span<int> out) {
  search(probes, targets, out);
}

void search_plain(std::span<const Hash256> probes, std::span<const Hash256> targets, std::span<int> out) {
  search(probes, targets, out);
}

}  // namespace

void min_distances(std::span<const Hash256> probes, std::span<const Hash256> targets, std::span<int> out) {
  const std::size_t n = std::min(targets.size(), out.size());
  if (cpu_has_popcnt()) {
    search_popcnt(probes, targets.first(n), out.first(n));
  } else {
    search_plain(probes, targets.first(n), out.first(n));
  }
}

}  // namespace photoaudit::hashing::detail

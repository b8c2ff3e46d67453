#include "hamming_knn.hpp"

#include <climits>
#include <cstring>

namespace photoaudit::hashing::detail {
namespace {

using Words = std::array<std::uint64_t, 4>;

std::vector<Words> words_of(std::span<const std::array<std::uint8_t, 32>> descriptors) {
  std::vector<Words> out(descriptors.size());
  for (std::size_t i = 0; i < descriptors.size(); ++i) std::memcpy(out[i].data(), descriptors[i].data(), 32);
  return out;
}

// The search itself. Inlined into both callers below, so that __builtin_popcountll becomes the POPCNT
// instruction in the one compiled for it and a library call in the other.
[[gnu::always_inline]] inline void search(const std::vector<Words>& a, const std::vector<Words>& b,
                                          std::vector<TwoNearest>& out) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Words& x = a[i];
    TwoNearest& n = out[i];
    int best = INT_MAX;
    int second = INT_MAX;
    for (std::size_t j = 0; j < b.size(); ++j) {
      const Words& y = b[j];
      const int d = __builtin_popcountll(x[0] ^ y[0]) + __builtin_popcountll(x[1] ^ y[1]) +
                    __builtin_popcountll(x[2] ^ y[2]) + __builtin_popcountll(x[3] ^ y[3]);
      if (d >= second) continue;
      if (d < best) {  // a tie with the best stays second, as OpenCV's insertion keeps the earlier one first
        second = best;
        n.second = n.best;
        best = d;
        n.best = static_cast<int>(j);
      } else {
        second = d;
        n.second = static_cast<int>(j);
      }
    }
    n.best_distance = n.best >= 0 ? best : 0;
    n.second_distance = n.second >= 0 ? second : 0;
  }
}

__attribute__((target("popcnt"))) void search_popcnt(const std::vector<Words>& a, const std::vector<Words>& b,
                                                     std::vector<TwoNearest>& out) {
  search(a, b, out);
}

void search_plain(const std::vector<Words>& a, const std::vector<Words>& b, std::vector<TwoNearest>& out) {
  search(a, b, out);
}

}  // namespace

bool cpu_has_popcnt() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("popcnt") != 0;
  }();
  return has;
}

std::vector<TwoNearest> two_nearest(std::span<const std::array<std::uint8_t, 32>> a,
                                    std::span<const std::array<std::uint8_t, 32>> b) {
  std::vector<TwoNearest> out(a.size());
  const std::vector<Words> wa = words_of(a);
  const std::vector<Words> wb = words_of(b);
  if (cpu_has_popcnt()) {
    search_popcnt(wa, wb, out);
  } else {
    search_plain(wa, wb, out);
  }
  return out;
}

}  // namespace photoaudit::hashing::detail

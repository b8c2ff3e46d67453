// ClusterUnionFind: disjoint sets over dense item numbers 0..n-1 (private to the clustering code).
#pragma once

#include <cstdint>
#include <numeric>
#include <vector>

namespace photoaudit::hashing::detail {

class ClusterUnionFind {
 public:
  explicit ClusterUnionFind(std::size_t n) : parent_(n), size_(n, 1) {
    std::iota(parent_.begin(), parent_.end(), std::uint32_t{0});
  }

  // The set's root; halves the path on the way (amortised near-constant with union by size).
  std::uint32_t find(std::uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }

  // Joins the sets of a and b. Returns false if they were already one set.
  bool unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return false;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
    return true;
  }

  // Makes x a singleton again. REQUIRES: every element whose path passes through x is reset too (used to
  // clear the few elements one block touched).
  void reset(std::uint32_t x) {
    parent_[x] = x;
    size_[x] = 1;
  }

 private:
  std::vector<std::uint32_t> parent_;
  std::vector<std::uint32_t> size_;
};

}  // namespace photoaudit::hashing::detail

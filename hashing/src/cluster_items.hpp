// ClusterItems: the items of one cluster() call as dense numbers, with each item's hashes and keys
// (private to the clustering code).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "photoaudit/common/error.hpp"
#include "photoaudit/hashing/clustering.hpp"
#include "photoaudit/hashing/pdq_index.hpp"

namespace photoaudit::hashing::detail {

// Each item's keys of one kind, sorted by (item, key), for "do these two items share a key?".
class ItemKeys {
 public:
  ItemKeys() = default;
  explicit ItemKeys(std::vector<std::pair<std::uint32_t, std::string_view>> item_keys);
  bool share_a_key(std::uint32_t a, std::uint32_t b) const;
  // The (item, key) pairs sorted by (key, item): equal keys are adjacent.
  std::vector<std::pair<std::string_view, std::uint32_t>> by_key() const;

 private:
  std::span<const std::pair<std::uint32_t, std::string_view>> keys_of(std::uint32_t item) const;
  std::vector<std::pair<std::uint32_t, std::string_view>> item_keys_;
};

class ClusterItems {
 public:
  // Collects the distinct ids of the index, keys and probes (ascending) and groups hashes and keys by item.
  // Fails with kLimitExceeded if there are 2^32 - 1 items or more.
  static Result<ClusterItems> collect(const PdqIndex& index, const ClusterInputs& inputs);

  std::size_t size() const { return ids_.size(); }
  std::uint64_t id(std::uint32_t item) const { return ids_[item]; }
  // REQUIRES: `id` is one of the items.
  std::uint32_t item_of(std::uint64_t id) const;

  std::span<const Hash256> stored(std::uint32_t item) const;
  std::span<const Hash256> probes(std::uint32_t item) const;
  const ItemKeys& exact_keys() const { return exact_keys_; }
  const ItemKeys& content_keys() const { return content_keys_; }

  // Smallest distance between a hash or probe of `a` and a stored hash of `b`, or a stored hash of `a` and a
  // hash or probe of `b`; nullopt if no such pair exists.
  std::optional<int> distance(std::uint32_t a, std::uint32_t b) const;

 private:
  std::vector<std::uint64_t> ids_;
  std::vector<std::size_t> stored_start_;  // size() + 1 offsets into stored_
  std::vector<Hash256> stored_;
  std::vector<std::size_t> probe_start_;
  std::vector<Hash256> probes_;
  ItemKeys exact_keys_;
  ItemKeys content_keys_;
};

}  // namespace photoaudit::hashing::detail

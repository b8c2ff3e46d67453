// ClusterItems: dense item numbers with their hashes and keys, grouped in CSR form.
#include "cluster_items.hpp"

#include <algorithm>
#include <limits>
#include <string>

namespace photoaudit::hashing::detail {
namespace {

// Counting sort of (item, hash) pairs into per-item runs: values[start[i] .. start[i + 1]) belong to item i.
void group_hashes(std::size_t item_count, const std::vector<std::pair<std::uint32_t, Hash256>>& pairs,
                  std::vector<std::size_t>& start, std::vector<Hash256>& values) {
  start.assign(item_count + 1, 0);
  for (const auto& [item, hash] : pairs) ++start[item + 1];
  for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
  values.resize(pairs.size());
  std::vector<std::size_t> next(start.begin(), start.end() - 1);
  for (const auto& [item, hash] : pairs) values[next[item]++] = hash;
}

int smallest_distance(std::span<const Hash256> a, std::span<const Hash256> b, int best) {
  for (const Hash256& x : a) {
    for (const Hash256& y : b) best = std::min(best, hamming_distance(x, y));
  }
  return best;
}

}  // namespace

ItemKeys::ItemKeys(std::vector<std::pair<std::uint32_t, std::string_view>> item_keys)
    : item_keys_(std::move(item_keys)) {
  std::sort(item_keys_.begin(), item_keys_.end());
}

std::span<const std::pair<std::uint32_t, std::string_view>> ItemKeys::keys_of(std::uint32_t item) const {
  auto first = std::lower_bound(item_keys_.begin(), item_keys_.end(), item,
                                [](const auto& pair, std::uint32_t i) { return pair.first < i; });
  auto last = first;
  while (last != item_keys_.end() && last->first == item) ++last;
  return {first, last};
}

bool ItemKeys::share_a_key(std::uint32_t a, std::uint32_t b) const {
  for (const auto& [item_a, key_a] : keys_of(a)) {
    for (const auto& [item_b, key_b] : keys_of(b)) {
      if (key_a == key_b) return true;
    }
  }
  return false;
}

std::vector<std::pair<std::string_view, std::uint32_t>> ItemKeys::by_key() const {
  std::vector<std::pair<std::string_view, std::uint32_t>> sorted;
  sorted.reserve(item_keys_.size());
  for (const auto& [item, key] : item_keys_) sorted.emplace_back(key, item);
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

Result<ClusterItems> ClusterItems::collect(const PdqIndex& index, const ClusterInputs& inputs) {
  ClusterItems items;
  std::vector<std::uint64_t>& ids = items.ids_;
  ids.reserve(index.size() + inputs.exact_keys.size() + inputs.content_keys.size() + inputs.probes.size());
  ids.insert(ids.end(), index.ids().begin(), index.ids().end());
  for (const IdKey& k : inputs.exact_keys) ids.push_back(k.id);
  for (const IdKey& k : inputs.content_keys) ids.push_back(k.id);
  for (const IdHash& p : inputs.probes) ids.push_back(p.id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  ids.shrink_to_fit();
  if (ids.size() >= std::numeric_limits<std::uint32_t>::max()) {
    return fail(Error::limit_exceeded("clustering: " + std::to_string(ids.size()) + " items exceed the limit"));
  }

  std::vector<std::pair<std::uint32_t, Hash256>> pairs;
  pairs.reserve(index.size());
  for (std::size_t e = 0; e < index.size(); ++e) pairs.emplace_back(items.item_of(index.ids()[e]), index.hashes()[e]);
  group_hashes(ids.size(), pairs, items.stored_start_, items.stored_);
  pairs.clear();
  for (const IdHash& p : inputs.probes) pairs.emplace_back(items.item_of(p.id), p.hash);
  group_hashes(ids.size(), pairs, items.probe_start_, items.probes_);

  auto keyed = [&items](std::span<const IdKey> keys) {
    std::vector<std::pair<std::uint32_t, std::string_view>> item_keys;
    for (const IdKey& k : keys) {
      if (!k.key.empty()) item_keys.emplace_back(items.item_of(k.id), k.key);
    }
    return ItemKeys(std::move(item_keys));
  };
  items.exact_keys_ = keyed(inputs.exact_keys);
  items.content_keys_ = keyed(inputs.content_keys);
  return items;
}

std::uint32_t ClusterItems::item_of(std::uint64_t id) const {
  return static_cast<std::uint32_t>(std::lower_bound(ids_.begin(), ids_.end(), id) - ids_.begin());
}

std::span<const Hash256> ClusterItems::stored(std::uint32_t item) const {
  return std::span<const Hash256>(stored_).subspan(stored_start_[item], stored_start_[item + 1] - stored_start_[item]);
}

std::span<const Hash256> ClusterItems::probes(std::uint32_t item) const {
  return std::span<const Hash256>(probes_).subspan(probe_start_[item], probe_start_[item + 1] - probe_start_[item]);
}

std::optional<int> ClusterItems::distance(std::uint32_t a, std::uint32_t b) const {
  constexpr int kNone = PdqIndex::kMaxDistance + 1;
  int best = smallest_distance(stored(a), stored(b), kNone);
  best = smallest_distance(probes(a), stored(b), best);
  best = smallest_distance(stored(a), probes(b), best);
  if (best == kNone) return std::nullopt;
  return best;
}

}  // namespace photoaudit::hashing::detail

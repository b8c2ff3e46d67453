// Visual words: the vocabulary tree, its training by k-majority, and the inverted index (see visual_words.hpp).
#include "photoaudit/hashing/visual_words.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>
#include <utility>

namespace photoaudit::hashing {
namespace {

int hamming(const OrbDescriptor& a, const OrbDescriptor& b) {
  int d = 0;
  for (std::size_t i = 0; i < a.size(); i += 8) {
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    d += std::popcount(x ^ y);
  }
  return d;
}

std::uint32_t nearest(std::span<const OrbDescriptor> centres, const OrbDescriptor& d) {
  std::uint32_t best = 0;
  int best_distance = std::numeric_limits<int>::max();
  for (std::uint32_t c = 0; c < centres.size(); ++c) {
    const int dist = hamming(centres[c], d);
    if (dist < best_distance) {
      best_distance = dist;
      best = c;
    }
  }
  return best;
}

// k-majority: k centres for `points` (indexes into sample), seeded by k-means++ under Hamming distance.
std::vector<OrbDescriptor> k_majority(std::span<const OrbDescriptor> sample, const std::vector<std::uint32_t>& points,
                                      std::uint32_t k, int iterations, std::mt19937_64& random) {
  std::vector<OrbDescriptor> centres;
  if (points.empty()) return centres;
  centres.push_back(sample[points[random() % points.size()]]);
  std::vector<double> nearest_distance(points.size(), std::numeric_limits<double>::max());
  while (centres.size() < k) {
    double total = 0;
    for (std::size_t p = 0; p < points.size(); ++p) {
      const double d = hamming(sample[points[p]], centres.back());
      nearest_distance[p] = std::min(nearest_distance[p], d * d);
      total += nearest_distance[p];
    }
    if (total <= 0) {  // every point is a centre already: repeat one
      centres.push_back(centres.back());
      continue;
    }
    double pick = std::uniform_real_distribution<double>(0, total)(random);
    std::size_t chosen = points.size() - 1;
    for (std::size_t p = 0; p < points.size(); ++p) {
      pick -= nearest_distance[p];
      if (pick <= 0) {
        chosen = p;
        break;
      }
    }
    centres.push_back(sample[points[chosen]]);
  }
  std::vector<std::uint32_t> assigned(points.size(), 0);
  for (int it = 0; it < iterations; ++it) {
    bool changed = it == 0;
    for (std::size_t p = 0; p < points.size(); ++p) {
      const std::uint32_t c = nearest(centres, sample[points[p]]);
      changed = changed || c != assigned[p];
      assigned[p] = c;
    }
    if (!changed) break;
    // Each centre bit: the majority of its members' bits (ties keep the bit as it was).
    std::vector<std::array<int, 256>> ones(k);
    std::vector<int> members(k, 0);
    for (auto& o : ones) o.fill(0);
    for (std::size_t p = 0; p < points.size(); ++p) {
      const OrbDescriptor& d = sample[points[p]];
      auto& o = ones[assigned[p]];
      ++members[assigned[p]];
      for (int bit = 0; bit < 256; ++bit) o[bit] += (d[bit / 8] >> (bit % 8)) & 1;
    }
    for (std::uint32_t c = 0; c < k; ++c) {
      if (members[c] == 0) continue;  // an empty cluster keeps its centre
      for (int bit = 0; bit < 256; ++bit) {
        const int twice = 2 * ones[c][bit];
        const auto mask = static_cast<std::uint8_t>(1U << (bit % 8));
        if (twice > members[c]) centres[c][bit / 8] |= mask;
        if (twice < members[c]) centres[c][bit / 8] &= static_cast<std::uint8_t>(~mask);
      }
    }
  }
  return centres;
}

}  // namespace

VisualVocabulary::VisualVocabulary(std::vector<OrbDescriptor> roots, std::vector<OrbDescriptor> leaves,
                                   std::uint32_t branching) {
  if (branching == 0 || branching > 4096 || roots.size() != branching ||
      leaves.size() != static_cast<std::size_t>(branching) * branching) {
    return;
  }
  branching_ = branching;
  roots_ = std::move(roots);
  leaves_ = std::move(leaves);
}

std::uint32_t VisualVocabulary::word(const OrbDescriptor& d) const {
  const std::uint32_t root = nearest(roots_, d);
  const std::span<const OrbDescriptor> leaves(leaves_.data() + static_cast<std::size_t>(root) * branching_, branching_);
  return root * branching_ + nearest(leaves, d);
}

VisualVocabulary::Bag VisualVocabulary::bag(std::span<const OrbDescriptor> descriptors) const {
  Bag bag;
  if (word_count() == 0 || descriptors.empty()) return bag;
  std::vector<std::uint32_t> words;
  words.reserve(descriptors.size());
  for (const OrbDescriptor& d : descriptors) words.push_back(word(d));
  std::sort(words.begin(), words.end());
  for (std::size_t i = 0; i < words.size();) {
    std::size_t j = i;
    while (j < words.size() && words[j] == words[i]) ++j;
    bag.words.push_back(words[i]);
    bag.counts.push_back(static_cast<std::uint16_t>(std::min<std::size_t>(j - i, 65535)));
    i = j;
  }
  return bag;
}

VisualVocabulary train_visual_vocabulary(std::span<const OrbDescriptor> sample, std::uint32_t branching, int iterations,
                                         std::uint64_t seed) {
  if (branching == 0 || sample.size() < branching) return {};
  std::mt19937_64 random(seed);
  std::vector<std::uint32_t> all(sample.size());
  std::iota(all.begin(), all.end(), 0U);
  std::vector<OrbDescriptor> roots = k_majority(sample, all, branching, iterations, random);
  std::vector<std::vector<std::uint32_t>> members(branching);
  for (const std::uint32_t p : all) members[nearest(roots, sample[p])].push_back(p);
  std::vector<OrbDescriptor> leaves;
  leaves.reserve(static_cast<std::size_t>(branching) * branching);
  for (std::uint32_t r = 0; r < branching; ++r) {
    std::vector<OrbDescriptor> own;
    if (members[r].size() >= branching) own = k_majority(sample, members[r], branching, iterations, random);
    while (own.size() < branching) own.push_back(roots[r]);  // too few descriptors: the root's own
    leaves.insert(leaves.end(), own.begin(), own.end());
  }
  return {std::move(roots), std::move(leaves), branching};
}

VisualWordsIndex::VisualWordsIndex(std::uint32_t word_count, VisualWordsOptions options)
    : word_count_(word_count), options_(options) {}

void VisualWordsIndex::add(std::uint32_t id, const VisualVocabulary::Bag& bag) {
  if (built_) return;
  if (id >= norms_.size()) norms_.resize(static_cast<std::size_t>(id) + 1, 0.0F);
  for (std::size_t i = 0; i < bag.words.size() && i < bag.counts.size(); ++i) {
    if (bag.words[i] < word_count_ && bag.counts[i] > 0) pending_.push_back({bag.words[i], id, bag.counts[i]});
  }
}

bool VisualWordsIndex::stop(std::uint32_t word) const { return offsets_[word + 1] - offsets_[word] > max_postings_; }

void VisualWordsIndex::build() {
  if (built_) return;
  built_ = true;
  const std::size_t items = norms_.size();
  max_postings_ = std::min(
      options_.max_postings,
      std::max<std::size_t>(1, static_cast<std::size_t>(options_.max_posting_share * static_cast<double>(items))));
  // A counting sort by word (no comparison sort: linear in the postings, ids stay in the order added).
  offsets_.assign(static_cast<std::size_t>(word_count_) + 1, 0);
  for (const auto& p : pending_) ++offsets_[p[0] + 1];
  std::partial_sum(offsets_.begin(), offsets_.end(), offsets_.begin());
  idf_.assign(word_count_, 0.0F);
  for (std::uint32_t w = 0; w < word_count_; ++w) {
    const std::uint32_t df = offsets_[w + 1] - offsets_[w];
    if (df > 0) idf_[w] = static_cast<float>(std::log(static_cast<double>(items) / df));
  }
  // Norms over the words a query can use (stop words are in no query, so they are left out of every vector).
  std::vector<double> squares(items, 0.0);
  for (const auto& p : pending_) {
    if (stop(p[0])) continue;
    const double w = static_cast<double>(p[2]) * idf_[p[0]];
    squares[p[1]] += w * w;
  }
  for (std::size_t i = 0; i < items; ++i) norms_[i] = static_cast<float>(std::sqrt(squares[i]));
  postings_.resize(pending_.size());
  std::vector<std::uint32_t> next(offsets_.begin(), offsets_.end() - 1);
  for (const auto& p : pending_) {
    const float norm = norms_[p[1]];
    postings_[next[p[0]]++] = {p[1], norm > 0 ? static_cast<float>(p[2]) * idf_[p[0]] / norm : 0.0F};
  }
  std::vector<std::array<std::uint32_t, 3>>().swap(pending_);
}

std::vector<VisualWordsIndex::Hit> VisualWordsIndex::query(const VisualVocabulary::Bag& bag, std::size_t k,
                                                           std::uint32_t self) const {
  std::vector<Hit> hits;
  if (!built_ || k == 0) return hits;
  // Accumulators by id, reused across the thread's queries; only the touched ones are read and reset, so a
  // query costs its postings, not the collection's size (after the first, which sizes the array).
  thread_local std::vector<float> scores;
  thread_local std::vector<std::uint32_t> touched;
  if (scores.size() < norms_.size()) scores.resize(norms_.size(), 0.0F);
  touched.clear();
  double query_norm = 0;
  try {
    for (std::size_t i = 0; i < bag.words.size() && i < bag.counts.size(); ++i) {
      const std::uint32_t w = bag.words[i];
      if (w >= word_count_ || stop(w) || offsets_[w] == offsets_[w + 1]) continue;
      const float q = static_cast<float>(bag.counts[i]) * idf_[w];
      query_norm += static_cast<double>(q) * q;
      for (std::uint32_t p = offsets_[w]; p < offsets_[w + 1]; ++p) {
        const Posting& posting = postings_[p];
        if (scores[posting.id] == 0.0F) touched.push_back(posting.id);
        scores[posting.id] += q * posting.weight + std::numeric_limits<float>::min();  // never 0 once touched
      }
    }
  } catch (...) {  // out of memory growing `touched` (one score may be untracked): clean all for the next query
    std::fill(scores.begin(), scores.end(), 0.0F);
    throw;
  }
  const float scale = query_norm > 0 ? static_cast<float>(1.0 / std::sqrt(query_norm)) : 0.0F;
  for (const std::uint32_t id : touched) {
    if (id != self && scale > 0) hits.push_back({id, scores[id] * scale});
    scores[id] = 0.0F;
  }
  const auto better = [](const Hit& x, const Hit& y) { return x.score != y.score ? x.score > y.score : x.id < y.id; };
  if (hits.size() > k) {
    std::nth_element(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(k), hits.end(), better);
    hits.resize(k);
  }
  std::sort(hits.begin(), hits.end(), better);
  return hits;
}

std::size_t VisualWordsIndex::stop_words() const {
  if (!built_) return 0;
  std::size_t n = 0;
  for (std::uint32_t w = 0; w < word_count_; ++w) n += stop(w) ? 1 : 0;
  return n;
}

std::size_t VisualWordsIndex::memory_bytes() const {
  return postings_.capacity() * sizeof(Posting) + offsets_.capacity() * sizeof(std::uint32_t) +
         idf_.capacity() * sizeof(float) + norms_.capacity() * sizeof(float);
}

}  // namespace photoaudit::hashing

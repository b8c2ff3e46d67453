// word_pairs(): the grey zone's close pairs from a visual-words index (see visual_words_candidates.hpp).
#include "visual_words_candidates.hpp"

#include <algorithm>
#include <utility>

#include "photoaudit/hashing/visual_words.hpp"

namespace photoaudit::hashing::detail {

std::vector<GreyPair> word_pairs(std::span<const Fingerprints* const> items, const std::vector<std::uint32_t>& eligible,
                                 ClusterUnionFind& groups, const EngineOptions& options, WordSearchCounts& counts) {
  std::vector<GreyPair> pairs;
  if (!options.word_features || eligible.empty()) return pairs;
  const VisualVocabulary& vocabulary = orb_vocabulary();
  // The bags, by position in `eligible`; the features themselves are dropped as soon as they are quantised.
  std::vector<VisualVocabulary::Bag> bags(eligible.size());
  run_parallel(eligible.size(), options.threads, [&](std::size_t x) {
    std::shared_ptr<const LocalFeatures> f;
    try {
      f = options.word_features(eligible[x]);
    } catch (const std::bad_alloc&) {
      throw;
    } catch (...) {
      f = nullptr;  // the source failed for this item: it has no words
    }
    if (f) bags[x] = vocabulary.bag(f->descriptors);
  });
  VisualWordsIndex index(vocabulary.word_count());
  for (std::size_t x = 0; x < bags.size(); ++x) {
    if (!bags[x].words.empty()) index.add(static_cast<std::uint32_t>(x), bags[x]);
  }
  index.build();
  std::vector<std::vector<VisualWordsIndex::Hit>> hits(eligible.size());
  run_parallel(eligible.size(), options.threads, [&](std::size_t x) {
    if (!bags[x].words.empty()) hits[x] = index.query(bags[x], options.grey_zone_top_k, static_cast<std::uint32_t>(x));
  });
  std::vector<std::pair<std::uint32_t, std::uint32_t>> candidates;
  for (std::size_t x = 0; x < hits.size(); ++x) {
    for (const auto& h : hits[x]) {
      const std::uint32_t i = eligible[x];
      const std::uint32_t j = eligible[h.id];
      if (groups.find(i) != groups.find(j)) candidates.emplace_back(std::min(i, j), std::max(i, j));
    }
  }
  std::vector<std::vector<VisualWordsIndex::Hit>>().swap(hits);
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  counts.candidates = candidates.size();
  SameRule rule = options.rule;
  rule.local_features = false;
  std::vector<int> distance(candidates.size(), -1);
  std::vector<char> mirrored(candidates.size(), 0);
  run_parallel(candidates.size(), options.threads, [&](std::size_t c) {
    const auto v = same_photo(*items[candidates[c].first], *items[candidates[c].second], rule);
    if (!v.same) distance[c] = v.distance;
    mirrored[c] = is_mirror(v.dihedral) ? 1 : 0;
  });
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    if (distance[c] >= 0 && distance[c] <= rule.grey_zone_max) {
      pairs.push_back({candidates[c].first, candidates[c].second, distance[c], false, mirrored[c] != 0});
    }
  }
  return pairs;
}

}  // namespace photoaudit::hashing::detail

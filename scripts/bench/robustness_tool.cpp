// Bench-only helper of scripts/bench/robustness (not part of the product): fingerprints a folder of originals
// and their variants, then reports per transform the recall of the same-photo rule and of plain PDQ, and the
// false positives over all pairs of images that come from different originals.
//
// usage: robustness_tool DIR   (DIR/originals/ID.jpg, DIR/variants/ID__TRANSFORM.jpg)
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <chrono>
#include <random>

#include "photoaudit/hashing/feature_verifier.hpp"
#include "photoaudit/hashing/same_photo.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"
#include "photoaudit/hashing/visual_words.hpp"

namespace fs = std::filesystem;
using namespace photoaudit::hashing;

namespace {

struct Image {
  std::string id;         // the original it comes from
  std::string transform;  // "original" or the variant's name
  fs::path path;
  Fingerprints fp;
  bool ok = false;
  // The local features `scan` stores in the catalog (the fingerprint's own decode, no mirror image), with
  // ROBUSTNESS_SCAN_FEATURES=1: what `dupes --index` verifies with.
  std::shared_ptr<const LocalFeatures> scan_features;
};

// The rules compared side by side.
struct Rule {
  const char* name;
  SameRule rule;
};

std::vector<Rule> rules() {
  SameRule plain;
  plain.dihedral = false;
  plain.robust_hashes = false;
  plain.local_features = false;
  SameRule dihedral = plain;
  dihedral.dihedral = true;
  SameRule hashes;
  hashes.local_features = false;
  SameRule full;
  return {{"PDQ", plain}, {"PDQ+dih", dihedral}, {"hashes", hashes}, {"rule", full}};
}

// Per transform: variants clustered with their original by `result`, over variants; and the clusters that mix
// two originals.
std::map<std::string, std::pair<int, int>> clustered_rows(const std::vector<Image>& images, const EngineResult& result,
                                                          int& mixed, const std::string& label) {
  std::vector<std::size_t> cluster_of(images.size(), SIZE_MAX);
  mixed = 0;
  for (std::size_t c = 0; c < result.clusters.size(); ++c) {
    std::set<std::string> ids;
    for (const auto& m : result.clusters[c].members) {
      cluster_of[m.item] = c;
      ids.insert(images[m.item].id);
    }
    mixed += ids.size() > 1 ? 1 : 0;
  }
  std::map<std::string, std::size_t> original;
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (images[i].transform == "original") original[images[i].id] = i;
  }
  std::map<std::string, std::pair<int, int>> rows;
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (images[i].transform == "original" || !images[i].ok || !original.count(images[i].id)) continue;
    const std::size_t o = original[images[i].id];
    const bool together = cluster_of[i] != SIZE_MAX && cluster_of[i] == cluster_of[o];
    auto& row = rows[images[i].transform];
    row.first += together ? 1 : 0;
    if (!together) {
      std::fprintf(stderr, "engine (%s): %s not clustered with its original (PDQ quality %d)\n", label.c_str(),
                   images[i].path.filename().c_str(), images[o].fp.pdq_quality);
    }
    ++row.second;
    if (images[o].fp.pdq_quality >= 50) {  // the originals the grey zone can take
      auto& q = rows[images[i].transform + " q>=50"];
      q.first += together ? 1 : 0;
      ++q.second;
    }
  }
  return rows;
}

// The engine over all images on hashes alone (its candidate search through the index, no verifier): per
// transform, the variants clustered with their original, and the clusters that mix two originals.
void engine_recall(const std::vector<Image>& images) {
  std::vector<const Fingerprints*> items;
  for (const auto& im : images) items.push_back(im.ok ? &im.fp : nullptr);
  EngineOptions options;
  options.rule.local_features = false;
  const EngineResult result = cluster_same_photos(items, options);
  int mixed = 0;
  const auto rows = clustered_rows(images, result, mixed, "hashes");
  std::printf("engine on hashes (candidate search + verdicts, no local features):\n");
  for (const auto& [name, row] : rows) {
    if (name.ends_with(" q>=50")) continue;  // this table is over all originals
    std::printf("  %-16s %.3f (%d of %d)\n", name.c_str(), static_cast<double>(row.first) / row.second, row.first,
                row.second);
  }
  std::printf("  clusters mixing two originals: %d\n", mixed);
}

void words_scale(const std::vector<Image>& images, const std::vector<VisualVocabulary::Bag>& bags,
                 const std::map<std::string, std::size_t>& original, std::size_t extra,
                 const VisualWordsOptions& word_options) {
  using Clock = std::chrono::steady_clock;
  std::vector<double> cumulative;
  std::vector<std::uint32_t> word_of;
  double total = 0;
  {
    std::map<std::uint32_t, double> frequency;
    for (const auto& b : bags) {
      for (std::size_t i = 0; i < b.words.size(); ++i) frequency[b.words[i]] += b.counts[i];
    }
    for (const auto& [w, f] : frequency) {
      total += f;
      cumulative.push_back(total);
      word_of.push_back(w);
    }
  }
  std::vector<std::size_t> real;
  for (std::size_t i = 0; i < bags.size(); ++i) {
    if (!bags[i].words.empty()) real.push_back(i);
  }
  VisualWordsIndex index(orb_vocabulary().word_count(), word_options);
  for (std::size_t i = 0; i < bags.size(); ++i) index.add(static_cast<std::uint32_t>(i), bags[i]);
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> uniform(0, total);
  for (std::size_t n = 0; n < extra; ++n) {
    const auto& shape = bags[real[random() % real.size()]];
    std::map<std::uint32_t, std::uint16_t> drawn;
    for (std::size_t i = 0; i < shape.words.size(); ++i) {
      const auto at = std::lower_bound(cumulative.begin(), cumulative.end(), uniform(random)) - cumulative.begin();
      drawn[word_of[std::min<std::size_t>(at, word_of.size() - 1)]] += shape.counts[i];
    }
    VisualVocabulary::Bag b;
    for (const auto& [w, c] : drawn) {
      b.words.push_back(w);
      b.counts.push_back(c);
    }
    index.add(static_cast<std::uint32_t>(bags.size() + n), b);
  }
  const auto b0 = Clock::now();
  index.build();
  const auto b1 = Clock::now();
  std::map<std::string, std::pair<int, int>> rows;
  std::vector<double> times;
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (images[i].transform == "original" || !original.count(images[i].id)) continue;
    const std::size_t o = original.at(images[i].id);
    const auto q0 = Clock::now();
    const auto from_variant = index.query(bags[i], 20, static_cast<std::uint32_t>(i));
    const auto q1 = Clock::now();
    times.push_back(std::chrono::duration<double, std::milli>(q1 - q0).count());
    const auto from_original = index.query(bags[o], 20, static_cast<std::uint32_t>(o));
    bool hit = false;
    for (const auto& h : from_variant) hit = hit || h.id == o;
    for (const auto& h : from_original) hit = hit || h.id == i;
    rows[images[i].transform].first += hit ? 1 : 0;
    ++rows[images[i].transform].second;
  }
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2), times.end());
  const double median = times[times.size() / 2];
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(times.size() * 9 / 10), times.end());
  std::printf(
      "  with %zu synthetic items (%zu in all; max_postings %zu): %zu stop words, index %.0f MB "
      "(%.0f bytes per item), build %.1f s, query median %.3f ms, p90 %.3f ms\n",
      extra, index.size(), word_options.max_postings, index.stop_words(), index.memory_bytes() / 1e6,
      static_cast<double>(index.memory_bytes()) / index.size(), std::chrono::duration<double>(b1 - b0).count(), median,
      times[times.size() * 9 / 10]);
  for (const auto& [name, row] : rows) {
    std::printf("    %-16s top-20 %.3f\n", name.c_str(), static_cast<double>(row.first) / row.second);
  }
}

// Visual words (visual_words.hpp): per transform, the share of variants whose original is among the k nearest
// by words, either way round (the engine takes both items' top-k lists); then the whole engine with its grey
// zone's close pairs from all pairs and from visual words (the verifier: the local features read above).
void words_recall(const std::vector<Image>& images) {
  using Clock = std::chrono::steady_clock;
  const VisualVocabulary& vocabulary = orb_vocabulary();
  std::vector<VisualVocabulary::Bag> bags(images.size());
  const auto t0 = Clock::now();
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (images[i].ok && images[i].fp.local_features) bags[i] = vocabulary.bag(images[i].fp.local_features->descriptors);
  }
  const auto t1 = Clock::now();
  // ROBUSTNESS_WORDS_SHARE / ROBUSTNESS_WORDS_POSTINGS: other stop-word limits (VisualWordsOptions);
  // ROBUSTNESS_WORDS_BINARY=1: every word counted once (for this table only).
  VisualWordsOptions word_options;
  if (const char* v = std::getenv("ROBUSTNESS_WORDS_SHARE")) word_options.max_posting_share = std::atof(v);
  if (const char* v = std::getenv("ROBUSTNESS_WORDS_POSTINGS"))
    word_options.max_postings = std::strtoul(v, nullptr, 10);
  if (std::getenv("ROBUSTNESS_WORDS_BINARY")) {
    for (auto& b : bags) std::fill(b.counts.begin(), b.counts.end(), std::uint16_t{1});
  }
  VisualWordsIndex index(vocabulary.word_count(), word_options);
  for (std::size_t i = 0; i < images.size(); ++i) index.add(static_cast<std::uint32_t>(i), bags[i]);
  index.build();
  const auto t2 = Clock::now();
  const std::vector<std::size_t> ks = {5, 10, 20, 40};
  std::vector<std::vector<VisualWordsIndex::Hit>> hits(images.size());
  for (std::size_t i = 0; i < images.size(); ++i)
    hits[i] = index.query(bags[i], ks.back(), static_cast<std::uint32_t>(i));
  const auto t3 = Clock::now();
  const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::printf(
      "visual words (vocabulary v%u, %u words; %zu stop words; index %.1f MB): per image %.3f ms to "
      "quantise, %.3f ms to query (k = %zu); build %.1f ms\n",
      visual_words_version(), vocabulary.word_count(), index.stop_words(), index.memory_bytes() / 1e6,
      ms(t1 - t0) / images.size(), ms(t3 - t2) / images.size(), ks.back(), ms(t2 - t1));
  const auto rank_of = [&](std::size_t from, std::size_t to) {
    for (std::size_t r = 0; r < hits[from].size(); ++r) {
      if (hits[from][r].id == to) return r;
    }
    return SIZE_MAX;
  };
  std::map<std::string, std::size_t> original;
  for (std::size_t i = 0; i < images.size(); ++i) {
    // Originals the grey zone can take (PDQ quality at least 50; the flat ones have no keypoints either).
    if (images[i].transform == "original" && images[i].ok && images[i].fp.pdq_quality >= 50) original[images[i].id] = i;
  }
  std::map<std::string, std::vector<int>> found;  // transform -> per k, variants whose original is in a top-k
  std::map<std::string, int> total;
  std::vector<std::size_t> cross_pairs(ks.size(), 0);  // top-k pairs of different originals
  for (std::size_t i = 0; i < images.size(); ++i) {
    for (std::size_t r = 0; r < hits[i].size(); ++r) {
      for (std::size_t k = 0; k < ks.size(); ++k) {
        if (r < ks[k] && images[hits[i][r].id].id != images[i].id) ++cross_pairs[k];
      }
    }
    if (images[i].transform == "original" || !images[i].ok || !original.count(images[i].id)) continue;
    const std::size_t o = original[images[i].id];
    const std::size_t rank = std::min(rank_of(i, o), rank_of(o, i));
    auto& row = found[images[i].transform];
    row.resize(ks.size());
    for (std::size_t k = 0; k < ks.size(); ++k) row[k] += rank < ks[k] ? 1 : 0;
    ++total[images[i].transform];
    if (rank >= 20)
      std::fprintf(stderr, "words: %s not in the top 20 (rank %zd)\n", images[i].path.filename().c_str(),
                   rank == SIZE_MAX ? static_cast<std::ptrdiff_t>(-1) : static_cast<std::ptrdiff_t>(rank));
  }
  std::printf("  %-16s", "orig. in top-k (q>=50)");
  for (const std::size_t k : ks) std::printf(" %6zu", k);
  std::printf("\n");
  for (const auto& [name, row] : found) {
    std::printf("  %-16s", name.c_str());
    for (const int h : row) std::printf(" %6.3f", static_cast<double>(h) / total[name]);
    std::printf("\n");
  }
  std::printf("  %-16s", "cross pairs");
  for (const std::size_t c : cross_pairs) std::printf(" %6zu", c);
  std::printf("  (top-k entries naming another original)\n");

  // ROBUSTNESS_WORDS_SCALE=N: the same queries against the index with N synthetic items added (each a real
  // item's bag with every word replaced by one drawn from the corpus's word frequencies, so posting lists grow
  // as in a larger collection of unrelated photos): recall of the original in the top 20, query time, memory.
  if (const char* scale = std::getenv("ROBUSTNESS_WORDS_SCALE"))
    words_scale(images, bags, original, std::strtoul(scale, nullptr, 10), word_options);

  // The engine with its grey zone: all pairs against visual words.
  std::vector<const Fingerprints*> items;
  for (const auto& im : images) items.push_back(im.ok ? &im.fp : nullptr);
  const FeatureLoader load = [&](std::size_t i, bool) { return images[i].fp.local_features; };
  std::map<std::string, std::map<std::string, std::pair<int, int>>> columns;
  std::vector<std::string> labels;
  const FeatureLoader load_scan = [&](std::size_t i, bool) { return images[i].scan_features; };
  const bool scan_features = std::getenv("ROBUSTNESS_SCAN_FEATURES") != nullptr;
  for (const int config : {0, 1, 2, 3}) {
    if (config >= 2 && !scan_features) continue;
    const auto search = config % 2 == 0 ? GreyZoneSearch::kAllPairs : GreyZoneSearch::kVisualWords;
    const FeatureLoader& source = config >= 2 ? load_scan : load;
    EngineOptions options;
    options.verify = feature_verifier(items, source, options.rule);
    options.word_features = [&source](std::size_t i) { return source(i, false); };
    options.grey_zone_search = search;
    const auto e0 = Clock::now();
    const EngineResult result = cluster_same_photos(items, options);
    const auto e1 = Clock::now();
    int mixed = 0;
    const std::string label = std::string(search == GreyZoneSearch::kAllPairs ? "all pairs" : "words") +
                              (config >= 2 ? ", scan" : "");
    labels.push_back(label);
    for (const auto& [name, row] : clustered_rows(images, result, mixed, label)) columns[name][label] = row;
    std::printf(
        "engine, grey zone by %s: %.1f s; %zu close pairs (%zu word candidates), %zu verified; clusters "
        "mixing two originals: %d\n",
        label.c_str(), std::chrono::duration<double>(e1 - e0).count(), result.grey_zone_pairs, result.word_candidates,
        result.grey_zone_verified, mixed);
  }
  std::printf("  %-16s", "transform");
  for (const auto& l : labels) std::printf(" %16s", l.c_str());
  std::printf("\n");
  for (const auto& [name, cols] : columns) {
    std::printf("  %-16s", name.c_str());
    for (const auto& l : labels) {
      const auto& row = cols.at(l);
      std::printf(" %16.3f", static_cast<double>(row.first) / row.second);
    }
    std::printf("\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: robustness_tool DIR\n");
    return 2;
  }
  const fs::path dir = argv[1];
  std::vector<Image> images;
  for (const char* sub : {"originals", "variants"}) {
    for (const auto& e : fs::directory_iterator(dir / sub)) {
      const std::string stem = e.path().stem().string();
      const auto sep = stem.find("__");
      images.push_back({sep == std::string::npos ? stem : stem.substr(0, sep),
                        sep == std::string::npos ? "original" : stem.substr(sep + 2),
                        e.path(),
                        {},
                        false});
    }
  }
  std::sort(images.begin(), images.end(), [](const Image& a, const Image& b) { return a.path < b.path; });
  HashOptions options;
  options.local_features = false;  // taken from local_features_file() below, as the engine does
  // PHOTOAUDIT_LOCAL_FEATURES_MIN_SIDE=N measures another reduction of the local features' decode (0: the
  // fingerprint's own decode, the engine before 2026-12-06).
  if (const char* side = std::getenv("PHOTOAUDIT_LOCAL_FEATURES_MIN_SIDE"))
    options.local_features_min_side = std::atoi(side);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < images.size(); i = next++) {
      auto r = fingerprint_file(images[i].path, options);
      if (r) {
        images[i].fp = std::move(*r);
        images[i].ok = true;
        // PHOTOAUDIT_NO_DEROTATED=1: without the de-rotated hashes (the engine before 2026-12-06's issue 14 work).
        if (std::getenv("PHOTOAUDIT_NO_DEROTATED")) images[i].fp.pdq_derotated_quality = {};
        // The local features as the engine gets them (file_verifier.cpp): read again from the file, from a
        // reduced decode (HashOptions::local_features_min_side), with the mirror image's keypoints.
        if (auto features = local_features_file(images[i].path, options, true)) {
          images[i].fp.local_features = std::make_shared<const LocalFeatures>(std::move(*features));
        }
        if (std::getenv("ROBUSTNESS_SCAN_FEATURES")) {
          HashOptions scan = options;
          scan.local_features = true;
          scan.local_features_mirror = false;
          if (auto with = fingerprint_file(images[i].path, scan)) images[i].scan_features = with->local_features;
        }
      } else {
        std::fprintf(stderr, "%s\n", r.error().message.c_str());
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < std::max(1U, std::thread::hardware_concurrency()); ++t) pool.emplace_back(work);
    work();
  }
  engine_recall(images);
  words_recall(images);
  // ROBUSTNESS_WORDS_ONLY=1: stop after the engine and the visual words.
  if (std::getenv("ROBUSTNESS_WORDS_ONLY")) return 0;
  const auto all_rules = rules();
  std::map<std::string, const Image*> originals;
  for (const auto& im : images) {
    if (im.transform == "original" && im.ok) originals[im.id] = &im;
  }
  // Recall per transform.
  struct Row {
    int n = 0;
    std::vector<int> hits;
    std::vector<int> distances;
    std::map<std::string, int> methods;
    int hashable_n = 0;     // variants of originals whose PDQ quality is at least the rule's minimum
    int hashable_hits = 0;  // ... matched by the full rule
  };
  std::map<std::string, Row> rows;
  for (const auto& im : images) {
    if (im.transform == "original" || !im.ok || !originals.count(im.id)) continue;
    Row& row = rows[im.transform];
    row.hits.resize(all_rules.size());
    ++row.n;
    const Fingerprints& orig = originals[im.id]->fp;
    row.distances.push_back(hamming_distance(orig.pdq, im.fp.pdq));
    for (std::size_t r = 0; r < all_rules.size(); ++r) {
      const auto v = same_photo(orig, im.fp, all_rules[r].rule);
      row.hits[r] += v.same ? 1 : 0;
      if (r + 1 == all_rules.size()) {
        ++row.methods[std::string(to_string(v.method))];
        if (orig.pdq_quality >= all_rules[r].rule.min_quality) {
          ++row.hashable_n;
          row.hashable_hits += v.same ? 1 : 0;
        }
        if (!v.same)
          std::fprintf(stderr, "miss: %s (distance %d, %s)\n", im.path.filename().c_str(), v.distance,
                       std::string(to_string(v.method)).c_str());
      }
    }
  }
  std::printf("%-12s %4s %8s", "transform", "n", "med.dist");
  for (const auto& r : all_rules) std::printf(" %9s", r.name);
  std::printf(" %9s  decided by (rule)\n", "rule q>=50");
  for (auto& [name, row] : rows) {
    std::nth_element(row.distances.begin(), row.distances.begin() + row.distances.size() / 2, row.distances.end());
    std::printf("%-12s %4d %8d", name.c_str(), row.n, row.distances[row.distances.size() / 2]);
    for (const int h : row.hits) std::printf(" %9.3f", static_cast<double>(h) / row.n);
    std::printf(" %9.3f  ", row.hashable_n > 0 ? static_cast<double>(row.hashable_hits) / row.hashable_n : 0.0);
    for (const auto& [m, c] : row.methods) std::printf("%s:%d ", m.c_str(), c);
    std::printf("\n");
  }
  // ROBUSTNESS_FEATURE_STATS=FILE: the local-feature verdict of every pair (same original or not), for tuning.
  if (const char* stats_path = std::getenv("ROBUSTNESS_FEATURE_STATS")) {
    std::FILE* out = std::fopen(stats_path, "w");
    // ROBUSTNESS_FEATURE_ONLY=FILE ("A B" per line): only these pairs.
    std::set<std::pair<std::string, std::string>> only;
    if (const char* only_path = std::getenv("ROBUSTNESS_FEATURE_ONLY")) {
      std::ifstream in(only_path);
      std::string x, y;
      while (in >> x >> y) only.emplace(x, y);
    }
    std::mutex lock;
    std::atomic<std::size_t> next_row{0};
    auto stat_work = [&] {
      for (std::size_t i = next_row++; i < images.size(); i = next_row++) {
        if (!images[i].ok || !images[i].fp.local_features) continue;
        for (std::size_t j = i + 1; j < images.size(); ++j) {
          if (!images[j].ok || !images[j].fp.local_features) continue;
          const bool same = images[i].id == images[j].id;
          if (same && images[i].transform != "original" && images[j].transform != "original") continue;
          if (!only.empty() && !only.count({images[i].path.stem().string(), images[j].path.stem().string()})) continue;
          const FeatureVerdict f = match_local_features(*images[i].fp.local_features, *images[j].fp.local_features);
          const auto v = same_photo(images[i].fp, images[j].fp, all_rules[2].rule);
          const std::lock_guard guard(lock);
          std::fprintf(out, "%d %s %s %d %d %.3f %.3f %.3f %d %d %d %.3f %.3f\n", same ? 1 : 0,
                       images[i].path.stem().c_str(), images[j].path.stem().c_str(), f.matches, f.inliers,
                       f.matches > 0 ? static_cast<double>(f.inliers) / f.matches : 0.0, f.coverage, f.scale,
                       v.distance, std::min(images[i].fp.pdq_quality, images[j].fp.pdq_quality), v.same ? 1 : 0,
                       f.correlation, f.cell_correlation);
        }
      }
    };
    {
      std::vector<std::jthread> pool;
      for (unsigned t = 1; t < std::max(1U, std::thread::hardware_concurrency()); ++t) pool.emplace_back(stat_work);
      stat_work();
    }
    std::fclose(out);
  }
  // False positives over all pairs from different originals.
  std::vector<long> false_positives(all_rules.size());
  std::atomic<long> pairs{0};
  std::vector<std::atomic<long>> fp_counts(all_rules.size());
  std::atomic<std::size_t> row_next{0};
  auto pair_work = [&] {
    for (std::size_t i = row_next++; i < images.size(); i = row_next++) {
      if (!images[i].ok) continue;
      for (std::size_t j = i + 1; j < images.size(); ++j) {
        if (!images[j].ok || images[i].id == images[j].id) continue;
        ++pairs;
        for (std::size_t r = 0; r < all_rules.size(); ++r) {
          const auto v = same_photo(images[i].fp, images[j].fp, all_rules[r].rule);
          if (v.same) {
            ++fp_counts[r];
            std::fprintf(stderr, "false positive (%s): %s ~ %s (distance %d, %s)\n", all_rules[r].name,
                         images[i].path.filename().c_str(), images[j].path.filename().c_str(), v.distance,
                         std::string(to_string(v.method)).c_str());
          }
        }
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < std::max(1U, std::thread::hardware_concurrency()); ++t) pool.emplace_back(pair_work);
    pair_work();
  }
  std::printf("%-12s %4s %8s", "false pos.", "", "");
  for (auto& c : fp_counts) std::printf(" %9ld", c.load());
  std::printf(" %9ld", fp_counts.back().load());
  std::printf("  over %ld pairs of images from different originals (%zu originals, %zu images)\n", pairs.load(),
              originals.size(), images.size());
  return 0;
}

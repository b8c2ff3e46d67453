// index_bench's FAISS peer (see index_faiss.hpp).
#include "index_faiss.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <set>
#include <string>

#include <faiss/IndexBinaryHash.h>
#include <faiss/impl/AuxIndexStructures.h>
// GCC's omp.h (the build's compiler); clang-tidy's clang has none, and only needs the one function declared.
#if __has_include(<omp.h>)
#include <omp.h>
#else
extern "C" void omp_set_num_threads(int threads);
#endif

namespace index_bench {
namespace {

using photoaudit::hashing::Hash256;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

long rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

std::vector<std::uint8_t> codes_of(const std::vector<Hash256>& hashes) {
  std::vector<std::uint8_t> codes(hashes.size() * 32);
  for (std::size_t i = 0; i < hashes.size(); ++i) std::memcpy(codes.data() + 32 * i, hashes[i].words.data(), 32);
  return codes;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

FaissResult measure_faiss(const std::vector<photoaudit::hashing::IdHash>& entries, const std::vector<Hash256>& probes,
                          int probes_per_query, const std::vector<Hash256>& checked,
                          const std::vector<std::vector<photoaudit::hashing::IndexMatch>>& answers,
                          const std::vector<Hash256>& all_probes, int radius, int threads) {
  FaissResult r;
  omp_set_num_threads(1);
  std::vector<Hash256> stored;
  stored.reserve(entries.size());
  for (const auto& e : entries) stored.push_back(e.hash);
  const long before = rss_kb();
  const auto start = Clock::now();
  faiss::IndexBinaryMultiHash index(256, 16, 16);
  index.nflip = 1;
  {
    const auto codes = codes_of(stored);
    index.add(static_cast<faiss::Index::idx_t>(stored.size()), codes.data());
  }
  r.build_s = seconds_since(start);
  r.rss_mb = static_cast<double>(rss_kb() - before) / 1e3;
  // FAISS's range search returns distances < radius; ids are entry numbers (entries' ids are their numbers).
  const auto one = [&](const std::uint8_t* codes, std::size_t n) {
    faiss::RangeSearchResult res(static_cast<faiss::Index::idx_t>(n));
    index.range_search(static_cast<faiss::Index::idx_t>(n), codes, radius + 1, &res);
    std::set<std::uint64_t> ids;
    for (std::size_t k = 0; k < res.lims[n]; ++k) ids.insert(static_cast<std::uint64_t>(entries[res.labels[k]].id));
    return ids;
  };
  const auto probe_codes = codes_of(probes);
  std::vector<double> us;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    const auto t = Clock::now();
    (void)one(probe_codes.data() + 32 * i, 1);
    us.push_back(seconds_since(t) * 1e6);
  }
  r.median_us = median(us);
  us.clear();
  const auto per = static_cast<std::size_t>(probes_per_query);
  for (std::size_t i = 0; i + per <= probes.size() && us.size() < probes.size() / 10; i += per) {
    const auto t = Clock::now();
    (void)one(probe_codes.data() + 32 * i, per);
    us.push_back(seconds_since(t) * 1e6);
  }
  r.multi_median_us = median(us);
  const auto checked_codes = codes_of(checked);
  for (std::size_t i = 0; i < checked.size(); ++i) {
    std::set<std::uint64_t> want;
    for (const auto& m : answers[i]) want.insert(m.id);
    if (one(checked_codes.data() + 32 * i, 1) != want) ++r.mismatches;
  }
  if (!all_probes.empty()) {
    // Every hash and probe queried once, extrapolated from the first kAllPairsSample of them (FAISS's range
    // search keeps a hash set of candidates per query: the whole pass took over half an hour on this machine).
    constexpr std::size_t kAllPairsSample = 100'000;
    const std::size_t sample = std::min(kAllPairsSample, all_probes.size());
    omp_set_num_threads(threads);
    const auto all = codes_of({all_probes.begin(), all_probes.begin() + static_cast<std::ptrdiff_t>(sample)});
    const auto t = Clock::now();
    faiss::RangeSearchResult res(static_cast<faiss::Index::idx_t>(sample));
    index.range_search(static_cast<faiss::Index::idx_t>(sample), all.data(), radius + 1, &res);
    r.all_pairs_s = seconds_since(t) * static_cast<double>(all_probes.size()) / static_cast<double>(sample);
  }
  return r;
}

}  // namespace index_bench

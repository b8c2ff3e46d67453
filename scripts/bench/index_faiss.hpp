// index_bench's FAISS peer: IndexBinaryMultiHash over the same hashes (built only when FAISS is found, see
// scripts/bench/CMakeLists.txt). Not part of the product.
#pragma once

#include <cstddef>
#include <vector>

#include "photoaudit/hashing/pdq_index.hpp"

namespace index_bench {

struct FaissResult {
  double build_s = 0;
  double rss_mb = 0;           // resident memory the index added
  double median_us = 0;        // one probe at the radius
  double multi_median_us = 0;  // `probes_per_query` probes as one query
  double all_pairs_s = -1;     // every entry and extra probe queried once, `threads` OpenMP threads (extrapolated
                               // from the first 100,000)
  std::size_t mismatches = 0;  // sampled queries whose ids differ from the linear scan's
};

// Builds IndexBinaryMultiHash(256 bits, 16 tables of 16 bits, 1 bit flipped at search: by the pigeonhole
// principle exact at radius 31) over `entries` and measures it as index_bench measures PdqIndex. `answers`:
// the linear scan's answers to `checked` (ids within radius). `all_probes`: what the all-pairs pass queries.
FaissResult measure_faiss(const std::vector<photoaudit::hashing::IdHash>& entries,
                          const std::vector<photoaudit::hashing::Hash256>& probes, int probes_per_query,
                          const std::vector<photoaudit::hashing::Hash256>& checked,
                          const std::vector<std::vector<photoaudit::hashing::IndexMatch>>& answers,
                          const std::vector<photoaudit::hashing::Hash256>& all_probes, int radius, int threads);

}  // namespace index_bench

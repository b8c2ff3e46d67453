// index_bench: measures PdqIndex and cluster() on synthetic PDQ-like hashes against a brute-force linear scan.
// Run through scripts/bench/index, which builds it in Release. Not a test: it prints a table and exits 1 only
// if recall is below 100% or the index answered differently from the linear scan.
//
// Data: N random balanced hashes (exactly 128 of 256 bits set, like real PDQ hashes), plus planted neighbours
// of some of them at known distances 1..31 (must be found) and 32..40 (must not be, at radius 31).
// Image queries take Config::probes_per_query probes at once, and the clustering adds Config::probe_ratio
// extra probes per stored hash (what a photo's windows, dihedral variants and de-rotated hashes give). With
// PHOTOAUDIT_BENCH_FAISS (FAISS found at configure time) FAISS's IndexBinaryMultiHash is measured too.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "photoaudit/hashing/clustering.hpp"
#include "photoaudit/hashing/pdq_index.hpp"
#if defined(PHOTOAUDIT_BENCH_FAISS)
#include "index_faiss.hpp"
#endif

namespace {

using photoaudit::hashing::Hash256;
using photoaudit::hashing::IdHash;
using photoaudit::hashing::IndexMatch;
using photoaudit::hashing::PdqIndex;
using photoaudit::hashing::PdqIndexOptions;
using Clock = std::chrono::steady_clock;

constexpr int kRadius = 31;

struct Config {
  std::size_t n = 1'000'000;
  std::size_t positives = 10'000;  // planted neighbours at 1..31
  std::size_t negatives = 1'000;   // planted neighbours at 32..40
  std::size_t queries = 10'000;
  std::size_t brute_queries = 1'000;
  int threads = 2;
  std::vector<PdqIndexOptions> layouts{PdqIndexOptions{}};
  bool cluster = true;
  // Probes per image query: 8 dihedral variants + 7 windows + the trimmed hash + 12 de-rotated hashes (what
  // probe_hashes() gives a photo). Default: 28.
  int probes_per_query = 28;
  // Extra probes (not stored) per stored hash in the all-pairs clustering: a photo stores its PDQ hash, 7
  // windows and its trimmed hash (9) and probes with 7 more dihedral variants and 12 de-rotated hashes (19).
  // Default: 19 / 9.
  double probe_ratio = 19.0 / 9.0;
  std::uint64_t seed = 20240611;
};

struct Planted {
  std::uint64_t base = 0;
  std::uint64_t neighbour = 0;
  int distance = 0;
};

struct Dataset {
  std::vector<IdHash> entries;
  std::vector<Planted> positives;
  std::vector<Planted> negatives;
};

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

Hash256 random_balanced(std::mt19937_64& rng) {
  std::array<std::uint8_t, 256> bits{};
  std::iota(bits.begin(), bits.end(), std::uint8_t{0});
  Hash256 h;
  for (int i = 0; i < 128; ++i) {  // partial Fisher-Yates: the first 128 positions are a random half
    std::uniform_int_distribution<int> pick(i, 255);
    std::swap(bits[static_cast<std::size_t>(i)], bits[static_cast<std::size_t>(pick(rng))]);
    h.set_bit(bits[static_cast<std::size_t>(i)]);
  }
  return h;
}

// A hash at exactly `distance` from `base`: distance/2 set bits cleared and the rest of the flips set clear
// bits, so it stays (nearly) balanced as a real PDQ neighbour would.
Hash256 neighbour_at(const Hash256& base, int distance, std::mt19937_64& rng) {
  std::vector<int> ones;
  std::vector<int> zeros;
  for (int i = 0; i < 256; ++i) (base.bit(i) ? ones : zeros).push_back(i);
  std::shuffle(ones.begin(), ones.end(), rng);
  std::shuffle(zeros.begin(), zeros.end(), rng);
  Hash256 h = base;
  auto flip = [&h](int i) { h.words[static_cast<std::size_t>(i / 64)] ^= std::uint64_t{1} << (i % 64); };
  for (int k = 0; k < distance / 2; ++k) flip(ones[static_cast<std::size_t>(k)]);
  for (int k = 0; k < distance - distance / 2; ++k) flip(zeros[static_cast<std::size_t>(k)]);
  return h;
}

Dataset make_dataset(const Config& config) {
  std::mt19937_64 rng(config.seed);
  Dataset data;
  data.entries.reserve(config.n + config.positives + config.negatives);
  for (std::size_t i = 0; i < config.n; ++i) data.entries.push_back({i, random_balanced(rng)});
  std::uniform_int_distribution<std::size_t> any(0, config.n - 1);
  auto plant = [&](std::size_t count, int min_d, int max_d, std::vector<Planted>& out) {
    for (std::size_t k = 0; k < count; ++k) {
      const std::uint64_t base = any(rng);
      const int d = min_d + static_cast<int>(k % static_cast<std::size_t>(max_d - min_d + 1));
      const std::uint64_t id = data.entries.size();
      data.entries.push_back({id, neighbour_at(data.entries[base].hash, d, rng)});
      out.push_back({base, id, d});
    }
  };
  plant(config.positives, 1, kRadius, data.positives);
  plant(config.negatives, kRadius + 1, 40, data.negatives);
  return data;
}

// CPU seconds of this thread or process: on a shared machine, wall time includes waiting for a core.
double cpu_seconds(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five;
  in >> one >> five;
  return one + " (1 min), " + five + " (5 min)";
}

long proc_status_kb(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(status, line)) {
    if (line.rfind(prefix, 0) == 0) return std::stol(line.substr(prefix.size()));
  }
  return -1;
}

void reset_peak_rss() { std::ofstream("/proc/self/clear_refs") << "5"; }

// The peer gets the same POPCNT code generation as the index (see pdq_index.cpp).
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("popcnt", "default")))
#endif
std::vector<IndexMatch>
linear_scan(const std::vector<IdHash>& entries, const Hash256& probe, int radius) {
  std::vector<IndexMatch> out;
  for (const IdHash& e : entries) {
    const int d = photoaudit::hashing::hamming_distance(e.hash, probe);
    if (d <= radius) out.push_back({e.id, d});
  }
  std::sort(out.begin(), out.end(), [](const IndexMatch& a, const IndexMatch& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
  });
  return out;
}

struct Latency {
  double median_us = 0;
  double p99_us = 0;
};

Latency summarize(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[std::min(us.size() - 1, us.size() * 99 / 100)]};
}

// Query probes: half are planted bases (they have a neighbour), half fresh hashes (most queries find nothing).
std::vector<Hash256> make_probes(const Config& config, const Dataset& data, std::size_t count, std::uint64_t salt) {
  std::mt19937_64 rng(config.seed ^ salt);
  std::vector<Hash256> probes;
  for (std::size_t i = 0; i < count; ++i) {
    if (i % 2 == 0 && !data.positives.empty()) {
      probes.push_back(data.entries[data.positives[(i / 2) % data.positives.size()].base].hash);
    } else {
      probes.push_back(random_balanced(rng));
    }
  }
  return probes;
}

struct LayoutResult {
  int slices = 0;
  bool ring_filter = true;
  double build_s = 0;
  double index_mb = 0;
  double rss_mb = 0;
  double peak_mb = 0;
  Latency q31;
  Latency q31_multi;
  double cluster_s = -1;
  double cluster_cpu_s = -1;
  double q31_cpu_us = 0;  // mean thread CPU time per query
  std::size_t clusters = 0;
  std::size_t found_positives = 0;
  std::size_t leaked_negatives = 0;
  std::size_t clustered_positives = 0;
  std::size_t clustered_negatives = 0;
  std::size_t mismatches = 0;  // queries whose answer differs from the linear scan
};

void check_recall(const PdqIndex& index, const Dataset& data, const std::vector<Hash256>& brute_probes,
                  const std::vector<std::vector<IndexMatch>>& brute_answers, LayoutResult& r) {
  for (std::size_t i = 0; i < brute_probes.size(); ++i) {
    if (*index.query(brute_probes[i], kRadius) != brute_answers[i]) ++r.mismatches;
  }
  auto contains = [&](const Planted& p) {
    const auto matches = index.query(data.entries[p.base].hash, kRadius);  // kept: ranging over *temporary dangles
    for (const IndexMatch& m : *matches) {
      if (m.id == p.neighbour) return m.distance == p.distance;
    }
    return false;
  };
  for (const Planted& p : data.positives) r.found_positives += contains(p) ? 1 : 0;
  for (const Planted& p : data.negatives) r.leaked_negatives += contains(p) ? 1 : 0;
}

// The extra probes of the all-pairs clustering (Config::probe_ratio), spread over the stored ids.
std::vector<IdHash> extra_probes(const Config& config, const Dataset& data) {
  std::mt19937_64 rng(config.seed ^ 4);
  const auto count = static_cast<std::size_t>(config.probe_ratio * static_cast<double>(data.entries.size()));
  std::vector<IdHash> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    out.push_back({data.entries[i % data.entries.size()].id, random_balanced(rng)});
  return out;
}

void run_clustering(const Config& config, const PdqIndex& index, const Dataset& data, LayoutResult& r) {
  const std::vector<IdHash> probes = extra_probes(config, data);
  photoaudit::hashing::ClusterInputs inputs;
  inputs.probes = probes;
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
  auto clusters = photoaudit::hashing::cluster(index, inputs, {kRadius, config.threads});
  r.cluster_s = seconds_since(start);
  r.cluster_cpu_s = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
  if (!clusters) {
    std::fprintf(stderr, "index_bench: %s\n", clusters.error().message.c_str());
    return;
  }
  r.clusters = clusters->size();
  std::unordered_map<std::uint64_t, std::size_t> cluster_of;
  for (std::size_t c = 0; c < clusters->size(); ++c) {
    for (const auto& m : (*clusters)[c].members) cluster_of[m.id] = c;
  }
  auto together = [&](const Planted& p) {
    auto a = cluster_of.find(p.base);
    auto b = cluster_of.find(p.neighbour);
    return a != cluster_of.end() && b != cluster_of.end() && a->second == b->second;
  };
  for (const Planted& p : data.positives) r.clustered_positives += together(p) ? 1 : 0;
  for (const Planted& p : data.negatives) r.clustered_negatives += together(p) ? 1 : 0;
}

LayoutResult measure_layout(const Config& config, const Dataset& data, const PdqIndexOptions& layout,
                            const std::vector<Hash256>& brute_probes,
                            const std::vector<std::vector<IndexMatch>>& brute_answers) {
  LayoutResult r;
  r.slices = layout.slice_count;
  r.ring_filter = layout.ring_filter;
#if defined(__GLIBC__)
  malloc_trim(0);  // return the previous layout's memory, so this layout's growth shows in RSS
#endif
  reset_peak_rss();
  const long rss_before = proc_status_kb("VmRSS");
  const auto start = Clock::now();
  PdqIndex index = *PdqIndex::create(layout);
  index.reserve(data.entries.size());
  (void)index.add(data.entries);
  index.build();
  r.build_s = seconds_since(start);
  r.index_mb = static_cast<double>(index.memory_bytes()) / 1e6;
  r.rss_mb = static_cast<double>(proc_status_kb("VmRSS") - rss_before) / 1e3;
  r.peak_mb = static_cast<double>(proc_status_kb("VmHWM") - rss_before) / 1e3;

  const auto probes = make_probes(config, data, config.queries, 1);
  std::vector<double> us;
  std::vector<IndexMatch> out;
  const double cpu_start = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
  for (const Hash256& p : probes) {
    const auto t = Clock::now();
    (void)index.query_into(std::span<const Hash256>(&p, 1), kRadius, out);
    us.push_back(seconds_since(t) * 1e6);
  }
  r.q31_cpu_us = (cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu_start) * 1e6 / static_cast<double>(probes.size());
  r.q31 = summarize(us);
  us.clear();
  const auto per = static_cast<std::size_t>(config.probes_per_query);
  for (std::size_t i = 0; i + per <= probes.size() && us.size() < config.queries / 10; i += per) {
    const auto t = Clock::now();  // one image's query: its probes at once
    (void)index.query_into(std::span<const Hash256>(probes.data() + i, per), kRadius, out);
    us.push_back(seconds_since(t) * 1e6);
  }
  r.q31_multi = summarize(us);
  check_recall(index, data, brute_probes, brute_answers, r);
  if (config.cluster) run_clustering(config, index, data, r);
  return r;
}

std::string layout_name(const LayoutResult& r) {
  return std::to_string(r.slices) + " x " + std::to_string(256 / r.slices) + (256 % r.slices ? "+" : "") + "b" +
         (r.ring_filter ? " ring" : " plain");
}

// Brute-force all-pairs cost, extrapolated from the first `sample` hashes (n^2/2 pair comparisons).
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("popcnt", "default")))
#endif
double
brute_all_pairs_estimate_s(const Dataset& data, std::size_t n) {
  const std::size_t sample = std::min<std::size_t>(20'000, data.entries.size());
  const auto start = Clock::now();
  std::size_t close = 0;
  for (std::size_t i = 0; i < sample; ++i) {
    for (std::size_t j = i + 1; j < sample; ++j) {
      close += photoaudit::hashing::hamming_distance(data.entries[i].hash, data.entries[j].hash) <= kRadius;
    }
  }
  const double per_pair = seconds_since(start) / (static_cast<double>(sample) * (sample - 1) / 2);
  if (close == std::size_t(-1)) std::puts("");  // keeps the loop from being optimised away
  return per_pair * static_cast<double>(n) * static_cast<double>(n - 1) / 2;
}

bool parse_args(int argc, char** argv, Config& config) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto eq = arg.find('=');
    const std::string key = arg.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    try {
      if (key == "--n") config.n = std::stoul(value);
      else if (key == "--positives") config.positives = std::stoul(value);
      else if (key == "--negatives") config.negatives = std::stoul(value);
      else if (key == "--queries") config.queries = std::max<std::size_t>(10, std::stoul(value));
      else if (key == "--brute-queries") config.brute_queries = std::max<std::size_t>(1, std::stoul(value));
      else if (key == "--threads") config.threads = std::stoi(value);
      else if (key == "--no-cluster") config.cluster = false;
      else if (key == "--probes") config.probes_per_query = std::max(1, std::stoi(value));
      else if (key == "--probe-ratio") config.probe_ratio = std::stod(value);
      else if (key == "--slices") {
        config.layouts.clear();
        for (std::size_t pos = 0; pos <= value.size();) {  // e.g. "16,16n,32": n turns the ring filter off
          const auto comma = std::min(value.find(',', pos), value.size());
          const std::string token = value.substr(pos, comma - pos);
          config.layouts.push_back({std::stoi(token), token.back() != 'n'});
          pos = comma + 1;
        }
      } else {
        std::fprintf(stderr, "index_bench: unknown argument %s\n", arg.c_str());
        return false;
      }
    } catch (const std::exception&) {
      std::fprintf(stderr, "index_bench: bad value in %s\n", arg.c_str());
      return false;
    }
  }
  return config.n > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Config config;
  if (!parse_args(argc, argv, config)) {
    std::fprintf(stderr,
                 "usage: index_bench [--n=N] [--positives=P] [--negatives=M] [--queries=Q] "
                 "[--brute-queries=B] [--threads=T] [--slices=16,32,...] [--no-cluster] [--probes=P] "
                 "[--probe-ratio=R]\n");
    return 2;
  }
  auto start = Clock::now();
  const Dataset data = make_dataset(config);
  const std::size_t total = data.entries.size();
  std::printf(
      "data: %zu random balanced hashes + %zu planted neighbours at d=1..31 + %zu at d=32..40 "
      "(%zu hashes, generated in %.1f s); radius %d; %d clustering threads\n",
      config.n, data.positives.size(), data.negatives.size(), total, seconds_since(start), kRadius, config.threads);
  std::printf("load average at the start: %s\n", load_average().c_str());

  const auto brute_probes = make_probes(config, data, config.brute_queries, 3);
  std::vector<std::vector<IndexMatch>> brute_answers;
  std::vector<double> brute_us;
  const double brute_cpu_start = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
  for (const Hash256& p : brute_probes) {
    const auto t = Clock::now();
    brute_answers.push_back(linear_scan(data.entries, p, kRadius));
    brute_us.push_back(seconds_since(t) * 1e6);
  }
  const double brute_cpu_us = (cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - brute_cpu_start) * 1e6 /
                              static_cast<double>(brute_probes.size());
  const Latency brute = summarize(brute_us);
  const double brute_pairs_s = brute_all_pairs_estimate_s(data, total);

  std::vector<LayoutResult> results;
  for (const PdqIndexOptions& layout : config.layouts) {
    if (auto created = PdqIndex::create(layout); !created) {
      std::fprintf(stderr, "index_bench: %s\n", created.error().message.c_str());
      return 2;
    }
    std::fprintf(stderr, "index_bench: measuring %d slices%s...\n", layout.slice_count,
                 layout.ring_filter ? "" : " without the ring filter");
    results.push_back(measure_layout(config, data, layout, brute_probes, brute_answers));
  }

#if defined(PHOTOAUDIT_BENCH_FAISS)
  std::fprintf(stderr, "index_bench: measuring FAISS IndexBinaryMultiHash...\n");
  std::vector<Hash256> all_probes;
  if (config.cluster) {
    for (const IdHash& e : data.entries) all_probes.push_back(e.hash);
    for (const IdHash& p : extra_probes(config, data)) all_probes.push_back(p.hash);
  }
  const index_bench::FaissResult faiss = index_bench::measure_faiss(
      data.entries, make_probes(config, data, config.queries, 1), config.probes_per_query, brute_probes, brute_answers,
      all_probes, kRadius, config.threads);
  all_probes = {};
#endif
  std::printf(
      "\nqueries at distance %d (single thread; %zu index queries, %zu linear scans; cpu = mean thread CPU "
      "time per query)\n",
      kRadius, config.queries, brute_probes.size());
  std::printf("%-20s %8s %9s %8s %8s %10s %10s %8s %12s %9s %8s %9s\n", "method", "build s", "index MB", "RSS+ MB",
              "peak+ MB", "median us", "p99 us", "cpu us", "image query", "speedup", "recall", "vs scan");
  std::printf("%-20s %8s %9.1f %8s %8s %10.1f %10.1f %8.1f %12.1f %9s %8s %9s\n", "linear scan (peer)", "-",
              static_cast<double>(total * sizeof(IdHash)) / 1e6, "-", "-", brute.median_us, brute.p99_us, brute_cpu_us,
              config.probes_per_query * brute.median_us, "1x", "100%", "-");
  bool good = true;
  const double positives = static_cast<double>(std::max<std::size_t>(1, data.positives.size()));
  for (const LayoutResult& r : results) {
    const double recall = data.positives.empty() ? 1.0 : static_cast<double>(r.found_positives) / positives;
    std::printf("%-20s %8.2f %9.1f %8.1f %8.1f %10.1f %10.1f %8.1f %12.1f %8.0fx %7.2f%% %9s\n", layout_name(r).c_str(),
                r.build_s, r.index_mb, r.rss_mb, r.peak_mb, r.q31.median_us, r.q31.p99_us, r.q31_cpu_us,
                r.q31_multi.median_us, brute.median_us / r.q31.median_us, 100 * recall,
                r.mismatches == 0 ? "same" : "DIFFERS");
    good = good && recall == 1.0 && r.mismatches == 0 && r.leaked_negatives == 0;
  }
#if defined(PHOTOAUDIT_BENCH_FAISS)
  std::printf("%-20s %8.2f %9s %8.1f %8s %10.1f %10s %8s %12.1f %8.0fx %8s %9s\n", "faiss multihash 16x16",
              faiss.build_s, "-", faiss.rss_mb, "-", faiss.median_us, "-", "-", faiss.multi_median_us,
              brute.median_us / faiss.median_us, "-", faiss.mismatches == 0 ? "same" : "DIFFERS");
#endif
  if (config.cluster) {
    std::printf(
        "\nall-pairs clustering at distance %d (%d threads; %.2f extra probes per stored hash; linear scan = n^2/2 "
        "comparisons, extrapolated from 20,000 hashes, 1 thread)\n",
        kRadius, config.threads, config.probe_ratio);
    std::printf("%-20s %10s %10s %9s %10s %14s %12s\n", "method", "wall s", "cpu s", "speedup", "clusters",
                "planted found", "negatives");
    std::printf("%-20s %9.0fe %10s %9s %10s %14s %12s\n", "linear scan (peer)", brute_pairs_s, "-", "1x", "-", "-",
                "-");
    for (const LayoutResult& r : results) {
      const double recall = static_cast<double>(r.clustered_positives) / positives;
      std::printf("%-20s %10.1f %10.1f %8.0fx %10zu %13.2f%% %6zu/%zu\n", layout_name(r).c_str(), r.cluster_s,
                  r.cluster_cpu_s, brute_pairs_s / r.cluster_s, r.clusters, 100 * recall, r.clustered_negatives,
                  data.negatives.size());
      good = good && recall == 1.0 && r.clustered_negatives == 0;
    }
#if defined(PHOTOAUDIT_BENCH_FAISS)
    std::printf(
        "%-20s %10.1f %10s %8.0fx %10s %14s %12s  (range search of every hash and probe, extrapolated from 100,000; no "
        "union-find)\n",
        "faiss multihash 16x16", faiss.all_pairs_s, "-", brute_pairs_s / faiss.all_pairs_s, "-", "-", "-");
#endif
  }
  std::printf(
      "\nchecks: planted pairs found by query %s; negatives (d 32..40) returned: %s; answers equal to the "
      "linear scan on %zu sampled queries: %s\n",
      std::all_of(results.begin(), results.end(),
                  [&](const LayoutResult& r) { return r.found_positives == data.positives.size(); })
          ? "all"
          : "NOT ALL",
      std::all_of(results.begin(), results.end(), [](const LayoutResult& r) { return r.leaked_negatives == 0; })
          ? "none"
          : "SOME",
      brute_probes.size(),
      std::all_of(results.begin(), results.end(), [](const LayoutResult& r) { return r.mismatches == 0; }) ? "yes"
                                                                                                           : "NO");
  std::printf("load average at the end: %s\n", load_average().c_str());
  std::printf("peak RSS of the whole run: %.0f MB\n", static_cast<double>(proc_status_kb("VmHWM")) / 1e3);
  return good ? 0 : 1;
}

// The counters behind GET /metrics: requests by endpoint and status, a latency histogram, refused requests by
// reason, and the snapshot's size and age; written in the Prometheus text exposition format (version 0.0.4).
// docs/api.md lists every metric. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <utility>

#include "photoaudit/audit/snapshot_holder.hpp"

namespace photoaudit::audit::serve {

class ServeMetrics {
 public:
  // Upper bounds of the latency histogram's buckets, in seconds (+Inf is added).
  static constexpr std::array<double, 12> kBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10};

  // One answered request: endpoint is the route ("/v1/match", "/healthz", ..., "other" for unknown paths).
  void record(const std::string& endpoint, int status, double seconds);

  // Writes every metric; snapshot: the holder's status at the time of the scrape.
  void write(std::ostream& out, const SnapshotStatus& snapshot) const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::array<std::uint64_t, kBuckets.size()> bucket_counts_{};  // not cumulative; write() adds them up
  std::uint64_t latency_count_ = 0;
  double latency_sum_ = 0;
};

}  // namespace photoaudit::audit::serve

// ServeMetrics: plain counters under one mutex, written as Prometheus text.
#include "photoaudit/audit/serve_metrics.hpp"

#include <iomanip>

namespace photoaudit::audit::serve {
namespace {

void gauge(std::ostream& out, const char* name, const char* help, double value) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " gauge\n" << name << ' ' << value << '\n';
}

void write_snapshot(std::ostream& out, const SnapshotStatus& s) {
  gauge(out, "photoaudit_index_rows", "Catalog rows in the in-memory index (every record).",
        static_cast<double>(s.rows));
  gauge(out, "photoaudit_index_present_rows", "Catalog rows whose file is present.",
        static_cast<double>(s.present_rows));
  gauge(out, "photoaudit_index_hashes", "PDQ hashes in the in-memory index.", static_cast<double>(s.indexed_hashes));
  gauge(out, "photoaudit_index_bytes", "Heap bytes of the PDQ index.", static_cast<double>(s.index_bytes));
  gauge(out, "photoaudit_index_row_bytes",
        "Heap bytes of the rows' matching fields (ids, states, fingerprints, digests) beside the index.",
        static_cast<double>(s.row_bytes));
  gauge(out, "photoaudit_index_last_rebuild_timestamp_seconds",
        "When the current index was built (Unix time); 0 before the first build.", static_cast<double>(s.built_at));
  gauge(out, "photoaudit_index_rebuild_duration_seconds", "How long the current index took to build.", s.build_seconds);
  out << "# HELP photoaudit_index_rebuilds_total Index rebuilds since start, by result.\n"
      << "# TYPE photoaudit_index_rebuilds_total counter\n"
      << "photoaudit_index_rebuilds_total{result=\"ok\"} " << s.rebuilds << '\n'
      << "photoaudit_index_rebuilds_total{result=\"failed\"} " << s.failed_rebuilds << '\n';
}

}  // namespace

void ServeMetrics::record(const std::string& endpoint, int status, double seconds) {
  const std::lock_guard lock(mu_);
  ++requests_[{endpoint, status}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++bucket_counts_[i];
      break;
    }
  }
  ++latency_count_;
  latency_sum_ += seconds;
}

void ServeMetrics::write(std::ostream& out, const SnapshotStatus& snapshot) const {
  const std::lock_guard lock(mu_);
  out << std::setprecision(15);
  out << "# HELP photoaudit_http_requests_total HTTP requests answered, by route and status.\n"
      << "# TYPE photoaudit_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out << "photoaudit_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << n
        << '\n';
  }
  out << "# HELP photoaudit_http_request_duration_seconds Time from the request's headers to its answer.\n"
      << "# TYPE photoaudit_http_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += bucket_counts_[i];
    out << "photoaudit_http_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << cumulative << '\n';
  }
  out << "photoaudit_http_request_duration_seconds_bucket{le=\"+Inf\"} " << latency_count_ << '\n'
      << "photoaudit_http_request_duration_seconds_sum " << latency_sum_ << '\n'
      << "photoaudit_http_request_duration_seconds_count " << latency_count_ << '\n';
  write_snapshot(out, snapshot);
}

}  // namespace photoaudit::audit::serve

// SnapshotHolder: the catalog snapshot photoaudit serve answers from, rebuilt on a schedule and on demand and
// swapped in atomically. A request takes the current snapshot (a shared_ptr) and keeps it for its whole life, so
// requests are served during a rebuild, from the old snapshot, and the old one is freed when its last request
// ends. One rebuild runs at a time; a rebuild that fails leaves the current snapshot in place.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/catalog_connections.hpp"
#include "photoaudit/audit/catalog_snapshot.hpp"
#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::serve {

// What the metrics and /healthz say about the snapshot.
struct SnapshotStatus {
  std::size_t rows = 0;
  std::size_t present_rows = 0;
  std::size_t indexed_hashes = 0;
  std::size_t index_bytes = 0;
  std::size_t row_bytes = 0;   // CatalogSnapshot::row_bytes
  std::int64_t built_at = 0;   // seconds since the Unix epoch of the current snapshot's build; 0: none yet
  double build_seconds = 0;    // how long it took
  std::uint64_t rebuilds = 0;  // successful rebuilds since start
  std::uint64_t failed_rebuilds = 0;
  std::optional<Error> last_error;  // the last rebuild's failure, cleared by a success
};

class SnapshotHolder {
 public:
  // name: what reports call the catalog. opener opens it read-only; its catalogs are kept open (CatalogConnections)
  // for the rebuilds and for the snapshots' reads of full rows. Builds nothing yet.
  SnapshotHolder(CatalogOpener opener, std::string name);
  // Stops the schedule (stop_schedule()).
  ~SnapshotHolder();
  SnapshotHolder(const SnapshotHolder&) = delete;
  SnapshotHolder& operator=(const SnapshotHolder&) = delete;

  // Builds a new snapshot and swaps it in; blocks until done. When another rebuild is running, waits for it and
  // then builds again (so the answer reflects the catalog as of at least the call). Fails with the opener's or
  // the snapshot's error; the current snapshot then stays. Thread-safe.
  Result<void> rebuild();

  // Rebuilds every `period` on a thread of its own until stop_schedule() or destruction. period <= 0: nothing.
  void start_schedule(std::chrono::seconds period);
  void stop_schedule();

  // The current snapshot; null before the first successful rebuild. Thread-safe, never blocks on a rebuild.
  std::shared_ptr<CatalogSnapshot> current() const;

  SnapshotStatus status() const;

 private:
  void run_schedule(std::chrono::seconds period);

  std::shared_ptr<CatalogConnections> db_;
  std::string name_;
  std::mutex rebuild_mu_;  // one rebuild at a time
  mutable std::mutex mu_;  // guards current_ and status_
  std::shared_ptr<CatalogSnapshot> current_;
  SnapshotStatus status_;
  std::mutex schedule_mu_;
  std::condition_variable schedule_cv_;
  bool stopping_ = false;
  std::thread schedule_;
};

}  // namespace photoaudit::audit::serve

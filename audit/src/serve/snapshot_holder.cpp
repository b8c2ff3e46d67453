// SnapshotHolder: rebuild under one mutex, swap under another, a schedule thread that waits on a condition.
#include "photoaudit/audit/snapshot_holder.hpp"

#include <utility>

namespace photoaudit::audit::serve {

SnapshotHolder::SnapshotHolder(CatalogOpener opener, std::string name)
    : db_(std::make_shared<CatalogConnections>(std::move(opener))), name_(std::move(name)) {}

SnapshotHolder::~SnapshotHolder() { stop_schedule(); }

Result<void> SnapshotHolder::rebuild() {
  const std::lock_guard rebuilding(rebuild_mu_);
  const auto start = std::chrono::steady_clock::now();
  auto snap = CatalogSnapshot::load(db_, name_);
  const std::lock_guard lock(mu_);
  if (!snap) {
    ++status_.failed_rebuilds;
    status_.last_error = snap.error();
    return fail(snap.error());
  }
  current_ = std::move(*snap);
  status_.rows = current_->rows();
  status_.present_rows = current_->present_rows();
  status_.indexed_hashes = current_->indexed_hashes();
  status_.index_bytes = current_->index_bytes();
  status_.row_bytes = current_->row_bytes();
  status_.built_at =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  status_.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ++status_.rebuilds;
  status_.last_error.reset();
  return ok();
}

void SnapshotHolder::start_schedule(std::chrono::seconds period) {
  if (period.count() <= 0 || schedule_.joinable()) return;
  schedule_ = std::thread([this, period] { run_schedule(period); });
}

void SnapshotHolder::stop_schedule() {
  {
    const std::lock_guard lock(schedule_mu_);
    stopping_ = true;
  }
  schedule_cv_.notify_all();
  if (schedule_.joinable()) schedule_.join();
}

void SnapshotHolder::run_schedule(std::chrono::seconds period) {
  std::unique_lock lock(schedule_mu_);
  while (!schedule_cv_.wait_for(lock, period, [this] { return stopping_; })) {
    lock.unlock();
    (void)rebuild();  // a failure is kept in status() and the old snapshot serves on
    lock.lock();
  }
}

std::shared_ptr<CatalogSnapshot> SnapshotHolder::current() const {
  const std::lock_guard lock(mu_);
  return current_;
}

SnapshotStatus SnapshotHolder::status() const {
  const std::lock_guard lock(mu_);
  return status_;
}

}  // namespace photoaudit::audit::serve

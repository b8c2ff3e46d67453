// CatalogConnections: a stack of idle catalogs under a mutex; a new one opened when the stack is empty.
#include "photoaudit/audit/catalog_connections.hpp"

namespace photoaudit::audit::serve {

Result<std::pair<std::unique_ptr<Catalog>, bool>> CatalogConnections::acquire() {
  {
    const std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto catalog = std::move(idle_.back());
      idle_.pop_back();
      return std::pair{std::move(catalog), true};
    }
  }
  auto opened = opener_();  // outside the lock: opening a PostgreSQL connection takes a round trip or more
  if (!opened) return fail(opened.error());
  return std::pair{std::move(*opened), false};
}

void CatalogConnections::drop_idle() {
  std::vector<std::unique_ptr<Catalog>> dropped;
  {
    const std::lock_guard lock(mu_);
    dropped.swap(idle_);
  }
  // closed here, outside the lock
}

void CatalogConnections::release(std::unique_ptr<Catalog> catalog) {
  (void)catalog->take_notes();  // a later user's notes are its own
  const std::lock_guard lock(mu_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(catalog));
}

}  // namespace photoaudit::audit::serve

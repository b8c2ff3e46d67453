// CatalogConnections: a stack of idle catalogs under a mutex; a new one opened when the stack is empty.
#include "photoaudit/audit/catalog_connections.hpp"

namespace photoaudit::audit::serve {

Result<std::unique_ptr<Catalog>> CatalogConnections::acquire() {
  {
    const std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto catalog = std::move(idle_.back());
      idle_.pop_back();
      return catalog;
    }
  }
  return opener_();  // outside the lock: opening a PostgreSQL connection takes a round trip or more
}

void CatalogConnections::release(std::unique_ptr<Catalog> catalog) {
  (void)catalog->take_notes();  // a later user's notes are its own
  const std::lock_guard lock(mu_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(catalog));
}

}  // namespace photoaudit::audit::serve

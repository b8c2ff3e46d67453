// CatalogConnections: the open catalogs through which photoaudit serve reads the database itself (a snapshot's
// build, and the full rows of the matches a request returns), each used by one thread at a time as Catalog
// requires, kept open between requests so that a request does not pay for a connection.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::serve {

// Opens the catalog read-only (a new connection each call).
using CatalogOpener = std::function<Result<std::unique_ptr<Catalog>>()>;

class CatalogConnections {
 public:
  // Catalogs kept open between uses at most (more may be open while more threads use them at once).
  static constexpr std::size_t kMaxIdle = 32;

  explicit CatalogConnections(CatalogOpener opener) : opener_(std::move(opener)) {}

  // Calls use(catalog) with an open catalog no other thread is using: an idle one, else a new one from the
  // opener. The catalog is kept for the next call when use succeeds and closed when it fails (a failed
  // connection may be broken: the next call opens a fresh one). When an idle catalog fails with kBusy (its
  // server went away: restarted, failed over, or the connection was cut while it was idle), every idle one is
  // dropped, as they were opened before the same loss, and use is called once more with a new catalog: serve
  // only reads, so the repeat is safe, and the request that meets a restarted server does not fail for it.
  // Returns what use returns; fails with the opener's error when no catalog can be opened. Thread-safe.
  template <typename T>
  Result<T> with(const std::function<Result<T>(Catalog&)>& use) {
    auto catalog = acquire();
    if (!catalog) return fail(catalog.error());
    Result<T> out = use(*catalog->first);
    if (!out && catalog->second && out.error().code == ErrorCode::kBusy) {
      drop_idle();
      auto fresh = opener_();
      if (!fresh) return out;
      catalog->first = std::move(*fresh);
      out = use(*catalog->first);
    }
    if (out) release(std::move(catalog->first));
    return out;
  }

 private:
  // An idle catalog (second: true) or a new one (false).
  Result<std::pair<std::unique_ptr<Catalog>, bool>> acquire();
  void drop_idle();
  void release(std::unique_ptr<Catalog> catalog);

  CatalogOpener opener_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Catalog>> idle_;
};

}  // namespace photoaudit::audit::serve

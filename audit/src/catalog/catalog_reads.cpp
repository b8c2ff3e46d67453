// The default bodies of Catalog::each_image and Catalog::images_by_id (catalog.hpp): correct over images() for
// any implementation; the SQLite and PostgreSQL catalogs override both with queries of their own.
#include <algorithm>
#include <utility>

#include "photoaudit/audit/catalog.hpp"

namespace photoaudit::audit {

Result<void> Catalog::each_image(CatalogRows rows, const std::function<Result<void>(CatalogImage&&)>& visit) {
  auto all = images(rows);
  if (!all) return fail(all.error());
  for (auto& row : *all) {
    if (auto done = visit(std::move(row)); !done) return done;
  }
  return ok();
}

Result<std::vector<CatalogImage>> Catalog::images_by_id(std::span<const std::int64_t> ids) {
  std::vector<std::int64_t> wanted(ids.begin(), ids.end());
  std::sort(wanted.begin(), wanted.end());
  auto all = images(CatalogRows::kAll);
  if (!all) return fail(all.error());
  std::vector<CatalogImage> out;
  for (auto& row : *all) {
    if (std::binary_search(wanted.begin(), wanted.end(), row.id)) out.push_back(std::move(row));
  }
  return out;
}

}  // namespace photoaudit::audit

// Private to the catalog layer: the flat picture's partners of a find_same_photo (hashing/flat_partners.hpp) in
// either catalog, the rows read with SQL. The index finds a probe's copies by their hashes; a flat picture's
// crops and brighter copies, and its watermarked copies, are far from it in bits, so the rows the engine would
// compare with it when clustering a folder (the flat rows, and for a flat probe the rows of its frame shape) are
// read here and checked as the engine checks them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::audit::catalog {

// What a catalog supplies: the rows (with fingerprints) of its rows filter and the SQL condition `where`, in the
// order `order_by` (SQL), at most `limit` of them; and how many rows that condition selects.
struct FlatPartnerSql {
  bool postgres = false;
  std::function<Result<std::vector<CatalogImage>>(const std::string& where, const std::string& order_by,
                                                  std::size_t limit)>
      read;
  std::function<Result<std::int64_t>(const std::string& where)> count;
};

// The probe's flat partners that `skip` does not name (the index's candidates, the rows the caller knows),
// matched by hashing::same_photo, appended to out as catalog_match() reports them, as `scope` says
// (flat_rows_of_shape, flat_budget). The rows that could have been partners but were not checked (the budget was
// spent) are counted in the budget's unchecked. Fails with the catalog's errors.
Result<void> add_flat_partners(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                               const SearchScope& scope, const std::function<bool(std::int64_t)>& skip,
                               const FlatPartnerSql& sql, std::vector<CatalogMatch>& out);

}  // namespace photoaudit::audit::catalog

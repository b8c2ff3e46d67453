// add_flat_partners(): the SQL conditions of the flat partners' rows, and their checks (flat_partner_search.hpp).
#include "catalog/flat_partner_search.hpp"

#include <algorithm>
#include <cstdio>

#include "catalog/row_codec.hpp"
#include "photoaudit/audit/catalog_match.hpp"
#include "photoaudit/hashing/flat_partners.hpp"

namespace photoaudit::audit::catalog {
namespace {

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

struct Query {
  std::string where;
  std::size_t bound = 0;                       // rows a search checks at most
  std::size_t hashing::FlatBudget::*spends{};  // the part of the budget its rows spend
};

// The conditions name the expressions of schema 5's indexes (row_codec.hpp: flat_partner_indexes_sql) so that
// the planner reads the flat-looking rows, or the rows of one frame shape, from them: with the default rule's
// min_quality, a search reads those rows only, not the table.
std::vector<Query> queries(const hashing::FlatPartnerRows& wanted, int min_quality, bool postgres) {
  std::vector<Query> out;
  if (!wanted.want) return out;
  const std::string shape = aspect_sql(postgres) + " BETWEEN " + number(wanted.aspect_min) + " AND " +
                            number(wanted.aspect_max);
  const std::string q = std::to_string(min_quality);
  const std::string looking = "pdq IS NOT NULL AND " + flat_looking_sql(min_quality, postgres);
  // Rows with a frame, in the indexes' order (SQLite then reads a partial index, not the table, in order).
  const std::string sized = " AND " + aspect_sql(postgres) + " > 0";
  if (wanted.flat_looking_rows) {
    out.push_back({looking + sized, hashing::FlatBudget::kMaxFlatPairs, &hashing::FlatBudget::flat_pairs});
  }
  if (wanted.flat_rows_shaped) {
    out.push_back({looking + " AND " + shape + " AND pdq_quality >= " + std::to_string(hashing::kFlatMinQuality) +
                       " AND pdq_quality < " + q + sized,
                   hashing::FlatBudget::kMaxPixelChecks, &hashing::FlatBudget::pixel_checks});
  }
  if (wanted.other_rows_shaped) {
    out.push_back({"pdq IS NOT NULL AND " + shape + " AND NOT " + flat_looking_sql(min_quality, postgres) + sized,
                   hashing::FlatBudget::kMaxPixelChecks, &hashing::FlatBudget::pixel_checks});
  }
  return out;
}

}  // namespace

Result<void> add_flat_partners(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                               const SearchScope& scope, const std::function<bool(std::int64_t)>& skip,
                               const FlatPartnerSql& sql, std::vector<CatalogMatch>& out) {
  hashing::FlatBudget own;
  hashing::FlatBudget& budget = scope.flat_budget != nullptr ? *scope.flat_budget : own;
  hashing::FlatPartnerSearch search(probe, rule, budget);
  hashing::FlatPartnerRows wanted = hashing::flat_partner_rows(probe, rule);
  if (!scope.flat_rows_of_shape) wanted.flat_rows_shaped = false;
  for (const Query& query : queries(wanted, rule.min_quality, sql.postgres)) {
    if (budget.*query.spends == 0) {  // spent by earlier searches: counted, not read (the rows found included)
      auto total = sql.count(query.where);
      if (!total) return fail(total.error());
      budget.unchecked += static_cast<std::size_t>(std::max<std::int64_t>(*total, 0));
      continue;
    }
    auto rows = sql.read(query.where, aspect_sql(sql.postgres) + ", id", query.bound + 1);
    if (!rows) return fail(rows.error());
    if (rows->size() > query.bound) {  // more rows than a search may check: how many more
      auto total = sql.count(query.where);
      if (!total) return fail(total.error());
      const auto counted = static_cast<std::size_t>(std::max<std::int64_t>(*total, 0));
      budget.unchecked += counted > rows->size() ? counted - rows->size() : 0;
    }
    for (const CatalogImage& row : *rows) {
      if (!row.fingerprints || skip(row.id) || !search.partner(*row.fingerprints)) continue;
      const auto verdict = hashing::same_photo(probe, *row.fingerprints, rule);
      if (verdict.same) out.push_back(catalog_match(row, verdict));
    }
  }
  return ok();
}

}  // namespace photoaudit::audit::catalog

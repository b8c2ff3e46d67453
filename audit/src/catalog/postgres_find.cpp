// PostgresCatalog::find_same_photo: candidates by multi-index hashing in SQL, then the same checks as the
// in-memory index and the same-photo verdict in C++ (so the answer equals the SQLite catalog's).
//
// image_hashes stores each hash with its sixteen 16-bit slices, in four groups of four (s0-s3, ..., s12-s15).
// Two hashes within distance d differ in at most G = floor(d / 4) bits in at least one group (pigeonhole: four
// groups of G + 1 bits or more would be more than d), and within that group one slice differs in at most
// floor(G / 4) bits, the other three together in at most G minus that. So the query asks each slice's index for
// the values within floor(G / 4) bits of the probe's slice (17 at d = 31: G = 7) and keeps the entries whose three
// partner slices, which the index INCLUDEs (v4), lie within the bits left: an index-only scan that reads no row
// of image_hashes for the ~N / 65,536 entries a value has by chance; at d = 31 a random entry passes with
// probability ~3e-7, so the candidates are almost only the near hashes. The server then checks
// bit_count(hash # probe) <= d on the rows of those candidates. Above kMaxSliceRadius bits per slice (d >= 48)
// the enumeration would be larger than the table: every stored hash is compared instead. Windows of quality 0
// are not stored; a rule with min_quality <= 0 (which would search them) takes every row of the filter as a
// candidate. A catalog of v3 (indexes without the partners) gives the same answers, from the table's rows.
#include <algorithm>
#include <bit>
#include <set>
#include <tuple>

#include "catalog/flat_partner_search.hpp"
#include "catalog/postgres_catalog.hpp"
#include "catalog/postgres_rows.hpp"
#include "catalog/sqlite_rows.hpp"
#include "catalog/stored_features.hpp"
#include "photoaudit/hashing/pdq_index.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"

namespace photoaudit::audit::catalog {
namespace {

constexpr std::string_view kReading = "cannot read the catalog";
constexpr int kMaxSliceRadius = 2;

// Every 16-bit value within `radius` bits of value, appended to out.
void values_within(int value, int radius, std::set<int>& out) {
  out.insert(value);
  if (radius == 0) return;
  for (int bit = 0; bit < 16; ++bit) {
    const int flipped = value ^ (1 << bit);
    if (radius == 1) {
      out.insert(flipped);
    } else {
      values_within(flipped, radius - 1, out);
    }
  }
}

template <typename T>
std::string array_of(const std::vector<T>& values) {
  std::string out = "{";
  for (const auto& v : values) out += (out.size() == 1 ? "" : ",") + std::to_string(v);
  return out + "}";
}

std::string probe_array(std::span<const hashing::Hash256> probes) {
  std::string out = "{";
  for (const auto& p : probes) out += (out.size() == 1 ? "" : ",") + bit_literal(p);
  return out + "}";
}

// The other three slices of slice k's group of four (s0-s3, s4-s7, s8-s11, s12-s15): the columns its index
// INCLUDEs (postgres_schema.hpp, v4).
std::array<std::size_t, 3> group_partners(std::size_t k) {
  std::array<std::size_t, 3> out{};
  std::size_t n = 0;
  for (std::size_t j = k / 4 * 4; j < k / 4 * 4 + 4; ++j) {
    if (j != k) out[n++] = j;
  }
  return out;
}

// One slice's lookups: the slice values to look up, each with the probe's values of the three partner slices
// and how many bits those may differ in together.
struct SliceLookups {
  std::vector<int> values;
  std::array<std::vector<int>, 3> partners;
  std::vector<int> bounds;
};

// The lookups of every slice for the probes at distance `radius` (the group bound G = floor(radius / 4)): slice
// k's values within floor(G / 4) bits of each probe's slice k, each with that probe's partner slices and the
// bits of G left for them (the file comment).
std::array<SliceLookups, 16> slice_lookups(std::span<const hashing::Hash256> probes, int radius) {
  const int group_bound = radius / 4;
  using Lookup = std::tuple<int, int, int, int, int>;  // value, three partners, bound
  std::array<std::vector<Lookup>, 16> wanted;
  for (const auto& p : probes) {
    const auto slices = hash_slices(p);
    for (std::size_t k = 0; k < 16; ++k) {
      std::set<int> values;
      values_within(slices[k], group_bound / 4, values);
      const auto partner = group_partners(k);
      for (const int v : values) {
        const int bound = group_bound - std::popcount(static_cast<unsigned>(v ^ slices[k]));
        wanted[k].emplace_back(v, slices[partner[0]], slices[partner[1]], slices[partner[2]], bound);
      }
    }
  }
  std::array<SliceLookups, 16> out;
  for (std::size_t k = 0; k < 16; ++k) {
    // Widest bound first, so a repeated (value, partners) keeps it.
    std::sort(wanted[k].begin(), wanted[k].end(),
              [](const Lookup& a, const Lookup& b) { return std::get<4>(a) > std::get<4>(b); });
    std::set<std::tuple<int, int, int, int>> seen;
    for (const auto& [v, a, b, c, bound] : wanted[k]) {
      if (!seen.emplace(v, a, b, c).second) continue;
      out[k].values.push_back(v);
      out[k].partners[0].push_back(a);
      out[k].partners[1].push_back(b);
      out[k].partners[2].push_back(c);
      out[k].bounds.push_back(bound);
    }
  }
  return out;
}

// The SQL and parameters of the candidate query (the file comment): rows of image_hashes within radius of a
// probe, their image ids. Up to a slice radius of kMaxSliceRadius, 16 index-only lookups of (slice value,
// partners, bound) lists, $1..$80 (five arrays a slice), then the distance check on the few rows found; above it,
// every stored hash compared. The probes are the next parameter, then the radius.
std::pair<std::string, std::vector<PgParam>> slice_query(std::span<const hashing::Hash256> probes, int radius,
                                                         CatalogRows rows) {
  std::vector<PgParam> params;
  std::string from = "image_hashes h";
  if (radius / 16 <= kMaxSliceRadius) {
    const auto lookups = slice_lookups(probes, radius);
    std::string branches;
    const auto param = [&](const std::vector<int>& values) {
      params.push_back(PgParam::text(array_of(values)));
      return "$" + std::to_string(params.size()) + "::int[]";
    };
    for (std::size_t k = 0; k < 16; ++k) {
      const auto partner = group_partners(k);
      std::string unnest = "unnest(" + param(lookups[k].values);
      std::string near;
      for (std::size_t j = 0; j < 3; ++j) {
        unnest += ", " + param(lookups[k].partners[j]);
        near += std::string(j == 0 ? "" : " + ") + "bit_count((x.s" + std::to_string(partner[j]) + " # q.p" +
                std::to_string(j) + ")::bit(16))";
      }
      unnest += ", " + param(lookups[k].bounds) + ") AS q(v, p0, p1, p2, bound)";
      branches += k == 0 ? "" : " UNION ALL ";
      branches += "SELECT x.path_key, x.image_id FROM ";
      branches += unnest;
      branches += " JOIN image_hashes x ON x.s" + std::to_string(k) + " = q.v AND ";
      branches += near;
      branches += " <= q.bound";
    }
    from = "(SELECT DISTINCT path_key, image_id FROM (" + branches +
           ") AS c0) AS c JOIN image_hashes h ON h.path_key = c.path_key AND h.image_id = c.image_id";
  }
  const std::size_t n = params.size();
  params.push_back(PgParam::text(probe_array(probes)));
  params.push_back(PgParam::integer(radius));
  std::string sql = "SELECT DISTINCT h.image_id FROM " + from;
  if (rows == CatalogRows::kPresent) sql += " JOIN images i ON i.path_key = h.path_key AND i.id = h.image_id";
  sql += " WHERE EXISTS (SELECT 1 FROM unnest($" + std::to_string(n + 1) +
         "::bit(256)[]) AS p WHERE bit_count(h.hash # p) <= $" + std::to_string(n + 2) + ")";
  if (rows == CatalogRows::kPresent) sql += " AND i.state = 0";
  return {sql, params};
}

// Whether row's searchable hashes (as the in-memory index stores them) lie within radius of a probe.
bool near_in_index(const hashing::Fingerprints& row, std::span<const hashing::Hash256> probes, int radius,
                   int min_quality) {
  hashing::PdqIndex index;  // never built: a handful of entries, scanned linearly
  hashing::add_searchable_hashes(index, 1, row, min_quality);
  auto near = index.query_any(probes, radius);
  return near && !near->empty();
}

}  // namespace

Result<void> PostgresCatalog::add_flat_partners(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                                CatalogRows rows, std::span<const std::int64_t> candidates,
                                                const SearchScope& scope, std::vector<CatalogMatch>& out) {
  const std::string filter = rows == CatalogRows::kPresent ? "state = 0" : "true";
  FlatPartnerSql sql;
  sql.postgres = true;
  sql.read = [&](const std::string& where, const std::string& order_by,
                 std::size_t limit) -> Result<std::vector<CatalogImage>> {
    auto res = exec(kPgSelectSql + " WHERE " + filter + " AND " + where + " ORDER BY " + order_by + " LIMIT " +
                        std::to_string(limit),
                    {}, kReading);
    if (!res) return fail(res.error());
    std::vector<CatalogImage> read;
    read.reserve(static_cast<std::size_t>(PQntuples(res->get())));
    for (int i = 0; i < PQntuples(res->get()); ++i) read.push_back(read_pg_image(res->get(), i));
    return read;
  };
  sql.count = [&](const std::string& where) -> Result<std::int64_t> {
    auto res = exec("SELECT count(*) FROM images WHERE " + filter + " AND " + where, {}, kReading);
    if (!res) return fail(res.error());
    return pg_int(res->get(), 0, 0);
  };
  // candidates (sorted): read and verified by find_same_photo itself.
  const auto skip = [&](std::int64_t id) {
    return std::binary_search(candidates.begin(), candidates.end(), id) ||
           std::binary_search(scope.known.begin(), scope.known.end(), id);
  };
  return catalog::add_flat_partners(probe, rule, scope, skip, sql, out);
}

Result<int> PostgresCatalog::grey_zone_radius(const hashing::SameRule& rule) {
  if (!row_count_) {
    auto n = count();
    if (!n) return fail(n.error());
    row_count_ = *n;
  }
  const bool wide = *row_count_ <= static_cast<std::int64_t>(kGreyZoneSearchRows);
  return std::max(hashing::search_radius(rule), wide ? rule.grey_zone_max : 0);
}

Result<bool> PostgresCatalog::has_grey_zone(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                            CatalogRows rows) {
  if (!rule.local_features) return false;
  auto radius = grey_zone_radius(rule);
  if (!radius) return fail(radius.error());
  auto ids = candidate_ids(probe, rule, rows, *radius);
  if (!ids) return fail(ids.error());
  auto candidates = images_by_id(*ids);
  if (!candidates) return fail(candidates.error());
  return any_in_grey_zone(probe, *candidates, rule);
}

Result<std::vector<std::int64_t>> PostgresCatalog::candidate_ids(const hashing::Fingerprints& probe,
                                                                 const hashing::SameRule& rule, CatalogRows rows,
                                                                 int radius) {
  const std::string filter = rows == CatalogRows::kPresent ? "state = 0" : "true";
  const std::vector<hashing::Hash256> probes = hashing::probe_hashes_within(probe, rule, radius);
  std::string sql = "SELECT id FROM images WHERE " + filter + " AND (sha256 = $1 OR content_hash = $2)";
  std::vector<PgParam> params = {PgParam::bytes(std::string(digest_bytes(probe.sha256))),
                                 PgParam::bytes(std::string(digest_bytes(probe.content_hash.digest)))};
  if (rule.min_quality <= 0) {
    sql = "SELECT id FROM images WHERE " + filter;
    params.clear();
  }
  std::set<std::int64_t> ids;
  auto same = exec(sql, params, kReading);
  if (!same) return fail(same.error());
  for (int i = 0; i < PQntuples(same->get()); ++i) ids.insert(pg_int(same->get(), i, 0));
  if (!probes.empty() && rule.min_quality > 0) {
    const auto [near_sql, near_params] = slice_query(probes, radius, rows);
    auto near = exec_prepared(near_sql, near_params, kReading);
    if (!near) return fail(near.error());
    for (int i = 0; i < PQntuples(near->get()); ++i) ids.insert(pg_int(near->get(), i, 0));
  }
  return std::vector<std::int64_t>(ids.begin(), ids.end());
}

Result<std::vector<CatalogMatch>> PostgresCatalog::find_same_photo(const hashing::Fingerprints& probe,
                                                                   const hashing::SameRule& rule, CatalogRows rows,
                                                                   const SearchScope& scope) {
  // With the probe's local features, the grey zone's candidates too (verified with the rows' stored features).
  const bool grey_zone = rule.local_features && probe.local_features != nullptr;
  const int radius = std::max(hashing::search_radius(rule), grey_zone ? rule.grey_zone_max : 0);
  auto ids = candidate_ids(probe, rule, rows, radius);
  if (!ids) return fail(ids.error());
  const auto is_known = [&scope](std::int64_t id) {
    return std::binary_search(scope.known.begin(), scope.known.end(), id);
  };
  std::erase_if(*ids, is_known);
  std::vector<CatalogMatch> out;
  std::vector<std::int64_t> verified;  // the candidates the rule was asked about
  if (!ids->empty()) {
    std::string list = "{";
    for (const auto id : *ids) list += (list.size() == 1 ? "" : ",") + std::to_string(id);
    auto res = exec(kPgSelectSql + " WHERE id = ANY($1::bigint[])", {PgParam::text(list + "}")}, kReading);
    if (!res) return fail(res.error());
    const std::vector<hashing::Hash256> probes = hashing::probe_hashes_within(probe, rule, radius);
    for (int i = 0; i < PQntuples(res->get()); ++i) {
      const CatalogImage row = read_pg_image(res->get(), i);
      if (!row.fingerprints) continue;
      // As the SQLite catalog's candidates: the same SHA-256 or coded-data digest (whatever its method).
      const bool same_key = row.fingerprints->sha256 == probe.sha256 ||
                            row.fingerprints->content_hash.digest == probe.content_hash.digest;
      if (!same_key && !near_in_index(*row.fingerprints, probes, radius, rule.min_quality)) continue;
      verified.push_back(row.id);
      auto verdict = hashing::same_photo(probe, *row.fingerprints, rule);
      if (!verdict.same && grey_zone) {
        verdict = verify_with_stored_features(*this, probe, row, verdict, rule,
                                              scope.notes != nullptr ? *scope.notes : notes_);
      }
      if (verdict.same) out.push_back(catalog_match(row, verdict));
    }
  }
  // The slices' candidates the index radius then refused are no candidates: a flat partner may be among them.
  std::sort(verified.begin(), verified.end());
  if (auto flat = add_flat_partners(probe, rule, rows, verified, scope, out); !flat) return fail(flat.error());
  std::sort(out.begin(), out.end(), [](const CatalogMatch& a, const CatalogMatch& b) {
    return std::tie(a.distance, a.path, a.id) < std::tie(b.distance, b.path, b.id);
  });
  return out;
}

}  // namespace photoaudit::audit::catalog

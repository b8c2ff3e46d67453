// PostgresCatalog: the catalog in a PostgreSQL database (libpq), for an archive that many machines scan into
// and many readers search. The same rows, history and answers as the SQLite catalog (catalog.hpp describes the
// contract); what differs is stated here.
//
// - Writes: each write()/mark_*() call is one transaction. write() first takes a transaction-level advisory lock
//   on the path_key of each path it writes, in key order, so writers that write the same path (two shards
//   claiming a file, a retried worker beside its replaced one) are serialised and each sees the other's row:
//   a path never gets two present rows. The INSERT also says ON CONFLICT (path_key, path) WHERE state < 2 DO
//   NOTHING, and a conflict fails the call with kBusy (retry) instead of storing a second row.
// - Errors: a lost connection, a deadlock, a lock wait past options.busy_timeout_ms (lock_timeout) are kBusy; a
//   full disk or a refused statement kIOError. On failure nothing of the call is stored.
// - find_same_photo() asks the server for candidates (multi-index hashing over image_hashes' slice columns, then
//   bit_count verification) instead of loading every row; it loads only the candidates.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "catalog/postgres_support.hpp"

#include "photoaudit/audit/catalog.hpp"

namespace photoaudit::audit::catalog {

class PostgresCatalog final : public Catalog {
 public:
  // REQUIRES: conn is connected to a database with the newest schema (open_postgres_catalog checks it).
  // subject: the URL without its password, for messages.
  PostgresCatalog(PgConn conn, std::string subject) : conn_(std::move(conn)), subject_(std::move(subject)) {}

  Result<std::vector<CatalogFileState>> file_states() override;
  Result<void> write(std::span<const CatalogWrite> writes) override;
  Result<void> mark_seen(std::span<const std::int64_t> ids, std::int64_t seen) override;
  Result<void> mark_missing(std::span<const std::int64_t> ids) override;
  Result<std::vector<CatalogImage>> images(CatalogRows rows) override;
  Result<void> each_image(CatalogRows rows, const std::function<Result<void>(CatalogImage&&)>& visit) override;
  Result<std::vector<CatalogImage>> images_by_id(std::span<const std::int64_t> ids) override;
  Result<std::int64_t> count() override;
  Result<std::int64_t> last_scan() override;
  Result<std::vector<CatalogMatch>> find_same_photo(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                                    CatalogRows rows, const SearchScope& scope = {}) override;
  Result<bool> has_grey_zone(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                             CatalogRows rows) override;
  Result<std::optional<std::string>> local_features(std::int64_t id) override;
  std::vector<std::string> take_notes() override { return std::exchange(notes_, {}); }

 private:
  // Runs body between BEGIN and COMMIT; rolls back when body or the commit fails.
  template <typename Body>
  Result<void> in_transaction(Body body);
  Result<void> lock_paths(std::span<const CatalogWrite> writes);
  Result<void> write_one(const CatalogWrite& w);
  Result<void> carry_move(const CatalogWrite& w, CatalogImage& image);
  // The id of the present or missing row of image.path to update in place (0: insert), retiring a row of
  // other bytes; adjusts image's history as the SQLite catalog does.
  Result<std::int64_t> settle_current_row(CatalogImage& image);
  Result<void> put_hashes(std::int64_t id, const CatalogImage& image, bool replace);
  Result<std::int64_t> single_int(std::string_view sql);
  Result<PgResult> exec(std::string_view sql, const std::vector<PgParam>& params, std::string_view doing);
  // exec() through a statement prepared on this connection on its first use (planned once, not per call): for
  // the statements of find, whose text depends only on the kind of search.
  Result<PgResult> exec_prepared(const std::string& sql, const std::vector<PgParam>& params, std::string_view doing);
  // The rows with the probe's SHA-256 or coded-data hash, and those whose stored hashes lie within radius of the
  // probe's (the slices, then every stored hash compared on the server above 47 bits).
  Result<std::vector<std::int64_t>> candidate_ids(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                                  CatalogRows rows, int radius);
  // How far has_grey_zone searches: rule.grey_zone_max while the catalog holds at most kGreyZoneSearchRows rows
  // (counted once, again after a write), else search_radius(rule), as SQLite.
  Result<int> grey_zone_radius(const hashing::SameRule& rule);

  // A flat picture's partners that are not among candidates (the rows the rule was asked about, sorted) or
  // scope.known, matched into out as `scope` says (catalog/flat_partner_search.hpp; what the budget leaves
  // unchecked is counted in it).
  Result<void> add_flat_partners(const hashing::Fingerprints& probe, const hashing::SameRule& rule, CatalogRows rows,
                                 std::span<const std::int64_t> candidates, const SearchScope& scope,
                                 std::vector<CatalogMatch>& out);

  PgConn conn_;
  std::string subject_;
  std::vector<std::string> notes_;                            // see Catalog::take_notes
  std::optional<std::int64_t> row_count_;                     // grey_zone_radius's count; reset by write()
  std::map<std::string, std::string, std::less<>> prepared_;  // statement text -> its name on conn_
};

}  // namespace photoaudit::audit::catalog

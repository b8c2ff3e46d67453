// SqliteCatalog: the embedded catalog (one SQLite file, WAL mode). Opening checks, in this order and before
// anything is written, that the file is SQLite, that it is a photoaudit catalog and that its schema is not
// newer than this build; only then is WAL switched on and the schema created or migrated.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <system_error>
#include <tuple>
#include <utility>
#include <vector>

#include "catalog/flat_partner_search.hpp"
#include "catalog/row_codec.hpp"
#include "catalog/sqlite_rows.hpp"
#include "catalog/sqlite_schema.hpp"
#include "catalog/sqlite_support.hpp"
#include "catalog/stored_features.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/metadata_date.hpp"
#include "photoaudit/common/encoding.hpp"
#include "photoaudit/hashing/feature_verifier.hpp"
#include "photoaudit/hashing/local_features_codec.hpp"
#include "photoaudit/hashing/pdq_index.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"

namespace photoaudit::audit {
namespace {

using catalog::exec;
using catalog::sqlite_error;
using catalog::Statement;

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

class SqliteCatalog final : public Catalog {
 public:
  SqliteCatalog(DbHandle db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}

  Result<std::vector<CatalogFileState>> file_states() override;
  Result<void> write(std::span<const CatalogWrite> writes) override;
  Result<void> mark_seen(std::span<const std::int64_t> ids, std::int64_t seen) override;
  Result<void> mark_missing(std::span<const std::int64_t> ids) override;
  Result<std::vector<CatalogImage>> images(CatalogRows rows) override;
  Result<void> each_image(CatalogRows rows, const std::function<Result<void>(CatalogImage&&)>& visit) override;
  Result<std::vector<CatalogImage>> images_by_id(std::span<const std::int64_t> ids) override;
  Result<std::int64_t> count() override;
  Result<std::int64_t> last_scan() override;
  Result<std::optional<std::string>> local_features(std::int64_t id) override;
  std::vector<std::string> take_notes() override { return std::exchange(notes_, {}); }
  Result<std::vector<CatalogMatch>> find_same_photo(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                                    CatalogRows rows, const SearchScope& scope = {}) override;
  Result<bool> has_grey_zone(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                             CatalogRows rows) override;
  // How far has_grey_zone searches the index: out to rule.grey_zone_max while the index holds at most
  // kGreyZoneSearchRows rows, else search_radius(rule) (REQUIRES: the index is built).
  int grey_zone_radius(const hashing::SameRule& rule) const;

 private:
  // The statements of one write() call.
  struct WriteStatements {
    Statement insert, update, current_row, carried, retire;
  };

  // Runs body inside BEGIN IMMEDIATE ... COMMIT; rolls back when body or the commit fails.
  template <typename Body>
  Result<void> in_transaction(Body body);
  Result<void> write_one(WriteStatements& st, const CatalogWrite& w);
  // Runs sql (one ?1 for the id, optionally ?2) for each id in one transaction.
  Result<void> update_each(std::string_view sql, std::span<const std::int64_t> ids, std::optional<std::int64_t> arg);
  Result<void> build_index(int min_quality, CatalogRows rows);
  // The rows of kSelectSql followed by `tail` (its WHERE, ORDER BY, LIMIT).
  Result<std::vector<CatalogImage>> select_images(const std::string& tail);
  Error write_error(int rc) const { return catalog::sqlite_error(rc, db_.get(), path_, "cannot write to the catalog"); }

  DbHandle db_;
  std::string path_;
  std::optional<hashing::PdqIndex> index_;  // built by find_same_photo, dropped by writes
  int index_min_quality_ = -1;
  CatalogRows index_rows_ = CatalogRows::kPresent;
  std::size_t index_row_count_ = 0;  // rows in the index (kGreyZoneSearchRows)
  std::vector<std::string> notes_;   // see Catalog::take_notes
};

// The SQL condition for the rows a query returns.
std::string rows_filter(CatalogRows rows) {
  return rows == CatalogRows::kPresent ? "state = " + std::to_string(catalog::kStatePresent) : "1";
}

template <typename Body>
Result<void> SqliteCatalog::in_transaction(Body body) {
  if (auto begun = exec(db_.get(), "BEGIN IMMEDIATE", path_, "cannot write to the catalog"); !begun) return begun;
  Result<void> done = body();
  if (done) done = exec(db_.get(), "COMMIT", path_, "cannot write to the catalog");
  if (!done) (void)sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  index_.reset();
  return done;
}

Result<std::vector<CatalogFileState>> SqliteCatalog::file_states() {
  auto stmt = Statement::prepare(db_.get(),
                                 "SELECT id, path, size, mtime_ns, sha256, state, first_seen, local_features IS NOT "
                                 "NULL, " +
                                     catalog::lacks_derotated_sql(false) + " FROM images WHERE state < 2 ORDER BY id",
                                 path_);
  if (!stmt) return fail(stmt.error());
  std::vector<CatalogFileState> out;
  int rc = 0;
  while ((rc = stmt->step()) == SQLITE_ROW) {
    CatalogFileState s;
    s.id = stmt->column_int(0);
    s.path = std::string(stmt->column_blob(1));
    s.size = static_cast<std::uint64_t>(stmt->column_int(2));
    s.mtime_ns = stmt->column_int(3);
    const auto sha = stmt->column_blob(4);
    if (sha.size() == s.sha256.bytes.size()) {
      std::copy(sha.begin(), sha.end(), s.sha256.bytes.begin());
      s.has_fingerprints = true;
    }
    s.missing = stmt->column_int(5) == catalog::kStateMissing;
    s.first_seen = stmt->column_int(6);
    s.has_local_features = stmt->column_int(7) != 0;
    s.lacks_derotated = stmt->column_int(8) != 0;
    out.push_back(std::move(s));
  }
  if (rc != SQLITE_DONE) return fail(sqlite_error(rc, db_.get(), path_, "cannot read the catalog"));
  return out;
}

Result<void> SqliteCatalog::write_one(WriteStatements& st, const CatalogWrite& w) {
  CatalogImage image = w.image;
  if (w.moved_from_id != 0) {
    // The row the file left: its first sighting is carried here, and it stays as a record of the move.
    st.carried.reset();
    st.carried.bind(1, w.moved_from_id);
    int rc = st.carried.step();
    if (rc == SQLITE_ROW) {
      const std::int64_t first = st.carried.column_int(0);
      if (first != 0) image.history.first_seen = std::min(image.history.first_seen, first);
      image.history.moved_from = std::string(st.carried.column_blob(1));
      st.retire.reset();
      st.retire.bind(1, catalog::kStateMoved);
      st.retire.bind_blob(2, std::string_view(image.path));
      st.retire.bind(3, w.moved_from_id);
      if (rc = st.retire.step(); rc != SQLITE_DONE) return fail(write_error(rc));
    } else if (rc != SQLITE_DONE) {
      return fail(write_error(rc));
    }
  }
  // The present or missing row of this path: the same bytes are updated in place, other bytes are retired.
  st.current_row.reset();
  st.current_row.bind_blob(1, std::string_view(image.path));
  int rc = st.current_row.step();
  std::int64_t update_id = 0;
  if (rc == SQLITE_ROW) {
    const std::int64_t id = st.current_row.column_int(0);
    const auto sha = st.current_row.column_blob(1);
    const bool same_bytes = sha.empty() || !image.fingerprints ||
                            sha == catalog::digest_bytes(image.fingerprints->sha256);
    if (same_bytes) {
      update_id = id;
      const std::int64_t first = st.current_row.column_int(2);
      if (first != 0) image.history.first_seen = std::min(image.history.first_seen, first);
      if (image.history.moved_from.empty()) image.history.moved_from = std::string(st.current_row.column_blob(3));
      // An import of older records (scan --import) never moves the last sighting back.
      image.history.last_seen = std::max(image.history.last_seen, st.current_row.column_int(4));
    } else {
      st.retire.reset();
      st.retire.bind(1, catalog::kStateReplaced);
      st.retire.bind_null(2);
      st.retire.bind(3, id);
      if (rc = st.retire.step(); rc != SQLITE_DONE) return fail(write_error(rc));
    }
  } else if (rc != SQLITE_DONE) {
    return fail(write_error(rc));
  }
  Statement& put = update_id != 0 ? st.update : st.insert;
  put.reset();
  catalog::bind_image(put, image);
  if (update_id != 0) put.bind(catalog::kImageParams + 1, update_id);
  if (rc = put.step(); rc != SQLITE_DONE) return fail(write_error(rc));
  return ok();
}

Result<void> SqliteCatalog::write(std::span<const CatalogWrite> writes) {
  if (writes.empty()) return ok();
  return in_transaction([&]() -> Result<void> {
    WriteStatements st;
    const std::pair<Statement*, std::string> sql[] = {
        {&st.insert, catalog::kInsertSql},
        {&st.update, catalog::kUpdateSql},
        {&st.current_row,
         "SELECT id, sha256, first_seen, moved_from, last_seen FROM images WHERE path = ?1 AND state < 2"},
        {&st.carried, "SELECT first_seen, path FROM images WHERE id = ?1 AND state < 2"},
        {&st.retire, "UPDATE images SET state = ?1, moved_to = ?2 WHERE id = ?3"},
    };
    for (const auto& [stmt, text] : sql) {
      auto prepared = Statement::prepare(db_.get(), text, path_);
      if (!prepared) return fail(prepared.error());
      *stmt = std::move(*prepared);
    }
    for (const auto& w : writes) {
      if (auto done = write_one(st, w); !done) return done;
    }
    return ok();
  });
}

Result<void> SqliteCatalog::update_each(std::string_view sql, std::span<const std::int64_t> ids,
                                        std::optional<std::int64_t> arg) {
  if (ids.empty()) return ok();
  return in_transaction([&]() -> Result<void> {
    auto stmt = Statement::prepare(db_.get(), sql, path_);
    if (!stmt) return fail(stmt.error());
    for (const std::int64_t id : ids) {
      stmt->reset();
      stmt->bind(1, id);
      if (arg) stmt->bind(2, *arg);
      if (const int rc = stmt->step(); rc != SQLITE_DONE) return fail(write_error(rc));
    }
    return ok();
  });
}

Result<void> SqliteCatalog::mark_seen(std::span<const std::int64_t> ids, std::int64_t seen) {
  return update_each("UPDATE images SET state = 0, last_seen = max(last_seen, ?2) WHERE id = ?1 AND state < 2", ids,
                     seen);
}

Result<void> SqliteCatalog::mark_missing(std::span<const std::int64_t> ids) {
  return update_each("UPDATE images SET state = 1 WHERE id = ?1 AND state = 0", ids, std::nullopt);
}

Result<std::vector<CatalogImage>> SqliteCatalog::select_images(const std::string& tail) {
  auto stmt = Statement::prepare(db_.get(), std::string(catalog::kSelectSql) + " " + tail, path_);
  if (!stmt) return fail(stmt.error());
  std::vector<CatalogImage> out;
  int rc = 0;
  while ((rc = stmt->step()) == SQLITE_ROW) out.push_back(catalog::read_image(*stmt));
  if (rc != SQLITE_DONE) return fail(sqlite_error(rc, db_.get(), path_, "cannot read the catalog"));
  return out;
}

Result<std::vector<CatalogImage>> SqliteCatalog::images(CatalogRows rows) {
  return select_images("WHERE " + rows_filter(rows) + " ORDER BY id");
}

Result<void> SqliteCatalog::each_image(CatalogRows rows, const std::function<Result<void>(CatalogImage&&)>& visit) {
  const std::string sql = std::string(catalog::kSelectSql) + " WHERE " + rows_filter(rows) + " ORDER BY id";
  auto stmt = Statement::prepare(db_.get(), sql, path_);
  if (!stmt) return fail(stmt.error());
  int rc = 0;
  while ((rc = stmt->step()) == SQLITE_ROW) {
    if (auto done = visit(catalog::read_image(*stmt)); !done) return done;
  }
  if (rc != SQLITE_DONE) return fail(sqlite_error(rc, db_.get(), path_, "cannot read the catalog"));
  return ok();
}

Result<std::vector<CatalogImage>> SqliteCatalog::images_by_id(std::span<const std::int64_t> ids) {
  std::vector<std::int64_t> sorted(ids.begin(), ids.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  auto by_id = Statement::prepare(db_.get(), std::string(catalog::kSelectSql) + " WHERE id = ?1", path_);
  if (!by_id) return fail(by_id.error());
  std::vector<CatalogImage> out;
  for (const std::int64_t id : sorted) {
    by_id->reset();
    by_id->bind(1, id);
    const int rc = by_id->step();
    if (rc == SQLITE_DONE) continue;
    if (rc != SQLITE_ROW) return fail(sqlite_error(rc, db_.get(), path_, "cannot read the catalog"));
    out.push_back(catalog::read_image(*by_id));
  }
  return out;
}

Result<std::int64_t> SqliteCatalog::count() {
  auto stmt = Statement::prepare(db_.get(), "SELECT count(*) FROM images", path_);
  if (!stmt) return fail(stmt.error());
  const int rc = stmt->step();
  if (rc != SQLITE_ROW) return fail(sqlite_error(rc, db_.get(), path_, "cannot read the catalog"));
  return stmt->column_int(0);
}

Result<std::int64_t> SqliteCatalog::last_scan() {
  auto stmt = Statement::prepare(db_.get(), "SELECT coalesce(max(last_seen), 0) FROM images", path_);
  if (!stmt) return fail(stmt.error());
  const int rc = stmt->step();
  if (rc != SQLITE_ROW) return fail(sqlite_error(rc, db_.get(), path_, "cannot read the catalog"));
  return stmt->column_int(0);
}

Result<std::optional<std::string>> SqliteCatalog::local_features(std::int64_t id) {
  auto stmt = Statement::prepare(db_.get(), "SELECT local_features FROM images WHERE id = ?1", path_);
  if (!stmt) return fail(stmt.error());
  stmt->bind(1, id);
  const int rc = stmt->step();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return fail(sqlite_error(rc, db_.get(), path_, "cannot read the catalog"));
  if (stmt->column_is_null(0)) return std::optional<std::string>();
  return std::optional<std::string>(std::string(stmt->column_blob(0)));
}

Result<void> SqliteCatalog::build_index(int min_quality, CatalogRows rows) {
  auto stmt = Statement::prepare(
      db_.get(),
      "SELECT id, pdq, pdq_quality, pdq_windows, pdq_trimmed, pdq_trimmed_quality FROM images "
      "WHERE " +
          rows_filter(rows) + " AND pdq IS NOT NULL",
      path_);
  if (!stmt) return fail(stmt.error());
  hashing::PdqIndex index;
  std::size_t row_count = 0;
  int rc = 0;
  while ((rc = stmt->step()) == SQLITE_ROW) {
    ++row_count;
    // The row's hashes as a partial fingerprint: the engine decides which of them the search stores.
    hashing::Fingerprints fp;
    if (const auto pdq = catalog::hash_from_blob(stmt->column_blob(1))) {
      fp.pdq = *pdq;
      fp.pdq_hashable = true;
      fp.pdq_quality = static_cast<int>(stmt->column_int(2));
    }
    if (!catalog::windows_from_blob(stmt->column_blob(3), fp)) fp.pdq_window_quality.fill(0);
    if (catalog::trimmed_from_blob(stmt->column_blob(4), fp)) {
      fp.pdq_trimmed_quality = static_cast<int>(stmt->column_int(5));
    } else {
      fp.trimmed = {};
    }
    hashing::add_searchable_hashes(index, static_cast<std::uint64_t>(stmt->column_int(0)), fp, min_quality);
  }
  if (rc != SQLITE_DONE) return fail(sqlite_error(rc, db_.get(), path_, "cannot read the catalog"));
  index.build();
  index_ = std::move(index);
  index_min_quality_ = min_quality;
  index_rows_ = rows;
  index_row_count_ = row_count;
  return ok();
}

int SqliteCatalog::grey_zone_radius(const hashing::SameRule& rule) const {
  const bool wide = index_row_count_ <= kGreyZoneSearchRows;
  return std::max(hashing::search_radius(rule), wide ? rule.grey_zone_max : 0);
}

Result<bool> SqliteCatalog::has_grey_zone(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                          CatalogRows rows) {
  if (!rule.local_features) return false;
  if (!index_ || index_min_quality_ != rule.min_quality || index_rows_ != rows) {
    if (auto built = build_index(rule.min_quality, rows); !built) return fail(built.error());
  }
  const int radius = grey_zone_radius(rule);
  auto near = index_->query_any(hashing::probe_hashes_within(probe, rule, radius), radius);
  if (!near) return fail(near.error());
  std::vector<std::int64_t> ids;
  ids.reserve(near->size());
  for (const auto& m : *near) ids.push_back(static_cast<std::int64_t>(m.id));
  auto candidates = images_by_id(ids);
  if (!candidates) return fail(candidates.error());
  return catalog::any_in_grey_zone(probe, *candidates, rule);
}

Result<std::vector<CatalogMatch>> SqliteCatalog::find_same_photo(const hashing::Fingerprints& probe,
                                                                 const hashing::SameRule& rule, CatalogRows rows,
                                                                 const SearchScope& scope) {
  if (!index_ || index_min_quality_ != rule.min_quality || index_rows_ != rows) {
    if (auto built = build_index(rule.min_quality, rows); !built) return fail(built.error());
  }
  // With the probe's local features, the grey zone's candidates too (verified with the rows' stored features).
  const bool grey_zone = rule.local_features && probe.local_features != nullptr;
  const int radius = std::max(hashing::search_radius(rule), grey_zone ? rule.grey_zone_max : 0);
  const std::vector<hashing::Hash256> probes = hashing::probe_hashes_within(probe, rule, radius);
  auto near = index_->query_any(probes, radius);
  if (!near) return fail(near.error());
  std::set<std::int64_t> candidates;
  for (const auto& m : *near) candidates.insert(static_cast<std::int64_t>(m.id));

  auto same_key = Statement::prepare(
      db_.get(), "SELECT id FROM images WHERE " + rows_filter(rows) + " AND (sha256 = ?1 OR content_hash = ?2)", path_);
  if (!same_key) return fail(same_key.error());
  same_key->bind_blob(1, std::span<const std::uint8_t>(probe.sha256.bytes));
  same_key->bind_blob(2, std::span<const std::uint8_t>(probe.content_hash.digest.bytes));
  int rc = 0;
  while ((rc = same_key->step()) == SQLITE_ROW) candidates.insert(same_key->column_int(0));
  if (rc != SQLITE_DONE) return fail(sqlite_error(rc, db_.get(), path_, "cannot read the catalog"));

  auto by_id = Statement::prepare(db_.get(), std::string(catalog::kSelectSql) + " WHERE id = ?1", path_);
  if (!by_id) return fail(by_id.error());
  std::vector<CatalogMatch> out;
  for (const std::int64_t id : candidates) {
    if (std::binary_search(scope.known.begin(), scope.known.end(), id)) continue;
    by_id->reset();
    by_id->bind(1, id);
    rc = by_id->step();
    if (rc == SQLITE_DONE) continue;  // removed meanwhile
    if (rc != SQLITE_ROW) return fail(sqlite_error(rc, db_.get(), path_, "cannot read the catalog"));
    const CatalogImage row = catalog::read_image(*by_id);
    if (!row.fingerprints) continue;
    auto verdict = hashing::same_photo(probe, *row.fingerprints, rule);
    if (!verdict.same && grey_zone) {
      verdict = catalog::verify_with_stored_features(*this, probe, row, verdict, rule,
                                                     scope.notes != nullptr ? *scope.notes : notes_);
    }
    if (!verdict.same) continue;
    out.push_back(catalog::catalog_match(row, verdict));
  }

  // A flat picture's partners, which no index reaches (catalog/flat_partner_search.hpp).
  const std::string filter = rows_filter(rows);
  catalog::FlatPartnerSql sql;
  sql.read = [&](const std::string& where, const std::string& order_by, std::size_t limit) {
    return select_images("WHERE " + filter + " AND " + where + " ORDER BY " + order_by + " LIMIT " +
                         std::to_string(limit));
  };
  sql.count = [&](const std::string& where) -> Result<std::int64_t> {
    auto stmt = Statement::prepare(db_.get(), "SELECT count(*) FROM images WHERE " + filter + " AND " + where, path_);
    if (!stmt) return fail(stmt.error());
    const int step = stmt->step();
    if (step != SQLITE_ROW) return fail(sqlite_error(step, db_.get(), path_, "cannot read the catalog"));
    return stmt->column_int(0);
  };
  const auto skip = [&](std::int64_t id) {
    return candidates.contains(id) || std::binary_search(scope.known.begin(), scope.known.end(), id);
  };
  auto added = catalog::add_flat_partners(probe, rule, scope, skip, sql, out);
  if (!added) return fail(added.error());
  std::sort(out.begin(), out.end(), [](const CatalogMatch& a, const CatalogMatch& b) {
    return std::tie(a.distance, a.path, a.id) < std::tie(b.distance, b.path, b.id);
  });
  return out;
}

// --- opening -------------------------------------------------------------------------------------------------

Result<int> query_int(sqlite3* db, std::string_view sql, const std::string& path, std::string_view doing) {
  auto stmt = Statement::prepare(db, sql, path);
  if (!stmt) {
    Error e = stmt.error();
    if (e.code != ErrorCode::kCorruption && e.code != ErrorCode::kBusy) e = sqlite_error(SQLITE_ERROR, db, path, doing);
    return fail(e);
  }
  const int rc = stmt->step();
  if (rc == SQLITE_DONE) return 0;
  if (rc != SQLITE_ROW) return fail(sqlite_error(rc, db, path, doing));
  return static_cast<int>(stmt->column_int(0));
}

// The schema version of an existing catalog, 0 for an empty database. Writes nothing.
Result<int> existing_version(sqlite3* db, const std::string& path) {
  constexpr std::string_view kOpening = "cannot open the catalog";
  auto tables = query_int(db, "SELECT count(*) FROM sqlite_master", path, kOpening);
  if (!tables) return fail(tables.error());
  auto has_version = query_int(
      db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'", path, kOpening);
  if (!has_version) return fail(has_version.error());
  if (*has_version == 0) {
    if (*tables == 0) return 0;
    return fail(Error::corruption(path + ": " + std::string(kOpening) +
                                  ": an SQLite database, but not a photoaudit catalog (it has no schema_version "
                                  "table); give a new file name for the catalog"));
  }
  auto version = query_int(db, "SELECT max(version) FROM schema_version", path, kOpening);
  if (!version) return fail(version.error());
  if (*version > kCatalogSchemaVersion) {
    return fail(Error::unsupported(path + ": " + std::string(kOpening) + ": catalog schema version " +
                                   std::to_string(*version) + " is newer than this photoaudit supports (" +
                                   std::to_string(kCatalogSchemaVersion) + "); use a newer photoaudit"));
  }
  return *version;
}

// Migration to version 2, after its SQL: date_created_iso of the rows that have a date_created.
Result<void> fill_date_iso(sqlite3* db, const std::string& path) {
  auto read = Statement::prepare(db, "SELECT id, date_created FROM images WHERE date_created IS NOT NULL", path);
  if (!read) return fail(read.error());
  std::vector<std::pair<std::int64_t, std::string>> dates;
  int rc = 0;
  while ((rc = read->step()) == SQLITE_ROW) dates.emplace_back(read->column_int(0), read->column_text(1));
  if (rc != SQLITE_DONE) return fail(sqlite_error(rc, db, path, "cannot upgrade the catalog schema"));
  auto write = Statement::prepare(db, "UPDATE images SET date_created_iso = ?2 WHERE id = ?1", path);
  if (!write) return fail(write.error());
  for (const auto& [id, raw] : dates) {
    write->reset();
    write->bind(1, id);
    write->bind_text(2, parse_metadata_date(raw).iso);
    if (rc = write->step(); rc != SQLITE_DONE) {
      return fail(sqlite_error(rc, db, path, "cannot upgrade the catalog schema"));
    }
  }
  return ok();
}

Result<void> migrate(sqlite3* db, const std::string& path) {
  constexpr std::string_view kDoing = "cannot create or upgrade the catalog schema";
  if (auto begun = exec(db, "BEGIN IMMEDIATE", path, kDoing); !begun) return begun;
  auto body = [&]() -> Result<void> {
    auto version = existing_version(db, path);  // again, under the write lock: another process may have migrated
    if (!version) return fail(version.error());
    if (*version == 0) {
      if (auto made = exec(db,
                           "CREATE TABLE schema_version (version INTEGER NOT NULL); "
                           "INSERT INTO schema_version VALUES (0); PRAGMA application_id = " +
                               std::to_string(catalog::kApplicationId),
                           path, kDoing);
          !made) {
        return made;
      }
    }
    for (int v = *version; v < kCatalogSchemaVersion; ++v) {
      if (auto step = exec(db, catalog::kMigrations[static_cast<std::size_t>(v)], path, kDoing); !step) return step;
      if (v + 1 == 2) {
        if (auto filled = fill_date_iso(db, path); !filled) return filled;
      }
      if (v + 1 == 5) {
        if (auto made = exec(db, catalog::flat_partner_indexes_sql(false), path, kDoing); !made) return made;
      }
      if (auto bump = exec(db, "UPDATE schema_version SET version = " + std::to_string(v + 1), path, kDoing); !bump) {
        return bump;
      }
    }
    return exec(db, "COMMIT", path, kDoing);
  };
  Result<void> done = body();
  if (!done) (void)sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return done;
}

// "file:" URI of a path for sqlite3_open_v2 with SQLITE_OPEN_URI: everything but unreserved characters and '/'
// percent-encoded, so '?', '#' and '%' in a file name stay part of the name.
std::string file_uri(const std::string& path, const char* query) { return "file:" + percent_encode_path(path) + query; }

}  // namespace

Result<std::unique_ptr<Catalog>> open_sqlite_catalog(const std::string& path, const CatalogOptions& options) {
  const bool read_only = options.mode == CatalogMode::kReadOnly;
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (read_only && !exists) {
    return fail(
        Error::not_found(path + ": no such catalog (create it with: photoaudit scan --index " + path + " FOLDER)"));
  }
  if (exists && std::filesystem::is_directory(path, ec)) {
    return fail(Error::io_error(path + ": is a directory, not a catalog file"));
  }
  // SQLite would open a FIFO and block on it (issue 18): a catalog is a regular file.
  if (exists && !std::filesystem::is_regular_file(path, ec)) {
    return fail(Error::io_error(path + ": not a regular file (a FIFO, socket or device), not a catalog file"));
  }
  if (!read_only && exists && ::access(path.c_str(), W_OK) != 0) {
    return fail(Error::io_error(path + ": the catalog is read-only (no write permission); scanning needs to write it"));
  }
  sqlite3* raw = nullptr;
  const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK) return fail(sqlite_error(rc, db.get(), path, "cannot open the catalog"));
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), std::max(0, options.busy_timeout_ms));
  auto version = existing_version(db.get(), path);
  if (!version && read_only && version.error().code == ErrorCode::kIOError) {
    // A WAL catalog in a folder this user cannot write (an archive on a read-only share): SQLite cannot make
    // its -shm file, so the catalog is opened as immutable instead: no locks and no WAL, which is sound as long
    // as nobody writes the catalog meanwhile (nobody can, where we cannot).
    sqlite3* immutable = nullptr;
    const int irc = sqlite3_open_v2(file_uri(path, "?immutable=1").c_str(), &immutable,
                                    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    DbHandle second(immutable);
    if (irc == SQLITE_OK) {
      sqlite3_extended_result_codes(second.get(), 1);
      auto again = existing_version(second.get(), path);
      if (again) {
        db = std::move(second);
        version = std::move(again);
      }
    }
  }
  if (!version) return fail(version.error());
  if (read_only) {
    if (*version == 0) return fail(Error::corruption(path + ": an empty database, not a photoaudit catalog"));
    if (*version == 1 || *version == 2) {
      const auto view_sql = *version == 1 ? catalog::kReadSchema1AsNewest : catalog::kReadSchema2AsNewest;
      if (auto view = exec(db.get(), view_sql, path, "cannot read the catalog"); !view) return fail(view.error());
    }
  } else {
    if (sqlite3_db_readonly(db.get(), "main") == 1) {
      return fail(Error::io_error(path + ": the catalog is read-only; scanning needs to write it"));
    }
    if (auto wal = exec(db.get(), "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", path,
                        "cannot switch the catalog to WAL mode");
        !wal) {
      return fail(wal.error());
    }
    if (*version < kCatalogSchemaVersion) {
      if (auto migrated = migrate(db.get(), path); !migrated) return fail(migrated.error());
    }
  }
  return std::unique_ptr<Catalog>(std::make_unique<SqliteCatalog>(std::move(db), path));
}

}  // namespace photoaudit::audit

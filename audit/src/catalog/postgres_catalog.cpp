// PostgresCatalog: reads and writes (find_same_photo is in postgres_find.cpp, opening in postgres_open.cpp).
#include "catalog/postgres_catalog.hpp"

#include <algorithm>
#include <set>

#include "catalog/postgres_rows.hpp"
#include "catalog/row_codec.hpp"
#include "catalog/sqlite_rows.hpp"
#include "catalog/sqlite_schema.hpp"

namespace photoaudit::audit::catalog {
namespace {

constexpr std::string_view kWriting = "cannot write to the catalog";
constexpr std::string_view kReading = "cannot read the catalog";

// A PostgreSQL array literal of integers: {1,2,3}.
template <typename Range>
std::string int_array(const Range& values) {
  std::string out = "{";
  for (const auto v : values) out += (out.size() == 1 ? "" : ",") + std::to_string(v);
  return out + "}";
}

}  // namespace

Result<PgResult> PostgresCatalog::exec(std::string_view sql, const std::vector<PgParam>& params,
                                       std::string_view doing) {
  return pg_exec(conn_.get(), sql, params, subject_, doing);
}

Result<PgResult> PostgresCatalog::exec_prepared(const std::string& sql, const std::vector<PgParam>& params,
                                                std::string_view doing) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    const std::string name = "photoaudit_" + std::to_string(prepared_.size() + 1);
    auto made = pg_prepare(conn_.get(), name, sql, static_cast<int>(params.size()), subject_, doing);
    if (!made) return fail(made.error());
    it = prepared_.emplace(sql, name).first;
  }
  return pg_exec_prepared(conn_.get(), it->second, params, subject_, doing);
}

template <typename Body>
Result<void> PostgresCatalog::in_transaction(Body body) {
  if (auto begun = pg_run(conn_.get(), "BEGIN", subject_, kWriting); !begun) return begun;
  Result<void> done = body();
  if (done) done = pg_run(conn_.get(), "COMMIT", subject_, kWriting);
  if (!done && PQstatus(conn_.get()) == CONNECTION_OK) (void)pg_run(conn_.get(), "ROLLBACK", subject_, kWriting);
  return done;
}

Result<std::vector<CatalogFileState>> PostgresCatalog::file_states() {
  auto res = exec("SELECT id, path, size, mtime_ns, sha256, state, first_seen, local_features IS NOT NULL, " +
                      catalog::lacks_derotated_sql(true) + " FROM images WHERE state < 2 ORDER BY id",
                  {}, kReading);
  if (!res) return fail(res.error());
  const PGresult* r = res->get();
  std::vector<CatalogFileState> out(static_cast<std::size_t>(PQntuples(r)));
  for (int i = 0; i < PQntuples(r); ++i) {
    CatalogFileState& s = out[static_cast<std::size_t>(i)];
    s.id = pg_int(r, i, 0);
    s.path = pg_bytes(r, i, 1);
    s.size = static_cast<std::uint64_t>(pg_int(r, i, 2));
    s.mtime_ns = pg_int(r, i, 3);
    const std::string sha = pg_bytes(r, i, 4);
    if (sha.size() == s.sha256.bytes.size()) {
      std::copy(sha.begin(), sha.end(), s.sha256.bytes.begin());
      s.has_fingerprints = true;
    }
    s.missing = pg_int(r, i, 5) == kStateMissing;
    s.first_seen = pg_int(r, i, 6);
    s.has_local_features = pg_text(r, i, 7) == "t";
    s.lacks_derotated = pg_text(r, i, 8) == "t";
  }
  return out;
}

Result<void> PostgresCatalog::lock_paths(std::span<const CatalogWrite> writes) {
  std::set<std::int64_t> keys;
  for (const auto& w : writes) keys.insert(path_key(w.image.path));
  // In key order (the sorted subquery), so that two writers of overlapping batches never deadlock.
  auto locked = exec("SELECT pg_advisory_xact_lock(k) FROM (SELECT k FROM unnest($1::bigint[]) AS k ORDER BY k) AS s",
                     {PgParam::text(int_array(keys))}, kWriting);
  if (!locked) return fail(locked.error());
  return ok();
}

Result<void> PostgresCatalog::carry_move(const CatalogWrite& w, CatalogImage& image) {
  // The row the file left: its first sighting is carried here, and it stays as a record of the move.
  auto carried = exec("SELECT first_seen, path FROM images WHERE id = $1 AND state < 2",
                      {PgParam::integer(w.moved_from_id)}, kWriting);
  if (!carried) return fail(carried.error());
  if (PQntuples(carried->get()) == 0) return ok();
  const std::int64_t first = pg_int(carried->get(), 0, 0);
  if (first != 0) image.history.first_seen = std::min(image.history.first_seen, first);
  image.history.moved_from = pg_bytes(carried->get(), 0, 1);
  auto retired = exec("UPDATE images SET state = $1, moved_to = $2 WHERE id = $3",
                      {PgParam::integer(kStateMoved), PgParam::bytes(image.path), PgParam::integer(w.moved_from_id)},
                      kWriting);
  if (!retired) return fail(retired.error());
  return ok();
}

Result<std::int64_t> PostgresCatalog::settle_current_row(CatalogImage& image) {
  auto current = exec(
      "SELECT id, sha256, first_seen, moved_from, last_seen FROM images "
      "WHERE path_key = $1 AND path = $2 AND state < 2 FOR UPDATE",
      {PgParam::integer(path_key(image.path)), PgParam::bytes(image.path)}, kWriting);
  if (!current) return fail(current.error());
  const PGresult* r = current->get();
  if (PQntuples(r) == 0) return 0;
  const std::int64_t id = pg_int(r, 0, 0);
  const std::string sha = pg_bytes(r, 0, 1);
  const bool same_bytes = sha.empty() || !image.fingerprints || sha == digest_bytes(image.fingerprints->sha256);
  if (!same_bytes) {
    auto retired = exec("UPDATE images SET state = $1, moved_to = NULL WHERE id = $2",
                        {PgParam::integer(kStateReplaced), PgParam::integer(id)}, kWriting);
    if (!retired) return fail(retired.error());
    return 0;
  }
  const std::int64_t first = pg_int(r, 0, 2);
  if (first != 0) image.history.first_seen = std::min(image.history.first_seen, first);
  if (image.history.moved_from.empty()) image.history.moved_from = pg_bytes(r, 0, 3);
  // An import of older records (scan --import) never moves the last sighting back.
  image.history.last_seen = std::max(image.history.last_seen, pg_int(r, 0, 4));
  return id;
}

Result<void> PostgresCatalog::put_hashes(std::int64_t id, const CatalogImage& image, bool replace) {
  const std::string key = std::to_string(path_key(image.path));
  if (replace) {
    auto removed = exec("DELETE FROM image_hashes WHERE path_key = $1 AND image_id = $2",
                        {PgParam::text(key), PgParam::integer(id)}, kWriting);
    if (!removed) return fail(removed.error());
  }
  if (!image.fingerprints) return ok();
  std::string values;
  for (const auto& hash : stored_hashes(*image.fingerprints)) {
    // X'...' is a bit-string constant: 64 hex digits, a bit(256).
    values += (values.empty() ? "(" : ",(") + key + "," + std::to_string(id) + ",X'" + hash.to_hex() + "'";
    for (const int s : hash_slices(hash)) values += "," + std::to_string(s);
    values += ")";
  }
  if (values.empty()) return ok();
  return pg_run(conn_.get(), "INSERT INTO image_hashes VALUES " + values, subject_, kWriting);
}

Result<void> PostgresCatalog::write_one(const CatalogWrite& w) {
  CatalogImage image = w.image;
  if (w.moved_from_id != 0) {
    if (auto carried = carry_move(w, image); !carried) return carried;
  }
  auto update_id = settle_current_row(image);
  if (!update_id) return fail(update_id.error());
  std::vector<PgParam> params = pg_image_params(image);
  if (*update_id != 0) {
    params.push_back(PgParam::integer(*update_id));
    auto updated = exec(kPgUpdateSql, params, kWriting);
    if (!updated) return fail(updated.error());
    return put_hashes(*update_id, image, true);
  }
  auto inserted = exec(kPgInsertSql, params, kWriting);
  if (!inserted) return fail(inserted.error());
  if (PQntuples(inserted->get()) == 0) {
    return fail(Error::busy(subject_ + ": " + std::string(kWriting) +
                            ": another writer stored this path meanwhile; run the command again"));
  }
  return put_hashes(pg_int(inserted->get(), 0, 0), image, false);
}

Result<void> PostgresCatalog::write(std::span<const CatalogWrite> writes) {
  if (writes.empty()) return ok();
  row_count_.reset();
  return in_transaction([&]() -> Result<void> {
    if (auto locked = lock_paths(writes); !locked) return locked;
    for (const auto& w : writes) {
      if (auto done = write_one(w); !done) return done;
    }
    return ok();
  });
}

Result<void> PostgresCatalog::mark_seen(std::span<const std::int64_t> ids, std::int64_t seen) {
  if (ids.empty()) return ok();
  return in_transaction([&]() -> Result<void> {
    auto done = exec(
        "UPDATE images SET state = 0, last_seen = greatest(last_seen, $2) WHERE id = ANY($1::bigint[]) AND state < 2",
        {PgParam::text(int_array(ids)), PgParam::integer(seen)}, kWriting);
    if (!done) return fail(done.error());
    return ok();
  });
}

Result<void> PostgresCatalog::mark_missing(std::span<const std::int64_t> ids) {
  if (ids.empty()) return ok();
  return in_transaction([&]() -> Result<void> {
    auto done = exec("UPDATE images SET state = 1 WHERE id = ANY($1::bigint[]) AND state = 0",
                     {PgParam::text(int_array(ids))}, kWriting);
    if (!done) return fail(done.error());
    return ok();
  });
}

Result<std::vector<CatalogImage>> PostgresCatalog::images(CatalogRows rows) {
  // Through a cursor, a few thousand rows at a time: a whole catalog's result in libpq's text form would take
  // several times the memory of the rows it holds.
  const std::string where = rows == CatalogRows::kPresent ? " WHERE state = 0" : "";
  std::vector<CatalogImage> out;
  auto read_all = [&]() -> Result<void> {
    auto declared = exec("DECLARE photoaudit_rows NO SCROLL CURSOR FOR " + kPgSelectSql + where + " ORDER BY id", {},
                         kReading);
    if (!declared) return fail(declared.error());
    for (;;) {
      auto batch = exec("FETCH FORWARD 2000 FROM photoaudit_rows", {}, kReading);
      if (!batch) return fail(batch.error());
      if (PQntuples(batch->get()) == 0) return ok();
      for (int i = 0; i < PQntuples(batch->get()); ++i) out.push_back(read_pg_image(batch->get(), i));
    }
  };
  if (auto done = in_transaction(read_all); !done) return fail(done.error());
  return out;
}

Result<void> PostgresCatalog::each_image(CatalogRows rows, const std::function<Result<void>(CatalogImage&&)>& visit) {
  const std::string where = rows == CatalogRows::kPresent ? " WHERE state = 0" : "";
  return in_transaction([&]() -> Result<void> {
    auto declared = exec("DECLARE photoaudit_each NO SCROLL CURSOR FOR " + kPgSelectSql + where + " ORDER BY id", {},
                         kReading);
    if (!declared) return fail(declared.error());
    for (;;) {
      auto batch = exec("FETCH FORWARD 2000 FROM photoaudit_each", {}, kReading);
      if (!batch) return fail(batch.error());
      if (PQntuples(batch->get()) == 0) return ok();
      for (int i = 0; i < PQntuples(batch->get()); ++i) {
        if (auto done = visit(read_pg_image(batch->get(), i)); !done) return done;
      }
    }
  });
}

Result<std::vector<CatalogImage>> PostgresCatalog::images_by_id(std::span<const std::int64_t> ids) {
  std::vector<CatalogImage> out;
  if (ids.empty()) return out;
  auto res = exec(kPgSelectSql + " WHERE id = ANY($1::bigint[]) ORDER BY id", {PgParam::text(int_array(ids))},
                  kReading);
  if (!res) return fail(res.error());
  for (int i = 0; i < PQntuples(res->get()); ++i) out.push_back(read_pg_image(res->get(), i));
  return out;
}

Result<std::int64_t> PostgresCatalog::single_int(std::string_view sql) {
  auto res = exec(sql, {}, kReading);
  if (!res) return fail(res.error());
  if (PQntuples(res->get()) == 0) return 0;
  return pg_int(res->get(), 0, 0);
}

Result<std::optional<std::string>> PostgresCatalog::local_features(std::int64_t id) {
  auto res = exec("SELECT local_features FROM images WHERE id = $1", {PgParam::integer(id)}, kReading);
  if (!res) return fail(res.error());
  if (PQntuples(res->get()) == 0 || pg_null(res->get(), 0, 0)) return std::optional<std::string>();
  return std::optional<std::string>(pg_bytes(res->get(), 0, 0));
}

Result<std::int64_t> PostgresCatalog::count() { return single_int("SELECT count(*) FROM images"); }

Result<std::int64_t> PostgresCatalog::last_scan() {
  return single_int("SELECT coalesce(max(last_seen), 0) FROM images");
}

}  // namespace photoaudit::audit::catalog

// open_postgres_catalog: connect, check the schema version before anything is written, then create or migrate
// under an advisory lock in one transaction (a concurrent opener waits, then finds the work done).
#include <memory>

#include "catalog/postgres_catalog.hpp"
#include "catalog/postgres_schema.hpp"
#include "catalog/postgres_support.hpp"
#include "catalog/row_codec.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/metadata_date.hpp"

namespace photoaudit::audit {
namespace {

using catalog::pg_exec;
using catalog::pg_int;
using catalog::pg_run;
using catalog::PgParam;

constexpr std::string_view kOpening = "cannot open the catalog";
constexpr std::string_view kMigrating = "cannot create or upgrade the catalog schema";

// libpq prints the server's notices to stderr by default; a library never prints.
void ignore_notice(void* /*arg*/, const char* /*message*/) {}

// Whether the table exists (committed) in the schema tables are created in, as this statement's snapshot of
// pg_class shows it. Not to_regclass(): it reads the backend's catalog cache, which an advisory lock does not
// refresh, so a scan that waited for another's migration would still see no tables and create them again.
Result<bool> has_table(PGconn* conn, const std::string& subject, std::string_view table) {
  auto found = pg_exec(conn,
                       "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                       "ON n.oid = c.relnamespace WHERE c.relname = $1 AND n.nspname = current_schema())",
                       {PgParam::text(std::string(table))}, subject, kOpening);
  if (!found) return fail(found.error());
  return catalog::pg_text(found->get(), 0, 0) == "t";
}

// The schema version of the database's catalog, 0 for a database without one. Writes nothing.
// images is looked up before schema_version: both are committed together by the first scan, so a scan that
// commits between the two lookups makes this one see no images (a new catalog), never images without a version.
Result<int> existing_version(PGconn* conn, const std::string& subject) {
  auto has_images = has_table(conn, subject, "images");
  if (!has_images) return fail(has_images.error());
  auto has_version = has_table(conn, subject, "schema_version");
  if (!has_version) return fail(has_version.error());
  if (!*has_version) {
    if (*has_images) {
      return fail(Error::corruption(subject + ": " + std::string(kOpening) +
                                    ": the database has an images table but no schema_version table: not a "
                                    "photoaudit catalog; give another database (or schema) for the catalog"));
    }
    return 0;
  }
  auto version = pg_exec(conn, "SELECT coalesce(max(version), 0) FROM schema_version", {}, subject, kOpening);
  if (!version) return fail(version.error());
  const auto v = static_cast<int>(pg_int(version->get(), 0, 0));
  if (v > kCatalogSchemaVersion) {
    return fail(Error::unsupported(subject + ": " + std::string(kOpening) + ": catalog schema version " +
                                   std::to_string(v) + " is newer than this photoaudit supports (" +
                                   std::to_string(kCatalogSchemaVersion) + "); use a newer photoaudit"));
  }
  return v;
}

// Migration to version 2, after its SQL: date_created_iso of the rows that have a date_created.
Result<void> fill_date_iso(PGconn* conn, const std::string& subject) {
  auto read = pg_exec(conn, "SELECT id, date_created FROM images WHERE date_created IS NOT NULL", {}, subject,
                      kMigrating);
  if (!read) return fail(read.error());
  for (int i = 0; i < PQntuples(read->get()); ++i) {
    const std::string iso = parse_metadata_date(catalog::pg_text(read->get(), i, 1)).iso;
    auto done = pg_exec(conn, "UPDATE images SET date_created_iso = $2 WHERE id = $1",
                        {PgParam::integer(pg_int(read->get(), i, 0)), PgParam::text_or_null(iso)}, subject, kMigrating);
    if (!done) return fail(done.error());
  }
  return ok();
}

Result<void> apply_migrations(PGconn* conn, const std::string& subject) {
  const std::string lock = "SELECT pg_advisory_xact_lock(" + std::to_string(catalog::kPgMigrationLock) + ")";
  if (auto locked = pg_run(conn, lock, subject, kMigrating); !locked) return locked;
  auto version = existing_version(conn, subject);  // again, under the lock: another process may have migrated
  if (!version) return fail(version.error());
  if (*version == 0) {
    const auto made = pg_run(conn,
                             "CREATE TABLE schema_version (version integer NOT NULL); "
                             "INSERT INTO schema_version VALUES (0)",
                             subject, kMigrating);
    if (!made) return made;
  }
  for (int v = *version; v < kCatalogSchemaVersion; ++v) {
    if (auto step = pg_run(conn, catalog::kPgMigrations[static_cast<std::size_t>(v)], subject, kMigrating); !step) {
      return step;
    }
    if (v + 1 == 2) {
      if (auto filled = fill_date_iso(conn, subject); !filled) return filled;
    }
    if (v + 1 == 5) {
      if (auto made = pg_run(conn, catalog::flat_partner_indexes_sql(true), subject, kMigrating); !made) return made;
    }
    const std::string bump = "UPDATE schema_version SET version = " + std::to_string(v + 1);
    if (auto bumped = pg_run(conn, bump, subject, kMigrating); !bumped) return bumped;
  }
  return ok();
}

Result<void> migrate(PGconn* conn, const std::string& subject) {
  if (auto begun = pg_run(conn, "BEGIN", subject, kMigrating); !begun) return begun;
  Result<void> done = apply_migrations(conn, subject);
  if (done) done = pg_run(conn, "COMMIT", subject, kMigrating);
  if (!done && PQstatus(conn) == CONNECTION_OK) (void)pg_run(conn, "ROLLBACK", subject, kMigrating);
  return done;
}

Error password_refused(const std::string& subject) {
  return Error::invalid_argument(
      subject +
      ": a password in the catalog URL is refused (a command line shows in process lists, shell histories and job "
      "logs); give it in PGPASSWORD, a libpq service file (PGSERVICE) or ~/.pgpass instead");
}

// Session settings: lock waits fail after the busy timeout (kBusy, like SQLite's busy timeout); no parallel
// workers: the catalog's statements are index lookups of a few milliseconds (find's candidate search too), which
// parallel workers make slower to start than they make them faster (docs/scale.md, "Benchmarks"; a cursor's full
// read, as dupes does, runs without them anyway).
Result<void> configure(PGconn* conn, const std::string& subject, const CatalogOptions& options) {
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  const std::string sql = "SET lock_timeout = " + std::to_string(std::max(1, options.busy_timeout_ms)) +
                          "; SET client_min_messages = warning; SET max_parallel_workers_per_gather = 0";
  return pg_run(conn, sql, subject, kOpening);
}

}  // namespace

bool is_postgres_url(std::string_view index) {
  return index.starts_with("postgresql://") || index.starts_with("postgres://");
}

Result<std::unique_ptr<Catalog>> open_postgres_catalog(const std::string& url, const CatalogOptions& options) {
  const std::string subject = catalog::redact_url(url);
  if (catalog::url_has_password(url)) return fail(password_refused(subject));
  auto conn = catalog::pg_connect(url, subject);
  if (!conn) return fail(conn.error());
  if (auto set = configure(conn->get(), subject, options); !set) return fail(set.error());
  auto version = existing_version(conn->get(), subject);
  if (!version) return fail(version.error());
  if (options.mode == CatalogMode::kReadOnly && *version == 0) {
    return fail(Error::not_found(subject + ": no catalog in this database (create it with: photoaudit scan --index " +
                                 subject + " FOLDER)"));
  }
  // Version 3 has the columns of the newest schema (v4 and v5 changed indexes only): read as it is, with the
  // slower candidate searches of its indexes; older ones need the columns a scan adds.
  constexpr int kOldestReadable = 3;
  if (options.mode == CatalogMode::kReadOnly && *version < kOldestReadable) {
    return fail(Error::unsupported(subject + ": catalog schema version " + std::to_string(*version) +
                                   " is older than this photoaudit reads; upgrade it with photoaudit scan"));
  }
  if (options.mode == CatalogMode::kReadWrite && *version < kCatalogSchemaVersion) {
    if (auto migrated = migrate(conn->get(), subject); !migrated) return fail(migrated.error());
  }
  return std::unique_ptr<Catalog>(std::make_unique<catalog::PostgresCatalog>(std::move(*conn), subject));
}

Result<std::unique_ptr<Catalog>> open_catalog(const std::string& index, const CatalogOptions& options) {
  if (is_postgres_url(index)) return open_postgres_catalog(index, options);
  return open_sqlite_catalog(index, options);
}

std::string catalog_display_name(const std::string& index) {
  return is_postgres_url(index) ? catalog::redact_url(index) : index;
}

}  // namespace photoaudit::audit

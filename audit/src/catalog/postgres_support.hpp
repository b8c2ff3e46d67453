// Thin RAII wrappers over libpq for the PostgreSQL catalog: a connection, a result, statements with bound
// parameters, and the mapping of libpq failures to photoaudit::Error (unreachable server, wrong password, lost
// connection, serialisation failures) in words a user can act on. Messages name the catalog by its URL with
// any password removed (redact_url); they never carry a password.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::catalog {

struct PgConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using PgConn = std::unique_ptr<PGconn, PgConnCloser>;

struct PgResultCloser {
  void operator()(PGresult* res) const { PQclear(res); }
};
using PgResult = std::unique_ptr<PGresult, PgResultCloser>;

// The URL as messages show it: the password of the userinfo (postgresql://user:SECRET@host) and any
// password=... query parameter replaced by "***". Anything else is kept.
std::string redact_url(std::string_view url);

// Whether url names a password (in the userinfo or as a password= parameter). Such a URL is refused by
// open_postgres_catalog: a command line ends up in shell histories, process lists and job logs.
bool url_has_password(std::string_view url);

// Connects to url (libpq also reads PGPASSWORD, PGSERVICE/PGSERVICEFILE and ~/.pgpass). `subject` is the
// redacted URL that starts every message. Fails with kInvalidArgument (authentication failed: a wrong or missing
// password, an unknown user), kNotFound (no such database), kBusy (the server cannot be reached or refuses
// connections for now: starting up, shutting down, too many clients) or kIOError (anything else).
Result<PgConn> pg_connect(const std::string& url, const std::string& subject);

// One value bound to a statement: text, bytes (sent as binary bytea) or NULL.
struct PgParam {
  enum class Kind { kNull, kText, kBytes };
  Kind kind = Kind::kNull;
  std::string value;

  static PgParam null() { return {}; }
  static PgParam text(std::string v) { return {Kind::kText, std::move(v)}; }
  static PgParam bytes(std::string v) { return {Kind::kBytes, std::move(v)}; }
  static PgParam integer(std::int64_t v) { return {Kind::kText, std::to_string(v)}; }
  // Empty text is NULL, as in the SQLite catalog.
  static PgParam text_or_null(std::string v) { return v.empty() ? null() : text(std::move(v)); }
};

// Runs sql with $1..$n bound to params, results in text format. Fails with the mapped error (pg_error) when
// the command does not succeed.
Result<PgResult> pg_exec(PGconn* conn, std::string_view sql, const std::vector<PgParam>& params,
                         const std::string& subject, std::string_view doing);
// Runs the statement prepared on conn as `name` (PQprepare) with $1..$n bound to params, results in text format.
// Fails as pg_exec.
Result<PgResult> pg_exec_prepared(PGconn* conn, const std::string& name, const std::vector<PgParam>& params,
                                  const std::string& subject, std::string_view doing);
// Prepares sql on conn as statement `name` (parameter types from the casts in sql). Fails as pg_exec.
Result<void> pg_prepare(PGconn* conn, const std::string& name, std::string_view sql, int params,
                        const std::string& subject, std::string_view doing);
// Runs sql (one or more statements, no parameters).
Result<void> pg_run(PGconn* conn, std::string_view sql, const std::string& subject, std::string_view doing);

// An Error for a failed command (res may be null: the connection is gone). Lost connections, deadlocks,
// serialisation failures and lock timeouts are kBusy (retry), a full disk or an I/O error kIOError, anything
// else kIOError with the server's message.
Error pg_error(PGconn* conn, const PGresult* res, const std::string& subject, std::string_view doing);

// Field readers of a text-format result. A NULL reads as 0 / "".
std::int64_t pg_int(const PGresult* res, int row, int col);
std::string pg_text(const PGresult* res, int row, int col);
// A bytea column in text format ("\x..." hex) as its bytes.
std::string pg_bytes(const PGresult* res, int row, int col);
inline bool pg_null(const PGresult* res, int row, int col) { return PQgetisnull(res, row, col) == 1; }

// Text valid for a PostgreSQL UTF-8 text column: invalid UTF-8 sequences replaced by U+FFFD and NUL bytes
// dropped (text columns cannot hold them; paths, which are bytea, are stored byte-exact).
std::string pg_safe_text(std::string_view text);

}  // namespace photoaudit::audit::catalog

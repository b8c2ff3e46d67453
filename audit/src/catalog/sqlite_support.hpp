// Thin RAII wrappers over the SQLite C API for the catalog: a connection, prepared statements, and the mapping
// of SQLite result codes to photoaudit::Error (busy, disk full, read-only, not a database).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::catalog {

// An Error for SQLite result code rc on db, whose message starts with `subject` (the catalog path) and says
// what was being done (`doing`) and why, in words a user can act on.
Error sqlite_error(int rc, sqlite3* db, const std::string& subject, std::string_view doing);

class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&& other) noexcept;
  ~Statement() { sqlite3_finalize(stmt_); }

  // Prepares sql on db. Fails with the mapped SQLite error.
  static Result<Statement> prepare(sqlite3* db, std::string_view sql, const std::string& subject);

  // Binders: index is 1-based. Text and blobs are copied by SQLite (SQLITE_TRANSIENT).
  void bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void bind_text(int index, std::string_view text);  // empty text binds NULL
  void bind_blob(int index, std::span<const std::uint8_t> bytes);
  void bind_blob(int index, std::string_view bytes);
  void bind_null(int index) { sqlite3_bind_null(stmt_, index); }

  // Steps once: SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(stmt_); }
  // Resets for reuse and clears bindings.
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  std::int64_t column_int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool column_is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string column_text(int col) const;       // NULL -> ""
  std::string_view column_blob(int col) const;  // valid until the next step/reset; NULL -> ""

  sqlite3_stmt* get() const { return stmt_; }

 private:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  sqlite3_stmt* stmt_ = nullptr;
};

// Runs sql (one or more statements, no results). Fails with the mapped SQLite error.
Result<void> exec(sqlite3* db, std::string_view sql, const std::string& subject, std::string_view doing);

}  // namespace photoaudit::audit::catalog

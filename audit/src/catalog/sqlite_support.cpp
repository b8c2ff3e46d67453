#include "catalog/sqlite_support.hpp"

namespace photoaudit::audit::catalog {

Error sqlite_error(int rc, sqlite3* db, const std::string& subject, std::string_view doing) {
  const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const std::string prefix = subject + ": " + std::string(doing) + ": ";
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::busy(prefix +
                         "the catalog is busy (another photoaudit process is writing to it); try again "
                         "when it has finished");
    case SQLITE_NOTADB:
      return Error::corruption(prefix + "not a photoaudit catalog (the file is not an SQLite database)");
    case SQLITE_CORRUPT:
      return Error::corruption(prefix + "the catalog is damaged (" + detail + ")");
    case SQLITE_FULL:
      return Error::io_error(prefix + "disk full or file size limit reached (" + detail + ")");
    case SQLITE_READONLY:
      return Error::io_error(prefix + "the catalog is read-only (" + detail + ")");
    case SQLITE_CANTOPEN:
      return Error::io_error(prefix + "cannot open the catalog file (" + detail + ")");
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return Error::io_error(prefix + "permission denied (" + detail + ")");
    case SQLITE_IOERR:
      // A write beyond RLIMIT_FSIZE (EFBIG) surfaces as an I/O error, not SQLITE_FULL.
      return Error::io_error(prefix + "I/O error, e.g. disk full or file size limit (" + detail + ")");
    default:
      return Error::io_error(prefix + detail);
  }
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Result<Statement> Statement::prepare(sqlite3* db, std::string_view sql, const std::string& subject) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return fail(sqlite_error(rc, db, subject, "cannot read the catalog"));
  }
  return Statement(stmt);
}

void Statement::bind_text(int index, std::string_view text) {
  if (text.empty()) {
    sqlite3_bind_null(stmt_, index);
    return;
  }
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void Statement::bind_blob(int index, std::span<const std::uint8_t> bytes) {
  sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
}

void Statement::bind_blob(int index, std::string_view bytes) {
  // A zero-length blob must stay a blob (not NULL): bind a non-null pointer.
  static const char kEmpty = 0;
  sqlite3_bind_blob64(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(), SQLITE_TRANSIENT);
}

std::string Statement::column_text(int col) const {
  const auto* text = sqlite3_column_text(stmt_, col);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::string_view Statement::column_blob(int col) const {
  const void* data = sqlite3_column_blob(stmt_, col);
  if (data == nullptr) return {};
  return {static_cast<const char*>(data), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
}

Result<void> exec(sqlite3* db, std::string_view sql, const std::string& subject, std::string_view doing) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return fail(sqlite_error(rc, db, subject, doing));
  return ok();
}

}  // namespace photoaudit::audit::catalog

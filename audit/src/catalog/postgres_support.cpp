#include "catalog/postgres_support.hpp"

#include <array>
#include <charconv>

#include "photoaudit/common/utf8.hpp"

namespace photoaudit::audit::catalog {
namespace {

bool contains(std::string_view text, std::string_view what) { return text.find(what) != std::string_view::npos; }

// The server's or libpq's message without its trailing newline.
std::string trimmed(std::string message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return repair_utf8(message);
}

// The end of the userinfo's password in a URL (the '@' before the host), or npos.
std::size_t userinfo_end(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string_view::npos;
  const std::size_t start = scheme + 3;
  const std::size_t authority_end = url.find_first_of("/?", start);
  const std::string_view authority = url.substr(start, authority_end - start);
  const std::size_t at = authority.rfind('@');
  return at == std::string_view::npos ? std::string_view::npos : start + at;
}

// The range of the userinfo's password (after the first ':'), or {npos, npos}.
std::pair<std::size_t, std::size_t> userinfo_password(std::string_view url) {
  const std::size_t at = userinfo_end(url);
  if (at == std::string_view::npos) return {std::string_view::npos, std::string_view::npos};
  const std::size_t start = url.find("://") + 3;
  const std::size_t colon = url.substr(start, at - start).find(':');
  if (colon == std::string_view::npos) return {std::string_view::npos, std::string_view::npos};
  return {start + colon + 1, at};
}

// The ranges of the values of password= parameters in the query.
std::vector<std::pair<std::size_t, std::size_t>> query_passwords(std::string_view url) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t pos = url.find('?');
  while (pos != std::string_view::npos) {
    const std::size_t key = pos + 1;
    const std::size_t end = std::min(url.find('&', key), url.size());
    if (url.substr(key, end - key).starts_with("password=")) out.emplace_back(key + 9, end);
    pos = end < url.size() ? end : std::string_view::npos;
  }
  return out;
}

ErrorCode connect_failure_code(std::string_view message) {
  if (contains(message, "password authentication failed") || contains(message, "no password supplied") ||
      contains(message, "authentication failed") || contains(message, "role \"")) {
    return ErrorCode::kInvalidArgument;
  }
  if (contains(message, "database \"") && contains(message, "does not exist")) return ErrorCode::kNotFound;
  if (contains(message, "could not connect") || contains(message, "Connection refused") ||
      contains(message, "starting up") || contains(message, "shutting down") || contains(message, "too many clients") ||
      contains(message, "timeout expired") || contains(message, "server closed the connection") ||
      contains(message, "recovery mode")) {
    return ErrorCode::kBusy;
  }
  return ErrorCode::kIOError;
}

std::string connect_advice(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return " (check the user and the password in PGPASSWORD, the service file or ~/.pgpass)";
    case ErrorCode::kBusy:
      return " (the server is not reachable now; try again later)";
    default:
      return "";
  }
}

ErrorCode sqlstate_code(std::string_view state) {
  if (state.starts_with("08") || state == "40001" || state == "40P01" || state == "55P03" || state == "57P01" ||
      state == "57P02" || state == "57P03" || state == "57014" || state == "53300") {
    return ErrorCode::kBusy;
  }
  return ErrorCode::kIOError;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

}  // namespace

std::string redact_url(std::string_view url) {
  std::string out(url);
  auto ranges = query_passwords(url);
  if (const auto user = userinfo_password(url); user.first != std::string_view::npos)
    ranges.insert(ranges.begin(), user);
  for (auto it = ranges.rbegin(); it != ranges.rend(); ++it) out.replace(it->first, it->second - it->first, "***");
  return out;
}

bool url_has_password(std::string_view url) {
  return userinfo_password(url).first != std::string_view::npos || !query_passwords(url).empty();
}

Result<PgConn> pg_connect(const std::string& url, const std::string& subject) {
  const std::array<const char*, 4> keys = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
  const std::array<const char*, 4> values = {"10", "photoaudit", url.c_str(), nullptr};
  PgConn conn(PQconnectdbParams(keys.data(), values.data(), 1));
  if (!conn) return fail(Error::io_error(subject + ": cannot connect to the catalog: out of memory"));
  if (PQstatus(conn.get()) == CONNECTION_OK) return conn;
  const std::string message = trimmed(PQerrorMessage(conn.get()));
  const ErrorCode code = connect_failure_code(message);
  return fail(Error{code, subject + ": cannot connect to the catalog: " + message + connect_advice(code)});
}

Error pg_error(PGconn* conn, const PGresult* res, const std::string& subject, std::string_view doing) {
  const std::string prefix = subject + ": " + std::string(doing) + ": ";
  if (conn == nullptr || PQstatus(conn) == CONNECTION_BAD) {
    return Error::busy(prefix + "the connection to the catalog server was lost (" + trimmed(PQerrorMessage(conn)) +
                       "); what was written before is whole: run the command again");
  }
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string detail = trimmed(res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  if (state == nullptr) return Error::busy(prefix + "no answer from the catalog server (" + detail + ")");
  return Error{sqlstate_code(state), prefix + detail + " (SQLSTATE " + state + ")"};
}

namespace {

// The parameters as the three arrays PQexecParams and PQexecPrepared take (pointing into `params`, which must
// outlive them): a null's value is a null pointer, bytes are sent in binary format, the rest as text.
struct PgParamArrays {
  explicit PgParamArrays(const std::vector<PgParam>& params) {
    values.reserve(params.size());
    lengths.reserve(params.size());
    formats.reserve(params.size());
    for (const auto& p : params) {
      values.push_back(p.kind == PgParam::Kind::kNull ? nullptr : p.value.c_str());
      lengths.push_back(static_cast<int>(p.value.size()));
      formats.push_back(p.kind == PgParam::Kind::kBytes ? 1 : 0);
    }
  }
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
};

// res when the statement succeeded (a command, or rows), else the server's error for subject and doing.
Result<PgResult> succeeded(PGconn* conn, PgResult res, const std::string& subject, std::string_view doing) {
  const ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return res;
  return fail(pg_error(conn, res.get(), subject, doing));
}

}  // namespace

Result<PgResult> pg_exec(PGconn* conn, std::string_view sql, const std::vector<PgParam>& params,
                         const std::string& subject, std::string_view doing) {
  const PgParamArrays arrays(params);
  const std::string text(sql);
  PgResult res(PQexecParams(conn, text.c_str(), static_cast<int>(params.size()), nullptr, arrays.values.data(),
                            arrays.lengths.data(), arrays.formats.data(), 0));
  return succeeded(conn, std::move(res), subject, doing);
}

Result<PgResult> pg_exec_prepared(PGconn* conn, const std::string& name, const std::vector<PgParam>& params,
                                  const std::string& subject, std::string_view doing) {
  const PgParamArrays arrays(params);
  PgResult res(PQexecPrepared(conn, name.c_str(), static_cast<int>(params.size()), arrays.values.data(),
                              arrays.lengths.data(), arrays.formats.data(), 0));
  return succeeded(conn, std::move(res), subject, doing);
}

Result<void> pg_prepare(PGconn* conn, const std::string& name, std::string_view sql, int params,
                        const std::string& subject, std::string_view doing) {
  const std::string text(sql);
  PgResult res(PQprepare(conn, name.c_str(), text.c_str(), params, nullptr));
  const ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK) return ok();
  return fail(pg_error(conn, res.get(), subject, doing));
}

Result<void> pg_run(PGconn* conn, std::string_view sql, const std::string& subject, std::string_view doing) {
  const std::string text(sql);
  PgResult res(PQexec(conn, text.c_str()));
  const ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return ok();
  return fail(pg_error(conn, res.get(), subject, doing));
}

std::int64_t pg_int(const PGresult* res, int row, int col) {
  if (pg_null(res, row, col)) return 0;
  const char* text = PQgetvalue(res, row, col);
  std::int64_t value = 0;
  std::from_chars(text, text + PQgetlength(res, row, col), value);
  return value;
}

std::string pg_text(const PGresult* res, int row, int col) {
  if (pg_null(res, row, col)) return {};
  return {PQgetvalue(res, row, col), static_cast<std::size_t>(PQgetlength(res, row, col))};
}

std::string pg_bytes(const PGresult* res, int row, int col) {
  const std::string text = pg_text(res, row, col);
  if (!text.starts_with("\\x")) return {};
  std::string out;
  out.reserve((text.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<char>(hex_value(text[i]) * 16 + hex_value(text[i + 1])));
  }
  return out;
}

std::string pg_safe_text(std::string_view text) {
  std::string out = is_valid_utf8(text) ? std::string(text) : repair_utf8(text);
  std::erase(out, '\0');
  return out;
}

}  // namespace photoaudit::audit::catalog

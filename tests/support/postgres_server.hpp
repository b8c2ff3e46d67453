// A real PostgreSQL 15 server for the tests of the PostgreSQL catalog: initdb + pg_ctl in a temporary directory,
// listening on 127.0.0.1 on a free port (its unix socket in that directory), password authentication over TCP
// (scram-sha-256) for a superuser named "photoaudit". PostgreSQL refuses to run as root: when the test runs as
// root, initdb, pg_ctl and the server run as Debian's `postgres` user (fork, setuid), which owns the directory.
//
// The constructor sets PGPASSWORD in this process's environment (the photoaudit processes the test starts
// inherit it) and unsets PGSERVICE, PGSERVICEFILE, PGHOST, PGPORT, PGUSER and PGDATABASE, which would change
// what a URL means. Nothing is skipped: when the server binaries or the postgres user are missing, the
// constructor throws std::runtime_error naming the Debian package to install, and the test fails with it.
#pragma once

#include <filesystem>
#include <string>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace photoaudit::test {

class PostgresServer {
 public:
  // The superuser's password (PGPASSWORD while the server lives).
  static constexpr const char* kPassword = "photoaudit-test-password";

  // Makes the cluster and starts the server (waits until it accepts connections). Throws std::runtime_error
  // with the server's log when initdb or the start fails.
  PostgresServer();
  // Stops the server (immediate) and removes the directory.
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // Creates database `name` (empty). Throws on failure.
  void create_database(const std::string& name) const;
  // postgresql://photoaudit@127.0.0.1:PORT/name (no password: it is in PGPASSWORD).
  [[nodiscard]] std::string url(const std::string& name) const;
  // Runs sql in database `name` with psql (-At: unaligned rows, '|' between columns); throws on failure.
  std::string sql(const std::string& name, const std::string& sql) const;

  // pg_ctl stop -m immediate (as a crash would) / start again on the same port. Throw on failure.
  void stop_immediate() const;
  void start() const;

  [[nodiscard]] int port() const { return port_; }

 private:
  // Runs a PostgreSQL server program as the user that may run it (postgres when the test is root).
  RunResult run_server_program(const std::string& program, const std::vector<std::string>& args) const;

  TempDir dir_{"photoaudit-postgres"};
  std::filesystem::path bin_;
  int port_ = 0;
  unsigned run_uid_ = 0;
  unsigned run_gid_ = 0;
  bool switch_user_ = false;
};

}  // namespace photoaudit::test

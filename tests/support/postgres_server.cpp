#include "support/postgres_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace photoaudit::test {
namespace {

namespace fs = std::filesystem;

const fs::path kServerBin = "/usr/lib/postgresql/15/bin";

// A TCP port on 127.0.0.1 that nothing listens on now (the kernel's choice for port 0).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                     ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  if (!bound) throw std::runtime_error("cannot find a free TCP port on 127.0.0.1");
  return ntohs(addr.sin_port);
}

void require_binaries() {
  for (const char* name : {"initdb", "pg_ctl", "postgres", "psql"}) {
    if (!fs::exists(kServerBin / name)) {
      throw std::runtime_error((kServerBin / name).string() +
                               " is missing: the PostgreSQL catalog tests need a PostgreSQL 15 server; install "
                               "Debian's postgresql-15 package (scripts/setup test does)");
    }
  }
}

std::string log_of(const fs::path& log) {
  std::ifstream in(log);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void chown_tree(const fs::path& root, unsigned uid, unsigned gid) {
  if (::chown(root.c_str(), uid, gid) != 0) throw std::runtime_error("cannot chown " + root.string());
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (::lchown(e.path().c_str(), uid, gid) != 0) throw std::runtime_error("cannot chown " + e.path().string());
  }
}

}  // namespace

PostgresServer::PostgresServer() {
  require_binaries();
  bin_ = kServerBin;
  if (::geteuid() == 0) {
    const passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr) {
      throw std::runtime_error(
          "the test runs as root and PostgreSQL refuses to: it needs the user `postgres`, "
          "made by Debian's postgresql-15 package");
    }
    switch_user_ = true;
    run_uid_ = pw->pw_uid;
    run_gid_ = pw->pw_gid;
  }
  port_ = free_port();
  std::ofstream(dir_.path / "pwfile") << kPassword << "\n";
  fs::permissions(dir_.path, fs::perms::owner_all);
  if (switch_user_) chown_tree(dir_.path, run_uid_, run_gid_);
  const RunResult init = run_server_program(
      "initdb", {"-D", (dir_.path / "data").string(), "-U", "photoaudit", "--pwfile", (dir_.path / "pwfile").string(),
                 "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"});
  if (init.exit_code != 0) throw std::runtime_error("initdb failed: " + init.out + init.err);
  ::setenv("PGPASSWORD", kPassword, 1);
  for (const char* name : {"PGSERVICE", "PGSERVICEFILE", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE"}) {
    ::unsetenv(name);
  }
  start();
}

PostgresServer::~PostgresServer() {
  try {
    (void)run_server_program("pg_ctl", {"-D", (dir_.path / "data").string(), "-m", "immediate", "-w", "stop"});
  } catch (const std::exception&) {
    // A destructor never throws: a server that cannot be stopped here dies with its directory's removal.
  }
}

// Runs the server program with its output in `output` and no other descriptor of the test inherited: pg_ctl
// leaves the server running, and a server holding the test's pipes would keep run_program waiting for ever.
// As root, the child becomes uid/gid first (PostgreSQL refuses to run as root).
RunResult PostgresServer::run_server_program(const std::string& program, const std::vector<std::string>& args) const {
  const std::string path = (bin_ / program).string();
  const fs::path output = dir_.path / ("output-" + program);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0) ::_exit(126);
    ::close_range(3, ~0U, 0);
    if (switch_user_ && (::setgroups(0, nullptr) != 0 || ::setgid(run_gid_) != 0 || ::setuid(run_uid_) != 0)) {
      ::_exit(126);
    }
    ::execv(path.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = log_of(output);
  return r;
}

void PostgresServer::start() const {
  const std::string options = "-p " + std::to_string(port_) + " -k " + dir_.path.string() +
                              " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60";
  const RunResult started = run_server_program("pg_ctl", {"-D", (dir_.path / "data").string(), "-o", options, "-l",
                                                          (dir_.path / "log").string(), "-w", "-t", "60", "start"});
  if (started.exit_code != 0) {
    throw std::runtime_error("pg_ctl start failed: " + started.out + started.err + log_of(dir_.path / "log"));
  }
}

void PostgresServer::stop_immediate() const {
  const RunResult stopped = run_server_program("pg_ctl",
                                               {"-D", (dir_.path / "data").string(), "-m", "immediate", "-w", "stop"});
  if (stopped.exit_code != 0) throw std::runtime_error("pg_ctl stop failed: " + stopped.out + stopped.err);
}

std::string PostgresServer::url(const std::string& name) const {
  return "postgresql://photoaudit@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

std::string PostgresServer::sql(const std::string& name, const std::string& sql) const {
  const RunResult r = run_program((bin_ / "psql").string(),
                                  {"-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", url(name), "-c", sql});
  if (r.exit_code != 0) throw std::runtime_error("psql failed on " + sql + ": " + r.err);
  return r.out;
}

void PostgresServer::create_database(const std::string& name) const {
  (void)sql("postgres", "CREATE DATABASE \"" + name + "\"");
}

}  // namespace photoaudit::test

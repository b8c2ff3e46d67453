// The PostgreSQL catalog under faults and concurrency (issue 19, "Bad input and faults"), against a real
// PostgreSQL 15 that each test starts: a wrong password, a password in the URL, an unreachable server, a catalog
// of a newer schema, the server stopped mid-scan, sharded scans and two writers of the same file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "audit/catalog_compare.hpp"
#include "support/files.hpp"
#include "support/postgres_server.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using photoaudit::test::catalog_rows_of;
using photoaudit::test::PostgresServer;
using photoaudit::test::RowKeys;
using photoaudit::test::run_photoaudit;
using photoaudit::test::run_program;
using photoaudit::test::RunResult;
using photoaudit::test::TempDir;

namespace {

const fs::path kArticle = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "article";

// `count` photos: copies of the article's photos, each made distinct by one appended byte after the JPEG's end
// (other SHA-256, same pixels).
fs::path make_photos(const fs::path& at, int count) {
  fs::create_directories(at);
  std::vector<fs::path> sources;
  for (const auto& e : fs::directory_iterator(kArticle)) sources.push_back(e.path());
  std::sort(sources.begin(), sources.end());
  for (int i = 0; i < count; ++i) {
    const fs::path to = at / ("p" + std::to_string(i) + ".jpg");
    fs::copy_file(sources[static_cast<std::size_t>(i) % sources.size()], to);
    std::ofstream(to, std::ios::app | std::ios::binary) << static_cast<char>(i % 251);
  }
  return at;
}

// The SQLite catalog of one scan of folder.
std::vector<std::string> sqlite_rows(const fs::path& folder, const fs::path& db) {
  const auto r = run_photoaudit({"scan", "--quiet", "--index", db.string(), folder.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return catalog_rows_of(db.string(), RowKeys::kWithoutRunData);
}

// photoaudit with args, with one more environment setting (env NAME=VALUE photoaudit ...).
RunResult run_with_env(const std::string& setting, const std::vector<std::string>& args) {
  std::vector<std::string> full = {setting, PHOTOAUDIT_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  return run_program("env", full);
}

// Runs the commands at once (one process each) and returns their results in order.
std::vector<RunResult> run_together(const std::vector<std::vector<std::string>>& commands) {
  std::vector<std::future<RunResult>> running;
  running.reserve(commands.size());
  for (const auto& args : commands) {
    running.push_back(std::async(std::launch::async, [args] { return run_photoaudit(args); }));
  }
  std::vector<RunResult> out;
  out.reserve(running.size());
  for (auto& f : running) out.push_back(f.get());
  return out;
}

}  // namespace

TEST_CASE("postgres faults: a wrong password, a password in the URL, no server: clear errors, exit 2, 2, 75") {
  PostgresServer server;
  server.create_database("auth");
  TempDir tmp;
  const std::string folder = kArticle.string();

  const auto wrong = run_with_env("PGPASSWORD=not-the-password",
                                  {"scan", "--quiet", "--index", server.url("auth"), folder});
  CHECK(wrong.exit_code == 2);
  CHECK_THAT(wrong.err, Catch::Contains("password authentication failed"));
  CHECK_THAT(wrong.err, !Catch::Contains("not-the-password"));

  const std::string with_password = "postgresql://photoaudit:" + std::string(PostgresServer::kPassword) +
                                    "@127.0.0.1:" + std::to_string(server.port()) + "/auth";
  const auto in_url = run_photoaudit({"find", "--index", with_password, (kArticle / "teaser-putin.jpg").string()});
  CHECK(in_url.exit_code == 2);
  CHECK_THAT(in_url.err, Catch::Contains("a password in the catalog URL is refused"));
  CHECK_THAT(in_url.err, !Catch::Contains(PostgresServer::kPassword));
  const auto in_query = run_photoaudit({"scan", "--index", server.url("auth") + "?password=hunter2", folder});
  CHECK(in_query.exit_code == 2);
  CHECK_THAT(in_query.err, !Catch::Contains("hunter2"));
  CHECK(server.sql("auth", "SELECT count(*) FROM pg_tables WHERE tablename = 'images'") == "0\n");

  const auto no_db = run_photoaudit({"find", "--index", server.url("nodb"), (kArticle / "teaser-putin.jpg").string()});
  CHECK(no_db.exit_code == 2);
  CHECK_THAT(no_db.err, Catch::Contains("does not exist"));

  server.stop_immediate();
  const auto down = run_photoaudit({"scan", "--quiet", "--index", server.url("auth"), folder});
  CHECK(down.exit_code == 75);
  CHECK_THAT(down.err, Catch::Contains("try again"));
  server.start();
  const auto retried = run_photoaudit({"scan", "--quiet", "--index", server.url("auth"), folder});
  INFO(retried.err);
  CHECK(retried.exit_code == 0);
}

TEST_CASE("postgres faults: a catalog of a newer schema is refused (exit 2) and left untouched") {
  PostgresServer server;
  server.create_database("newer");
  const std::string url = server.url("newer");
  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", url, kArticle.string()}).exit_code == 0);
  server.sql("newer", "UPDATE schema_version SET version = 99");
  const std::string before = server.sql("newer", "SELECT count(*), max(last_seen) FROM images") +
                             server.sql("newer",
                                        "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM "
                                        "information_schema.columns WHERE table_name = 'images'");
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"scan", "--quiet", "--index", url, kArticle.string()},
                                             {"find", "--index", url, (kArticle / "teaser-putin.jpg").string()},
                                             {"dupes", "--index", url}}) {
    const auto r = run_photoaudit(args);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("schema version 99 is newer"));
  }
  CHECK(server.sql("newer", "SELECT count(*), max(last_seen) FROM images") +
            server.sql("newer",
                       "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM "
                       "information_schema.columns WHERE table_name = 'images'") ==
        before);
  CHECK(server.sql("newer", "SELECT version FROM schema_version") == "99\n");
}

TEST_CASE(
    "postgres faults: the server stopped mid-scan: exit 75 or done, no half-written row, the rerun equals SQLite") {
  PostgresServer server;
  server.create_database("crash");
  TempDir tmp;
  const fs::path photos = make_photos(tmp.path / "photos", 1200);
  const std::string url = server.url("crash");
  server.sql("crash", "CREATE TABLE marker (x int)");  // the database exists before the scan's first batch
  auto scan = std::async(std::launch::async, [&] {
    return run_photoaudit({"scan", "--quiet", "-j", "2", "--index", url, photos.string()});
  });
  // Stop the server once the first batch (500 files) is committed, while the scan reads the rest.
  for (int i = 0; i < 1200; ++i) {
    const std::string rows = server.sql("crash", "SELECT count(*) FROM pg_tables WHERE tablename = 'images'") == "1\n"
                                 ? server.sql("crash", "SELECT count(*) FROM images")
                                 : "0\n";
    if (rows != "0\n") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  server.stop_immediate();
  const RunResult stopped = scan.get();
  INFO(stopped.err);
  CHECK((stopped.exit_code == 75 || stopped.exit_code == 0));
  if (stopped.exit_code == 75) CHECK_THAT(stopped.err, Catch::Contains("run the command again"));
  server.start();
  // What the stopped scan committed is whole: every row with a PDQ hash has its hash rows.
  CHECK(server.sql("crash",
                   "SELECT count(*) FROM images i WHERE pdq IS NOT NULL AND NOT EXISTS "
                   "(SELECT 1 FROM image_hashes h WHERE h.image_id = i.id)") == "0\n");
  const auto rerun = run_photoaudit({"scan", "--quiet", "--index", url, photos.string()});
  INFO(rerun.err);
  REQUIRE(rerun.exit_code == 0);
  CHECK(catalog_rows_of(url, RowKeys::kWithoutRunData) == sqlite_rows(photos, tmp.path / "one.db"));
  CHECK(server.sql("crash", "SELECT count(*), count(DISTINCT path) FROM images") == "1200|1200\n");
}

TEST_CASE(
    "postgres shards: --shard I/N with 1, 2 and 4 shards at once equals one SQLite scan, and two writers of one file "
    "give one row") {
  PostgresServer server;
  TempDir tmp;
  const fs::path photos = make_photos(tmp.path / "photos", 48);
  const auto expected = sqlite_rows(photos, tmp.path / "one.db");
  for (const int n : {1, 2, 4}) {
    const std::string db = "shards" + std::to_string(n);
    server.create_database(db);
    std::vector<std::vector<std::string>> commands;
    commands.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      commands.push_back({"scan", "--quiet", "-j", "1", "--index", server.url(db), "--shard",
                          std::to_string(i) + "/" + std::to_string(n), photos.string()});
    }
    for (const auto& r : run_together(commands)) {
      INFO(r.err);
      CHECK(r.exit_code == 0);
    }
    CHECK(catalog_rows_of(server.url(db), RowKeys::kWithoutRunData) == expected);
  }
  // Two shards claiming the same files (the same shard run twice at once, as a replaced worker beside the
  // one it replaces): each path gets one row; a writer that lost a race exits 75 and its retry completes.
  server.create_database("claimed");
  const std::vector<std::string> same = {"scan",    "--quiet", "-j",           "1", "--index", server.url("claimed"),
                                         "--shard", "0/1",     photos.string()};
  for (const auto& r : run_together({same, same})) {
    INFO(r.err);
    CHECK((r.exit_code == 0 || r.exit_code == 75));
    if (r.exit_code == 75) CHECK(run_photoaudit(same).exit_code == 0);
  }
  CHECK(server.sql("claimed", "SELECT count(*), count(DISTINCT path) FROM images") == "48|48\n");
  CHECK(catalog_rows_of(server.url("claimed"), RowKeys::kWithoutRunData) == expected);
}

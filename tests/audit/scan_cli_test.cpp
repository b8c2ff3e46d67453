// `photoaudit scan`, `find` and `dupes` end to end: the built binary on real photos, killed mid-scan, held off
// by a busy catalog, stopped by a file size limit, and given a file that is not a catalog.
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <fcntl.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "support/files.hpp"
#include "support/other_user.hpp"
#include "support/run_binary.hpp"

extern char** environ;

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::OtherUserSandbox;
using photoaudit::test::run_photoaudit;
using photoaudit::test::run_program;

namespace {

const fs::path kArticle = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "article";

using photoaudit::test::read_file;
using photoaudit::test::TempDir;

// count copies of the two smallest article photos under dir, with distinct names.
fs::path many_photos(const fs::path& dir, int count) {
  fs::create_directories(dir);
  for (int i = 0; i < count; ++i) {
    const char* source = i % 2 == 0 ? "teaser-putin.jpg" : "rocket-launch-epa.jpg";
    fs::copy_file(kArticle / source, dir / ("copy-" + std::to_string(i) + ".jpg"));
  }
  return dir;
}

// Opens the catalog with the SQLite API (no photoaudit code) and returns the result of a one-value query.
std::string query(const fs::path& db, const std::string& sql) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  std::string value;
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return value;
}

// Starts the binary with stdout and stderr to /dev/null and returns its pid.
pid_t spawn_photoaudit(const std::vector<std::string>& args) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> all{PHOTOAUDIT_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  argv.reserve(all.size() + 1);
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, PHOTOAUDIT_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  return pid;
}

}  // namespace

TEST_CASE("scan, find, dupes: a folder into a catalog, a resized copy found, the teaser's lost credit flagged") {
  TempDir tmp;
  const fs::path db = tmp.path / "archive.db";
  const fs::path photos = tmp.path / "photos";
  fs::copy(kArticle, photos);
  auto scanned = run_photoaudit({"scan", "--index", db.string(), "--json", "--quiet", photos.string()});
  INFO(scanned.err);
  REQUIRE(scanned.exit_code == 0);
  const json summary = json::parse(scanned.out);
  CHECK(summary["added"] == 7);
  CHECK(summary["failed"] == 0);

  auto rescanned = run_photoaudit({"scan", "--index", db.string(), "--json", photos.string()});
  REQUIRE(rescanned.exit_code == 0);
  CHECK(json::parse(rescanned.out)["unchanged"] == 7);

  cv::Mat original = cv::imread((kArticle / "putin-min-aung-hlaing.jpg").string());
  REQUIRE_FALSE(original.empty());
  cv::Mat smaller;
  cv::resize(original, smaller, cv::Size(), 0.6, 0.6, cv::INTER_AREA);
  const fs::path resized = tmp.path / "resized.jpg";
  REQUIRE(cv::imwrite(resized.string(), smaller));
  auto found = run_photoaudit({"find", "--index", db.string(), "--json", resized.string()});
  INFO(found.err);
  REQUIRE(found.exit_code == 0);
  const json matches = json::parse(found.out)["images"][0]["matches"];
  std::set<std::string> names;
  for (const auto& m : matches) {
    names.insert(fs::path(m["path"].get<std::string>()).filename().string());
    CHECK(m["distance"].get<int>() <= 31);
  }
  CHECK(names.count("putin-min-aung-hlaing.jpg") == 1);
  CHECK(names.count("rocket-launch-epa.jpg") == 0);

  auto dupes = run_photoaudit({"dupes", "--index", db.string(), "--json"});
  REQUIRE(dupes.exit_code == 0);
  const json clusters = json::parse(dupes.out)["clusters"];
  REQUIRE(clusters.size() == 1);
  CHECK(clusters[0]["credit_lost"] == true);
}

TEST_CASE("dupes without a catalog: the putin photo and its teaser form one near cluster, credit lost") {
  auto r = run_photoaudit({"dupes", "--json", kArticle.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json clusters = json::parse(r.out)["clusters"];
  REQUIRE(clusters.size() == 1);
  const json& c = clusters[0];
  CHECK(c["kind"] == "near");
  CHECK(c["credit_lost"] == true);
  CHECK(c["credit_disagreement"] == false);
  REQUIRE(c["members"].size() == 2);
  std::map<std::string, std::string> credit_of;
  for (const auto& m : c["members"]) {
    credit_of[fs::path(m["path"].get<std::string>()).filename().string()] = m["credit"].get<std::string>();
  }
  CHECK_THAT(credit_of.at("putin-min-aung-hlaing.jpg"), Catch::Contains("ASSOCIATED PRESS"));
  CHECK(credit_of.at("teaser-putin.jpg").empty());

  auto text = run_photoaudit({"dupes", kArticle.string()});
  CHECK_THAT(text.out, Catch::Contains("CREDIT LOST"));
  CHECK(run_photoaudit({"dupes"}).exit_code == 2);
}

// Issue 14: dupes had no local-feature verification, so a copy straightened by 2 degrees (or cropped
// off-centre) was in the audit's cluster and missing from dupes' (the two clusterers had drifted apart). Both
// now call the same engine, grey zone included, over a catalog and over files.
TEST_CASE("dupes finds the 2-degree rotation the audit finds, over files and over a catalog") {
  TempDir tmp;
  const fs::path folder = tmp.path / "photos";
  fs::create_directories(folder);
  const fs::path hashing_fixtures = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "hashing";
  for (const char* name : {"cat.jpg", "cat-rotate2.jpg", "brick.jpg"}) {
    fs::copy_file(hashing_fixtures / name, folder / name);
  }
  const auto members_of = [](const json& clusters) {
    std::vector<std::vector<std::string>> out;
    for (const auto& c : clusters) {
      std::vector<std::string> names;
      for (const auto& m : c["members"]) names.push_back(fs::path(m["path"].get<std::string>()).filename().string());
      std::sort(names.begin(), names.end());
      out.push_back(std::move(names));
    }
    return out;
  };
  const std::vector<std::vector<std::string>> expected = {{"cat-rotate2.jpg", "cat.jpg"}};

  auto files = run_photoaudit({"dupes", "--json", folder.string()});
  INFO(files.err);
  REQUIRE(files.exit_code == 0);
  CHECK(members_of(json::parse(files.out)["clusters"]) == expected);

  const fs::path db = tmp.path / "c.db";
  REQUIRE(run_photoaudit({"scan", "--index", db.string(), "--quiet", folder.string()}).exit_code == 0);
  auto catalogued = run_photoaudit({"dupes", "--json", "--index", db.string()});
  INFO(catalogued.err);
  REQUIRE(catalogued.exit_code == 0);
  CHECK(members_of(json::parse(catalogued.out)["clusters"]) == expected);

  auto audited = run_photoaudit({"audit", "--format", "json", "--fail-on", "never", folder.string()});
  REQUIRE(audited.exit_code == 0);
  CHECK(members_of(json::parse(audited.out)["clusters"]) == expected);
}

TEST_CASE("scan: kill -9 mid-scan leaves a sound catalog that a rescan completes without duplicates") {
  TempDir tmp;
  const fs::path photos = many_photos(tmp.path / "photos", 200);
  const fs::path db = tmp.path / "c.db";
  for (const int delay_ms : {400, 1500}) {
    const pid_t pid = spawn_photoaudit({"scan", "--index", db.string(), "--quiet", "-j", "2", photos.string()});
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (fs::exists(db)) CHECK(query(db, "PRAGMA integrity_check") == "ok");
  }
  auto rescan = run_photoaudit({"scan", "--index", db.string(), "--json", photos.string()});
  INFO(rescan.err);
  REQUIRE(rescan.exit_code == 0);
  CHECK(query(db, "PRAGMA integrity_check") == "ok");
  CHECK(query(db, "SELECT count(*) FROM images") == "200");
  CHECK(query(db, "SELECT count(DISTINCT path) FROM images") == "200");
  CHECK(json::parse(rescan.out)["files"] == 200);
}

TEST_CASE("scan: a catalog held by another writer gives a clear 'busy' message") {
  TempDir tmp;
  const fs::path photos = many_photos(tmp.path / "photos", 2);
  const fs::path db = tmp.path / "c.db";
  REQUIRE(run_photoaudit({"scan", "--index", db.string(), "--quiet", photos.string()}).exit_code == 0);
  fs::copy_file(kArticle / "motorcycle-dpa.jpg", photos / "new.jpg");

  sqlite3* holder = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &holder) == SQLITE_OK);
  REQUIRE(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  auto r = run_photoaudit({"scan", "--index", db.string(), "--quiet", photos.string()});
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  CHECK(r.exit_code == 75);  // EX_TEMPFAIL: a scheduler retries (docs/scale.md)
  CHECK_THAT(r.err, Catch::Contains("busy"));
  CHECK_THAT(r.err, Catch::Contains(db.string()));
  // Once released, the same scan completes.
  REQUIRE(run_photoaudit({"scan", "--index", db.string(), "--quiet", photos.string()}).exit_code == 0);
  CHECK(query(db, "SELECT count(*) FROM images") == "3");
}

TEST_CASE("scan: a full disk (file size limit) is a clear error and leaves a sound catalog") {
  TempDir tmp;
  const fs::path photos = many_photos(tmp.path / "photos", 120);
  const fs::path db = tmp.path / "c.db";
  auto r = run_program(
      "prlimit", {"--fsize=131072", PHOTOAUDIT_BINARY, "scan", "--index", db.string(), "--quiet", photos.string()});
  CHECK(r.exit_code == 75);  // a write error: EX_TEMPFAIL, the same scan run again completes it
  CHECK_THAT(r.err, Catch::Contains("file size limit"));
  REQUIRE(fs::exists(db));
  CHECK(query(db, "PRAGMA integrity_check") == "ok");
  auto rescan = run_photoaudit({"scan", "--index", db.string(), "--quiet", photos.string()});
  INFO(rescan.err);
  CHECK(rescan.exit_code == 0);
  CHECK(query(db, "SELECT count(DISTINCT path) FROM images") == "120");
}

TEST_CASE("scan, find: a catalog file that is not SQLite is refused with a clear message and left alone") {
  TempDir tmp;
  const fs::path db = tmp.path / "photo.jpg";
  fs::copy_file(kArticle / "teaser-putin.jpg", db);
  const std::string before = read_file(db);
  // A catalog that does not load is a configuration error (exit status 2, as a missing registry), in every command.
  auto scan = run_photoaudit({"scan", "--index", db.string(), kArticle.string()});
  CHECK(scan.exit_code == 2);
  CHECK_THAT(scan.err, Catch::Contains("not an SQLite database"));
  auto find = run_photoaudit({"find", "--index", db.string(), (kArticle / "teaser-putin.jpg").string()});
  CHECK(find.exit_code == 2);
  CHECK_THAT(find.err, Catch::Contains("not an SQLite database"));
  CHECK(read_file(db) == before);
  auto absent = run_photoaudit({"find", "--index", (tmp.path / "none.db").string(), db.string()});
  CHECK(absent.exit_code == 2);
  CHECK_THAT(absent.err, Catch::Contains("no such catalog"));
}

TEST_CASE("scan, find, audit: a read-only catalog is refused by scan and still read by find and audit") {
  // Root writes any file whatever its mode, so the commands run as user nobody when the test is root, with what
  // they need copied where nobody can read it (issue 17: nobody could not read the registry of a checkout in /root,
  // so the audit exited 2, not 1).
  const OtherUserSandbox reader;
  TempDir tmp;
  fs::permissions(tmp.path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
  const fs::path photos = tmp.path / "photos";
  fs::create_directories(photos);
  fs::copy_file(kArticle / "putin-min-aung-hlaing.jpg", photos / "putin.jpg");
  const fs::path db = tmp.path / "archive.db";
  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", db.string(), photos.string()}).exit_code == 0);
  // The archive on a read-only share: neither the catalog nor its folder can be written.
  fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  fs::copy_file(kArticle / "teaser-putin.jpg", tmp.path / "teaser.jpg");
  const std::string before = read_file(db);
  const auto scan = reader.run({"scan", "--quiet", "--index", db.string(), photos.string()});
  CHECK(scan.exit_code == 2);  // refused before anything was done: configuration
  CHECK_THAT(scan.err, Catch::Contains("read-only"));
  const auto find = reader.run({"find", "--index", db.string(), (tmp.path / "teaser.jpg").string()});
  INFO(find.err);
  CHECK(find.exit_code == 0);
  CHECK_THAT(find.out, Catch::Contains("putin.jpg"));
  const auto audit = reader.run({"audit", "--format", "json", "--registry", reader.registry().string(), "--index",
                                 db.string(), "--date", "2026-11-27", (tmp.path / "teaser.jpg").string()});
  INFO(audit.err);
  REQUIRE(audit.exit_code == 1);
  const json report = json::parse(audit.out);
  bool archived = false;
  for (const auto& f : report["images"][0]["findings"]) {
    archived = archived ||
               (f["rule"] == "duplicate" && f["message"].get<std::string>().find("putin.jpg") != std::string::npos);
  }
  CHECK(archived);
  CHECK(read_file(db) == before);
  CHECK_FALSE(fs::exists(tmp.path / "archive.db-shm"));
}

TEST_CASE(
    "scan: N new byte-identical copies of N catalogued files are each added once, none taken for a move, and a "
    "file that did move is still recognised as moved (issue 18: each new copy looked at every old row, N x N lstat)") {
  TempDir tmp;
  const fs::path photos = tmp.path / "photos";
  fs::create_directories(photos);
  cv::Mat image(96, 96, CV_8UC1);
  cv::randu(image, 0, 255);
  REQUIRE(cv::imwrite((tmp.path / "one.jpg").string(), image));
  constexpr int kCopies = 300;
  for (int i = 0; i < kCopies; ++i) fs::copy_file(tmp.path / "one.jpg", photos / ("old-" + std::to_string(i) + ".jpg"));
  cv::randu(image, 0, 255);
  REQUIRE(cv::imwrite((photos / "unique.jpg").string(), image));
  const fs::path db = tmp.path / "archive.db";
  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", db.string(), photos.string()}).exit_code == 0);
  const std::string moved_id = query(db, "SELECT id FROM images WHERE CAST(path AS TEXT) LIKE '%/unique.jpg'");
  REQUIRE_FALSE(moved_id.empty());

  for (int i = 0; i < kCopies; ++i) fs::copy_file(tmp.path / "one.jpg", photos / ("new-" + std::to_string(i) + ".jpg"));
  fs::rename(photos / "unique.jpg", photos / "renamed.jpg");
  const auto r = run_photoaudit({"scan", "--json", "--index", db.string(), photos.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json summary = json::parse(r.out);
  CHECK(summary["files"] == 2 * kCopies + 1);
  CHECK(summary["added"] == kCopies);
  CHECK(summary["moved"] == 1);
  CHECK(summary["unchanged"] == kCopies);
  CHECK(summary["marked_missing"] == 0);
  // The row the file left stays as the record of the move (state 2, pointing at the new path); the new row
  // carries its first sighting.
  CHECK(query(db, "SELECT state FROM images WHERE id = " + moved_id) == "2");
  CHECK_THAT(query(db, "SELECT CAST(moved_to AS TEXT) FROM images WHERE id = " + moved_id),
             Catch::EndsWith("/renamed.jpg"));
  CHECK(query(db, "SELECT first_seen FROM images WHERE CAST(path AS TEXT) LIKE '%/renamed.jpg'") ==
        query(db, "SELECT first_seen FROM images WHERE id = " + moved_id));
  CHECK(query(db, "SELECT COUNT(*) FROM images") == std::to_string(2 * kCopies + 2));
  CHECK(query(db, "SELECT COUNT(*) FROM images WHERE state = 0") == std::to_string(2 * kCopies + 1));
}

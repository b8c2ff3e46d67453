// Sharded scans for schedulers (docs/scale.md), end to end through the built binary on real photos: the split by
// SHA-256 of the path under the root, NDJSON records with and without a catalog, their import (idempotent), the
// exit statuses a scheduler acts on, and the three recipes (GNU parallel, a Slurm job array, a Kubernetes
// Indexed Job) run locally, each merged catalog compared row by row with a one-machine scan.
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::read_file;
using photoaudit::test::run_photoaudit;
using photoaudit::test::run_program;
using photoaudit::test::TempDir;

namespace {

const fs::path kArticle = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "article";
const fs::path kSource = fs::path(PHOTOAUDIT_SOURCE_DIR);

// An archive of 14 photos in two folders and a text file that is not an image.
fs::path make_archive(const fs::path& at) {
  fs::create_directories(at / "2019");
  fs::create_directories(at / "2020" / "june");
  for (const auto& entry : fs::directory_iterator(kArticle)) {
    if (!entry.is_regular_file()) continue;
    fs::copy_file(entry.path(), at / "2019" / entry.path().filename());
    fs::copy_file(entry.path(), at / "2020" / "june" / ("b-" + entry.path().filename().string()));
  }
  std::ofstream(at / "2019" / "notes.txt") << "not an image\n";
  return at;
}

std::size_t archive_images(const fs::path& archive) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(archive))
    n += e.is_regular_file() && e.path().extension() != ".txt";
  return n;
}

// Every row of a catalog, in path order, with every column a scan stores except the times of the run (first_seen,
// last_seen, scanned_at) and the row id: two scans of the same files give the same text.
std::string catalog_rows(const fs::path& db) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  const char* sql =
      "SELECT quote(path), size, mtime_ns, quote(sha256), quote(content_hash), quote(content_hash_method), "
      "quote(format), width, height, orientation, quote(pdq), pdq_quality, quote(pdq_dihedral), quote(pdq_windows), "
      "quote(pdq_trimmed), pdq_trimmed_quality, phash, quote(credit), quote(byline), quote(source), "
      "quote(copyright), quote(date_created), quote(date_created_iso), quote(digital_source_type), "
      "quote(organizations), quote(error), state, quote(moved_to), quote(moved_from) FROM images ORDER BY path";
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, sql, -1, &stmt, nullptr) == SQLITE_OK);
  std::string out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      const auto* text = sqlite3_column_text(stmt, c);
      out += text == nullptr ? "NULL" : reinterpret_cast<const char*>(text);
      out += '|';
    }
    out += '\n';
  }
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return out;
}

std::string one_value(const fs::path& db, const std::string& sql) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::string value;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return value;
}

// The catalog of a one-machine scan of archive: what every sharded recipe must give.
std::string one_machine_rows(const fs::path& archive, const fs::path& db) {
  const auto r = run_photoaudit({"scan", "--quiet", "--index", db.string(), archive.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return catalog_rows(db);
}

std::vector<json> records_of(const std::string& ndjson) {
  std::vector<json> out;
  std::istringstream in(ndjson);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

std::string binary_dir() { return fs::path(PHOTOAUDIT_BINARY).parent_path().string(); }

}  // namespace

TEST_CASE("scan --shard: the shards are disjoint, cover the archive, and split by SHA-256 of the path under PATH") {
  TempDir tmp;
  const fs::path archive = make_archive(tmp.path / "mnt" / "archive");
  // The same archive under another mount point: every machine must split it the same way.
  const fs::path elsewhere = tmp.path / "other" / "prefix" / "archive";
  fs::create_directories(elsewhere.parent_path());
  fs::copy(archive, elsewhere, fs::copy_options::recursive);

  constexpr int kShards = 3;
  std::set<std::string> all;
  std::size_t total = 0;
  for (int i = 0; i < kShards; ++i) {
    const std::string shard = std::to_string(i) + "/" + std::to_string(kShards);
    const auto r = run_photoaudit({"scan", "--quiet", "--shard", shard, "--ndjson", archive.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto records = records_of(r.out);
    CHECK_FALSE(records.empty());
    std::set<std::string> keys;
    for (const json& rec : records) {
      const std::string key = rec["key"].get<std::string>();
      CHECK(rec["path"].get<std::string>() == (archive / key).string());
      CHECK(rec["state"] == "ok");
      keys.insert(key);
      // The documented split, checked with coreutils: the first 16 hex digits of sha256sum, modulo N.
      const auto sum = run_program("sh", {"-c", "printf %s \"$1\" | sha256sum", "sh", key});
      REQUIRE(sum.exit_code == 0);
      CHECK(std::stoull(sum.out.substr(0, 16), nullptr, 16) % kShards == static_cast<unsigned long long>(i));
    }
    total += keys.size();
    all.insert(keys.begin(), keys.end());
    const auto there = run_photoaudit({"scan", "--quiet", "--shard", shard, "--ndjson", elsewhere.string()});
    REQUIRE(there.exit_code == 0);
    std::set<std::string> there_keys;
    for (const json& rec : records_of(there.out)) there_keys.insert(rec["key"].get<std::string>());
    CHECK(there_keys == keys);
  }
  CHECK(total == all.size());  // disjoint
  CHECK(all.size() == archive_images(archive));
  CHECK(all.count("2019/teaser-putin.jpg") == 1);
}

TEST_CASE("scan --paths-from: a find -print0 list from the archive root gives the same keys and split as PATH") {
  TempDir tmp;
  const fs::path archive = make_archive(tmp.path / "archive");
  for (const char* flags : {"find . -type f -print0 | \"$0\" scan --quiet --paths-from - --null --ndjson --shard 1/2",
                            "find . -type f > ../list.txt && \"$0\" scan --quiet --paths-from ../list.txt --ndjson "
                            "--shard 1/2"}) {
    const auto listed = run_program("sh",
                                    {"-c", "cd \"$1\" && " + std::string(flags), PHOTOAUDIT_BINARY, archive.string()});
    INFO(listed.err);
    REQUIRE(listed.exit_code == 0);
    const auto walked = run_photoaudit({"scan", "--quiet", "--shard", "1/2", "--ndjson", archive.string()});
    REQUIRE(walked.exit_code == 0);
    std::map<std::string, std::string> from_list;
    std::map<std::string, std::string> from_walk;
    for (const json& rec : records_of(listed.out)) from_list[rec["key"]] = rec["sha256"];
    for (const json& rec : records_of(walked.out)) from_walk[rec["key"]] = rec["sha256"];
    CHECK_FALSE(from_list.empty());
    CHECK(from_list == from_walk);  // notes.txt is skipped as not an image, "./2019/x.jpg" keyed "2019/x.jpg"
  }
  const auto bad = run_photoaudit({"scan", "--ndjson", "--null", archive.string()});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--null needs --paths-from"));
}

TEST_CASE("scan --shard, --import: bad values and flag combinations are usage errors (exit 2), nothing written") {
  TempDir tmp;
  const fs::path archive = make_archive(tmp.path / "archive");
  const fs::path db = tmp.path / "c.db";
  for (const char* shard : {"2/2", "-1/2", "1/0", "a/b", "3", "1/2/3", "", "0/1000001", " 0/2"}) {
    const auto r = run_photoaudit({"scan", "--index", db.string(), "--shard", shard, archive.string()});
    INFO(shard);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--shard"));
  }
  CHECK_FALSE(fs::exists(db));
  const auto neither = run_photoaudit({"scan", archive.string()});
  CHECK(neither.exit_code == 2);
  CHECK_THAT(neither.err, Catch::Contains("--index DB"));
  const auto import_alone = run_photoaudit({"scan", "--import", "-"});
  CHECK(import_alone.exit_code == 2);
  const auto import_and_path = run_photoaudit({"scan", "--index", db.string(), "--import", "-", archive.string()});
  CHECK(import_and_path.exit_code == 2);
  const auto no_file = run_photoaudit({"scan", "--index", db.string(), "--import", (tmp.path / "none").string()});
  CHECK(no_file.exit_code == 2);
  CHECK_THAT(no_file.err, Catch::Contains("cannot open"));
}

TEST_CASE("scan: a catalog locked by another writer is exit status 75 (retry), and the retry completes") {
  TempDir tmp;
  const fs::path archive = make_archive(tmp.path / "archive");
  const fs::path db = tmp.path / "c.db";
  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", db.string(), (archive / "2019").string()}).exit_code == 0);
  const auto records = run_photoaudit({"scan", "--quiet", "--ndjson", (archive / "2020").string()});
  REQUIRE(records.exit_code == 0);
  const fs::path ndjson = tmp.path / "r.ndjson";
  std::ofstream(ndjson) << records.out;

  sqlite3* holder = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &holder) == SQLITE_OK);
  REQUIRE(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  const auto scan = run_photoaudit({"scan", "--quiet", "--index", db.string(), archive.string()});
  const auto import = run_photoaudit({"scan", "--quiet", "--index", db.string(), "--import", ndjson.string()});
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  CHECK(scan.exit_code == 75);
  CHECK_THAT(scan.err, Catch::Contains("busy"));
  CHECK(import.exit_code == 75);
  CHECK_THAT(import.err, Catch::Contains("busy"));
  const auto retried = run_photoaudit({"scan", "--quiet", "--index", db.string(), "--import", ndjson.string()});
  INFO(retried.err);
  CHECK(retried.exit_code == 0);
  CHECK(one_value(db, "SELECT count(*) FROM images") == std::to_string(archive_images(archive)));
}

TEST_CASE("scan --import: records merged twice, or a shard scanned twice into the catalog, add no row") {
  TempDir tmp;
  const fs::path archive = make_archive(tmp.path / "archive");
  const std::string expected = one_machine_rows(archive, tmp.path / "one.db");

  const fs::path db = tmp.path / "merged.db";
  std::string all;
  for (const char* shard : {"0/2", "1/2"}) {
    const auto r = run_photoaudit({"scan", "--quiet", "--shard", shard, "--ndjson", archive.string()});
    REQUIRE(r.exit_code == 0);
    all += r.out;
  }
  const fs::path ndjson = tmp.path / "all.ndjson";
  std::ofstream(ndjson) << all;
  for (int round = 0; round < 2; ++round) {
    const auto imported = run_photoaudit(
        {"scan", "--index", db.string(), "--import", ndjson.string(), "--json", "--quiet"});
    INFO(imported.err);
    REQUIRE(imported.exit_code == 0);
    const json summary = json::parse(imported.out);
    CHECK(summary["files"] == archive_images(archive));
    CHECK(summary[round == 0 ? "added" : "updated"] == archive_images(archive));
    CHECK(summary["replaced"] == 0);
    CHECK(catalog_rows(db) == expected);
  }

  // A shard straight into a catalog, with its records on stdout too, twice: the second run reads nothing.
  const fs::path direct = tmp.path / "direct.db";
  for (const char* shard : {"0/2", "1/2", "0/2"}) {
    const auto r = run_photoaudit(
        {"scan", "--quiet", "--index", direct.string(), "--shard", shard, "--ndjson", archive.string()});
    REQUIRE(r.exit_code == 0);
    if (std::string(shard) == "1/2") CHECK_FALSE(r.out.empty());
  }
  CHECK(catalog_rows(direct) == expected);
  // A rescan of one shard marks nothing of the other missing.
  CHECK(one_value(direct, "SELECT count(*) FROM images WHERE state = 0") == std::to_string(archive_images(archive)));
}

TEST_CASE("scan --shard: a shard killed mid-scan and run again leaves no duplicate row, the other shard untouched") {
  TempDir tmp;
  const fs::path photos = tmp.path / "photos";
  fs::create_directories(photos);
  for (int i = 0; i < 160; ++i) {
    fs::copy_file(kArticle / (i % 2 == 0 ? "teaser-putin.jpg" : "rocket-launch-epa.jpg"),
                  photos / ("copy-" + std::to_string(i) + ".jpg"));
  }
  const fs::path db = tmp.path / "c.db";
  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", db.string(), "--shard", "1/2", photos.string()}).exit_code ==
          0);
  const std::string other = one_value(db, "SELECT count(*) FROM images");
  for (const int delay_ms : {300, 900}) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      ::execl(PHOTOAUDIT_BINARY, PHOTOAUDIT_BINARY, "scan", "--quiet", "-j", "2", "--index", db.c_str(), "--shard",
              "0/2", photos.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  const auto rerun = run_photoaudit({"scan", "--quiet", "--index", db.string(), "--shard", "0/2", photos.string()});
  INFO(rerun.err);
  REQUIRE(rerun.exit_code == 0);
  CHECK(one_value(db, "SELECT count(*) FROM images") == "160");
  CHECK(one_value(db, "SELECT count(DISTINCT path) FROM images") == "160");
  CHECK(one_value(db, "SELECT count(*) FROM images WHERE state = 0") == "160");
  CHECK(std::stoi(other) > 0);
}

TEST_CASE("scan --import: records of an older version imported after a newer one never replace it") {
  TempDir tmp;
  const fs::path archive = tmp.path / "archive";
  fs::create_directories(archive);
  fs::copy_file(kArticle / "teaser-putin.jpg", archive / "photo.jpg");
  const auto older = run_photoaudit({"scan", "--quiet", "--ndjson", archive.string()});
  REQUIRE(older.exit_code == 0);
  fs::copy_file(kArticle / "rocket-launch-epa.jpg", archive / "photo.jpg", fs::copy_options::overwrite_existing);
  const auto newer = run_photoaudit({"scan", "--quiet", "--ndjson", archive.string()});
  REQUIRE(newer.exit_code == 0);
  // The older record read well before (scanned_at has a resolution of seconds).
  json old_record = json::parse(older.out);
  old_record["scanned_at"] = old_record["scanned_at"].get<std::int64_t>() - 100;
  const fs::path new_file = tmp.path / "new.ndjson";
  const fs::path old_file = tmp.path / "old.ndjson";
  std::ofstream(new_file) << newer.out;
  std::ofstream(old_file) << old_record.dump() << "\n";
  const fs::path db = tmp.path / "c.db";
  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", db.string(), "--import", new_file.string()}).exit_code == 0);
  const auto late = run_photoaudit({"scan", "--json", "--index", db.string(), "--import", old_file.string()});
  INFO(late.err);
  REQUIRE(late.exit_code == 0);
  CHECK(json::parse(late.out)["unchanged"] == 1);
  CHECK(one_value(db, "SELECT count(*) FROM images") == "1");
  const std::string newer_sha = json::parse(newer.out)["sha256"];
  CHECK(one_value(db, "SELECT lower(hex(sha256)) FROM images WHERE state = 0") == newer_sha);
  // In their order, the older then the newer: the older stays as a replaced record.
  const fs::path ordered = tmp.path / "ordered.db";
  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", ordered.string(), "--import", old_file.string()}).exit_code ==
          0);
  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", ordered.string(), "--import", new_file.string()}).exit_code ==
          0);
  CHECK(one_value(ordered, "SELECT group_concat(state) FROM (SELECT state FROM images ORDER BY id)") == "3,0");
}

TEST_CASE("scan --import: a damaged line is named and skipped (exit 1), the other records are stored") {
  TempDir tmp;
  const fs::path archive = make_archive(tmp.path / "archive");
  const auto r = run_photoaudit({"scan", "--quiet", "--ndjson", (archive / "2019").string()});
  REQUIRE(r.exit_code == 0);
  // A record cut short, as a killed shard writing straight into the file leaves it, and a newer record version.
  const std::string first = r.out.substr(0, r.out.find('\n'));
  std::string next = first;
  next.replace(next.find("\"record\":1"), 10, "\"record\":9");
  const fs::path ndjson = tmp.path / "r.ndjson";
  std::ofstream(ndjson) << r.out << next << "\n" << first.substr(0, first.size() / 2);
  const auto imported = run_photoaudit({"scan", "--index", (tmp.path / "c.db").string(), "--import", ndjson.string()});
  CHECK(imported.exit_code == 1);
  CHECK_THAT(imported.err, Catch::Contains("line 8: record version 9 is newer"));
  CHECK_THAT(imported.err, Catch::Contains("line 9: not a JSON object"));
  CHECK(one_value(tmp.path / "c.db", "SELECT count(*) FROM images") == "7");
}

TEST_CASE("scan --ndjson: damaged photos are partial records and exit 1 (no retry), imported as a scan stores them") {
  TempDir tmp;
  const fs::path archive = tmp.path / "archive";
  fs::create_directories(archive);
  const fs::path bad = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "bad";
  for (const char* name : {"truncated.jpg", "corrupt-chunk.png", "text-named.jpg"})
    fs::copy_file(bad / name, archive / name);
  fs::copy_file(kArticle / "teaser-putin.jpg", archive / "teaser-putin.jpg");
  const auto r = run_photoaudit({"scan", "--quiet", "--ndjson", archive.string()});
  CHECK(r.exit_code == 1);
  std::map<std::string, std::string> states;
  for (const json& rec : records_of(r.out)) states[rec["key"]] = rec["state"];
  const std::map<std::string, std::string> expected_states{
      {"corrupt-chunk.png", "partial"}, {"teaser-putin.jpg", "ok"}, {"truncated.jpg", "partial"}};
  CHECK(states == expected_states);
  // text-named.jpg is not an image: a walk error, named on stderr, with no record.
  CHECK_THAT(r.err, Catch::Contains("text-named.jpg"));
  const fs::path ndjson = tmp.path / "r.ndjson";
  std::ofstream(ndjson) << r.out;
  const fs::path db = tmp.path / "c.db";
  CHECK(run_photoaudit({"scan", "--quiet", "--index", db.string(), "--import", ndjson.string()}).exit_code == 1);
  const fs::path one = tmp.path / "one.db";
  CHECK(run_photoaudit({"scan", "--quiet", "--index", one.string(), archive.string()}).exit_code == 1);
  CHECK(catalog_rows(db) == catalog_rows(one));
}

TEST_CASE("scan --ndjson: a file name that is not UTF-8 round-trips byte-exact through path_hex and --import") {
  TempDir tmp;
  const fs::path archive = tmp.path / "archive";
  fs::create_directories(archive);
  const std::string name = std::string("caf\xe9-") + "photo.jpg";  // Latin-1, invalid UTF-8
  fs::copy_file(kArticle / "teaser-putin.jpg", archive / name);
  const auto r = run_photoaudit({"scan", "--quiet", "--ndjson", archive.string()});
  REQUIRE(r.exit_code == 0);
  const auto records = records_of(r.out);
  REQUIRE(records.size() == 1);
  CHECK(records[0].contains("path_hex"));
  const fs::path ndjson = tmp.path / "r.ndjson";
  std::ofstream(ndjson) << r.out;
  const fs::path db = tmp.path / "c.db";
  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", db.string(), "--import", ndjson.string()}).exit_code == 0);
  CHECK(catalog_rows(db) == one_machine_rows(archive, tmp.path / "one.db"));
}

TEST_CASE("recipe: GNU parallel shards into NDJSON, one import, the catalog equal to a one-machine scan") {
  TempDir tmp;
  const fs::path archive = make_archive(tmp.path / "archive");
  const std::string expected = one_machine_rows(archive, tmp.path / "one.db");
  const fs::path db = tmp.path / "merged.db";
  const auto r = run_program(
      "env", {"PHOTOAUDIT=" + std::string(PHOTOAUDIT_BINARY), "OUT=" + (tmp.path / "out").string(), "bash",
              (kSource / "scripts/recipes/parallel-scan").string(), archive.string(), db.string(), "3"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (int i = 0; i < 3; ++i) CHECK(fs::exists(tmp.path / "out" / ("shard-" + std::to_string(i) + ".ndjson")));
  CHECK(catalog_rows(db) == expected);
}

TEST_CASE("recipe: four shards at once straight into one new catalog (GNU parallel) give the one-machine catalog") {
  TempDir tmp;
  const fs::path archive = make_archive(tmp.path / "archive");
  const std::string expected = one_machine_rows(archive, tmp.path / "one.db");
  const fs::path db = tmp.path / "shared.db";
  // Created, migrated and written by four processes at the same time: SQLite serialises them. A shard that waits
  // for the lock past the busy timeout (a loaded machine) exits 75 and is run again (--retries), as documented.
  const auto r = run_program(
      "parallel", {"--will-cite", "-j4", "--retries", "3", PHOTOAUDIT_BINARY, "scan", "--quiet", "-j", "1", "--index",
                   db.string(), "--shard", "{}/4", archive.string(), ":::", "0", "1", "2", "3"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(catalog_rows(db) == expected);
}

TEST_CASE("recipe: the Slurm job array script, run as Slurm runs its tasks, merges into a one-machine catalog") {
  TempDir tmp;
  const fs::path archive = make_archive(tmp.path / "archive");
  const std::string expected = one_machine_rows(archive, tmp.path / "one.db");
  const fs::path out = tmp.path / "records";
  // sbatch --array=1-2: task ids 1 and 2, SLURM_ARRAY_TASK_MIN 1, SLURM_ARRAY_TASK_COUNT 2.
  for (int task = 1; task <= 2; ++task) {
    const auto r = run_program(
        "env", {"SLURM_ARRAY_TASK_ID=" + std::to_string(task), "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_COUNT=2",
                "SLURM_CPUS_PER_TASK=1", "PHOTOAUDIT=" + std::string(PHOTOAUDIT_BINARY), "bash",
                (kSource / "scripts/recipes/slurm-scan.sbatch").string(), archive.string(), out.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  CHECK(fs::exists(out / "shard-0-of-2.ndjson"));
  CHECK(fs::exists(out / "shard-1-of-2.ndjson"));
  CHECK_FALSE(fs::exists(out / "shard-0-of-2.ndjson.partial"));
  const fs::path db = tmp.path / "merged.db";
  const auto merged = run_program(
      "sh", {"-c", "cat \"$1\"/shard-*.ndjson | \"$0\" scan --quiet --index \"$2\" --import -", PHOTOAUDIT_BINARY,
             out.string(), db.string()});
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  CHECK(catalog_rows(db) == expected);
  // Without the array variables the script refuses (it is not a Slurm array task).
  const auto alone = run_program(
      "bash", {(kSource / "scripts/recipes/slurm-scan.sbatch").string(), archive.string(), out.string()});
  CHECK(alone.exit_code != 0);
  CHECK_THAT(alone.err, Catch::Contains("SLURM_ARRAY_TASK_ID"));
}

TEST_CASE("recipe: the Kubernetes Indexed Job's container command, run per JOB_COMPLETION_INDEX, merges equal") {
  const YAML::Node job = YAML::LoadFile((kSource / "docs/k8s-indexed-job.yaml").string());
  CHECK(job["kind"].as<std::string>() == "Job");
  CHECK(job["spec"]["completionMode"].as<std::string>() == "Indexed");
  const int completions = job["spec"]["completions"].as<int>();
  const YAML::Node container = job["spec"]["template"]["spec"]["containers"][0];
  CHECK(container["name"].as<std::string>() == "scan");
  const auto command = container["command"].as<std::vector<std::string>>();
  REQUIRE(command == std::vector<std::string>{"/bin/sh", "-c"});
  const std::string script = container["args"][0].as<std::string>();
  CHECK_THAT(script, Catch::Contains("photoaudit scan --quiet --shard \"$JOB_COMPLETION_INDEX/$SHARDS\" --ndjson"));
  std::map<std::string, std::string> env;
  for (const auto& e : container["env"]) env[e["name"].as<std::string>()] = e["value"].as<std::string>();
  REQUIRE(env.count("SHARDS") == 1);
  CHECK(std::stoi(env["SHARDS"]) == completions);
  // Exit statuses 2 and 3 end the Job; 75 is left to the per-index retries.
  const auto values = job["spec"]["podFailurePolicy"]["rules"][0]["onExitCodes"]["values"].as<std::vector<int>>();
  CHECK(values == std::vector<int>{2, 3});

  TempDir tmp;
  const fs::path archive = make_archive(tmp.path / "archive");
  const std::string expected = one_machine_rows(archive, tmp.path / "one.db");
  const fs::path out = tmp.path / "records";
  fs::create_directories(out);
  const char* path = std::getenv("PATH");
  for (int index = 0; index < completions; ++index) {
    // As the kubelet runs it: the container's env, JOB_COMPLETION_INDEX set, photoaudit on PATH.
    const auto r = run_program("env", {"JOB_COMPLETION_INDEX=" + std::to_string(index), "SHARDS=" + env["SHARDS"],
                                       "ARCHIVE=" + archive.string(), "OUT=" + out.string(),
                                       "PATH=" + binary_dir() + ":" + (path != nullptr ? path : "/usr/bin:/bin"),
                                       command[0], command[1], script});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  const fs::path db = tmp.path / "merged.db";
  const auto merged = run_program(
      "sh", {"-c", "cat \"$1\"/shard-*.ndjson | \"$0\" scan --quiet --index \"$2\" --import -", PHOTOAUDIT_BINARY,
             out.string(), db.string()});
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  CHECK(catalog_rows(db) == expected);
}

// The PostgreSQL catalog (issue 19) against a real PostgreSQL 15 that each test starts (support/postgres_server):
// the same rows, history and answers as the SQLite catalog, through the built binary on real photos.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <thread>
#include <vector>

#include "audit/catalog_compare.hpp"
#include "support/files.hpp"
#include "support/postgres_server.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::catalog_rows_of;
using photoaudit::test::PostgresServer;
using photoaudit::test::RowKeys;
using photoaudit::test::run_photoaudit;
using photoaudit::test::TempDir;

namespace {

const fs::path kArticle = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "article";
const fs::path kHashing = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "hashing";

// Copies of the named fixtures/hashing files in dir/photos; returns that folder.
fs::path hashing_photos(const fs::path& dir, std::initializer_list<const char*> names) {
  fs::path folder = dir / "photos";
  fs::create_directories(folder);
  for (const char* name : names) fs::copy_file(kHashing / name, folder / name);
  return folder;
}

// A copy of fixtures/article in two folders (14 photos; the copies are exact duplicates of each other).
fs::path make_archive(const fs::path& at) {
  fs::create_directories(at / "2019");
  fs::create_directories(at / "2020");
  for (const auto& entry : fs::directory_iterator(kArticle)) {
    if (!entry.is_regular_file()) continue;
    fs::copy_file(entry.path(), at / "2019" / entry.path().filename());
    fs::copy_file(entry.path(), at / "2020" / ("b-" + entry.path().filename().string()));
  }
  return at;
}

void run_ok(const std::vector<std::string>& args) {
  const auto r = run_photoaudit(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

// A command's JSON without the "index" member (which names the catalog).
json json_without_index(const std::vector<std::string>& args) {
  const auto r = run_photoaudit(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json j = json::parse(r.out);
  j.erase("index");
  return j;
}

}  // namespace

TEST_CASE("postgres catalog: the same records give the same rows in every column as SQLite, and find and dupes agree") {
  PostgresServer server;
  server.create_database("same");
  TempDir tmp;
  const fs::path archive = make_archive(tmp.path / "archive");
  const auto records = run_photoaudit({"scan", "--quiet", "--ndjson", archive.string()});
  REQUIRE(records.exit_code == 0);
  std::ofstream(tmp.path / "r.ndjson") << records.out;
  const std::string sqlite = (tmp.path / "c.db").string();
  const std::string pg = server.url("same");
  for (const auto& index : {sqlite, pg})
    run_ok({"scan", "--quiet", "--index", index, "--import", (tmp.path / "r.ndjson").string()});

  const auto pg_rows = catalog_rows_of(pg, RowKeys::kEverything);
  CHECK(pg_rows.size() == 14);
  CHECK(pg_rows == catalog_rows_of(sqlite, RowKeys::kEverything));
  // The columns images() does not return: date_created_iso as parsed, and local_features (read on its own): every
  // decoded image's blob arrived through the import, the same bytes in both catalogs.
  const std::string with_features = server.sql("same", "SELECT count(*) FROM images WHERE local_features IS NOT NULL");
  CHECK(with_features != "0\n");
  CHECK(with_features == server.sql("same", "SELECT count(*) FROM images WHERE sha256 IS NOT NULL"));
  const auto sqlite_blobs = photoaudit::test::run_program(
      "sqlite3", {sqlite,
                  "SELECT group_concat(lower(hex(local_features)), ',') FROM "
                  "(SELECT local_features FROM images WHERE local_features IS NOT NULL ORDER BY path)"});
  REQUIRE(sqlite_blobs.exit_code == 0);
  CHECK(server.sql("same",
                   "SELECT string_agg(encode(local_features, 'hex'), ',' ORDER BY path) FROM images "
                   "WHERE local_features IS NOT NULL") == sqlite_blobs.out);
  CHECK(server.sql("same", "SELECT count(*) FROM images WHERE date_created_iso IS NOT NULL") != "0\n");
  CHECK(server.sql("same", "SELECT max(version) FROM schema_version") ==
        std::to_string(photoaudit::audit::kCatalogSchemaVersion) + "\n");
  // Every stored hash has its slices; a row with a PDQ hash has its hashes in image_hashes.
  CHECK(server.sql("same",
                   "SELECT count(*) FROM images i WHERE pdq IS NOT NULL AND NOT EXISTS "
                   "(SELECT 1 FROM image_hashes h WHERE h.image_id = i.id)") == "0\n");

  for (const char* probe : {"teaser-putin.jpg", "rocket-launch-epa.jpg", "ai-illustration.jpg"}) {
    const std::string image = (kArticle / probe).string();
    const json from_pg = json_without_index({"find", "--json", "--index", pg, image});
    CHECK(from_pg == json_without_index({"find", "--json", "--index", sqlite, image}));
    CHECK(from_pg["images"][0]["matches"].size() >= 2);  // at least the two copies of the archive
  }
  CHECK(json_without_index({"dupes", "--json", "--index", pg}) ==
        json_without_index({"dupes", "--json", "--index", sqlite}));
  const auto audited = run_photoaudit(
      {"audit", "--format", "json", "--index", pg, (kArticle / "teaser-putin.jpg").string()});
  INFO(audited.err);
  CHECK(audited.exit_code != 2);
  CHECK(audited.out.find((archive / "2019" / "teaser-putin.jpg").string()) != std::string::npos);
}

TEST_CASE("postgres catalog: scans, rescans, a move, a missing file and a replaced file give SQLite's history") {
  PostgresServer server;
  server.create_database("history");
  TempDir tmp;
  const fs::path archive = make_archive(tmp.path / "archive");
  const std::string sqlite = (tmp.path / "c.db").string();
  const std::string pg = server.url("history");
  auto scan_both = [&] {
    for (const auto& index : {sqlite, pg}) run_ok({"scan", "--quiet", "--index", index, archive.string()});
  };
  scan_both();
  CHECK(catalog_rows_of(pg, RowKeys::kWithoutRunData) == catalog_rows_of(sqlite, RowKeys::kWithoutRunData));
  scan_both();  // unchanged: nothing added
  fs::rename(archive / "2019" / "teaser-putin.jpg", archive / "2020" / "moved-teaser.jpg");
  fs::remove(archive / "2019" / "motorcycle-dpa.jpg");
  fs::remove(archive / "2019" / "cat-credit-conflict.jpg");
  fs::copy_file(kArticle / "kremlin-pool-sputnik.jpg", archive / "2019" / "cat-credit-conflict.jpg");
  scan_both();
  const auto pg_rows = catalog_rows_of(pg, RowKeys::kWithoutRunData);
  CHECK(pg_rows == catalog_rows_of(sqlite, RowKeys::kWithoutRunData));
  CHECK(server.sql("history", "SELECT state, count(*) FROM images GROUP BY state ORDER BY state") ==
        "0|13\n1|1\n2|1\n3|1\n");
  // The first sightings carried by the move agree too (the scans ran within the same seconds).
  const auto moved = run_photoaudit(
      {"find", "--json", "--include-missing", "--index", pg, (archive / "2020" / "moved-teaser.jpg").string()});
  CHECK_THAT(moved.out, Catch::Contains("moved-teaser.jpg"));
  CHECK_THAT(moved.out, Catch::Contains("\"moved_from\""));
}

TEST_CASE("postgres catalog: a rescan reads a row without de-rotated hashes once more, as SQLite's does") {
  PostgresServer server;
  server.create_database("derotated");
  const std::string pg = server.url("derotated");
  TempDir tmp;
  const fs::path folder = hashing_photos(tmp.path, {"cat.jpg", "brick.jpg", "flat-gray.png"});
  run_ok({"scan", "--quiet", "--index", pg, folder.string()});
  // pdq_windows: 7 x 33 bytes of windows (+ 256 of grey16) + 12 x 33 of de-rotated hashes, their 12 qualities last.
  const std::string with_derotated =
      "SELECT count(*) FROM images WHERE octet_length(pdq_windows) IN (627, 883) AND "
      "substring(pdq_windows from octet_length(pdq_windows) - 11) <> '\\x000000000000000000000000'::bytea";
  CHECK(server.sql("derotated", with_derotated) == "2\n");  // the photos; the flat image has none
  server.sql("derotated",
             "UPDATE images SET pdq_windows = substring(pdq_windows from 1 for octet_length(pdq_windows) - 12) || "
             "'\\x000000000000000000000000'::bytea WHERE convert_from(path, 'UTF8') LIKE '%cat.jpg'");
  server.sql("derotated",
             "UPDATE images SET pdq_windows = substring(pdq_windows from 1 for octet_length(pdq_windows) - 396) "
             "WHERE convert_from(path, 'UTF8') LIKE '%brick.jpg'");
  REQUIRE(server.sql("derotated", with_derotated) == "0\n");
  const auto upgraded = run_photoaudit({"scan", "--json", "--index", pg, folder.string()});
  INFO(upgraded.err);
  REQUIRE(upgraded.exit_code == 0);
  CHECK(json::parse(upgraded.out)["updated"] == 2);
  CHECK(json::parse(upgraded.out)["unchanged"] == 1);
  CHECK(server.sql("derotated", with_derotated) == "2\n");
  const auto again = run_photoaudit({"scan", "--json", "--index", pg, folder.string()});
  CHECK(json::parse(again.out)["unchanged"] == 3);
}

TEST_CASE(
    "postgres catalog: find and dupes verify a 6-degree rotation and an off-centre crop with the stored local "
    "features, files offline") {
  PostgresServer server;
  server.create_database("offline");
  const std::string pg = server.url("offline");
  TempDir tmp;
  const fs::path folder = hashing_photos(tmp.path, {"cat.jpg", "cat-rotate6.jpg", "brick.jpg"});
  const cv::Mat cat = cv::imread((kHashing / "cat.jpg").string());
  REQUIRE_FALSE(cat.empty());
  const int w = cat.cols * 88 / 100;
  const int h = cat.rows * 93 / 100;
  REQUIRE(cv::imwrite((folder / "cat-off-centre.jpg").string(), cat(cv::Rect(cat.cols - w, 0, w, h)),
                      {cv::IMWRITE_JPEG_QUALITY, 90}));
  run_ok({"scan", "--quiet", "--index", pg, folder.string()});
  fs::rename(folder, tmp.path / "offline");
  CHECK(server.sql("offline", "SELECT count(local_features) FROM images") == "4\n");

  const auto dupes = run_photoaudit({"dupes", "--json", "--include-missing", "--index", pg});
  INFO(dupes.err);
  REQUIRE(dupes.exit_code == 0);
  const json clusters = json::parse(dupes.out)["clusters"];
  REQUIRE(clusters.size() == 1);
  CHECK(clusters[0]["members"].size() == 3);

  const auto found = run_photoaudit(
      {"find", "--json", "--include-missing", "--index", pg, (kHashing / "cat.jpg").string()});
  INFO(found.err);
  REQUIRE(found.exit_code == 0);
  const json answer = json::parse(found.out);
  std::map<std::string, std::string> method_of;
  for (const auto& m : answer["images"][0]["matches"]) {
    method_of[fs::path(m["path"].get<std::string>()).filename().string()] = m["method"].get<std::string>();
  }
  CHECK(method_of.size() == 3);
  CHECK(method_of["cat-rotate6.jpg"] == "local-features");
  CHECK(method_of["cat-off-centre.jpg"] == "local-features");
  CHECK(method_of.count("brick.jpg") == 0);

  // A damaged blob is named for its row; the rest still answers.
  server.sql("offline",
             "UPDATE images SET local_features = '\\xdeadbeef' WHERE encode(path, 'escape') LIKE '%cat-rotate6.jpg'");
  const auto damaged = run_photoaudit(
      {"find", "--json", "--include-missing", "--index", pg, (kHashing / "cat.jpg").string()});
  CHECK(damaged.exit_code == 1);
  CHECK_THAT(damaged.err, Catch::Contains("cat-rotate6.jpg: catalog row") && Catch::Contains("rescan the file"));
  CHECK(json::parse(damaged.out)["images"][0]["matches"].size() == 2);
}

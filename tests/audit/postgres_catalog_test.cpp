// The PostgreSQL catalog (issue 19) against a real PostgreSQL 15 that each test starts (support/postgres_server):
// the same rows, history and answers as the SQLite catalog, through the built binary on real photos.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
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
  // The columns CatalogImage does not carry: date_created_iso as parsed, the v3 columns NULL until filled.
  CHECK(server.sql("same", "SELECT count(*) FROM images WHERE c2pa_state IS NOT NULL OR local_features IS NOT NULL") ==
        "0\n");
  CHECK(server.sql("same", "SELECT count(*) FROM images WHERE date_created_iso IS NOT NULL") != "0\n");
  CHECK(server.sql("same", "SELECT max(version) FROM schema_version") == "3\n");
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

// Issue 14, items 2-3: `scan` stores each image's local features in the catalog, so `dupes` and `find` verify
// grey-zone pairs (a copy rotated 6 degrees, one cropped off-centre) with the files offline; a row whose blob is
// damaged is named and the rest still works; a rescan upgrades rows without local features; NDJSON carries them.
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::run_photoaudit;
using photoaudit::test::TempDir;

namespace {

const fs::path kHashing = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "hashing";

// cat.jpg, its 6-degree rotation (beyond the de-rotated hashes: local features), its off-centre crop (88% x 93% at the
// right edge, as the robustness bench makes it) and an unrelated photo, in dir.
void copies_of_cat(const fs::path& dir) {
  fs::create_directories(dir);
  for (const char* name : {"cat.jpg", "cat-rotate6.jpg", "brick.jpg"}) fs::copy_file(kHashing / name, dir / name);
  const cv::Mat cat = cv::imread((kHashing / "cat.jpg").string());
  REQUIRE_FALSE(cat.empty());
  const int w = cat.cols * 88 / 100;
  const int h = cat.rows * 93 / 100;
  REQUIRE(cv::imwrite((dir / "cat-off-centre.jpg").string(), cat(cv::Rect(cat.cols - w, 0, w, h)),
                      {cv::IMWRITE_JPEG_QUALITY, 90}));
}

std::vector<std::vector<std::string>> members_of(const json& clusters) {
  std::vector<std::vector<std::string>> out;
  for (const auto& c : clusters) {
    std::vector<std::string> names;
    for (const auto& m : c["members"]) names.push_back(fs::path(m["path"].get<std::string>()).filename().string());
    std::sort(names.begin(), names.end());
    out.push_back(std::move(names));
  }
  return out;
}

// Runs one SQL statement on the catalog with the SQLite API (no photoaudit code).
void sql(const fs::path& db, const std::string& statement) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(raw, statement.c_str(), nullptr, nullptr, &message);
  INFO((message != nullptr ? message : ""));
  sqlite3_free(message);
  sqlite3_close(raw);
  REQUIRE(rc == SQLITE_OK);
}

std::string query(const fs::path& db, const std::string& statement) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, statement.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::string value;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return value;
}

// Scans the copies of cat into a catalog, then takes the folder offline (renamed away).
fs::path offline_catalog(const TempDir& tmp) {
  const fs::path folder = tmp.path / "photos";
  copies_of_cat(folder);
  fs::path db = tmp.path / "c.db";  // returned: not const, so it moves
  auto scanned = run_photoaudit({"scan", "--index", db.string(), "--quiet", folder.string()});
  INFO(scanned.err);
  REQUIRE(scanned.exit_code == 0);
  fs::rename(folder, tmp.path / "offline");
  return db;
}

const std::vector<std::vector<std::string>> kAllCats = {{"cat-off-centre.jpg", "cat-rotate6.jpg", "cat.jpg"}};

}  // namespace

TEST_CASE("dupes and find verify rotated and off-centre copies with the catalog's local features, files offline") {
  TempDir tmp;
  const fs::path db = offline_catalog(tmp);
  CHECK(query(db, "SELECT count(local_features) FROM images") == "4");
  auto dupes = run_photoaudit({"dupes", "--json", "--index", db.string(), "--include-missing"});
  INFO(dupes.err);
  REQUIRE(dupes.exit_code == 0);
  CHECK(members_of(json::parse(dupes.out)["clusters"]) == kAllCats);

  auto found = run_photoaudit(
      {"find", "--json", "--include-missing", "--index", db.string(), (kHashing / "cat.jpg").string()});
  INFO(found.err);
  REQUIRE(found.exit_code == 0);
  std::map<std::string, std::string> method_of;
  const json answer = json::parse(found.out);  // kept: a range over a temporary's member would dangle
  for (const auto& m : answer["images"][0]["matches"]) {
    method_of[fs::path(m["path"].get<std::string>()).filename().string()] = m["method"].get<std::string>();
  }
  CHECK(method_of.size() == 3);
  CHECK(method_of["cat-rotate6.jpg"] == "local-features");
  CHECK(method_of["cat-off-centre.jpg"] == "local-features");
  CHECK(method_of.count("brick.jpg") == 0);
}

TEST_CASE("find: a mirrored off-centre crop finds the catalogued photo by its windows mirrored, files offline") {
  // The crop (88% x 93%, 3% from the left and 6% from the top) mirrored left to right lies 94 bits from cat.jpg by
  // the mirror variant of its hash, beyond the grey zone's 90: only its windows mirrored from their bits (84 bits)
  // make the catalogued cat a candidate. The catalog's rows have no mirror set; the probe's confirms the pair.
  TempDir tmp;
  const fs::path folder = tmp.path / "photos";
  fs::create_directories(folder);
  for (const char* name : {"cat.jpg", "brick.jpg"}) fs::copy_file(kHashing / name, folder / name);
  const fs::path db = tmp.path / "c.db";
  auto scanned = run_photoaudit({"scan", "--index", db.string(), "--quiet", folder.string()});
  INFO(scanned.err);
  REQUIRE(scanned.exit_code == 0);
  fs::rename(folder, tmp.path / "offline");
  const cv::Mat cat = cv::imread((kHashing / "cat.jpg").string());
  REQUIRE_FALSE(cat.empty());
  cv::Mat mirrored;
  cv::flip(cat(cv::Rect(cat.cols * 3 / 100, cat.rows * 6 / 100, cat.cols * 88 / 100, cat.rows * 93 / 100)), mirrored,
           1);
  const fs::path probe = tmp.path / "cat-mirrored-crop.jpg";
  REQUIRE(cv::imwrite(probe.string(), mirrored, {cv::IMWRITE_JPEG_QUALITY, 90}));

  auto found = run_photoaudit({"find", "--json", "--include-missing", "--index", db.string(), probe.string()});
  INFO(found.err << found.out);
  REQUIRE(found.exit_code == 0);
  const json answer = json::parse(found.out);
  const json& matches = answer["images"][0]["matches"];
  REQUIRE(matches.size() == 1);
  CHECK(fs::path(matches[0]["path"].get<std::string>()).filename() == "cat.jpg");
  CHECK(matches[0]["method"] == "local-features");
}

TEST_CASE("A truncated or garbage local_features blob is named for its row, the rest of dupes and find works") {
  TempDir tmp;
  const fs::path db = offline_catalog(tmp);
  sql(db,
      "UPDATE images SET local_features = substr(local_features, 1, 100) WHERE CAST(path AS TEXT) LIKE "
      "'%cat-rotate6.jpg'");
  sql(db, "UPDATE images SET local_features = X'DEADBEEF' WHERE CAST(path AS TEXT) LIKE '%brick.jpg'");
  auto dupes = run_photoaudit({"dupes", "--json", "--index", db.string(), "--include-missing"});
  CHECK(dupes.exit_code == 1);  // a damaged row is a failed input
  CHECK_THAT(dupes.err, Catch::Contains("cat-rotate6.jpg: catalog row") &&
                            Catch::Contains("local features blob: truncated") && Catch::Contains("rescan the file"));
  // The off-centre crop is still verified; the rotation, whose evidence is damaged, stands alone.
  CHECK(members_of(json::parse(dupes.out)["clusters"]) ==
        std::vector<std::vector<std::string>>{{"cat-off-centre.jpg", "cat.jpg"}});

  auto found = run_photoaudit(
      {"find", "--json", "--include-missing", "--index", db.string(), (kHashing / "cat.jpg").string()});
  CHECK(found.exit_code == 1);
  CHECK_THAT(found.err, Catch::Contains("cat-rotate6.jpg: catalog row") && Catch::Contains("truncated"));
  const json matches = json::parse(found.out)["images"][0]["matches"];
  CHECK(matches.size() == 2);  // cat.jpg itself and the off-centre crop
}

TEST_CASE("A rescan reads an unchanged file once more when its row has no local features, then skips it") {
  TempDir tmp;
  const fs::path folder = tmp.path / "photos";
  copies_of_cat(folder);
  const fs::path db = tmp.path / "c.db";
  REQUIRE(run_photoaudit({"scan", "--index", db.string(), "--quiet", folder.string()}).exit_code == 0);
  sql(db, "UPDATE images SET local_features = NULL WHERE CAST(path AS TEXT) LIKE '%cat.jpg'");  // as a schema 2 row
  auto upgraded = run_photoaudit({"scan", "--index", db.string(), "--json", folder.string()});
  INFO(upgraded.err);
  REQUIRE(upgraded.exit_code == 0);
  CHECK(json::parse(upgraded.out)["unchanged"] == 3);
  CHECK(json::parse(upgraded.out)["updated"] == 1);
  CHECK(query(db, "SELECT count(local_features) FROM images") == "4");
  auto again = run_photoaudit({"scan", "--index", db.string(), "--json", folder.string()});
  CHECK(json::parse(again.out)["unchanged"] == 4);
}

TEST_CASE("A rescan reads an unchanged file once more when its row lacks de-rotated hashes, then skips it") {
  // Reading workers (scan's default) used to drop the de-rotated hashes from their answers, and rows written before
  // those hashes existed have none: such rows read with quality 0 everywhere, and a 2-degree rotation is then found
  // only through local features. A flat image has none legitimately and is not read again.
  TempDir tmp;
  const fs::path folder = tmp.path / "photos";
  copies_of_cat(folder);
  fs::copy_file(kHashing / "flat-gray.png", folder / "flat-gray.png");
  const fs::path db = tmp.path / "c.db";
  REQUIRE(run_photoaudit({"scan", "--index", db.string(), "--quiet", folder.string()}).exit_code == 0);
  // With the de-rotated hashes, pdq_windows is 7 x 33 bytes of windows (+ 256 of grey16) + 12 x 33, and its last
  // 12 bytes are their qualities.
  const std::string with_derotated =
      "SELECT count(*) FROM images WHERE length(pdq_windows) IN (627, 883) AND "
      "substr(pdq_windows, length(pdq_windows) - 11) != zeroblob(12)";
  CHECK(query(db, with_derotated) == "4");  // the photos, by a reading worker each; not the flat image
  sql(db,
      "UPDATE images SET pdq_windows = CAST(substr(pdq_windows, 1, length(pdq_windows) - 12) || zeroblob(12) AS BLOB) "
      "WHERE CAST(path AS TEXT) LIKE '%cat.jpg'");  // as a worker wrote it
  sql(db,
      "UPDATE images SET pdq_windows = substr(pdq_windows, 1, length(pdq_windows) - 12 * 33) "
      "WHERE CAST(path AS TEXT) LIKE '%brick.jpg'");  // as written before the de-rotated hashes existed
  REQUIRE(query(db, with_derotated) == "2");
  auto upgraded = run_photoaudit({"scan", "--index", db.string(), "--json", folder.string()});
  INFO(upgraded.err);
  REQUIRE(upgraded.exit_code == 0);
  CHECK(json::parse(upgraded.out)["unchanged"] == 3);
  CHECK(json::parse(upgraded.out)["updated"] == 2);
  CHECK(query(db, with_derotated) == "4");
  auto again = run_photoaudit({"scan", "--index", db.string(), "--json", folder.string()});
  CHECK(json::parse(again.out)["unchanged"] == 5);
}

TEST_CASE("scan --ndjson carries the local features in base64 and --import stores them") {
  TempDir tmp;
  const fs::path folder = tmp.path / "photos";
  copies_of_cat(folder);
  auto records = run_photoaudit({"scan", "--ndjson", "--quiet", folder.string()});
  INFO(records.err);
  REQUIRE(records.exit_code == 0);
  std::istringstream lines(records.out);
  std::string line;
  int with_features = 0;
  while (std::getline(lines, line)) {
    const json r = json::parse(line);
    if (r["local_features"].is_string() && r["local_features"].get<std::string>().rfind("TEYB", 0) == 0) {
      ++with_features;  // "LF", version 1, base64
    }
  }
  CHECK(with_features == 4);
  const fs::path ndjson = tmp.path / "records.ndjson";
  std::ofstream(ndjson) << records.out;
  const fs::path db = tmp.path / "imported.db";
  auto imported = run_photoaudit({"scan", "--index", db.string(), "--import", ndjson.string(), "--quiet"});
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);
  fs::rename(folder, tmp.path / "offline");
  auto dupes = run_photoaudit({"dupes", "--json", "--index", db.string(), "--include-missing"});
  REQUIRE(dupes.exit_code == 0);
  CHECK(members_of(json::parse(dupes.out)["clusters"]) == kAllCats);
}

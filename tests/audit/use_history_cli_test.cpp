// Issue 16, the use history: a catalog built from a folder of real photos, then the folder changed (a file moved,
// one deleted, one replaced by a recompressed copy, one with its mtime set back by touch -d), and what `find` and
// `dupes` say of every copy through the built binary: state, dates, hashes, and the license at each copy's own
// first use. And a catalog made by the release before schema 2, read as it is and upgraded in place.
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::run_photoaudit;
using photoaudit::test::run_program;
using photoaudit::test::TempDir;

namespace {

const fs::path kFixtures = fs::path(PHOTOAUDIT_FIXTURES_DIR);
const fs::path kArticle = kFixtures / "article";

// A registry whose picture alliance contract (covering AP) ended with 2021.
constexpr const char* kEndedContract = R"(version: 1
licensors:
  - id: picture-alliance
    name: picture alliance
    contracts:
      - id: PA-2019
        valid_from: 2019-01-01
        valid_until: 2021-12-31
        covers: [AP]
)";

struct Archive {
  TempDir tmp;
  fs::path db = tmp.path / "archive.db";
  fs::path photos = tmp.path / "photos";
  fs::path registry = tmp.path / "registry.yaml";
  std::string moved_from, moved_to, print_2020, teaser, rocket;
};

json run_json(const std::vector<std::string>& args) {
  const auto r = run_photoaudit(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

// The folder scanned once, then changed, then scanned again.
void build_and_change(Archive& a) {
  fs::create_directories(a.photos / "2024");
  a.moved_from = (a.photos / "putin.jpg").string();
  a.moved_to = (a.photos / "2024" / "putin.jpg").string();
  a.print_2020 = (a.photos / "print-2020.jpg").string();
  a.teaser = (a.photos / "teaser.jpg").string();
  a.rocket = (a.photos / "rocket.jpg").string();
  fs::copy_file(kArticle / "putin-min-aung-hlaing.jpg", a.moved_from);
  fs::copy_file(kArticle / "putin-min-aung-hlaing.jpg", a.print_2020);
  fs::copy_file(kArticle / "teaser-putin.jpg", a.teaser);
  fs::copy_file(kArticle / "rocket-launch-epa.jpg", a.rocket);
  std::ofstream(a.registry) << kEndedContract;
  const json first = run_json({"scan", "--json", "--quiet", "--index", a.db.string(), a.photos.string()});
  REQUIRE(first["added"] == 4);
  // The folder was first catalogued in 2023 (set through SQLite: a test cannot wait between two scans).
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(a.db.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  const int rc = sqlite3_exec(raw, "UPDATE images SET first_seen = 1700000000, last_seen = 1700000000", nullptr,
                              nullptr, nullptr);
  sqlite3_close(raw);
  REQUIRE(rc == SQLITE_OK);

  fs::rename(a.moved_from, a.moved_to);
  fs::remove(a.rocket);
  const cv::Mat teaser = cv::imread((kArticle / "teaser-putin.jpg").string());
  REQUIRE_FALSE(teaser.empty());
  REQUIRE(cv::imwrite(a.teaser, teaser, {cv::IMWRITE_JPEG_QUALITY, 60}));
  REQUIRE(run_program("touch", {"-d", "2020-06-01 12:00:00 UTC", a.print_2020}).exit_code == 0);

  const json second = run_json({"scan", "--json", "--quiet", "--index", a.db.string(), a.photos.string()});
  CHECK(second["moved"] == 1);
  CHECK(second["marked_missing"] == 1);
  CHECK(second["updated"] == 2);   // the recompressed teaser and the file touched back
  CHECK(second["replaced"] == 1);  // of those, the teaser's bytes changed
}

// The matches of find's first image, by path and state.
std::map<std::string, json> by_path_state(const json& doc) {
  std::map<std::string, json> out;
  const json matches = doc["images"][0]["matches"];
  for (std::size_t i = 0; i < matches.size(); ++i) {
    out[matches[i]["path"].get<std::string>() + " " + matches[i]["state"].get<std::string>()] = matches[i];
  }
  return out;
}

}  // namespace

TEST_CASE("find after moves, a deletion, a recompressed replacement and touch -d: states and dates per copy") {
  Archive a;
  build_and_change(a);
  const std::string probe = (kArticle / "putin-min-aung-hlaing.jpg").string();

  const json shown = run_json({"find", "--json", "--index", a.db.string(), probe});
  const auto present = by_path_state(shown);
  // Present copies only: the moved file at its new path, the copy touched back, the new (recompressed) teaser.
  CHECK(present.size() == 3);
  CHECK(shown["images"][0]["hidden"] == 2);  // the record of the move and the replaced teaser
  REQUIRE(present.count(a.moved_to + " present") == 1);
  REQUIRE(present.count(a.print_2020 + " present") == 1);
  REQUIRE(present.count(a.teaser + " present") == 1);

  const json all = run_json({"find", "--json", "--include-missing", "--index", a.db.string(), probe});
  const auto every = by_path_state(all);
  CHECK(every.size() == 5);
  CHECK(all["images"][0]["hidden"] == 0);
  REQUIRE(every.count(a.moved_from + " moved") == 1);
  REQUIRE(every.count(a.teaser + " replaced") == 1);
  const json& record = every.at(a.moved_from + " moved");
  const json& moved = every.at(a.moved_to + " present");
  CHECK(record["moved_to"] == a.moved_to);
  CHECK(moved["moved_from"] == a.moved_from);
  CHECK(moved["first_seen"] == "2023-11-14T22:13:20Z");  // the history travels with the file
  CHECK(record["first_seen"] == "2023-11-14T22:13:20Z");
  CHECK(record["last_seen"] == "2023-11-14T22:13:20Z");  // the last time it was seen at the old path
  CHECK(moved["last_seen"].get<std::string>() > "2026");
  CHECK(moved["sha256"] == record["sha256"]);
  CHECK(moved["date_created"]["iso"] == "2026-03-04");
  CHECK(moved["date_created"]["precision"] == "day");

  // The copy touched back: its mtime is 2020, so its first use is 2020, long before the catalog saw it.
  const json& old_print = every.at(a.print_2020 + " present");
  CHECK(old_print["mtime"] == "2020-06-01T12:00:00Z");
  CHECK(old_print["first_use"] == "2020-06-01T12:00:00Z");
  CHECK(old_print["first_seen"] == "2023-11-14T22:13:20Z");  // touched in place: its first sighting stays

  // The replaced teaser keeps its own hash; the new one is another file, but the same photo.
  const json& old_teaser = every.at(a.teaser + " replaced");
  const json& new_teaser = every.at(a.teaser + " present");
  CHECK(old_teaser["sha256"] != new_teaser["sha256"]);
  CHECK(old_teaser["first_seen"] == "2023-11-14T22:13:20Z");
  CHECK(new_teaser["first_seen"].get<std::string>() > "2026");  // other bytes: a new use from now
  CHECK(old_teaser["method"] != "content-hash");

  // The deleted rocket photo: hidden by default, found as missing with --include-missing.
  const std::string rocket = (kArticle / "rocket-launch-epa.jpg").string();
  const json gone = run_json({"find", "--json", "--index", a.db.string(), rocket});
  CHECK(gone["images"][0]["matches"].empty());
  CHECK(gone["images"][0]["hidden"] == 1);
  const json gone_shown = run_json({"find", "--json", "--include-missing", "--index", a.db.string(), rocket});
  REQUIRE(gone_shown["images"][0]["matches"].size() == 1);
  CHECK(gone_shown["images"][0]["matches"][0]["state"] == "missing");
  CHECK(gone_shown["images"][0]["matches"][0]["last_seen"].is_string());

  // Text: a header, the states, and how many copies were hidden and how to see them.
  const auto text = run_photoaudit({"find", "--index", a.db.string(), probe});
  REQUIRE(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("STATE") && Catch::Contains("FIRST SEEN (UTC)") && Catch::Contains("SHA-256") &&
                           Catch::Contains("2 copies that are no longer present") &&
                           Catch::Contains("--include-missing"));
  const auto text_all = run_photoaudit({"find", "--include-missing", "--index", a.db.string(), probe});
  CHECK_THAT(text_all.out, Catch::Contains("moved -> " + a.moved_to) && Catch::Contains("replaced"));
}

TEST_CASE("find --registry: each copy is judged at its own first use, licensed then, unlicensed now") {
  Archive a;
  build_and_change(a);
  const json doc = run_json({"find", "--json", "--registry", a.registry.string(), "--index", a.db.string(),
                             (kArticle / "putin-min-aung-hlaing.jpg").string()});
  CHECK(doc["registry"] == a.registry.string());
  const auto copies = by_path_state(doc);
  const json& then = copies.at(a.print_2020 + " present")["license"];
  const json& now = copies.at(a.moved_to + " present")["license"];
  CHECK(then["date"] == "2020-06-01");
  CHECK(then["status"] == "licensed");
  CHECK(then["contract"] == "PA-2019");
  CHECK(now["date"].get<std::string>() > "2021-12-31");
  CHECK(now["status"] == "unlicensed");

  const auto text = run_photoaudit({"find", "--registry", a.registry.string(), "--index", a.db.string(),
                                    (kArticle / "putin-min-aung-hlaing.jpg").string()});
  CHECK_THAT(text.out, Catch::Contains("LICENSE AT FIRST USE") && Catch::Contains("licensed (PA-2019) on 2020-06-01"));
}

TEST_CASE("dupes over the changed catalog: records of past uses hidden and counted, shown with --include-missing") {
  Archive a;
  build_and_change(a);
  const json shown = run_json({"dupes", "--json", "--index", a.db.string()});
  CHECK(shown["hidden"] == 3);  // the move's record, the replaced teaser, the deleted rocket
  CHECK(shown["images"] == 3);
  const json all = run_json({"dupes", "--json", "--include-missing", "--index", a.db.string()});
  CHECK(all["hidden"] == 0);
  CHECK(all["images"] == 6);
  std::map<std::string, int> states;
  const json& clusters = all["clusters"];
  REQUIRE(clusters.size() == 1);
  const json members = clusters[0]["members"];
  for (std::size_t i = 0; i < members.size(); ++i) {
    ++states[members[i]["state"].get<std::string>()];
    CHECK(members[i]["sha256"].get<std::string>().size() == 64);
    CHECK(members[i]["first_use"].is_string());
  }
  CHECK(states == std::map<std::string, int>{{"present", 3}, {"moved", 1}, {"replaced", 1}});
  const auto text = run_photoaudit({"dupes", "--index", a.db.string()});
  CHECK_THAT(text.out, Catch::Contains("RELATION") && Catch::Contains("STATE") && Catch::Contains("--include-missing"));
}

TEST_CASE("a catalog made by the release before schema 2 is read as it is, then upgraded in place without a lost row") {
  TempDir tmp;
  const fs::path db = tmp.path / "v1.db";
  fs::copy_file(kFixtures / "catalog" / "v1-article.db", db);
  const std::string probe = (kArticle / "putin-min-aung-hlaing.jpg").string();

  // Read-only commands read it without changing it (its rows' paths are of the machine that made it).
  const std::string before = photoaudit::test::read_file(db);
  const json read = run_json({"find", "--json", "--include-missing", "--index", db.string(), probe});
  REQUIRE(read["images"][0]["matches"].size() == 2);  // the putin photo and its teaser
  CHECK(photoaudit::test::read_file(db) == before);
  const json dupes = run_json({"dupes", "--json", "--include-missing", "--index", db.string()});
  CHECK(dupes["images"] == 7);

  // A scan upgrades it: every row kept, ids kept, the missing one still missing, history from scanned_at.
  const fs::path empty = tmp.path / "empty";
  fs::create_directories(empty);
  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", db.string(), empty.string()}).exit_code == 0);
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  auto one = [&](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw, sql, -1, &stmt, nullptr) == SQLITE_OK);
    std::string value;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return value;
  };
  CHECK(one("SELECT version FROM schema_version") == std::to_string(photoaudit::audit::kCatalogSchemaVersion));
  CHECK(one("SELECT count(*) FROM images") == "7");
  CHECK(one("SELECT group_concat(id) FROM (SELECT id FROM images ORDER BY id)") == "1,2,3,4,5,6,7");
  CHECK(one("SELECT count(*) FROM images WHERE state = 1") == "1");
  CHECK(one("SELECT count(*) FROM images WHERE first_seen = scanned_at AND last_seen = scanned_at") == "7");
  CHECK(one("SELECT date_created_iso FROM images WHERE date_created = '2026-03-04'") == "2026-03-04");
  sqlite3_close(raw);
  const json after = run_json({"find", "--json", "--include-missing", "--index", db.string(), probe});
  CHECK(after["images"][0]["matches"] == read["images"][0]["matches"]);
}

TEST_CASE("a schema 2 catalog is read as it is by find and dupes, then a scan adds the schema 3 columns") {
  TempDir tmp;
  const fs::path db = tmp.path / "v2.db";
  const std::string probe = (kArticle / "putin-min-aung-hlaing.jpg").string();
  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", db.string(), kArticle.string()}).exit_code == 0);
  const json newest = run_json({"find", "--json", "--index", db.string(), probe});
  REQUIRE(newest["images"][0]["matches"].size() >= 2);

  // Turn it back into what the previous release wrote: no v3 columns, version 2.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  for (const char* column :
       {"c2pa_state", "c2pa_signer", "c2pa_issuer", "c2pa_signed_at", "c2pa_generator", "local_features"}) {
    const std::string sql = std::string("ALTER TABLE images DROP COLUMN ") + column;
    REQUIRE(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  REQUIRE(sqlite3_exec(raw, "UPDATE schema_version SET version = 2", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);

  const std::string before = photoaudit::test::read_file(db);
  const json read = run_json({"find", "--json", "--index", db.string(), probe});
  CHECK(read["images"][0]["matches"] == newest["images"][0]["matches"]);
  CHECK(run_json({"dupes", "--json", "--index", db.string()})["images"] == 7);
  CHECK(photoaudit::test::read_file(db) == before);

  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", db.string(), kArticle.string()}).exit_code == 0);
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw,
                             "SELECT version, (SELECT count(*) FROM pragma_table_info('images') WHERE name IN "
                             "('c2pa_state', 'c2pa_signer', 'c2pa_issuer', 'c2pa_signed_at', 'c2pa_generator', "
                             "'local_features')) FROM schema_version",
                             -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(sqlite3_column_int(stmt, 0) == photoaudit::audit::kCatalogSchemaVersion);
  CHECK(sqlite3_column_int(stmt, 1) == 6);
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
}

namespace {

// Copies of the AP photo: one in use since 2020 (mtime set back), one since now; scanned into a catalog.
struct UsedCopies {
  TempDir tmp;
  fs::path archive = tmp.path / "archive";
  fs::path db = tmp.path / "archive.db";
  fs::path in_2020 = archive / "2020" / "putin.jpg";
  fs::path in_2026 = archive / "2026" / "putin.jpg";

  UsedCopies() {
    fs::create_directories(in_2020.parent_path());
    fs::create_directories(in_2026.parent_path());
    fs::copy_file(kArticle / "putin-min-aung-hlaing.jpg", in_2020);
    fs::copy_file(kArticle / "putin-min-aung-hlaing.jpg", in_2026);
    REQUIRE(run_program("touch", {"-d", "2020-06-01 12:00:00 UTC", in_2020.string()}).exit_code == 0);
    REQUIRE(run_photoaudit({"scan", "--quiet", "--index", db.string(), archive.string()}).exit_code == 0);
  }

  fs::path registry(const std::string& text) const {
    fs::path file = tmp.path / "registry.yaml";
    std::ofstream(file) << text;
    return file;
  }
};

const json& image_at(const json& report, const fs::path& path) {
  const json& images = report["images"];
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (fs::path(images[i]["path"].get<std::string>()).filename() == path.filename() &&
        images[i]["path"].get<std::string>().find(path.parent_path().filename().string()) != std::string::npos) {
      return images[i];
    }
  }
  FAIL("no image " << path);
  return images;
}

}  // namespace

TEST_CASE("audit --as-used: each archive image judged at its own first use, licensed then, unlicensed now") {
  UsedCopies copies;
  const fs::path registry = copies.registry(kEndedContract);
  const json report = run_json({"audit", "--format", "json", "--as-used", "--fail-on", "never", "--registry",
                                registry.string(), "--index", copies.db.string(), copies.archive.string()});
  CHECK(report["context"]["date"] == "as-used");
  const json& then = image_at(report, copies.in_2020)["license"];
  const json& now = image_at(report, copies.in_2026)["license"];
  CHECK(then["date"] == "2020-06-01");
  CHECK(then["status"] == "licensed");
  CHECK(then["contract"] == "PA-2019");
  CHECK(now["date"].get<std::string>() > "2021-12-31");
  CHECK(now["status"] == "unlicensed");

  // Without --as-used, both are judged today: unlicensed, and the report says the one date.
  const json today = run_json(
      {"audit", "--format", "json", "--fail-on", "never", "--registry", registry.string(), copies.archive.string()});
  CHECK(image_at(today, copies.in_2020)["license"]["status"] == "unlicensed");
  CHECK(image_at(today, copies.in_2020)["license"]["date"] == today["context"]["date"]);

  // --as-used and --date contradict each other.
  const auto both = run_photoaudit({"audit", "--as-used", "--date", "2026-01-01", copies.archive.string()});
  CHECK(both.exit_code == 2);
  CHECK_THAT(both.err, Catch::Contains("--as-used"));
}

TEST_CASE("audit --index: single-use-reused names the earliest use, with its date") {
  UsedCopies copies;
  const fs::path registry = copies.registry(R"(version: 1
licensors:
  - id: picture-alliance
    name: picture alliance
    contracts:
      - id: PA-SINGLE
        valid_from: 2019-01-01
        valid_until: 2030-12-31
        covers: [AP]
        single_use: true
)");
  const fs::path desk = copies.tmp.path / "desk";
  fs::create_directories(desk);
  fs::copy_file(kArticle / "putin-min-aung-hlaing.jpg", desk / "today.jpg");
  const auto r = run_photoaudit(
      {"audit", "--format", "json", "--registry", registry.string(), "--index", copies.db.string(), desk.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  const json report = json::parse(r.out);
  const json findings = report["images"][0]["findings"];
  json reused;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (findings[i]["rule"] == "single-use-reused") reused = findings[i];
  }
  REQUIRE(reused.is_object());
  CHECK(reused["related"][0]["path"] == copies.in_2020.string());
  CHECK(reused["related"][0]["used_on"] == "2020-06-01");
  CHECK_THAT(reused["message"].get<std::string>(),
             Catch::Contains(copies.in_2020.string() + " (first used 2020-06-01)"));
}

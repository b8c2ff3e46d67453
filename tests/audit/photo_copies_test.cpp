// find over a catalog finds what dupes clusters (issue 14: one engine for a folder and an archive):
// Catalog::find_photo_copies follows the copies it finds, and every catalog (SQLite, PostgreSQL, serve's snapshot)
// reaches a flat picture's partners, which no PDQ index reaches (hashing/flat_partners.hpp).
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/catalog_scan.hpp"
#include "photoaudit/audit/catalog_snapshot.hpp"
#include "photoaudit/audit/match_service.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/audit/snapshot_holder.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"
#include "support/files.hpp"
#include "support/postgres_server.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using namespace photoaudit;
using namespace photoaudit::audit;
using nlohmann::json;
using photoaudit::test::TempDir;

namespace {

const fs::path kFixtures = fs::path(PHOTOAUDIT_FIXTURES_DIR);

// The folder every case scans:
// - the rocket photo, its off-centre crop (88% x 93%, fixtures/catalog) and that crop at 40%, softened: the 40% copy
//   is not the same photo as the original by any rule (52 bits apart, its keypoints blurred away), only as the
//   crop it was made from;
// - a flat gradient, its copy with a watermark (no longer flat: beyond any search radius) and its off-centre crop,
//   made here as tests/hashing/flat_match_test.cpp makes them; another flat gradient; a photo.
struct Archive {
  TempDir tmp;
  fs::path photos = tmp.path / "photos";
  fs::path db = tmp.path / "c.db";

  Archive() {
    fs::create_directories(photos);
    fs::copy_file(kFixtures / "article" / "rocket-launch-epa.jpg", photos / "rocket.jpg");
    fs::copy_file(kFixtures / "catalog" / "rocket-crop-offcentre.jpg", photos / "rocket-crop.jpg");
    fs::copy_file(kFixtures / "catalog" / "rocket-crop-offcentre-40-soft.jpg", photos / "rocket-crop-40.jpg");
    fs::copy_file(kFixtures / "hashing" / "flat-gradient-other.jpg", photos / "flat-other.jpg");
    fs::copy_file(kFixtures / "hashing" / "coffee.png", photos / "coffee.png");
    const cv::Mat flat = cv::imread((kFixtures / "hashing" / "flat-gradient.jpg").string());
    REQUIRE_FALSE(flat.empty());
    REQUIRE(cv::imwrite((photos / "flat.jpg").string(), flat, {cv::IMWRITE_JPEG_QUALITY, 92}));
    cv::Mat bold = flat.clone();
    cv::putText(bold, "PHOTOAUDIT PREVIEW", cv::Point(flat.cols / 12, flat.rows / 2), cv::FONT_HERSHEY_SIMPLEX,
                flat.rows / 150.0, cv::Scalar(255, 255, 255), 9);
    cv::Mat marked;
    cv::addWeighted(bold, 0.45, flat, 0.55, 0, marked);
    REQUIRE(cv::imwrite((photos / "flat-watermark.jpg").string(), marked, {cv::IMWRITE_JPEG_QUALITY, 90}));
    const cv::Rect crop(flat.cols * 3 / 100, flat.rows * 6 / 100, flat.cols * 88 / 100, flat.rows * 93 / 100);
    REQUIRE(cv::imwrite((photos / "flat-crop.jpg").string(), flat(crop), {cv::IMWRITE_JPEG_QUALITY, 90}));

    initialize_metadata();
    auto catalog = open_sqlite_catalog(db.string());
    REQUIRE(catalog);
    ScanOptions options;
    options.threads = 2;
    auto scanned = scan(**catalog, {photos.string()}, options);
    REQUIRE(scanned);
    REQUIRE(scanned->failed == 0);
  }

  // Garbage in place of the stored local features of the row of photos/name (a blob that does not decode).
  void damage_local_features(const std::string& name) const {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    const std::string sql = "UPDATE images SET local_features = X'4c4601ffff' WHERE CAST(path AS TEXT) LIKE '%/" +
                            name + "'";
    REQUIRE(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK(sqlite3_changes(raw) == 1);
    sqlite3_close(raw);
  }

  // The probe as find makes it: fingerprints with local features (without: as serve's PDQ query, hashes only).
  hashing::Fingerprints probe(const std::string& name, bool local_features = true) const {
    hashing::HashOptions options;
    options.local_features = local_features;
    auto fp = hashing::fingerprint_file(photos / name, options);
    REQUIRE(fp);
    return std::move(*fp);
  }
};

// name -> (method, via's name) of each match but the probe's own file.
std::map<std::string, std::pair<std::string, std::string>> listed(const std::vector<CatalogMatch>& matches,
                                                                  const std::string& probe) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  for (const auto& m : matches) {
    const std::string name = fs::path(m.path).filename().string();
    if (name == probe) continue;
    out[name] = {std::string(hashing::to_string(m.method)),
                 m.via.empty() ? std::string() : fs::path(m.via).filename().string()};
  }
  return out;
}

std::map<std::string, std::pair<std::string, std::string>> copies_of(Catalog& catalog, const Archive& archive,
                                                                     const std::string& name,
                                                                     bool local_features = true) {
  auto found = catalog.find_photo_copies(archive.probe(name, local_features), {}, CatalogRows::kAll);
  REQUIRE(found);
  CHECK(found->not_followed == 0);
  CHECK(found->unchecked == 0);
  return listed(found->matches, name);
}

using Listed = std::map<std::string, std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("find: a copy reached only through another copy is found, and names the copy it came through") {
  Archive archive;
  auto catalog = open_sqlite_catalog(archive.db.string(), {.mode = CatalogMode::kReadOnly});
  REQUIRE(catalog);
  // The probe's own neighbours: the crop (local features), not the crop's 40% copy.
  auto direct = (*catalog)->find_same_photo(archive.probe("rocket.jpg"), {}, CatalogRows::kAll);
  REQUIRE(direct);
  CHECK(listed(*direct, "rocket.jpg") == Listed{{"rocket-crop.jpg", {"local-features", ""}}});

  CHECK(copies_of(**catalog, archive, "rocket.jpg") ==
        Listed{{"rocket-crop.jpg", {"local-features", ""}}, {"rocket-crop-40.jpg", {"pdq", "rocket-crop.jpg"}}});
  CHECK(copies_of(**catalog, archive, "rocket-crop-40.jpg") ==
        Listed{{"rocket-crop.jpg", {"pdq", ""}}, {"rocket.jpg", {"local-features", "rocket-crop.jpg"}}});
  // The probe's own matches first, then the copies found through them.
  auto found = (*catalog)->find_photo_copies(archive.probe("rocket.jpg"), {}, CatalogRows::kAll);
  REQUIRE(found);
  REQUIRE(found->matches.size() == 3);
  CHECK(found->matches.back().via_id != 0);
}

TEST_CASE("find: a flat picture's crop and watermarked copy are found from either side, nothing else flat") {
  Archive archive;
  const hashing::Fingerprints flat = archive.probe("flat.jpg", false);
  const hashing::Fingerprints marked = archive.probe("flat-watermark.jpg", false);
  const hashing::SameRule rule;
  REQUIRE(flat.pdq_quality < rule.min_quality);
  REQUIRE(marked.pdq_quality >= rule.min_quality);
  // Hashes only (no local features, as serve's PDQ query or a large snapshot searches): the watermarked copy is
  // beyond the index's radius, and only the flat partners reach it.
  REQUIRE(hashing::hamming_distance(flat.pdq, marked.pdq) > hashing::search_radius(rule));

  auto catalog = open_sqlite_catalog(archive.db.string(), {.mode = CatalogMode::kReadOnly});
  REQUIRE(catalog);
  const Listed from_flat = copies_of(**catalog, archive, "flat.jpg", false);
  CHECK(from_flat.contains("flat-watermark.jpg"));
  CHECK(from_flat.contains("flat-crop.jpg"));
  CHECK_FALSE(from_flat.contains("flat-other.jpg"));
  CHECK_FALSE(from_flat.contains("coffee.png"));
  CHECK(from_flat.at("flat-watermark.jpg") == std::pair<std::string, std::string>{"pdq-flat", ""});

  const Listed from_marked = copies_of(**catalog, archive, "flat-watermark.jpg", false);
  CHECK(from_marked.contains("flat.jpg"));
  CHECK(from_marked.contains("flat-crop.jpg"));
  CHECK_FALSE(from_marked.contains("flat-other.jpg"));
  CHECK(from_marked.at("flat.jpg") == std::pair<std::string, std::string>{"pdq-flat", ""});

  // The same as dupes clusters them.
  const auto dupes = photoaudit::test::run_photoaudit({"dupes", "--json", "--index", archive.db.string()});
  REQUIRE(dupes.exit_code == 0);
  const json clusters = json::parse(dupes.out)["clusters"];
  bool seen = false;
  for (const auto& c : clusters) {
    std::vector<std::string> members;
    for (const auto& m : c["members"]) members.push_back(fs::path(m["path"].get<std::string>()).filename().string());
    std::sort(members.begin(), members.end());
    if (std::find(members.begin(), members.end(), "flat.jpg") == members.end()) continue;
    seen = true;
    CHECK(members == std::vector<std::string>{"flat-crop.jpg", "flat-watermark.jpg", "flat.jpg"});
  }
  CHECK(seen);
}

TEST_CASE("find --json names the copy a match came through, in text too, and its search stayed within its bounds") {
  Archive archive;
  const auto found = photoaudit::test::run_photoaudit(
      {"find", "--json", "--index", archive.db.string(), (archive.photos / "rocket.jpg").string()});
  INFO(found.err);
  REQUIRE(found.exit_code == 0);
  const json image = json::parse(found.out)["images"][0];
  CHECK(image["not_followed"] == 0);
  CHECK(image["unchecked"] == 0);
  std::map<std::string, json> via;
  for (const auto& m : image["matches"]) via[fs::path(m["path"].get<std::string>()).filename().string()] = m["via"];
  CHECK(via.at("rocket.jpg").is_null());
  CHECK(via.at("rocket-crop.jpg").is_null());
  CHECK(via.at("rocket-crop-40.jpg") == (archive.photos / "rocket-crop.jpg").string());

  const auto text = photoaudit::test::run_photoaudit(
      {"find", "--index", archive.db.string(), (archive.photos / "rocket.jpg").string()});
  REQUIRE(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("VIA"));
  CHECK_THAT(text.out, Catch::Contains("3 same photos in the catalog"));
}

TEST_CASE("find: serve's snapshot and a PostgreSQL catalog find every copy as the SQLite catalog does",
          "[serve][postgres]") {
  Archive archive;
  auto sqlite = open_sqlite_catalog(archive.db.string(), {.mode = CatalogMode::kReadOnly});
  REQUIRE(sqlite);
  const fs::path db = archive.db;
  auto connections = std::make_shared<serve::CatalogConnections>(
      [db] { return open_sqlite_catalog(db.string(), CatalogOptions{.mode = CatalogMode::kReadOnly}); });
  auto snapshot = serve::CatalogSnapshot::load(connections, "archive.db");
  REQUIRE(snapshot);

  photoaudit::test::PostgresServer server;
  server.create_database("copies");
  const std::string url = server.url("copies");
  const auto scanned = photoaudit::test::run_photoaudit({"scan", "--quiet", "--index", url, archive.photos.string()});
  INFO(scanned.err);
  REQUIRE(scanned.exit_code == 0);
  auto postgres = open_postgres_catalog(url, {.mode = CatalogMode::kReadOnly});
  REQUIRE(postgres);

  for (const char* name : {"rocket.jpg", "rocket-crop-40.jpg", "flat.jpg", "flat-watermark.jpg", "flat-crop.jpg"}) {
    INFO(name);
    const Listed expected = copies_of(**sqlite, archive, name);
    CHECK_FALSE(expected.empty());
    CHECK(copies_of(**snapshot, archive, name) == expected);
    CHECK(copies_of(**postgres, archive, name) == expected);
  }
  // Whether the probe's local features could change the answer (audit --index reads them only then): the three
  // agree. The rocket's off-centre crop is 58 bits from it, unmatched by hashes: a grey-zone row; the flat
  // gradient's copies are matched by the flat rule, and nothing else lies within 90 bits of it.
  for (const auto& [name, grey] :
       std::vector<std::pair<const char*, bool>>{{"rocket.jpg", true}, {"flat.jpg", false}}) {
    INFO(name);
    const hashing::Fingerprints bare = archive.probe(name, false);
    for (Catalog* catalog : {sqlite->get(), static_cast<Catalog*>(snapshot->get()), postgres->get()}) {
      const auto answer = catalog->has_grey_zone(bare, {}, CatalogRows::kPresent);
      REQUIRE(answer);
      CHECK(*answer == grey);
    }
  }
}

TEST_CASE("find: a copy followed whose stored local features are damaged is named, and searched on its hashes") {
  Archive archive;
  archive.damage_local_features("rocket-crop-40.jpg");

  const auto found = photoaudit::test::run_photoaudit(
      {"find", "--json", "--index", archive.db.string(), (archive.photos / "rocket.jpg").string()});
  CHECK(found.exit_code == 1);  // a damaged row is a finding, as for a candidate's blob
  CHECK_THAT(found.err, Catch::Contains("rocket-crop-40.jpg: catalog row"));
  CHECK_THAT(found.err, Catch::Contains("its copies were searched on its hashes only"));
  const json image = json::parse(found.out)["images"][0];
  std::vector<std::string> names;
  for (const auto& m : image["matches"]) names.push_back(fs::path(m["path"].get<std::string>()).filename().string());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"rocket-crop-40.jpg", "rocket-crop.jpg", "rocket.jpg"});
}

namespace {

// The findings of `rule` in an audit report's first image.
std::vector<json> findings_of(const json& report, const std::string& rule) {
  std::vector<json> out;
  for (const auto& f : report.at("images").at(0).at("findings")) {
    if (f.at("rule") == rule) out.push_back(f);
  }
  return out;
}

}  // namespace

TEST_CASE("audit --index says when its archive search met a damaged row: archive-search-incomplete") {
  Archive archive;
  const std::vector<std::string> args{
      "audit", "--index", archive.db.string(), "--format",
      "json",  "--date",  "2026-11-27",        (archive.photos / "rocket.jpg").string()};
  // A whole search: no such finding.
  const auto whole = photoaudit::test::run_photoaudit(args);
  INFO(whole.err);
  CHECK(findings_of(json::parse(whole.out), "archive-search-incomplete").empty());

  archive.damage_local_features("rocket-crop-40.jpg");

  const auto damaged = photoaudit::test::run_photoaudit(args);
  INFO(damaged.err);
  CHECK(damaged.exit_code == whole.exit_code);  // a note for the desk, not a different verdict
  const json report = json::parse(damaged.out);
  const auto limits = findings_of(report, "archive-search-incomplete");
  REQUIRE(limits.size() == 1);
  CHECK(limits[0]["severity"] == "info");
  CHECK_THAT(limits[0]["reason"].get<std::string>(), Catch::Contains("rocket-crop-40.jpg: catalog row"));
  CHECK_THAT(limits[0]["message"].get<std::string>(),
             Catch::Contains("1 catalog row's stored local features cannot be used"));
  CHECK(report["images"][0]["verdict"] == json::parse(whole.out)["images"][0]["verdict"]);
  // The copies are still found: the damaged one's own copies on its hashes.
  const auto duplicates = findings_of(report, "duplicate");
  REQUIRE(duplicates.size() == 1);
  std::vector<std::string> names;
  for (const auto& r : duplicates[0]["related"]) names.push_back(fs::path(r["path"].get<std::string>()).filename());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"rocket-crop-40.jpg", "rocket-crop.jpg"});
}

TEST_CASE("audit --index finds the copies find finds: an off-centre crop by the audited file's local features") {
  // The audit's fingerprints carry no local features; the archive search reads them from the file when the catalog
  // has a row the hashes leave in the grey zone (the off-centre crop, 58 bits away), as find computes them.
  Archive archive;
  const fs::path probe = archive.tmp.path / "probe.jpg";  // outside the catalog: every row is an earlier use
  fs::copy_file(archive.photos / "rocket.jpg", probe);
  const auto audited = photoaudit::test::run_photoaudit(
      {"audit", "--index", archive.db.string(), "--format", "json", "--date", "2026-11-27", probe.string()});
  INFO(audited.err);
  const json report = json::parse(audited.out);
  const auto duplicates = findings_of(report, "duplicate");
  REQUIRE(duplicates.size() == 1);
  std::vector<std::string> names;
  for (const auto& r : duplicates[0]["related"]) names.push_back(fs::path(r["path"].get<std::string>()).filename());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"rocket-crop-40.jpg", "rocket-crop.jpg", "rocket.jpg"});
  CHECK(findings_of(report, "archive-search-incomplete").empty());

  const auto found = photoaudit::test::run_photoaudit(
      {"find", "--json", "--index", archive.db.string(), probe.string()});
  REQUIRE(found.exit_code == 0);
  CHECK(json::parse(found.out)["images"][0]["matches"].size() == names.size());
}

TEST_CASE("audit --index and serve say when a photo has more copies than one search follows", "[serve]") {
  // kMaxCopiesFollowed + 6 copies of one photo, each recompressed at its own JPEG quality (distinct bytes): every
  // one is the photo's own match, 64 are searched from, 6 are not.
  TempDir tmp;
  const fs::path photos = tmp.path / "copies";
  fs::create_directories(photos);
  const cv::Mat rocket = cv::imread((kFixtures / "article" / "rocket-launch-epa.jpg").string());
  REQUIRE_FALSE(rocket.empty());
  constexpr std::size_t kCopies = Catalog::kMaxCopiesFollowed + 6;
  for (std::size_t i = 0; i < kCopies; ++i) {
    const int quality = 30 + static_cast<int>(i);
    REQUIRE(cv::imwrite((photos / ("rocket-q" + std::to_string(quality) + ".jpg")).string(), rocket,
                        {cv::IMWRITE_JPEG_QUALITY, quality}));
  }
  const fs::path db = tmp.path / "c.db";
  {
    initialize_metadata();
    auto catalog = open_sqlite_catalog(db.string());
    REQUIRE(catalog);
    ScanOptions options;
    options.threads = 2;
    auto scanned = scan(**catalog, {photos.string()}, options);
    REQUIRE(scanned);
    REQUIRE(scanned->failed == 0);
  }
  const fs::path probe = kFixtures / "article" / "rocket-launch-epa.jpg";

  const auto found = photoaudit::test::run_photoaudit({"find", "--json", "--index", db.string(), probe.string()});
  INFO(found.err);
  REQUIRE(found.exit_code == 0);
  const json image = json::parse(found.out)["images"][0];
  CHECK(image["matches"].size() == kCopies);
  CHECK(image["not_followed"] == 6);

  const auto audited = photoaudit::test::run_photoaudit(
      {"audit", "--index", db.string(), "--format", "json", "--date", "2026-11-27", probe.string()});
  INFO(audited.err);
  const json report = json::parse(audited.out);
  const auto limits = findings_of(report, "archive-search-incomplete");
  REQUIRE(limits.size() == 1);
  CHECK(limits[0]["severity"] == "info");
  CHECK_FALSE(limits[0].contains("reason"));
  CHECK_THAT(limits[0]["message"].get<std::string>(),
             Catch::Contains("6 copies found were not searched for copies of their own"));
  const auto duplicates = findings_of(report, "duplicate");
  REQUIRE(duplicates.size() == 1);
  CHECK_THAT(duplicates[0]["message"].get<std::string>(),
             Catch::Contains("already in the archive " + std::to_string(kCopies) + " times"));

  // serve's /v1/match answer counts them too.
  serve::SnapshotHolder holder(
      [db] { return open_sqlite_catalog(db.string(), CatalogOptions{.mode = CatalogMode::kReadOnly}); }, "c.db");
  REQUIRE(holder.rebuild());
  serve::MatchServiceOptions options;
  options.registry_path = (kFixtures / "registry.yaml").string();
  options.isolation.worker_executable = PHOTOAUDIT_BINARY;
  const serve::MatchService service(options, holder);
  serve::MatchQuery query;
  auto fp = hashing::fingerprint_file(probe);
  REQUIRE(fp);
  query.pdq_hex = fp->pdq.to_hex();
  const auto answer = service.match(query);
  REQUIRE(answer);
  CHECK((*answer)["matches"].size() == kCopies);
  CHECK((*answer)["not_followed"] == 6);
  CHECK((*answer)["unchecked"] == 0);
  CHECK((*answer)["damaged"] == 0);
}

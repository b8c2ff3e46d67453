// The SQLite catalog and the scan library function on real photographs: round trip of every stored field,
// incremental rescans, moved and deleted files, hostile paths, files that are not images, and catalog files
// that must be refused without being touched.
#include <sqlite3.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>
#include <string>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/catalog_scan.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;
using namespace photoaudit;
using namespace photoaudit::audit;

namespace {

const fs::path kArticle = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "article";

using photoaudit::test::read_file;
using photoaudit::test::TempDir;

// A copy of the article fixtures under dir/photos; returns that folder.
fs::path copy_article(const fs::path& dir) {
  fs::path photos = dir / "photos";  // not const: returned by move
  fs::create_directories(photos);
  for (const auto& e : fs::directory_iterator(kArticle)) fs::copy_file(e.path(), photos / e.path().filename());
  return photos;
}

std::size_t article_count() {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(kArticle), fs::directory_iterator()));
}

std::unique_ptr<Catalog> open_new(const fs::path& db) {
  auto catalog = open_sqlite_catalog(db.string());
  REQUIRE(catalog);
  return std::move(*catalog);
}

ScanResult scan_ok(Catalog& catalog, const fs::path& folder) {
  ScanOptions options;
  options.threads = 2;
  auto result = scan(catalog, {folder.string()}, options);
  REQUIRE(result);
  return *result;
}

const CatalogImage* row_with_path(const std::vector<CatalogImage>& rows, const std::string& path) {
  for (const auto& r : rows) {
    if (r.path == path) return &r;
  }
  return nullptr;
}

// Runs one statement on the catalog file with the SQLite API (no photoaudit code).
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

// The row of path in state (a path may have a present row and records of past uses).
const CatalogImage* row_in_state(const std::vector<CatalogImage>& rows, const std::string& path, CopyState state) {
  for (const auto& r : rows) {
    if (r.path == path && r.history.state == state) return &r;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("catalog: every field round-trips, byte-exact paths included") {
  TempDir tmp;
  auto fp = hashing::fingerprint_file(kArticle / "putin-min-aung-hlaing.jpg");
  REQUIRE(fp);
  CatalogImage img;
  img.path =
      "/archive/line\nbreak/inv\xff\xfe"
      "alid.jpg";
  img.size = 77409;
  img.mtime_ns = 1'700'000'000'123'456'789;
  img.fingerprints = *fp;
  img.provenance = {"picture alliance / ASSOCIATED PRESS | Valery Sharifulin",
                    "Valery Sharifulin",
                    "AP",
                    "(c) AP",
                    "2025-03-04",
                    "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
                    {"ap", "picture-alliance"},
                    CatalogCredentials{"trusted", "C2PA Signer (C2PA Test Signing Cert)",
                                       "C2PA Test Intermediate Root CA", "", "make_test_images/0.33.1"}};
  img.scanned_at = 1'750'000'000;
  img.history = {CopyState::kPresent, 1'600'000'000, 1'750'000'000, "", "/archive/before.jpg"};
  {
    auto catalog = open_new(tmp.path / "c.db");
    const CatalogWrite w{img, 0};
    REQUIRE(catalog->write({&w, 1}));
  }
  auto reopened = open_sqlite_catalog((tmp.path / "c.db").string(), {.mode = CatalogMode::kReadOnly});
  REQUIRE(reopened);
  auto rows = (*reopened)->images(CatalogRows::kAll);
  REQUIRE(rows);
  REQUIRE(rows->size() == 1);
  const CatalogImage& back = rows->front();
  CHECK(back.path == img.path);
  CHECK(back.size == img.size);
  CHECK(back.mtime_ns == img.mtime_ns);
  CHECK(back.scanned_at == img.scanned_at);
  CHECK(back.history.state == CopyState::kPresent);
  CHECK(back.history.first_seen == 1'600'000'000);
  CHECK(back.history.last_seen == 1'750'000'000);
  CHECK(back.history.moved_to.empty());
  CHECK(back.history.moved_from == "/archive/before.jpg");
  CHECK(back.provenance.credit == img.provenance.credit);
  CHECK(back.provenance.byline == img.provenance.byline);
  CHECK(back.provenance.source == img.provenance.source);
  CHECK(back.provenance.copyright == img.provenance.copyright);
  CHECK(back.provenance.date_created == img.provenance.date_created);
  CHECK(back.provenance.digital_source_type == img.provenance.digital_source_type);
  CHECK(back.provenance.organizations == img.provenance.organizations);
  CHECK(back.provenance.credentials == img.provenance.credentials);  // an empty signed_at too (stored as NULL)
  REQUIRE(back.fingerprints);
  const hashing::Fingerprints& f = *back.fingerprints;
  CHECK(f.sha256 == fp->sha256);
  CHECK(f.content_hash.digest == fp->content_hash.digest);
  CHECK(f.content_hash.method == fp->content_hash.method);
  CHECK(f.pdq == fp->pdq);
  CHECK(f.pdq_quality == fp->pdq_quality);
  CHECK(f.pdq_dihedral == fp->pdq_dihedral);
  CHECK(f.pdq_windows == fp->pdq_windows);
  CHECK(f.pdq_window_quality == fp->pdq_window_quality);
  CHECK(f.pdq_trimmed == fp->pdq_trimmed);
  CHECK(f.phash == fp->phash);
  REQUIRE(fp->has_grey16);
  CHECK(f.has_grey16);
  CHECK(f.grey16 == fp->grey16);
  CHECK(f.pdq_derotated == fp->pdq_derotated);
  CHECK(f.pdq_derotated_quality == fp->pdq_derotated_quality);
  CHECK(f.format == "jpeg");
  // The stored hashes decide exactly as the fresh ones.
  CHECK(hashing::same_photo(*fp, f).same);
}

TEST_CASE("scan: a rescan skips unchanged files, marks a deleted one missing and keeps a replaced version") {
  initialize_metadata();
  TempDir tmp;
  const fs::path photos = copy_article(tmp.path);
  const std::size_t n = article_count();
  auto catalog = open_new(tmp.path / "c.db");

  const ScanResult first = scan_ok(*catalog, photos);
  CHECK(first.files == n);
  CHECK(first.added == n);
  CHECK(first.failed == 0);
  auto rows = catalog->images(CatalogRows::kPresent);
  REQUIRE(rows);
  const CatalogImage* putin = row_with_path(*rows, (photos / "putin-min-aung-hlaing.jpg").string());
  REQUIRE(putin != nullptr);
  CHECK(putin->provenance.credit.find("ASSOCIATED PRESS") != std::string::npos);
  CHECK(std::find(putin->provenance.organizations.begin(), putin->provenance.organizations.end(), "ap") !=
        putin->provenance.organizations.end());

  const ScanResult second = scan_ok(*catalog, photos);
  CHECK(second.unchanged == n);
  CHECK(second.added + second.updated + second.moved == 0);

  SECTION("deleted: marked missing, never dropped") {
    fs::remove(photos / "teaser-putin.jpg");
    const ScanResult third = scan_ok(*catalog, photos);
    CHECK(third.marked_missing == 1);
    CHECK(*catalog->count() == static_cast<std::int64_t>(n));
    auto present = catalog->images(CatalogRows::kPresent);
    auto all = catalog->images(CatalogRows::kAll);
    REQUIRE(present);
    REQUIRE(all);
    CHECK(present->size() == n - 1);
    const CatalogImage* gone = row_with_path(*all, (photos / "teaser-putin.jpg").string());
    REQUIRE(gone != nullptr);
    CHECK(gone->history.state == CopyState::kMissing);
    CHECK(gone->history.last_seen != 0);
  }
  SECTION("changed bytes: the earlier version stays as a replaced record, the new one gets a row") {
    const std::string path = (photos / "teaser-putin.jpg").string();
    fs::copy_file(kArticle / "rocket-launch-epa.jpg", path, fs::copy_options::overwrite_existing);
    const ScanResult third = scan_ok(*catalog, photos);
    CHECK(third.updated == 1);
    CHECK(third.replaced == 1);
    CHECK(third.unchanged == n - 1);
    CHECK(*catalog->count() == static_cast<std::int64_t>(n + 1));
    auto all = catalog->images(CatalogRows::kAll);
    REQUIRE(all);
    const CatalogImage* old_version = row_in_state(*all, path, CopyState::kReplaced);
    const CatalogImage* new_version = row_in_state(*all, path, CopyState::kPresent);
    REQUIRE(old_version != nullptr);
    REQUIRE(new_version != nullptr);
    REQUIRE(old_version->fingerprints);
    REQUIRE(new_version->fingerprints);
    CHECK(old_version->fingerprints->sha256 != new_version->fingerprints->sha256);
  }
}

TEST_CASE("scan: a moved file leaves its old row as a record of the move, the new row carries its first sighting") {
  initialize_metadata();
  TempDir tmp;
  const fs::path photos = copy_article(tmp.path);
  const std::size_t n = article_count();
  auto catalog = open_new(tmp.path / "c.db");
  CHECK(scan_ok(*catalog, photos).added == n);
  auto rows = catalog->images(CatalogRows::kPresent);
  REQUIRE(rows);
  const CatalogImage* putin = row_with_path(*rows, (photos / "putin-min-aung-hlaing.jpg").string());
  REQUIRE(putin != nullptr);
  const std::int64_t id = putin->id;
  // The photo was first seen long ago (set through SQLite: a test cannot wait years between two scans).
  constexpr std::int64_t first_seen = 1'500'000'000;
  catalog.reset();
  sql(tmp.path / "c.db",
      "UPDATE images SET first_seen = " + std::to_string(first_seen) + " WHERE id = " + std::to_string(id));
  catalog = open_new(tmp.path / "c.db");
  const std::string old_path = (photos / "putin-min-aung-hlaing.jpg").string();
  const std::string new_path = (photos / "sub" / "renamed.jpg").string();
  fs::create_directories(photos / "sub");
  fs::rename(old_path, new_path);
  const ScanResult third = scan_ok(*catalog, photos);
  CHECK(third.moved == 1);
  CHECK(third.added == 0);
  CHECK(third.marked_missing == 0);
  CHECK(*catalog->count() == static_cast<std::int64_t>(n + 1));
  auto after = catalog->images(CatalogRows::kAll);
  REQUIRE(after);
  const CatalogImage* moved = row_in_state(*after, new_path, CopyState::kPresent);
  REQUIRE(moved != nullptr);
  CHECK(moved->history.first_seen == first_seen);
  CHECK(moved->history.moved_from == old_path);
  const CatalogImage* record = row_in_state(*after, old_path, CopyState::kMoved);
  REQUIRE(record != nullptr);
  CHECK(record->id == id);
  CHECK(record->history.moved_to == new_path);
  CHECK(record->history.first_seen == first_seen);
  auto present = catalog->images(CatalogRows::kPresent);
  REQUIRE(present);
  CHECK(present->size() == n);
  CHECK(row_with_path(*present, old_path) == nullptr);
  // A rescan changes nothing: the record is no candidate for another move, the new row is unchanged.
  const ScanResult fourth = scan_ok(*catalog, photos);
  CHECK(fourth.unchanged == n);
  CHECK(fourth.moved + fourth.added + fourth.marked_missing == 0);
}

TEST_CASE("scan: paths with newlines and invalid UTF-8 are stored byte-exact") {
  initialize_metadata();
  TempDir tmp;
  const fs::path dir = tmp.path / "odd";
  fs::create_directories(dir);
  const fs::path newline = dir / "two\nlines.jpg";
  const fs::path invalid = dir / "latin1-\xe9t\xe9.jpg";
  fs::copy_file(kArticle / "teaser-putin.jpg", newline);
  fs::copy_file(kArticle / "rocket-launch-epa.jpg", invalid);
  auto catalog = open_new(tmp.path / "c.db");
  CHECK(scan_ok(*catalog, dir).added == 2);
  auto rows = catalog->images(CatalogRows::kPresent);
  REQUIRE(rows);
  CHECK(row_with_path(*rows, newline.string()) != nullptr);
  CHECK(row_with_path(*rows, invalid.string()) != nullptr);
  CHECK(scan_ok(*catalog, dir).unchanged == 2);
}

TEST_CASE("scan: 10,000 empty files are skipped by sniffing, 10,000 empty .jpg files are each failed and named") {
  initialize_metadata();
  TempDir tmp;
  const fs::path dir = tmp.path / "empty";
  fs::create_directories(dir);
  for (int i = 0; i < 10000; ++i) std::ofstream(dir / ("f" + std::to_string(i) + ".dat"));
  // Named like images, they are bad files, not other files (issue 18: every bad file is named).
  for (int i = 0; i < 10000; ++i) std::ofstream(dir / ("f" + std::to_string(i) + ".jpg"));
  fs::copy_file(kArticle / "teaser-putin.jpg", dir / "real.jpg");
  auto catalog = open_new(tmp.path / "c.db");
  const ScanResult r = scan_ok(*catalog, dir);
  CHECK(r.added == 1);
  CHECK(r.skipped_not_image == 10000);
  CHECK(r.failed == 10000);
  REQUIRE(r.errors.size() == 10000);
  CHECK_THAT(r.errors.front(), Catch::Contains("named like an image but empty (0 bytes)"));
  CHECK(*catalog->count() == 1);
}

TEST_CASE("catalog: a file that is not SQLite, another program's database, a newer schema: refused untouched") {
  TempDir tmp;
  SECTION("not SQLite") {
    const fs::path db = tmp.path / "notes.db";
    std::ofstream(db) << "these are my notes, not a database\n";
    const std::string before = read_file(db);
    auto catalog = open_sqlite_catalog(db.string());
    REQUIRE_FALSE(catalog);
    CHECK(catalog.error().code == ErrorCode::kCorruption);
    CHECK_THAT(catalog.error().message, Catch::Contains("not an SQLite database"));
    CHECK_THAT(catalog.error().message, Catch::StartsWith(db.string()));
    CHECK(read_file(db) == before);
    CHECK_FALSE(fs::exists(db.string() + "-wal"));
  }
  SECTION("another program's SQLite database") {
    const fs::path db = tmp.path / "other.db";
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    const std::string before = read_file(db);
    auto catalog = open_sqlite_catalog(db.string());
    REQUIRE_FALSE(catalog);
    CHECK(catalog.error().code == ErrorCode::kCorruption);
    CHECK_THAT(catalog.error().message, Catch::Contains("not a photoaudit catalog"));
    CHECK(read_file(db) == before);
  }
  SECTION("newer schema version") {
    const fs::path db = tmp.path / "future.db";
    open_new(db).reset();
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "UPDATE schema_version SET version = 7", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    for (const auto mode : {CatalogMode::kReadWrite, CatalogMode::kReadOnly}) {
      auto catalog = open_sqlite_catalog(db.string(), {.mode = mode});
      REQUIRE_FALSE(catalog);
      CHECK(catalog.error().code == ErrorCode::kUnsupported);
      CHECK_THAT(catalog.error().message, Catch::Contains("schema version 7 is newer"));
    }
  }
  SECTION("read-only mode needs an existing catalog") {
    auto catalog = open_sqlite_catalog((tmp.path / "absent.db").string(), {.mode = CatalogMode::kReadOnly});
    REQUIRE_FALSE(catalog);
    CHECK(catalog.error().code == ErrorCode::kNotFound);
    CHECK_FALSE(fs::exists(tmp.path / "absent.db"));
  }
}

TEST_CASE("catalog: find_same_photo finds a resized copy of a catalogued photo with its credit") {
  initialize_metadata();
  TempDir tmp;
  const fs::path photos = copy_article(tmp.path);
  auto catalog = open_new(tmp.path / "c.db");
  scan_ok(*catalog, photos);

  cv::Mat original = cv::imread((kArticle / "motorcycle-dpa.jpg").string());
  REQUIRE_FALSE(original.empty());
  cv::Mat smaller;
  cv::resize(original, smaller, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
  const fs::path resized = tmp.path / "resized.jpg";
  REQUIRE(cv::imwrite(resized.string(), smaller, {cv::IMWRITE_JPEG_QUALITY, 80}));
  auto probe = hashing::fingerprint_file(resized);
  REQUIRE(probe);
  auto matches = catalog->find_same_photo(*probe);
  REQUIRE(matches);
  REQUIRE_FALSE(matches->empty());
  CHECK(matches->front().path == (photos / "motorcycle-dpa.jpg").string());
  CHECK(matches->front().distance <= 31);
  CHECK_THAT(matches->front().credit, Catch::Contains("dpa"));
  for (const auto& m : *matches) CHECK(m.path.find("rocket") == std::string::npos);
}

// Issue 14: flat images (PDQ quality below 50) were declined by every search; the catalog keeps their 16x16
// pixels, so find matches a flat gradient's resized copy by the flat-image rule, and not a different one.
TEST_CASE("catalog: find_same_photo finds a flat gradient's 50% copy, not another flat gradient") {
  initialize_metadata();
  TempDir tmp;
  const fs::path hashing_fixtures = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "hashing";
  const fs::path folder = tmp.path / "flat";
  fs::create_directories(folder);
  fs::copy_file(hashing_fixtures / "flat-gradient.jpg", folder / "flat-gradient.jpg");
  fs::copy_file(hashing_fixtures / "flat-gradient-other.jpg", folder / "flat-gradient-other.jpg");
  auto catalog = open_new(tmp.path / "c.db");
  scan_ok(*catalog, folder);
  auto probe = hashing::fingerprint_file(hashing_fixtures / "flat-gradient-half.jpg");
  REQUIRE(probe);
  REQUIRE(probe->pdq_quality < hashing::SameRule{}.min_quality);
  auto matches = catalog->find_same_photo(*probe);
  REQUIRE(matches);
  REQUIRE(matches->size() == 1);
  CHECK(matches->front().path == (folder / "flat-gradient.jpg").string());
  CHECK(matches->front().method == hashing::MatchMethod::kPdqFlat);
}

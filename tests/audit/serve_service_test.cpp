// MatchService and CatalogSnapshot without HTTP: what a request's failure says, and the snapshot's answers
// (records read from the catalog by id, the grey zone with its stored features) against the catalog's own find,
// on SQLite and on a real PostgreSQL server.
#include <catch2/catch.hpp>

#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "audit/serve_test_support.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/catalog_snapshot.hpp"
#include "photoaudit/audit/match_service.hpp"
#include "photoaudit/audit/snapshot_holder.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "support/postgres_server.hpp"

namespace fs = std::filesystem;
using namespace photoaudit::audit;
using photoaudit::test::TempDir;
using photoaudit::test::serve::kArticle;
using photoaudit::test::serve::scanned_catalog;

namespace {

const fs::path kHashingFixtures = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "hashing";

// Database `name` on server, with the fixtures/hashing photos `names` copied into `photos` and scanned into it;
// its URL.
std::string scanned_postgres(const photoaudit::test::PostgresServer& server, const std::string& name,
                             const fs::path& photos, std::initializer_list<const char*> names) {
  server.create_database(name);
  std::string url = server.url(name);
  fs::create_directories(photos);
  for (const char* photo : names) fs::copy_file(kHashingFixtures / photo, photos / photo);
  const auto scanned = photoaudit::test::run_photoaudit({"scan", "--index", url, "--quiet", photos.string()});
  INFO(scanned.err);
  REQUIRE(scanned.exit_code == 0);
  return url;
}

serve::CatalogOpener opener_of(const fs::path& db) {
  return [db] { return open_sqlite_catalog(db.string(), CatalogOptions{.mode = CatalogMode::kReadOnly}); };
}

}  // namespace

TEST_CASE("serve: a reading worker that cannot start is named in the answer's error, not the registry", "[serve]") {
  // The message said "the registry cannot be used: cannot start a reading worker ..." although the registry was
  // fine.
  TempDir tmp;
  serve::SnapshotHolder holder(opener_of(scanned_catalog(tmp.path)), "archive.db");
  REQUIRE(holder.rebuild());
  serve::MatchServiceOptions options;
  options.registry_path = (fs::path(PHOTOAUDIT_FIXTURES_DIR) / "registry.yaml").string();
  options.isolation.worker_executable = (tmp.path / "no-such-photoaudit").string();
  const serve::MatchService service(options, holder);
  serve::MatchQuery query;
  query.pdq_hex = std::string(64, 'a');
  const auto answer = service.match(query);
  REQUIRE_FALSE(answer);
  INFO(answer.error().message);
  CHECK(answer.error().code == photoaudit::ErrorCode::kIOError);
  CHECK(answer.error().message.find("reading worker") != std::string::npos);
  CHECK(answer.error().message.find("no-such-photoaudit") != std::string::npos);
  CHECK(answer.error().message.find("registry") == std::string::npos);
}

TEST_CASE("serve: the snapshot answers as the catalog's own find, with the records read from the catalog by id",
          "[serve]") {
  TempDir tmp;
  const fs::path db = scanned_catalog(tmp.path);
  auto connections = std::make_shared<serve::CatalogConnections>(opener_of(db));
  auto snapshot = serve::CatalogSnapshot::load(connections, "archive.db");
  REQUIRE(snapshot);
  auto catalog = open_sqlite_catalog(db.string(), CatalogOptions{.mode = CatalogMode::kReadOnly});
  REQUIRE(catalog);
  auto rows = (*catalog)->images(CatalogRows::kAll);
  REQUIRE(rows);
  CHECK((*snapshot)->rows() == rows->size());

  for (const char* name : {"putin-min-aung-hlaing.jpg", "rocket-launch-epa.jpg"}) {
    auto probe = photoaudit::hashing::fingerprint_file(kArticle / name);
    REQUIRE(probe);
    auto expected = (*catalog)->find_same_photo(*probe, {}, CatalogRows::kAll);
    auto got = (*snapshot)->find_same_photo(*probe, {}, CatalogRows::kAll);
    REQUIRE(expected);
    REQUIRE(got);
    REQUIRE(got->size() == expected->size());
    REQUIRE_FALSE(got->empty());
    for (std::size_t i = 0; i < got->size(); ++i) {
      CHECK((*got)[i].id == (*expected)[i].id);
      CHECK((*got)[i].path == (*expected)[i].path);
      CHECK((*got)[i].credit == (*expected)[i].credit);
      CHECK((*got)[i].provenance.credit == (*expected)[i].provenance.credit);
      CHECK((*got)[i].history.first_seen == (*expected)[i].history.first_seen);
      CHECK((*got)[i].distance == (*expected)[i].distance);
    }
  }
}

TEST_CASE("serve: a snapshot of a PostgreSQL catalog answers as its own find, the grey zone from stored features",
          "[serve][postgres]") {
  // Catalog::each_image and images_by_id, which the snapshot reads a PostgreSQL catalog through, and the grey
  // zone verified with the features the catalog stores (the files offline).
  photoaudit::test::PostgresServer server;
  TempDir tmp;
  const std::string url = scanned_postgres(server, "serve", tmp.path / "photos", {"cat.jpg", "brick.jpg"});
  fs::rename(tmp.path / "photos", tmp.path / "offline");

  const serve::CatalogOpener opener = [url] {
    return open_catalog(url, CatalogOptions{.mode = CatalogMode::kReadOnly});
  };
  auto catalog = opener();
  REQUIRE(catalog);
  auto rows = (*catalog)->images(CatalogRows::kAll);
  REQUIRE(rows);
  REQUIRE(rows->size() == 2);
  std::size_t visited = 0;
  REQUIRE((*catalog)->each_image(CatalogRows::kAll, [&](CatalogImage&& row) -> photoaudit::Result<void> {
    CHECK(row.path == (*rows)[visited].path);
    ++visited;
    return photoaudit::ok();
  }));
  CHECK(visited == 2);
  const std::int64_t ids[] = {(*rows)[1].id, 999'999, (*rows)[0].id};
  auto by_id = (*catalog)->images_by_id(ids);
  REQUIRE(by_id);
  REQUIRE(by_id->size() == 2);  // ordered by id, the unknown one left out
  CHECK((*by_id)[0].path == (*rows)[0].path);
  CHECK((*by_id)[1].path == (*rows)[1].path);

  auto snapshot = serve::CatalogSnapshot::load(std::make_shared<serve::CatalogConnections>(opener), url);
  REQUIRE(snapshot);
  CHECK((*snapshot)->rows() == 2);
  const cv::Mat cat = cv::imread((kHashingFixtures / "cat.jpg").string());
  REQUIRE_FALSE(cat.empty());
  const int w = cat.cols * 88 / 100;
  const int h = cat.rows * 93 / 100;
  std::vector<unsigned char> jpeg;
  REQUIRE(cv::imencode(".jpg", cat(cv::Rect(cat.cols - w, 0, w, h)), jpeg, {cv::IMWRITE_JPEG_QUALITY, 90}));
  photoaudit::hashing::HashOptions options;
  options.local_features = true;
  auto probe = photoaudit::hashing::fingerprint_memory(jpeg.data(), jpeg.size(), "crop.jpg", options);
  REQUIRE(probe);
  REQUIRE(probe->local_features != nullptr);
  auto expected = (*catalog)->find_same_photo(*probe, {}, CatalogRows::kAll);
  auto got = (*snapshot)->find_same_photo(*probe, {}, CatalogRows::kAll);
  REQUIRE(expected);
  REQUIRE(got);
  REQUIRE(got->size() == 1);
  REQUIRE(expected->size() == 1);
  CHECK(fs::path((*got)[0].path).filename() == "cat.jpg");
  CHECK((*got)[0].method == photoaudit::hashing::MatchMethod::kLocalFeatures);
  CHECK((*got)[0].id == (*expected)[0].id);
  CHECK((*got)[0].distance == (*expected)[0].distance);
  // Without the probe's features the hashes alone leave it in the grey zone: no match, and has_grey_zone says so.
  auto bare = *probe;
  bare.local_features.reset();
  CHECK((*snapshot)->grey_zone_of(bare, {}, CatalogRows::kAll));
  auto without = (*snapshot)->find_same_photo(bare, {}, CatalogRows::kAll);
  REQUIRE(without);
  CHECK(without->empty());
}

TEST_CASE("serve: after the PostgreSQL server restarts, the first request through a kept connection is answered",
          "[serve][postgres]") {
  // The kept (idle) connections die with the server. Each used to fail the one request that picked it up, with
  // "the connection to the catalog server was lost"; now the pool drops them and the request is read through a
  // new connection.
  photoaudit::test::PostgresServer server;
  TempDir tmp;
  const std::string url = scanned_postgres(server, "restart", tmp.path / "photos", {"cat.jpg"});
  const fs::path cat = kHashingFixtures / "cat.jpg";

  std::size_t opened = 0;
  const serve::CatalogOpener opener = [url, &opened] {
    ++opened;
    return open_catalog(url, CatalogOptions{.mode = CatalogMode::kReadOnly});
  };
  auto snapshot = serve::CatalogSnapshot::load(std::make_shared<serve::CatalogConnections>(opener), url);
  REQUIRE(snapshot);
  auto probe = photoaudit::hashing::fingerprint_file(cat);
  REQUIRE(probe);
  auto before = (*snapshot)->find_same_photo(*probe, {}, CatalogRows::kAll);
  REQUIRE(before);
  REQUIRE(before->size() == 1);
  const std::size_t opened_before = opened;

  server.stop_immediate();
  server.start();
  for (int request = 0; request < 3; ++request) {
    auto after = (*snapshot)->find_same_photo(*probe, {}, CatalogRows::kAll);
    INFO("request " << request << ": " << (after ? std::string("ok") : after.error().message));
    REQUIRE(after);
    REQUIRE(after->size() == 1);
    CHECK((*after)[0].path == (*before)[0].path);
  }
  CHECK(opened == opened_before + 1);  // one new connection, then kept again

  // A server that stays down is still an error, not a hang or a crash.
  server.stop_immediate();
  auto down = (*snapshot)->find_same_photo(*probe, {}, CatalogRows::kAll);
  REQUIRE_FALSE(down);
  CHECK(down.error().message.find("catalog") != std::string::npos);
}

// MatchService and CatalogSnapshot without HTTP: what a request's failure says, and the snapshot's answers
// (records read from the catalog by id) against the catalog's own find.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "audit/serve_test_support.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/catalog_snapshot.hpp"
#include "photoaudit/audit/match_service.hpp"
#include "photoaudit/audit/snapshot_holder.hpp"
#include "photoaudit/hashing/fingerprint.hpp"

namespace fs = std::filesystem;
using namespace photoaudit::audit;
using photoaudit::test::TempDir;
using photoaudit::test::serve::kArticle;
using photoaudit::test::serve::scanned_catalog;

namespace {

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

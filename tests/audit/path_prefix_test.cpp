// scan --path-prefix OLD=NEW (docs/scale.md, "Shards that mount the archive at different places"): two machines
// that mount one archive at different places store the same paths, so their rows compare equal and their upserts
// key the same row; in the SQLite catalog and in a real PostgreSQL 15 (support/postgres_server).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "audit/catalog_compare.hpp"
#include "photoaudit/audit/catalog_scan.hpp"
#include "support/files.hpp"
#include "support/postgres_server.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::audit::local_path;
using photoaudit::audit::parse_path_prefix;
using photoaudit::audit::PathPrefix;
using photoaudit::audit::stored_path;
using photoaudit::test::catalog_rows_of;
using photoaudit::test::PostgresServer;
using photoaudit::test::RowKeys;
using photoaudit::test::run_photoaudit;
using photoaudit::test::TempDir;

namespace {

const fs::path kArticle = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "article";

// The same archive (14 photos in two folders) "mounted" at two places: node-a/archive and node-b/photos, the
// copies with the same bytes and modification times, as two machines see one network share.
struct TwoMounts {
  fs::path a;
  fs::path b;
};

TwoMounts make_mounts(const fs::path& at) {
  TwoMounts m{at / "node-a" / "archive", at / "node-b" / "photos"};
  for (const auto& root : {m.a, m.b}) {
    fs::create_directories(root / "2019");
    fs::create_directories(root / "2020");
  }
  for (const auto& entry : fs::directory_iterator(kArticle)) {
    if (!entry.is_regular_file()) continue;
    for (const auto& rel :
         {fs::path("2019") / entry.path().filename(), fs::path("2020") / ("b-" + entry.path().filename().string())}) {
      fs::copy_file(entry.path(), m.a / rel);
      fs::copy_file(entry.path(), m.b / rel);
      fs::last_write_time(m.b / rel, fs::last_write_time(m.a / rel));
    }
  }
  return m;
}

photoaudit::test::RunResult scan(const std::vector<std::string>& args) {
  std::vector<std::string> all = {"scan", "--quiet", "-j", "1"};
  all.insert(all.end(), args.begin(), args.end());
  auto r = run_photoaudit(all);
  INFO(r.err);
  return r;
}

// The paths of the catalog's rows (from the rows' text, whose first field is the path in hex).
std::vector<std::string> paths_of(const std::vector<std::string>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) {
    const std::string hex = row.substr(0, row.find('|'));
    std::string path;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
      path += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    out.push_back(path);
  }
  return out;
}

// Two shards, one from each mount, each rebased to /archive; then every path under /archive, the rows equal to a
// one-machine scan rebased the same way, and a full scan from the other mount keys the same rows (no new row,
// every file unchanged, nothing marked missing).
void check_two_mounts(const std::string& index, const std::string& reference, const TwoMounts& m) {
  const std::string prefix_a = "--path-prefix=" + m.a.string() + "=/archive";
  const std::string prefix_b = "--path-prefix=" + m.b.string() + "=/archive";
  REQUIRE(scan({"--index", index, "--shard", "0/2", prefix_a, m.a.string()}).exit_code == 0);
  REQUIRE(scan({"--index", index, "--shard", "1/2", prefix_b, m.b.string()}).exit_code == 0);
  REQUIRE(scan({"--index", reference, prefix_a, m.a.string()}).exit_code == 0);

  const auto rows = catalog_rows_of(index, RowKeys::kWithoutRunData);
  REQUIRE(rows.size() == 14);
  for (const auto& path : paths_of(rows)) CHECK(path.starts_with("/archive/20"));
  CHECK(rows == catalog_rows_of(reference, RowKeys::kWithoutRunData));

  const auto again = run_photoaudit({"scan", "--json", "-j", "1", "--index", index, prefix_b, m.b.string()});
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  const json summary = json::parse(again.out);
  CHECK(summary["added"] == 0);
  CHECK(summary["unchanged"] == 14);
  CHECK(summary["marked_missing"] == 0);
  CHECK(catalog_rows_of(index, RowKeys::kWithoutRunData) == rows);

  // A file gone from mount B: the scan from B finds it gone at its local path and marks the /archive row.
  fs::remove(m.b / "2020" / "b-teaser-putin.jpg");
  const auto gone = run_photoaudit({"scan", "--json", "-j", "1", "--index", index, prefix_b, m.b.string()});
  REQUIRE(gone.exit_code == 0);
  CHECK(json::parse(gone.out)["marked_missing"] == 1);
  const auto after = catalog_rows_of(index, RowKeys::kWithoutRunData);
  const auto missing = std::count_if(after.begin(), after.end(), [](const std::string& r) {
    return r.find(photoaudit::test::hex_of("/archive/2020/b-teaser-putin.jpg")) == 0 && r.ends_with("|missing||");
  });
  CHECK(missing == 1);
}

}  // namespace

TEST_CASE("path prefix: OLD=NEW is parsed, checked and applied at a path-component boundary") {
  const auto p = parse_path_prefix("/mnt/nodeA/archive/=/archive");
  REQUIRE(p);
  CHECK(p->from == "/mnt/nodeA/archive");  // normalised: no trailing slash
  CHECK(p->to == "/archive");
  CHECK(stored_path(*p, "/mnt/nodeA/archive/2019/x.jpg") == std::optional<std::string>("/archive/2019/x.jpg"));
  CHECK(stored_path(*p, "/mnt/nodeA/archive") == std::optional<std::string>("/archive"));
  CHECK_FALSE(stored_path(*p, "/mnt/nodeA/archive2/x.jpg"));  // a prefix of the text, not of the path
  CHECK_FALSE(stored_path(*p, "/mnt/nodeB/archive/x.jpg"));
  CHECK(local_path(*p, "/archive/2019/x.jpg") == std::optional<std::string>("/mnt/nodeA/archive/2019/x.jpg"));
  CHECK_FALSE(local_path(*p, "/archived/x.jpg"));
  // The root on either side.
  const auto from_root = parse_path_prefix("/=/archive");
  REQUIRE(from_root);
  CHECK(stored_path(*from_root, "/2019/x.jpg") == std::optional<std::string>("/archive/2019/x.jpg"));
  const auto to_root = parse_path_prefix("/mnt/a=/");
  REQUIRE(to_root);
  CHECK(stored_path(*to_root, "/mnt/a/2019/x.jpg") == std::optional<std::string>("/2019/x.jpg"));
  CHECK(local_path(*to_root, "/2019/x.jpg") == std::optional<std::string>("/mnt/a/2019/x.jpg"));
  // No prefix: paths unchanged.
  CHECK(stored_path(PathPrefix{}, "/x/y.jpg") == std::optional<std::string>("/x/y.jpg"));
  for (const char* bad : {"/mnt/a", "mnt/a=/archive", "/mnt/a=archive", "=/archive", "/mnt/a="}) {
    INFO(bad);
    const auto refused = parse_path_prefix(bad);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == photoaudit::ErrorCode::kInvalidArgument);
  }
}

TEST_CASE("path prefix: a bad --path-prefix, or a path not under OLD, is a usage error before anything is written") {
  TempDir tmp;
  const TwoMounts m = make_mounts(tmp.path);
  const std::string db = (tmp.path / "c.db").string();
  for (const auto& spec : {std::string("relative=/archive"), m.a.string() + "=archive", m.a.string()}) {
    const auto r = run_photoaudit({"scan", "--quiet", "--index", db, "--path-prefix", spec, m.a.string()});
    INFO(spec << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--path-prefix") != std::string::npos);
  }
  // node-b/photos is not under node-a/archive; node-a/archive2 is not either (a component boundary).
  fs::create_directories(tmp.path / "node-a" / "archive2");
  for (const auto& outside : {m.b, tmp.path / "node-a" / "archive2"}) {
    const auto r = run_photoaudit(
        {"scan", "--quiet", "--index", db, "--path-prefix", m.a.string() + "=/archive", outside.string()});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("is not under " + m.a.string()) != std::string::npos);
  }
  CHECK_FALSE(fs::exists(db));
  const auto import = run_photoaudit({"scan", "--index", db, "--import", "-", "--path-prefix", "relative=/archive"});
  CHECK(import.exit_code == 2);
  CHECK(import.err.find("--path-prefix") != std::string::npos);
  CHECK_FALSE(fs::exists(db));
}

TEST_CASE("path prefix: NDJSON records carry the rebased path and the same shard key") {
  TempDir tmp;
  const TwoMounts m = make_mounts(tmp.path);
  const auto a = scan({"--ndjson", "--path-prefix", m.a.string() + "=/archive", m.a.string()});
  const auto b = scan({"--ndjson", "--path-prefix", m.b.string() + "=/archive", m.b.string()});
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  std::set<std::string> seen_a;
  std::set<std::string> seen_b;
  std::istringstream lines_a(a.out);
  std::istringstream lines_b(b.out);
  for (std::string line; std::getline(lines_a, line);) {
    const json r = json::parse(line);
    CHECK(r["path"] == "/archive/" + r["key"].get<std::string>());
    seen_a.insert(r["path"].get<std::string>() + " " + r["sha256"].get<std::string>());
  }
  for (std::string line; std::getline(lines_b, line);) {
    const json r = json::parse(line);
    seen_b.insert(r["path"].get<std::string>() + " " + r["sha256"].get<std::string>());
  }
  CHECK(seen_a.size() == 14);
  CHECK(seen_a == seen_b);
}

TEST_CASE("path prefix: two mounts, two shards, one SQLite catalog: the same rows as one scan") {
  TempDir tmp;
  const TwoMounts m = make_mounts(tmp.path);
  check_two_mounts((tmp.path / "shards.db").string(), (tmp.path / "one.db").string(), m);
}

TEST_CASE("path prefix: two mounts, two shards, one PostgreSQL catalog: the same rows as one SQLite scan") {
  PostgresServer server;
  server.create_database("mounts");
  TempDir tmp;
  const TwoMounts m = make_mounts(tmp.path);
  check_two_mounts(server.url("mounts"), (tmp.path / "one.db").string(), m);
  CHECK(server.sql("mounts", "SELECT count(*) FROM images WHERE convert_from(path, 'UTF8') NOT LIKE '/archive/%'") ==
        "0\n");
}

TEST_CASE("path prefix: records written without it are rebased on import, and a record not under OLD is not imported") {
  // Shards that wrote NDJSON records at their own mount points: the importing machine rebases them, so the rows
  // are those of a scan with --path-prefix, and the other mount's records key the same rows.
  TempDir tmp;
  const TwoMounts m = make_mounts(tmp.path);
  const auto records_a = scan({"--ndjson", m.a.string()});
  const auto records_b = scan({"--ndjson", m.b.string()});
  REQUIRE(records_a.exit_code == 0);
  REQUIRE(records_b.exit_code == 0);
  REQUIRE(records_a.out.find(m.a.string()) != std::string::npos);  // written at the local paths
  const fs::path file_a = tmp.path / "a.ndjson";
  const fs::path file_b = tmp.path / "b.ndjson";
  std::ofstream(file_a, std::ios::binary) << records_a.out;
  std::ofstream(file_b, std::ios::binary) << records_b.out;

  const std::string db = (tmp.path / "imported.db").string();
  const std::string reference = (tmp.path / "scanned.db").string();
  const auto import = [&](const fs::path& records, const fs::path& mount) {
    auto r = run_photoaudit(
        {"scan", "--json", "--index", db, "--import", records.string(), "--path-prefix", mount.string() + "=/archive"});
    INFO(r.err);
    return r;
  };
  const auto first = import(file_a, m.a);
  REQUIRE(first.exit_code == 0);
  CHECK(json::parse(first.out)["added"] == 14);
  REQUIRE(scan({"--index", reference, "--path-prefix", m.a.string() + "=/archive", m.a.string()}).exit_code == 0);
  const auto rows = catalog_rows_of(db, RowKeys::kWithoutRunData);
  REQUIRE(rows.size() == 14);
  for (const auto& path : paths_of(rows)) CHECK(path.starts_with("/archive/20"));
  CHECK(rows == catalog_rows_of(reference, RowKeys::kWithoutRunData));

  const auto second = import(file_b, m.b);
  REQUIRE(second.exit_code == 0);
  CHECK(json::parse(second.out)["added"] == 0);
  CHECK(catalog_rows_of(db, RowKeys::kWithoutRunData) == rows);

  // Mount A's records with mount B's prefix: every line refused by name, nothing stored, exit 1 (input failed).
  const auto wrong = import(file_a, m.b);
  CHECK(wrong.exit_code == 1);
  const json summary = json::parse(wrong.out);
  CHECK(summary["added"] == 0);
  CHECK(summary["failed"] == 14);
  CHECK(wrong.err.find("is not under " + m.b.string() + " (--path-prefix): not imported") != std::string::npos);
  CHECK(catalog_rows_of(db, RowKeys::kWithoutRunData) == rows);
}

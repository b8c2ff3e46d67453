// The catalog keeps each file's Content Credentials (schema 3's c2pa_* columns, issue 15): scan reads and verifies
// them (trust from scan --trust), --ndjson records carry them and --import restores them, find and dupes show them;
// and an audited copy that lost its credentials is told that its archive original carries them (audit --index).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace {

namespace fs = std::filesystem;
using photoaudit::test::run_photoaudit;

const fs::path kC2pa = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "c2pa";
const std::string kTrust = (kC2pa / "test_cert_root_bundle.pem").string();

// An archive folder holding C.jpg (signed) and no_manifest.jpg (none), scanned into dir/archive.db with `extra`.
struct Archive {
  photoaudit::test::TempDir dir;
  fs::path folder = dir.path / "archive";
  std::string db = (dir.path / "archive.db").string();

  explicit Archive(const std::vector<std::string>& extra) {
    fs::create_directories(folder);
    fs::copy_file(kC2pa / "C.jpg", folder / "C.jpg");
    fs::copy_file(kC2pa / "no_manifest.jpg", folder / "no_manifest.jpg");
    std::vector<std::string> args{"scan", "--index", db, "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(folder.string());
    const auto run = run_photoaudit(args);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
  }
};

// find --json's first match for `image`.
nlohmann::json first_match(const std::string& db, const fs::path& image) {
  const auto run = run_photoaudit({"find", "--index", db, "--json", image.string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const auto matches = nlohmann::json::parse(run.out)["images"][0]["matches"];
  REQUIRE(matches.size() == 1);
  return matches[0];
}

}  // namespace

TEST_CASE("scan: the catalog keeps a file's Content Credentials, trusted with scan --trust, find shows them",
          "[c2pa][catalog]") {
  const Archive trusted({"--trust", kTrust});
  const auto c = first_match(trusted.db, kC2pa / "C.jpg")["content_credentials"];
  CHECK(c["state"] == "trusted");
  CHECK(c["signer"] == "C2PA Signer (C2PA Test Signing Cert)");
  CHECK(c["issuer"] == "C2PA Test Intermediate Root CA");
  CHECK(c["signed_at"] == "2024-08-06T21:53:37+00:00");
  CHECK(c["generator"] == "make_test_images/0.33.1 c2pa-rs/0.33.1");
  CHECK(first_match(trusted.db, kC2pa / "no_manifest.jpg")["content_credentials"].is_null());

  const auto text = run_photoaudit({"find", "--index", trusted.db, (kC2pa / "C.jpg").string()});
  CHECK(text.out.find("C2PA") != std::string::npos);
  CHECK(text.out.find("trusted: C2PA Signer (C2PA Test Signing Cert)") != std::string::npos);

  const Archive untrusted({});
  CHECK(first_match(untrusted.db, kC2pa / "C.jpg")["content_credentials"]["state"] == "valid");

  const auto bad = run_photoaudit(
      {"scan", "--index", untrusted.db, "--trust", (kC2pa / "C.jpg").string(), untrusted.folder.string()});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("scan --ndjson records carry the credentials, and --import restores them", "[c2pa][catalog]") {
  photoaudit::test::TempDir dir;
  fs::copy_file(kC2pa / "C.jpg", dir.path / "C.jpg");
  fs::copy_file(kC2pa / "no_manifest.jpg", dir.path / "no_manifest.jpg");
  const auto records = run_photoaudit({"scan", "--ndjson", "-q", "--trust", kTrust, dir.path.string()});
  REQUIRE(records.exit_code == 0);
  std::size_t with = 0;
  std::size_t without = 0;
  std::size_t start = 0;
  while (start < records.out.size()) {
    const std::size_t end = records.out.find('\n', start);
    const auto record = nlohmann::json::parse(records.out.substr(start, end - start));
    const auto& c = record["provenance"]["content_credentials"];
    if (c.is_null()) {
      ++without;
    } else {
      CHECK(c["state"] == "trusted");
      ++with;
    }
    start = end + 1;
  }
  CHECK(with == 1);
  CHECK(without == 1);

  const fs::path ndjson = dir.path / "records.ndjson";
  std::ofstream(ndjson) << records.out;
  const std::string db = (dir.path / "imported.db").string();
  REQUIRE(run_photoaudit({"scan", "--index", db, "--import", ndjson.string(), "-q"}).exit_code == 0);
  CHECK(first_match(db, kC2pa / "C.jpg")["content_credentials"]["state"] == "trusted");

  // A record whose state is not one of the catalog's is damaged: that line fails, nothing is written from it.
  std::string damaged = records.out;
  const auto at = damaged.find("\"trusted\"");
  REQUIRE(at != std::string::npos);
  damaged.replace(at, 9, "\"TRUSTED\"");
  std::ofstream(ndjson) << damaged;
  const auto refused = run_photoaudit(
      {"scan", "--index", (dir.path / "other.db").string(), "--import", ndjson.string(), "-q"});
  CHECK(refused.exit_code == 1);
}

TEST_CASE("dupes --index shows each member's credentials", "[c2pa][catalog]") {
  const Archive archive({});
  fs::copy_file(kC2pa / "C-stripped.jpg", archive.folder / "C-stripped.jpg");
  REQUIRE(run_photoaudit({"scan", "--index", archive.db, "-q", archive.folder.string()}).exit_code == 0);
  const auto run = run_photoaudit({"dupes", "--index", archive.db, "--json"});
  REQUIRE(run.exit_code == 0);
  const auto clusters = nlohmann::json::parse(run.out)["clusters"];
  REQUIRE(clusters.size() == 1);
  std::vector<std::string> states;
  for (const auto& m : clusters[0]["members"]) {
    states.push_back(m["content_credentials"].is_null() ? "none"
                                                        : m["content_credentials"]["state"].get<std::string>());
  }
  std::sort(states.begin(), states.end());
  CHECK(states == std::vector<std::string>{"none", "valid"});
  const auto text = run_photoaudit({"dupes", "--index", archive.db});
  CHECK(text.out.find("valid: C2PA Signer") != std::string::npos);
}

TEST_CASE("audit --index: a copy that lost its Content Credentials is told the archive original carries them",
          "[c2pa][catalog]") {
  const Archive archive({"--trust", kTrust});
  const auto run = run_photoaudit(
      {"audit", "--format", "json", "--index", archive.db, (kC2pa / "C-stripped.jpg").string()});
  const auto report = nlohmann::json::parse(run.out);
  const auto& image = report["images"][0];
  CHECK_FALSE(image.contains("content_credentials"));
  std::vector<std::string> told;
  for (const auto& f : image["findings"]) {
    const std::string message = f["message"].get<std::string>();
    if (f["rule"] == "duplicate-credit" && message.find("lost its Content Credentials") != std::string::npos) {
      told.push_back(message);
      CHECK(f["related"][0]["in_archive"] == true);
    }
  }
  REQUIRE(told.size() == 1);
  const std::string original = (archive.folder / "C.jpg").string();
  CHECK(told[0].find("the same photo " + original +
                     " carries Trusted credentials signed by C2PA Signer (C2PA Test Signing Cert) on "
                     "2024-08-06T21:53:37+00:00") != std::string::npos);

  // Audited beside a credentialed copy, the copy is told once (by the co-audited copy), not twice.
  const auto both = run_photoaudit({"audit", "--format", "json", "--index", archive.db, (kC2pa / "C.jpg").string(),
                                    (kC2pa / "C-stripped.jpg").string()});
  const auto both_report = nlohmann::json::parse(both.out);
  for (const auto& img : both_report["images"]) {
    std::size_t lost = 0;
    for (const auto& f : img["findings"]) {
      if (f["message"].get<std::string>().find("lost its Content Credentials") != std::string::npos) ++lost;
    }
    CHECK(lost <= 1);
  }
}

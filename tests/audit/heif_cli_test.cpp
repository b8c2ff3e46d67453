// HEIF, HEIC and AVIF through libheif, and a format photoaudit cannot decode as format-unsupported (info), never
// image-damaged (issue 17: a HEIC photo was reported image-damaged, "get a clean copy", though photoaudit only
// could not decode it).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::run_photoaudit;

namespace {

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;
const fs::path kFormats = kFixtures / "formats";
const std::string kJpeg = (kFixtures / "article" / "motorcycle-dpa.jpg").string();

// file name -> the rules of its findings, with severities ("format-unsupported:info").
std::map<std::string, std::set<std::string>> rules_by_file(const json& report) {
  std::map<std::string, std::set<std::string>> rules;
  for (const auto& image : report["images"]) {
    auto& mine = rules[fs::path(image["path"].get<std::string>()).filename().string()];
    for (const auto& f : image["findings"]) {
      mine.insert(f["rule"].get<std::string>() + ":" + f["severity"].get<std::string>());
    }
  }
  return rules;
}

}  // namespace

TEST_CASE("hash: HEIC and AVIF are decoded (libheif), and fingerprint as the same photo as the JPEG") {
  const auto r = run_photoaudit(
      {"hash", "--json", (kFormats / "motorcycle.heic").string(), (kFormats / "motorcycle.avif").string(), kJpeg});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json hashes = json::parse(r.out);
  REQUIRE(hashes.size() == 3);
  for (const auto& h : hashes) {
    INFO(h.dump());
    CHECK(h["width"] == 480);
    CHECK(h["height"] == 324);
  }
  CHECK(hashes[0]["format"] == "heif");
  CHECK(hashes[1]["format"] == "heif");
  const auto same = run_photoaudit(
      {"compare", kJpeg, (kFormats / "motorcycle.heic").string(), (kFormats / "motorcycle.avif").string()});
  INFO(same.out << same.err);
  CHECK(same.exit_code == 0);
}

TEST_CASE(
    "audit: HEIC and AVIF copies join the JPEG's cluster, and a HEIF photoaudit cannot decode is "
    "format-unsupported (info), never image-damaged") {
  const auto r = run_photoaudit({"audit", "--format", "json", "--date", "2026-11-27", kFormats.string(), kJpeg});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);  // the HEIF copies carry no credit Exiv2 can read: credit-missing
  const json report = json::parse(r.out);
  const auto rules = rules_by_file(report);
  CHECK(rules.at("motorcycle-h264.heic").count("format-unsupported:info") == 1);
  for (const auto& [file, found] : rules) {
    INFO(file);
    CHECK(found.count("image-damaged:warning") == 0);
    CHECK(found.count("metadata-unreadable:error") == 0);
  }
  CHECK(rules.at("motorcycle.heic").count("duplicate:info") == 1);
  CHECK(rules.at("motorcycle.avif").count("duplicate:info") == 1);
  CHECK(rules.at("motorcycle.heic").count("duplicate-credit:warning") == 1);  // "print the credit dpa"
  REQUIRE(report["clusters"].size() == 1);
  CHECK(report["clusters"][0]["members"].size() == 3);
  std::string message;
  for (const auto& image : report["images"]) {
    for (const auto& f : image["findings"]) {
      if (f["rule"] == "format-unsupported") message = f["message"];
    }
  }
  CHECK_THAT(message, Catch::Contains("coded as 'avc1'"));
  CHECK_THAT(message, Catch::Contains("cannot decode"));
  CHECK(report["summary"]["by_rule"].count("image-damaged") == 0);
}

TEST_CASE("hash: a HEIF photoaudit cannot decode says so, and a damaged one is still damaged") {
  const auto h264 = run_photoaudit({"hash", (kFormats / "motorcycle-h264.heic").string()});
  CHECK(h264.exit_code == 1);
  CHECK_THAT(h264.err, Catch::Contains("a HEIF image coded as 'avc1' (photoaudit decodes HEIF coded as HEVC or AV1)"));
  // The HEIC cut at two thirds: its boxes are whole, its coded picture is not.
  photoaudit::test::TempDir tmp;
  const std::string heic = photoaudit::test::read_file(kFormats / "motorcycle.heic");
  {
    std::ofstream cut(tmp.path / "cut.heic", std::ios::binary);
    cut << heic.substr(0, heic.size() * 2 / 3);
  }
  const auto damaged = run_photoaudit({"hash", (tmp.path / "cut.heic").string()});
  CHECK(damaged.exit_code == 1);
  CHECK_THAT(damaged.err, Catch::Contains("cut.heic: "));
  CHECK_THAT(damaged.err, !Catch::Contains("photoaudit decodes"));
  CHECK_THAT(damaged.err, !Catch::Contains("\\n"));  // libheif's message ends in a line break
  const auto audit = run_photoaudit({"audit", "--format", "json", (tmp.path / "cut.heic").string()});
  const json report = json::parse(audit.out);
  CHECK(report["summary"]["by_rule"].count("format-unsupported") == 0);
}

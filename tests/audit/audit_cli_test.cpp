// `photoaudit audit` end to end on the article fixtures: the case this project started from (one photo shown
// twice, the teaser copy stripped of its credit) and the desk's everyday problems, each a finding.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

using nlohmann::json;
using photoaudit::test::run_photoaudit;

namespace {

const std::string kFixtures = PHOTOAUDIT_FIXTURES_DIR;

// rule ids of each image, keyed by file name
std::map<std::string, std::set<std::string>> rules_by_file(const json& report) {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& img : report["images"]) {
    auto& rules = out[std::filesystem::path(img["path"].get<std::string>()).filename().string()];
    for (const auto& f : img["findings"]) rules.insert(f["rule"].get<std::string>());
  }
  return out;
}

const json& image_named(const json& report, const std::string& name) {
  for (const auto& img : report["images"]) {
    if (std::filesystem::path(img["path"].get<std::string>()).filename() == name) return img;
  }
  FAIL("no image " << name);
  throw std::logic_error("unreachable");
}

// The example registry with EPA's contract made a single-use one for 2026 (EPA-SINGLE-2026), written to `path`.
void write_single_use_epa_registry(const std::filesystem::path& path) {
  std::string registry = photoaudit::test::read_file(kFixtures + "/registry.yaml");
  const std::string epa = "      - id: EPA-2025\n        valid_from: 2025-01-01\n        valid_until: 2025-12-31\n";
  const auto at = registry.find(epa);
  REQUIRE(at != std::string::npos);
  registry.replace(at, epa.size(),
                   "      - id: EPA-SINGLE-2026\n        valid_from: 2026-01-01\n        valid_until: 2026-12-31\n"
                   "        single_use: true\n");
  std::ofstream(path, std::ios::binary) << registry;
}

}  // namespace

TEST_CASE("audit --format json: the article's photos, each problem a finding") {
  const auto r = run_photoaudit(
      {"audit", "--format", "json", "--channel", "online", "--date", "2026-11-27", kFixtures + "/article"});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);  // errors reach the default --fail-on error
  const json report = json::parse(r.out);
  CHECK(report["summary"]["images"] == 7);
  CHECK(report["summary"]["failed"] == true);
  CHECK(report["context"]["registry_is_example"] == true);
  CHECK(r.err.find("example registry") != std::string::npos);
  const auto rules = rules_by_file(report);

  // The photo of Putin and Min Aung Hlaing: licensed through picture alliance, and shown twice.
  const json& putin = image_named(report, "putin-min-aung-hlaing.jpg");
  CHECK(putin["license"]["status"] == "licensed");
  CHECK(putin["license"]["licensor"] == "picture-alliance");
  CHECK(putin["credit"]["photographers"] == json({"Valery Sharifulin"}));
  CHECK(rules.at("putin-min-aung-hlaing.jpg").count("duplicate") == 1);
  CHECK(rules.at("putin-min-aung-hlaing.jpg").count("credit-missing") == 0);

  // The teaser: same photo, smaller, recompressed, its credit stripped.
  CHECK(rules.at("teaser-putin.jpg").count("duplicate") == 1);
  CHECK(rules.at("teaser-putin.jpg").count("duplicate-credit") == 1);
  CHECK(rules.at("teaser-putin.jpg").count("credit-missing") == 1);
  const json& teaser = image_named(report, "teaser-putin.jpg");
  REQUIRE(teaser["cluster"].is_number());
  const json& cluster = report["clusters"][teaser["cluster"].get<std::size_t>()];
  CHECK(cluster["kind"] == "near");
  CHECK(cluster["members"].size() == 2);
  CHECK(cluster["credit_lost"] == true);
  CHECK(putin["cluster"] == teaser["cluster"]);
  bool names_credit = false;
  for (const auto& f : teaser["findings"]) {
    if (f["rule"] == "duplicate-credit") {
      names_credit = f["message"].get<std::string>().find("picture alliance / ASSOCIATED PRESS") != std::string::npos;
    }
  }
  CHECK(names_credit);

  CHECK(rules.at("rocket-launch-epa.jpg").count("license-expired") == 1);
  CHECK(rules.at("kremlin-pool-sputnik.jpg").count("source-blocked") == 1);
  CHECK(image_named(report, "kremlin-pool-sputnik.jpg")["license"]["status"] == "blocked");
  CHECK(rules.at("cat-credit-conflict.jpg").count("credit-conflict") == 1);
  CHECK(rules.at("ai-illustration.jpg").count("ai-generated") == 1);
  CHECK(image_named(report, "ai-illustration.jpg")["license"]["digital_source"] == "synthetic");

  // The control case: a dpa photo under a valid dpa contract, nothing severe.
  const json& moto = image_named(report, "motorcycle-dpa.jpg");
  CHECK(moto["license"]["status"] == "licensed");
  for (const auto& f : moto["findings"]) CHECK(f["severity"] != "error");
  CHECK(moto["fingerprints"]["sha256"].get<std::string>().size() == 64);
  CHECK(moto["fingerprints"]["pdq"].get<std::string>().size() == 64);
}

TEST_CASE("audit: text report gives each image its verdict and the exit status follows --fail-on") {
  const auto r = run_photoaudit({"audit", "--date", "2026-11-27", "--channel", "online", kFixtures + "/article"});
  CHECK(r.exit_code == 1);
  // Issue 17: one verdict per image, the most severe first, instead of findings grouped by severity.
  const auto blocked = r.out.find("  DO NOT PUBLISH  " + kFixtures + "/article/kremlin-pool-sputnik.jpg\n");
  const auto licensed = r.out.find("  PUBLISH         " + kFixtures + "/article/motorcycle-dpa.jpg\n");
  REQUIRE(blocked != std::string::npos);
  REQUIRE(licensed != std::string::npos);
  CHECK(blocked < licensed);
  CHECK(r.out.find("ERRORS") == std::string::npos);
  CHECK(r.out.find("source-blocked") != std::string::npos);
  CHECK(r.out.find("SAME PHOTO, SEVERAL FILES (1)") != std::string::npos);
  // The copy says how it matched the photo: the teaser is the credited photo's copy by its PDQ hash.
  CHECK(r.out.find("/article/teaser-putin.jpg (PDQ distance 14, pdq)  [no credit]\n") != std::string::npos);
  CHECK(r.out.find("SUMMARY: 7 images") != std::string::npos);
  CHECK(r.out.find('\x1b') == std::string::npos);  // no colours when not on a terminal

  CHECK(run_photoaudit({"audit", "--date", "2026-11-27", "--fail-on", "never", kFixtures + "/article"}).exit_code == 0);
  // The licensed control photo alone: no errors; its editorial-only note is info, below warning.
  CHECK(run_photoaudit(
            {"audit", "--date", "2026-11-27", "--channel", "online", kFixtures + "/article/motorcycle-dpa.jpg"})
            .exit_code == 0);
}

TEST_CASE("audit: usage errors exit 2 with a clear message") {
  const auto bad_channel = run_photoaudit({"audit", "--channel", "radio", kFixtures + "/article"});
  CHECK(bad_channel.exit_code == 2);
  CHECK(bad_channel.err.find("unknown channel \"radio\"") != std::string::npos);
  const auto bad_date = run_photoaudit({"audit", "--date", "2026-02-30", kFixtures + "/article"});
  CHECK(bad_date.exit_code == 2);
  CHECK(bad_date.err.find("invalid date") != std::string::npos);
  const auto bad_registry = run_photoaudit(
      {"audit", "--registry", kFixtures + "/no-such-registry.yaml", kFixtures + "/article"});
  CHECK(bad_registry.exit_code == 2);
  CHECK(bad_registry.err.find("no-such-registry.yaml") != std::string::npos);
  CHECK(run_photoaudit({"audit", "--format", "pdf", kFixtures + "/article"}).exit_code == 2);
}

TEST_CASE("audit: bad files mixed into the folder become findings, the rest is audited, JSON stays valid") {
  const auto dir = std::filesystem::temp_directory_path() / "photoaudit-audit-mixed";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures + "/bad")) {
    std::filesystem::copy_file(entry.path(), dir / entry.path().filename());
  }
  std::filesystem::copy_file(kFixtures + "/article/motorcycle-dpa.jpg", dir / "motorcycle-dpa.jpg");
  std::filesystem::create_directories(dir / "nested" / "deeper");
  std::filesystem::copy_file(kFixtures + "/article/teaser-putin.jpg", dir / "nested" / "deeper" / "teaser.jpg");
  std::filesystem::create_directory_symlink(dir, dir / "nested" / "loop");  // a symlink loop: not followed
  const auto r = run_photoaudit(
      {"audit", "--format", "json", "--date", "2026-11-27", (dir / "missing.jpg").string(), dir.string()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  const json report = json::parse(r.out);
  const auto rules = rules_by_file(report);
  // text-named.jpg is named like an image but is not one: a finding (issue 18), never a silent skip; the named
  // missing file is reported too.
  CHECK(rules.at("text-named.jpg").count("metadata-unreadable") == 1);
  CHECK(rules.at("missing.jpg").count("metadata-unreadable") == 1);
  CHECK(rules.at("truncated.jpg").count("image-damaged") == 1);
  CHECK(rules.at("corrupt-chunk.png").count("image-damaged") == 1);
  CHECK(rules.at("motorcycle-dpa.jpg").count("metadata-unreadable") == 0);
  CHECK(rules.count("teaser.jpg") == 1);
  CHECK(image_named(report, "missing.jpg")["error"].get<std::string>().find("no such file") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("audit --index: an earlier use cropped off-centre is found for every audited copy, by local features") {
  // The archive holds only the rocket photo's off-centre crop (88% x 93%, 58 PDQ bits from it: the grey zone).
  // Each of three desk files (the photo, recompressed twice) has its local features read again, on the audit's
  // threads, and names the crop.
  const auto root = std::filesystem::temp_directory_path() / ("photoaudit-audit-crop-" + std::to_string(::getpid()));
  std::filesystem::remove_all(root);
  const auto archive = root / "archive";
  const auto desk = root / "desk";
  std::filesystem::create_directories(archive);
  std::filesystem::create_directories(desk);
  std::filesystem::copy_file(kFixtures + "/catalog/rocket-crop-offcentre.jpg", archive / "rocket-crop.jpg");
  const std::string rocket = kFixtures + "/article/rocket-launch-epa.jpg";
  std::filesystem::copy_file(rocket, desk / "rocket.jpg");
  for (const char* quality : {"70", "85"}) {
    const auto made = photoaudit::test::run_program(
        "convert", {rocket, "-quality", quality, (desk / ("rocket-q" + std::string(quality) + ".jpg")).string()});
    REQUIRE(made.exit_code == 0);
  }
  const std::string db = (root / "catalog.db").string();
  const auto scan = run_photoaudit({"scan", "--quiet", "--index", db, archive.string()});
  INFO(scan.err);
  REQUIRE(scan.exit_code == 0);

  const auto r = run_photoaudit({"audit", "--format", "json", "--index", db, "--date", "2026-11-27", desk.string()});
  INFO(r.err);
  const json report = json::parse(r.out);
  for (const char* name : {"rocket.jpg", "rocket-q70.jpg", "rocket-q85.jpg"}) {
    INFO(name);
    bool named = false;
    for (const auto& f : image_named(report, name)["findings"]) {
      if (f["rule"] != "duplicate") continue;
      for (const auto& related : f["related"]) {
        named = named || (related["in_archive"] == true &&
                          std::filesystem::path(related["path"].get<std::string>()).filename() == "rocket-crop.jpg");
      }
    }
    CHECK(named);
  }
  std::filesystem::remove_all(root);
}

TEST_CASE("audit --index: a single-use photo already in the archive is single-use-reused, copies join the cluster") {
  const auto root = std::filesystem::temp_directory_path() / ("photoaudit-audit-index-" + std::to_string(::getpid()));
  std::filesystem::remove_all(root);
  const auto archive = root / "archive";
  const auto desk = root / "desk";
  std::filesystem::create_directories(archive / "2025");
  std::filesystem::create_directories(desk);
  const std::string images = kFixtures + "/registry-images";
  // Last year's use of the Getty photo (single use), as published: 75 % of the size, recompressed, and the
  // licensed picture alliance photo, which may be used again.
  const auto resize = photoaudit::test::run_program("convert",
                                                    {images + "/editorial-only.jpg", "-resize", "75%", "-quality", "80",
                                                     (archive / "2025" / "kabul-web.jpg").string()});
  REQUIRE(resize.exit_code == 0);
  std::filesystem::copy_file(images + "/licensed.jpg", archive / "2025" / "kremlin.jpg");
  // Today's desk: the same two photos, and the archive's copy itself (not an earlier use of itself).
  std::filesystem::copy_file(images + "/editorial-only.jpg", desk / "kabul.jpg");
  std::filesystem::copy_file(images + "/licensed.jpg", desk / "kremlin.jpg");
  const std::string db = (root / "catalog.db").string();
  const auto scan = run_photoaudit({"scan", "--quiet", "--index", db, archive.string()});
  INFO(scan.err);
  REQUIRE(scan.exit_code == 0);

  const auto r = run_photoaudit(
      {"audit", "--format", "json", "--index", db, "--date", "2026-06-15", "--channel", "online", desk.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  const json report = json::parse(r.out);
  CHECK(report["context"]["index"] == db);
  const auto rules = rules_by_file(report);
  CHECK(rules.at("kabul.jpg").count("single-use-reused") == 1);
  CHECK(rules.at("kabul.jpg").count("duplicate") == 1);
  CHECK(rules.at("kremlin.jpg").count("single-use-reused") == 0);  // PA-2026 is not single use
  CHECK(rules.at("kremlin.jpg").count("duplicate") == 1);          // but it is in the archive

  const json& kabul = image_named(report, "kabul.jpg");
  std::string message;
  for (const auto& f : kabul["findings"]) {
    if (f["rule"] == "single-use-reused") message = f["message"].get<std::string>();
  }
  CHECK(message.find("GETTY-SINGLE-2026") != std::string::npos);
  CHECK(message.find("kabul-web.jpg") != std::string::npos);
  const json& kremlin = image_named(report, "kremlin.jpg");
  REQUIRE(kremlin["cluster"].is_number());
  const json& cluster = report["clusters"][kremlin["cluster"].get<std::size_t>()];
  bool archived_member = false;
  for (const auto& m : cluster["members"]) {
    if (m["in_archive"] == true) archived_member = m["path"] == (archive / "2025" / "kremlin.jpg").string();
  }
  CHECK(archived_member);

  // The archive's own file, audited against its catalog, is not an earlier use of itself.
  const auto self = run_photoaudit({"audit", "--format", "json", "--index", db, "--date", "2026-06-15",
                                    (archive / "2025" / "kabul-web.jpg").string()});
  INFO(self.err);
  const auto self_rules = rules_by_file(json::parse(self.out));
  CHECK(self_rules.at("kabul-web.jpg").count("single-use-reused") == 0);
  CHECK(self_rules.at("kabul-web.jpg").count("duplicate") == 0);

  // A catalog that does not exist is a usage error, not an empty archive.
  const auto missing = run_photoaudit({"audit", "--index", (root / "nope.db").string(), desk.string()});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("nope.db") != std::string::npos);
  std::filesystem::remove_all(root);
}

TEST_CASE("audit --index: a copy too small to match the archive on its own is an earlier use through its crop") {
  // The archive holds the rocket photo; the desk its off-centre crop (58 PDQ bits away, confirmed by keypoints) and
  // that crop scaled to 40% and softened (12 bits from the crop; its keypoints, blurred, do not match the photo).
  // Under a single-use contract both are reuses: the small copy is the same photo as the crop, whose search found
  // it.
  const photoaudit::test::TempDir tmp("photoaudit-audit-via");
  const std::filesystem::path& root = tmp.path;
  const auto archive = root / "archive";
  const auto desk = root / "desk";
  std::filesystem::create_directories(archive / "2025");
  std::filesystem::create_directories(desk);
  std::filesystem::copy_file(kFixtures + "/article/rocket-launch-epa.jpg", archive / "2025" / "rocket.jpg");
  std::filesystem::copy_file(kFixtures + "/catalog/rocket-crop-offcentre.jpg", desk / "rocket-crop.jpg");
  std::filesystem::copy_file(kFixtures + "/catalog/rocket-crop-offcentre-40-soft.jpg", desk / "rocket-crop-40.jpg");
  write_single_use_epa_registry(root / "registry.yaml");
  const std::string db = (root / "catalog.db").string();
  const auto scan = run_photoaudit({"scan", "--quiet", "--index", db, archive.string()});
  INFO(scan.err);
  REQUIRE(scan.exit_code == 0);
  const std::vector<std::string> common = {"--index", db,          "--registry", (root / "registry.yaml").string(),
                                           "--date",  "2026-06-15"};
  const auto audit = [&](std::vector<std::string> args) {
    args.insert(args.begin() + 1, common.begin(), common.end());
    return run_photoaudit(args);
  };

  // Alone, the small copy finds nothing in the archive.
  const auto alone = audit({"audit", "--format", "json", (desk / "rocket-crop-40.jpg").string()});
  INFO(alone.err);
  const auto alone_rules = rules_by_file(json::parse(alone.out));
  CHECK(alone_rules.at("rocket-crop-40.jpg").count("duplicate") == 0);
  CHECK(alone_rules.at("rocket-crop-40.jpg").count("single-use-reused") == 0);

  const auto r = audit({"audit", "--format", "json", desk.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  const json report = json::parse(r.out);
  const auto rules = rules_by_file(report);
  CHECK(rules.at("rocket-crop.jpg").count("single-use-reused") == 1);
  CHECK(rules.at("rocket-crop-40.jpg").count("single-use-reused") == 1);
  const auto archived = [&](const std::string& name) {
    for (const auto& f : image_named(report, name)["findings"]) {
      if (f["rule"] != "duplicate") continue;
      for (const auto& related : f["related"]) {
        if (related["in_archive"] == true) return related;
      }
    }
    return json();
  };
  const json own = archived("rocket-crop.jpg");
  REQUIRE(own.is_object());
  CHECK(own["path"] == (archive / "2025" / "rocket.jpg").string());
  CHECK(own["via"].is_null());
  CHECK(own["relation"] == "near");
  const json through = archived("rocket-crop-40.jpg");
  REQUIRE(through.is_object());
  CHECK(through["path"] == (archive / "2025" / "rocket.jpg").string());
  CHECK(std::filesystem::path(through["via"].get<std::string>()).filename() == "rocket-crop.jpg");
  CHECK(through["relation"].is_null());
  CHECK(through["distance"] == own["distance"]);  // to the crop, whose search found it
  std::string reuse;
  for (const auto& f : image_named(report, "rocket-crop-40.jpg")["findings"]) {
    if (f["rule"] == "single-use-reused") reuse = f["message"].get<std::string>();
  }
  CHECK(reuse.find("EPA-SINGLE-2026") != std::string::npos);
  CHECK(reuse.find("rocket.jpg") != std::string::npos);
  // The archive copy is one member of the photo's cluster, not one per audited copy.
  const json& cluster = report["clusters"][image_named(report, "rocket-crop-40.jpg")["cluster"].get<std::size_t>()];
  int archive_members = 0;
  for (const auto& m : cluster["members"]) archive_members += m["in_archive"] == true ? 1 : 0;
  CHECK(archive_members == 1);

  const auto text = audit({"audit", desk.string()});
  CHECK(text.out.find("rocket-crop.jpg, the same photo in this set: PDQ distance") != std::string::npos);
}

TEST_CASE("audit --index: copies told through the cluster are bounded and counted, the earliest use among them") {
  // 70 archive copies of the rocket photo (the same bytes under 70 names); the desk's crop finds them all, its 40%
  // copy none on its own. The small copy is told at most 64 of them, counts every one, and names the earliest.
  const photoaudit::test::TempDir tmp("photoaudit-audit-via-many");
  const std::filesystem::path& root = tmp.path;
  const auto archive = root / "archive";
  const auto desk = root / "desk";
  std::filesystem::create_directories(archive);
  std::filesystem::create_directories(desk);
  constexpr int kCopies = 70;
  for (int n = 0; n < kCopies; ++n) {
    const auto copy = archive / ("rocket-" + std::to_string(100 + n) + ".jpg");
    std::filesystem::copy_file(kFixtures + "/article/rocket-launch-epa.jpg", copy);
    // rocket-169.jpg is the earliest use, by its modification time.
    std::filesystem::last_write_time(
        copy, std::filesystem::file_time_type::clock::now() - std::chrono::hours(24 * (n == kCopies - 1 ? 400 : 10)));
  }
  std::filesystem::copy_file(kFixtures + "/catalog/rocket-crop-offcentre.jpg", desk / "rocket-crop.jpg");
  std::filesystem::copy_file(kFixtures + "/catalog/rocket-crop-offcentre-40-soft.jpg", desk / "rocket-crop-40.jpg");
  const std::string db = (root / "catalog.db").string();
  const auto scan = run_photoaudit({"scan", "--quiet", "--index", db, archive.string()});
  INFO(scan.err);
  REQUIRE(scan.exit_code == 0);

  write_single_use_epa_registry(root / "registry.yaml");
  const auto r = run_photoaudit({"audit", "--format", "json", "--index", db, "--registry",
                                 (root / "registry.yaml").string(), "--date", "2026-06-15", desk.string()});
  INFO(r.err);
  const json report = json::parse(r.out);
  for (const char* name : {"rocket-crop.jpg", "rocket-crop-40.jpg"}) {
    INFO(name);
    std::string message;
    std::size_t named = 0;
    for (const auto& f : image_named(report, name)["findings"]) {
      if (f["rule"] != "duplicate" || f["related"].empty() || f["related"][0]["in_archive"] != true) continue;
      message = f["message"].get<std::string>();
      named = f["related"].size();
    }
    CHECK(message.find("already in the archive 70 times") != std::string::npos);
    CHECK(named == 5);
    // The earliest use, beyond the 64 closest (all 58 bits from the crop, ordered by path), is named.
    std::string reuse;
    for (const auto& f : image_named(report, name)["findings"]) {
      if (f["rule"] == "single-use-reused") reuse = f["message"].get<std::string>();
    }
    CHECK(reuse.find("rocket-169.jpg") != std::string::npos);
  }
  // The cluster's archive members name all 70 once.
  const json& cluster = report["clusters"][image_named(report, "rocket-crop-40.jpg")["cluster"].get<std::size_t>()];
  int archive_members = 0;
  for (const auto& m : cluster["members"]) archive_members += m["in_archive"] == true ? 1 : 0;
  CHECK(archive_members == kCopies);
}

TEST_CASE("audit --changed-since: only the images changed in the git work tree since the ref") {
  const auto repo = std::filesystem::temp_directory_path() / ("photoaudit-audit-git-" + std::to_string(::getpid()));
  std::filesystem::remove_all(repo);
  std::filesystem::create_directories(repo / "img");
  auto git = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"-C", repo.string(), "-c", "user.name=Test", "-c", "user.email=test@example.org"});
    const auto r = photoaudit::test::run_program("git", args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  };
  git({"init", "-q"});
  std::filesystem::copy_file(kFixtures + "/article/motorcycle-dpa.jpg", repo / "img" / "moto.jpg");
  std::filesystem::copy_file(kFixtures + "/article/rocket-launch-epa.jpg", repo / "img" / "rocket.jpg");
  std::filesystem::copy_file(kFixtures + "/article/ai-illustration.jpg", repo / "img" / "gone.jpg");
  git({"add", "."});
  git({"commit", "-q", "-m", "first"});
  // Since then: rocket.jpg replaced, a new untracked teaser, gone.jpg deleted, moto.jpg untouched.
  std::filesystem::copy_file(kFixtures + "/article/kremlin-pool-sputnik.jpg", repo / "img" / "rocket.jpg",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(kFixtures + "/article/teaser-putin.jpg", repo / "img" / "teaser.jpg");
  std::filesystem::remove(repo / "img" / "gone.jpg");

  const auto r = run_photoaudit(
      {"audit", "--format", "json", "--date", "2026-11-27", "--changed-since", "HEAD", (repo / "img").string()});
  INFO(r.err);
  const json report = json::parse(r.out);
  const auto rules = rules_by_file(report);
  CHECK(report["context"]["changed_since"] == "HEAD");
  CHECK(rules.size() == 2);
  CHECK(rules.count("rocket.jpg") == 1);
  CHECK(rules.count("teaser.jpg") == 1);
  CHECK(rules.at("rocket.jpg").count("source-blocked") == 1);

  const auto unknown = run_photoaudit({"audit", "--changed-since", "no-such-branch", (repo / "img").string()});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("unknown git ref \"no-such-branch\"") != std::string::npos);
  const auto option = run_photoaudit({"audit", "--changed-since=--output=/tmp/x", (repo / "img").string()});
  CHECK(option.exit_code == 2);
  // A folder outside any repository.
  const auto no_repo_dir = std::filesystem::temp_directory_path() /
                           ("photoaudit-no-repo-" + std::to_string(::getpid()));
  std::filesystem::create_directories(no_repo_dir);
  std::filesystem::copy_file(kFixtures + "/article/motorcycle-dpa.jpg", no_repo_dir / "moto.jpg");
  const auto no_repo = run_photoaudit({"audit", "--changed-since", "HEAD", no_repo_dir.string()});
  CHECK(no_repo.exit_code == 2);
  CHECK(no_repo.err.find("not in a git work tree") != std::string::npos);
  std::filesystem::remove_all(no_repo_dir);
  std::filesystem::remove_all(repo);
}

TEST_CASE(
    "audit: a 6-degree rotation the hashes miss is verified by local features, a mirrored texture is found by its "
    "dihedral hash") {
  // A folder of its own: the cat, its 6-degree rotation (beyond the de-rotated hashes' 1-3 degrees, 54 bits from
  // it: local features); brick and its mirror image (PDQ's dihedral variant, the mirrored pixels' hash: the
  // reference's sign-flipped variant was 86 bits off and left this pair to the local features); the two views of
  // the stereo pair, which must stay two photos.
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("photoaudit-grey-zone-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const char* name : {"cat.jpg", "cat-rotate6.jpg", "brick.jpg", "brick-mirrored.jpg", "motorcycle-left.jpg",
                           "motorcycle-right.jpg"}) {
    std::filesystem::copy_file(kFixtures + "/hashing/" + name, dir / name);
  }
  const auto r = run_photoaudit(
      {"audit", "--format", "json", "--fail-on", "never", "--date", "2026-11-27", dir.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json report = json::parse(r.out);
  REQUIRE(report["clusters"].size() == 2);
  std::set<std::set<std::string>> clusters;
  for (const auto& c : report["clusters"]) {
    std::set<std::string> names;
    std::string method;  // the second member's, against the first
    for (const auto& m : c["members"]) {
      names.insert(std::filesystem::path(m["path"].get<std::string>()).filename().string());
      if (m["method"].is_string()) method = m["method"].get<std::string>();
    }
    CHECK(method == (names.count("cat.jpg") != 0 ? "local-features" : "pdq-dihedral"));
    clusters.insert(names);
  }
  CHECK(clusters ==
        std::set<std::set<std::string>>{{"cat.jpg", "cat-rotate6.jpg"}, {"brick.jpg", "brick-mirrored.jpg"}});
  CHECK_FALSE(image_named(report, "motorcycle-left.jpg")["cluster"].is_number());
  // The second member's duplicate finding says how it was recognised.
  const json& cluster = report["clusters"][image_named(report, "cat.jpg")["cluster"].get<std::size_t>()];
  REQUIRE(cluster["members"].size() == 2);
  const std::string second =
      std::filesystem::path(cluster["members"][1]["path"].get<std::string>()).filename().string();
  CHECK(cluster["members"][1]["method"] == "local-features");
  bool explained = false;
  for (const auto& f : image_named(report, second)["findings"]) {
    explained = explained ||
                (f["rule"] == "duplicate" &&
                 f["message"].get<std::string>().find("confirmed by keypoints and pixels") != std::string::npos);
  }
  CHECK(explained);
  std::filesystem::remove_all(dir);
}

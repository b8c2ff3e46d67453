// Issue 17, items 3 and 4, through the built binary with real photos: one verdict per image first (text, JSON,
// HTML in headless Chromium), the single-use note without a catalog, credit-format judged on every credit field,
// and clusters whose copies claim different kinds of source.
#include <catch2/catch.hpp>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/chromium.hpp"
#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::run_photoaudit;
using photoaudit::test::run_program;

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;
const std::string kRegistry = (kFixtures / "registry.yaml").string();
const std::string kImages = (kFixtures / "registry-images").string();

// The audit of fixtures/registry-images on the README's date, channel and territory.
std::vector<std::string> desk_audit(const std::string& format) {
  return {"audit",  "--registry",  kRegistry, "--date",   "2026-06-15", "--channel",
          "online", "--territory", "DE",      "--format", format,       kImages};
}

// {file name -> verdict} and {file name -> rule ids} of an audit's JSON.
std::map<std::string, std::string> verdicts_of(const json& report) {
  std::map<std::string, std::string> out;
  for (const auto& img : report.at("images")) {
    out[fs::path(img.at("path").get<std::string>()).filename().string()] = img.at("verdict").get<std::string>();
  }
  return out;
}

std::set<std::string> rules_of(const json& image) {
  std::set<std::string> out;
  for (const auto& f : image.at("findings")) out.insert(f.at("rule").get<std::string>());
  return out;
}

const json& image_named(const json& report, const std::string& name) {
  for (const auto& img : report.at("images")) {
    if (fs::path(img.at("path").get<std::string>()).filename() == name) return img;
  }
  FAIL("no image " << name);
  throw std::logic_error("unreachable");
}

// Writes metadata with the exiv2 program (Debian's exiv2 package, installed by scripts/setup test).
void set_metadata(const fs::path& file, const std::vector<std::string>& commands) {
  std::vector<std::string> args;
  for (const auto& c : commands) {
    args.push_back("-M");
    args.push_back(c);
  }
  args.push_back(file.string());
  const auto r = run_program("exiv2", args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

fs::path copy_fixture(const std::string& name, const fs::path& dir, const std::string& as) {
  fs::path to = dir / as;
  fs::copy_file(kFixtures / "registry-images" / name, to);
  return to;
}

}  // namespace

TEST_CASE("audit: every image gets one verdict in JSON, decided by its findings alone") {
  const auto r = run_photoaudit(desk_audit("json"));
  REQUIRE(r.exit_code == 1);
  const json report = json::parse(r.out);
  const auto verdicts = verdicts_of(report);
  REQUIRE(verdicts.size() == 15);
  CHECK(verdicts.at("licensed.jpg") == "publish");
  CHECK(verdicts.at("license-channel.jpg") == "publish");  // AP online: licensed, no finding at all
  CHECK(verdicts.at("credit-format.jpg") == "check");
  CHECK(verdicts.at("license-unknown.jpg") == "check");
  CHECK(verdicts.at("source-blocked.jpg") == "do-not-publish");
  CHECK(verdicts.at("not-an-image.jpg") == "do-not-publish");  // unreadable: nothing about its rights is known
  CHECK(verdicts.at("license-expired.jpg") == "do-not-publish");
  std::map<std::string, int> counted;
  for (const auto& img : report.at("images")) {
    const std::string verdict = img.at("verdict");
    ++counted[verdict];
    std::set<std::string> severities;
    for (const auto& f : img.at("findings")) severities.insert(f.at("severity").get<std::string>());
    const std::string expected = severities.contains("error")     ? "do-not-publish"
                                 : severities.contains("warning") ? "check"
                                                                  : "publish";
    INFO(img.at("path"));
    CHECK(verdict == expected);
    // The reasons are the deciding findings' rules: errors for do-not-publish, warnings for check.
    const std::string deciding = verdict == "do-not-publish" ? "error" : verdict == "check" ? "warning" : "info";
    std::set<std::string> expected_reasons;
    for (const auto& f : img.at("findings")) {
      if (f.at("severity") == deciding) expected_reasons.insert(f.at("rule").get<std::string>());
    }
    const auto reasons = img.at("verdict_reasons").get<std::vector<std::string>>();
    CHECK(std::set<std::string>(reasons.begin(), reasons.end()) == expected_reasons);
    CHECK(reasons.size() == expected_reasons.size());  // each rule once
  }
  const json& summary = report.at("summary").at("verdicts");
  CHECK(summary.at("publish") == counted["publish"]);
  CHECK(summary.at("check") == counted["check"]);
  CHECK(summary.at("do-not-publish") == counted["do-not-publish"]);
  CHECK(summary.at("do-not-publish") == report.at("summary").at("images_with_errors"));
}

TEST_CASE("audit text: the verdict per image comes first and lists every image, clean ones included") {
  const auto r = run_photoaudit(desk_audit("text"));
  REQUIRE(r.exit_code == 1);
  const std::string& out = r.out;
  const auto section = out.find("VERDICT PER IMAGE: ");
  REQUIRE(section != std::string::npos);
  const auto clusters = out.find("SAME PHOTO, SEVERAL FILES");
  const auto summary = out.find("SUMMARY: ");
  REQUIRE(clusters != std::string::npos);
  CHECK(section < clusters);
  CHECK(clusters < summary);
  // The old per-severity groups are gone: an image is said once, with all its findings.
  CHECK(out.find("ERRORS: do not publish") == std::string::npos);
  const auto json_run = run_photoaudit(desk_audit("json"));
  const json report = json::parse(json_run.out);
  const auto verdicts = verdicts_of(report);
  const std::map<std::string, std::string> words{
      {"do-not-publish", "DO NOT PUBLISH"}, {"check", "CHECK"}, {"publish", "PUBLISH"}};
  std::map<std::string, std::size_t> line_of;  // where each verdict word's lines are
  for (const auto& [name, verdict] : verdicts) {
    INFO(name);
    const std::string path = "registry-images/" + name;
    const auto at = out.find(path + "\n", section);  // the image's own line, not a message naming it
    REQUIRE(at != std::string::npos);
    CHECK(at < clusters);
    const auto line_start = out.rfind('\n', at) + 1;
    const std::string line = out.substr(line_start, at - line_start);
    CHECK(line.find(words.at(verdict)) == 2);  // "  DO NOT PUBLISH  path"
    line_of[name] = line_start;
  }
  // Most severe first: every "do not publish" image before every "check" image before every "publish" image.
  CHECK(line_of.at("source-blocked.jpg") < line_of.at("credit-format.jpg"));
  CHECK(line_of.at("credit-format.jpg") < line_of.at("licensed.jpg"));
  CHECK(line_of.at("not-an-image.jpg") < line_of.at("license-unknown.jpg"));
  const json& counts = report.at("summary").at("verdicts");
  CHECK(out.find("VERDICT PER IMAGE: " + std::to_string(counts.at("do-not-publish").get<int>()) + " do not publish, " +
                 std::to_string(counts.at("check").get<int>()) + " check, " +
                 std::to_string(counts.at("publish").get<int>()) + " publish\n") != std::string::npos);
}

TEST_CASE("audit: a single-use photo without --index gets a note to check earlier use, with --index none") {
  photoaudit::test::TempDir dir("desk-single-use");
  const fs::path photo = copy_fixture("editorial-only.jpg", dir.path, "kabul.jpg");  // GETTY-SINGLE-2026
  const auto r = run_photoaudit({"audit", "--registry", kRegistry, "--date", "2026-06-15", "--channel", "online",
                                 "--format", "json", photo.string()});
  REQUIRE(r.exit_code == 0);
  const json report = json::parse(r.out);
  const json& img = report.at("images").at(0);
  CHECK(img.at("license").at("single_use") == true);
  REQUIRE(rules_of(img).contains("single-use-unchecked"));
  for (const auto& f : img.at("findings")) {
    if (f.at("rule") != "single-use-unchecked") continue;
    CHECK(f.at("severity") == "info");
    CHECK(f.at("contract") == "GETTY-SINGLE-2026");
    CHECK(f.at("message").get<std::string>().find("--index") != std::string::npos);
  }
  CHECK(img.at("verdict") == "publish");  // a note, not a block: the verdict still says publish

  // With a catalog (here one that holds an unrelated photo) earlier uses were checked: no note.
  const fs::path archive = dir.path / "archive";
  fs::create_directory(archive);
  copy_fixture("licensed.jpg", archive, "kremlin.jpg");
  const std::string db = (dir.path / "catalog.db").string();
  REQUIRE(run_photoaudit({"scan", "--index", db, archive.string()}).exit_code == 0);
  const auto indexed = run_photoaudit({"audit", "--registry", kRegistry, "--date", "2026-06-15", "--channel", "online",
                                       "--index", db, "--format", "json", photo.string()});
  REQUIRE(indexed.exit_code == 0);
  CHECK_FALSE(rules_of(json::parse(indexed.out).at("images").at(0)).contains("single-use-unchecked"));
}

TEST_CASE("audit: credit-format is satisfied by any credit field that carries the contract's form") {
  photoaudit::test::TempDir dir("desk-credit-format");
  // The agency in Credit and the photographer in By-line, as agency feeds write them; picture alliance's
  // contract wants "picture alliance / {agency} | {photographer}".
  const fs::path with_notice = copy_fixture("credit-missing.jpg", dir.path, "with-notice.jpg");
  set_metadata(with_notice, {"set Iptc.Application2.Credit String picture alliance/AP",
                             "set Iptc.Application2.Byline String Valery Sharifulin",
                             "set Xmp.dc.rights LangAlt lang=x-default © picture alliance / AP | Valery Sharifulin"});
  const fs::path without = copy_fixture("credit-missing.jpg", dir.path, "without-notice.jpg");
  set_metadata(without, {"set Iptc.Application2.Credit String picture alliance/AP",
                         "set Iptc.Application2.Byline String Valery Sharifulin"});
  const auto r = run_photoaudit({"audit", "--registry", kRegistry, "--date", "2026-06-15", "--channel", "online",
                                 "--territory", "DE", "--format", "json", with_notice.string(), without.string()});
  INFO(r.out.substr(0, 3000));
  const json report = json::parse(r.out);
  const json& ok = image_named(report, "with-notice.jpg");
  const json& bad = image_named(report, "without-notice.jpg");
  CHECK(ok.at("license").at("status") == "licensed");
  CHECK(bad.at("license").at("status") == "licensed");
  CHECK_FALSE(rules_of(ok).contains("credit-format"));  // the copyright notice has the form
  CHECK(rules_of(bad).contains("credit-format"));       // no field has it
}

TEST_CASE("audit: a cluster of an AI-generated and a photographic copy, or a private and an agency one, is flagged") {
  photoaudit::test::TempDir dir("desk-source-kinds");
  // ai-generated.jpg: "Bild: KI-generiert mit Midjourney", Digital Source Type trainedAlgorithmicMedia.
  copy_fixture("ai-generated.jpg", dir.path, "illustration.jpg");
  const fs::path agency = copy_fixture("credit-missing.jpg", dir.path, "agency.jpg");  // the same picture
  set_metadata(agency, {"set Iptc.Application2.Credit String picture alliance/dpa",
                        "set Iptc.Application2.Byline String Max Mustermann"});
  const auto r = run_photoaudit(
      {"audit", "--registry", kRegistry, "--date", "2026-06-15", "--format", "json", dir.path.string()});
  INFO(r.out.substr(0, 4000));
  const json report = json::parse(r.out);
  REQUIRE(report.at("clusters").size() == 1);
  CHECK(report.at("clusters").at(0).at("source_conflicts") == json::array({"generated-vs-photographic"}));
  for (const std::string name : {"illustration.jpg", "agency.jpg"}) {
    INFO(name);
    std::string message;
    for (const auto& f : image_named(report, name).at("findings")) {
      if (f.at("rule") == "duplicate-credit") message = f.at("message");
    }
    CHECK(message.find("credited as " + std::string(name == "agency.jpg" ? "a photograph" : "AI-generated")) !=
          std::string::npos);
    CHECK(message.find(name == "agency.jpg" ? "illustration.jpg" : "agency.jpg") != std::string::npos);
  }

  // A private photo and an agency's copy of it.
  photoaudit::test::TempDir other("desk-private");
  const fs::path private_copy = copy_fixture("credit-missing.jpg", other.path, "reader.jpg");
  set_metadata(private_copy, {"set Iptc.Application2.Credit String Foto: privat"});
  const fs::path agency_copy = copy_fixture("credit-missing.jpg", other.path, "wire.jpg");
  set_metadata(agency_copy, {"set Iptc.Application2.Credit String REUTERS/Nadja Wohlleben"});
  const auto p = run_photoaudit(
      {"audit", "--registry", kRegistry, "--date", "2026-06-15", "--format", "json", other.path.string()});
  const json second = json::parse(p.out);
  REQUIRE(second.at("clusters").size() == 1);
  CHECK(second.at("clusters").at(0).at("source_conflicts") == json::array({"private-vs-agency"}));
  const auto text = run_photoaudit({"audit", "--registry", kRegistry, "--date", "2026-06-15", other.path.string()});
  CHECK(text.out.find("one copy private and one an agency's") != std::string::npos);

  // Two agency copies credited alike: no source conflict.
  photoaudit::test::TempDir same("desk-same-source");
  for (const std::string name : {"a.jpg", "b.jpg"}) {
    set_metadata(copy_fixture("credit-missing.jpg", same.path, name),
                 {"set Iptc.Application2.Credit String REUTERS/Nadja Wohlleben"});
  }
  const json calm = json::parse(
      run_photoaudit({"audit", "--registry", kRegistry, "--date", "2026-06-15", "--format", "json", same.path.string()})
          .out);
  REQUIRE(calm.at("clusters").size() == 1);
  CHECK(calm.at("clusters").at(0).at("source_conflicts").empty());
}

TEST_CASE("audit HTML in headless Chromium: the first screen shows the verdict per image, filters keep hints",
          "[html][chromium]") {
  photoaudit::test::TempDir dir("desk-html");
  const fs::path page = dir.path / "report.html";
  std::vector<std::string> args = desk_audit("html");
  args.insert(args.end() - 1, {"--output", page.string()});
  REQUIRE(run_photoaudit(args).exit_code == 1);

  // The DOM, with the page's own filter showing errors only.
  const auto run = photoaudit::test::chromium_dump_dom("file://" + page.string() + "#only=error");
  INFO(run.err.substr(0, 2000));
  REQUIRE(run.exit_code == 0);
  const std::string& dom = run.out;
  REQUIRE(dom.find("data-filters=\"ready\"") != std::string::npos);
  const auto verdicts = dom.find("id=\"verdicts\"");
  REQUIRE(verdicts != std::string::npos);
  CHECK(verdicts < dom.find("aria-label=\"Summary\""));
  CHECK(verdicts < dom.find("id=\"images\""));
  CHECK(dom.find("id=\"images\"") < dom.find("id=\"clusters\""));  // clusters follow the images
  const std::string table = dom.substr(verdicts, dom.find("</section>", verdicts) - verdicts);
  std::size_t rows = 0;
  for (auto at = table.find("<tr data-verdict="); at != std::string::npos; at = table.find("<tr data-verdict=", at + 1))
    ++rows;
  CHECK(rows == 15);
  CHECK(table.find("Verdict per image (8 do not publish, ") != std::string::npos);
  // Error cards keep every finding visible under the error filter: the warnings and notes carry the fix hints.
  CHECK(dom.find("<li data-severity=\"warning\" hidden") == std::string::npos);
  CHECK(dom.find("<li data-severity=\"info\" hidden") == std::string::npos);

  // The first screen (1280x900) shows the verdict table: its red "do not publish" badges are in it.
  const fs::path png = std::getenv("PHOTOAUDIT_KEEP_SCREENSHOT") ? fs::path(std::getenv("PHOTOAUDIT_KEEP_SCREENSHOT"))
                                                                 : dir.path / "first-screen.png";
  const auto shot = photoaudit::test::chromium_screenshot("file://" + page.string(), png.string(), 1280, 900);
  INFO(shot.err.substr(0, 2000));
  REQUIRE(shot.exit_code == 0);
  const cv::Mat image = cv::imread(png.string(), cv::IMREAD_COLOR);
  REQUIRE(!image.empty());
  CHECK(image.rows == 900);
  // Badge red is #b42318; count the rows of the screen that carry a run of it at least 60 px long (a badge, not
  // a tile's 6 px border or a line of red text).
  int badge_rows = 0;
  for (int y = 0; y < image.rows; ++y) {
    int run_length = 0;
    int longest = 0;
    for (int x = 0; x < image.cols; ++x) {
      const cv::Vec3b& px = image.at<cv::Vec3b>(y, x);  // BGR
      const bool red = std::abs(px[2] - 0xb4) < 12 && std::abs(px[1] - 0x23) < 12 && std::abs(px[0] - 0x18) < 12;
      run_length = red ? run_length + 1 : 0;
      longest = std::max(longest, run_length);
    }
    if (longest >= 60) ++badge_rows;
  }
  // Eight "do not publish" badges of about 16 px each: well over 60 rows.
  CHECK(badge_rows >= 60);
}

TEST_CASE("audit: what libpng says about a damaged PNG goes into the image's notes, never to stderr") {
  // fixtures/bad/corrupt-chunk.png: a PNG whose IDAT stream is corrupt; libpng prints "libpng error: ..." to
  // stderr itself (issue 17: it leaked onto the terminal).
  const std::string png = (kFixtures / "bad" / "corrupt-chunk.png").string();
  const auto r = run_photoaudit({"audit", "--registry", kRegistry, "--format", "json", png});
  CHECK(r.err.find("libpng") == std::string::npos);
  const json report = json::parse(r.out);
  const json& img = report.at("images").at(0);
  const auto notes = img.at("notes").get<std::vector<std::string>>();
  REQUIRE(notes.size() == 1);
  CHECK(notes.front() == "libpng error: IDAT: invalid bit length repeat");
  CHECK(rules_of(img).contains("image-damaged"));
  // The text report shows it under the image, the HTML in its details.
  const auto text = run_photoaudit({"audit", "--registry", kRegistry, png});
  CHECK(text.err.find("libpng") == std::string::npos);
  CHECK(text.out.find("      decoder: libpng error: IDAT: invalid bit length repeat\n") != std::string::npos);
  // A clean photo has no notes.
  const auto clean = run_photoaudit({"audit", "--registry", kRegistry, "--format", "json", kImages + "/licensed.jpg"});
  CHECK(json::parse(clean.out).at("images").at(0).at("notes").empty());
}

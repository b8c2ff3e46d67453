// write_sarif_report: SARIF 2.1.0 that the OASIS schema accepts and GitHub code scanning can use.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "audit/report_samples.hpp"
#include "photoaudit/audit/report_writers.hpp"
#include "support/run_binary.hpp"

namespace {

using nlohmann::json;
using photoaudit::audit::AuditReport;
using photoaudit::audit::ImageAudit;
using photoaudit::audit::Severity;

const std::string kSchema = std::string(PHOTOAUDIT_FIXTURES_DIR) + "/sarif/sarif-schema-2.1.0.json";

// Debian's python3-jsonschema lives in /usr/bin/python3; another python3 earlier on PATH may lack it.
std::string python() { return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3"; }

photoaudit::test::RunResult validate(const std::filesystem::path& sarif_file) {
  return photoaudit::test::run_program(
      python(), {"-c",
                 "import json,jsonschema,sys; "
                 "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
                 sarif_file.string(), kSchema});
}

std::string sarif_of(const AuditReport& report) {
  std::ostringstream out;
  photoaudit::audit::write_sarif_report(out, report);
  return out.str();
}

// Paths and texts that need URI encoding or JSON care: spaces, '#', '?', '%', a colon, non-ASCII, an
// absolute path outside the root, a page image URL, brackets and invalid UTF-8 in a message, an empty
// message.
AuditReport awkward_report() {
  AuditReport report = photoaudit::test::sample_report(false);
  photoaudit::audit::ImageAudit odd;
  odd.path = "/srv/newsroom/photos/Fotos 2024/#1 café?:50%.jpg";
  odd.display = "./Fotos 2024/#1 café?:50%.jpg";
  odd.findings = {{.rule = photoaudit::registry::Rule::kCreditConflict,
                   .severity = Severity::kWarning,
                   .detail = photoaudit::registry::BlockReadings{{{"iptc", "[AP](https://evil.example)"},
                                                                  {"xmp", "\xff\xfe dpa"}}}},
                  {.rule = photoaudit::registry::Rule::kCreditConflict,
                   .severity = Severity::kWarning,
                   .organization = "Reuters",
                   .embedded_credit = "AP",
                   .detail = photoaudit::registry::SourceVersusCredit{{"AP"}}},
                  {.rule = photoaudit::registry::Rule::kCaptionCreditMissing,
                   .severity = Severity::kError,
                   .detail = photoaudit::registry::PagePlaces{{{"figure", 2, "", ""}}, 0}}};
  photoaudit::audit::ImageAudit outside;
  outside.path = outside.display = "/mnt/usb/DCIM/IMG 0001.JPG";
  outside.findings = {{.rule = photoaudit::registry::Rule::kCreditMissing, .severity = Severity::kError}};
  photoaudit::audit::ImageAudit page_image;
  page_image.path = page_image.display = "https://news.example/bilder/putin min.jpg?w=800&h=600";
  page_image.findings = {
      {.rule = photoaudit::registry::Rule::kLicenseNone, .severity = Severity::kError, .organization = "Sputnik"}};
  report.images.push_back(odd);
  report.images.push_back(outside);
  report.images.push_back(page_image);
  photoaudit::test::fill_summary(report);
  return report;
}

const json& result_for(const json& results, const std::string& rule, const std::string& uri) {
  for (const json& r : results) {
    if (r["ruleId"] == rule && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri) return r;
  }
  FAIL("no result for " << rule << " at " << uri);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("SARIF report validates against the OASIS SARIF 2.1.0 schema", "[sarif]") {
  const auto dir = photoaudit::test::fresh_temp_dir("sarif");
  const auto good = dir / "report.sarif";
  photoaudit::test::write_text_file(good, sarif_of(awkward_report()));
  const auto valid = validate(good);
  INFO(valid.err);
  CHECK(valid.exit_code == 0);

  // The validator and schema really check: the same log with a level SARIF does not know is rejected.
  json broken = json::parse(sarif_of(awkward_report()));
  broken["runs"][0]["results"][0]["level"] = "fatal";
  const auto bad = dir / "broken.sarif";
  photoaudit::test::write_text_file(bad, broken.dump());
  const auto invalid = validate(bad);
  CHECK(invalid.exit_code != 0);
  CHECK(invalid.err.find("fatal") != std::string::npos);

  // A report without images is still a valid log with an empty results array.
  AuditReport empty;
  empty.context.tool_version = "0.1.0";
  const auto none = dir / "empty.sarif";
  photoaudit::test::write_text_file(none, sarif_of(empty));
  CHECK(validate(none).exit_code == 0);
  CHECK(json::parse(sarif_of(empty))["runs"][0]["results"].empty());
  std::filesystem::remove_all(dir);
}

TEST_CASE("SARIF results: rule ids, levels, relative URIs, rules with help", "[sarif]") {
  const AuditReport report = awkward_report();
  const json log = json::parse(sarif_of(report));
  REQUIRE(log["version"] == "2.1.0");
  const json& run = log["runs"][0];
  const json& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "photoaudit");
  CHECK(driver["version"] == "0.1.0");
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///srv/newsroom/photos/");

  std::size_t findings = 0;
  for (const auto& image : report.images) findings += image.findings.size();
  const json& results = run["results"];
  REQUIRE(results.size() == findings);

  // Severity to level: error -> error, warning -> warning, info -> note.
  const json& coverage = result_for(results, "license-coverage", "moscow/putin-min-aung-hlaing.jpg");
  CHECK(coverage["level"] == "error");
  CHECK(result_for(results, "credit-format", "moscow/putin-min-aung-hlaing.jpg")["level"] == "warning");
  CHECK(result_for(results, "editorial-only", "space/rocket-launch-epa.jpg")["level"] == "note");
  CHECK(coverage["message"]["text"] ==
        "The contract pa-editorial-2024 with picture alliance does not cover photos of ASSOCIATED PRESS (it covers "
        "picture alliance's own photos only).");
  const json& physical = coverage["locations"][0]["physicalLocation"];
  CHECK(physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  CHECK(physical["region"]["startLine"] == 1);

  // URI encoding: relative paths keep their slashes, everything else that could change the parse is escaped;
  // an absolute path becomes a file: URI, a page image URL stays a URL with its spaces escaped.
  const std::string odd_uri = "Fotos%202024/%231%20caf%C3%A9%3F%3A50%25.jpg";
  const json& conflict = result_for(results, "credit-conflict", odd_uri);
  CHECK(conflict["message"]["text"] ==
        "The metadata blocks name different sources: IPTC says \"\\[AP\\](https://evil.example)\", XMP says "
        "\"\xef\xbf\xbd\xef\xbf\xbd dpa\".");
  const json& outside = result_for(results, "credit-missing", "file:///mnt/usb/DCIM/IMG%200001.JPG");
  CHECK_FALSE(outside["locations"][0]["physicalLocation"]["artifactLocation"].contains("uriBaseId"));
  result_for(results, "license-none", "https://news.example/bilder/putin%20min.jpg?w=800&h=600");

  // Rules: the rule table, every row (registry/rules.hpp); every result's ruleIndex points at its descriptor;
  // each carries the table's help.
  const json& rules = driver["rules"];
  std::set<std::string> ids;
  for (const json& rule : rules) {
    ids.insert(rule["id"].get<std::string>());
    CHECK_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
    CHECK_FALSE(rule["fullDescription"]["text"].get<std::string>().empty());
    CHECK_FALSE(rule["help"]["text"].get<std::string>().empty());
  }
  CHECK(ids.size() == rules.size());
  CHECK(rules.size() == photoaudit::registry::kRuleCount);
  for (const json& r : results) CHECK(rules[r["ruleIndex"].get<std::size_t>()]["id"] == r["ruleId"]);
  const json& coverage_rule = rules[coverage["ruleIndex"].get<std::size_t>()];
  CHECK(coverage_rule["help"]["text"] ==
        std::string(photoaudit::registry::rule_info(photoaudit::registry::Rule::kLicenseCoverage).help));
  CHECK(coverage_rule["defaultConfiguration"]["level"] == "error");
  const json& untold = result_for(results, "caption-credit-missing", odd_uri);
  CHECK(rules[untold["ruleIndex"].get<std::size_t>()]["id"] == "caption-credit-missing");
  CHECK(untold["message"]["text"] ==
        "The page prints no credit for this image at figure #3. The image itself carries none either.");

  // A duplicate points at the other copies, in the audited set and in the archive.
  const json& duplicate = result_for(results, "duplicate", "moscow/putin-min-aung-hlaing.jpg");
  REQUIRE(duplicate["relatedLocations"].size() == 2);
  CHECK(duplicate["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "moscow/teaser-putin.jpg");
  CHECK(duplicate["relatedLocations"][1]["physicalLocation"]["artifactLocation"]["uri"] ==
        "file:///archive/2023/parade.jpg");
}

TEST_CASE("SARIF partialFingerprints are stable per rule and path", "[sarif]") {
  AuditReport first = awkward_report();
  AuditReport second = awkward_report();
  // Messages and order change between runs (a new contract name, a new image); the identity must not.
  second.images.update(3, [](ImageAudit& image) {
    image.findings[0].detail = photoaudit::registry::Coverage{{"AP"}, {"dpa"}};
  });
  const ImageAudit zero = second.images[0];
  second.images.set(0, second.images[1]);
  second.images.set(1, zero);
  const auto fingerprints = [](const AuditReport& report) {
    std::map<std::string, std::string> by_key;  // rule + uri + occurrence -> fingerprint
    const json log = json::parse(sarif_of(report));
    for (const json& r : log["runs"][0]["results"]) {
      const std::string fp = r["partialFingerprints"]["primaryLocationLineHash"];
      const std::string key = r["ruleId"].get<std::string>() + " " +
                              r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>() +
                              " " + fp.substr(fp.find(':'));
      by_key[key] = fp;
    }
    return by_key;
  };
  const auto a = fingerprints(first);
  const auto b = fingerprints(second);
  CHECK(a == b);

  // Different (rule, path) pairs get different fingerprints; the same pair twice on one image is counted
  // ":1", ":2" like GitHub's own fingerprints, so neither alert swallows the other.
  std::set<std::string> distinct;
  for (const auto& [key, fp] : a) distinct.insert(fp);
  CHECK(distinct.size() == a.size());
  const std::string odd_uri = "Fotos%202024/%231%20caf%C3%A9%3F%3A50%25.jpg";
  const std::string one = a.at("credit-conflict " + odd_uri + " :1");
  const std::string two = a.at("credit-conflict " + odd_uri + " :2");
  CHECK(one.substr(0, one.find(':')) == two.substr(0, two.find(':')));
  CHECK(one.size() == 16 + 2);
}

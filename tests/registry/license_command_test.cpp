// End to end: `photoaudit license` on real images whose IPTC/XMP metadata carries the credit
// (fixtures/registry-images, made by scripts/make-fixtures-registry), one image per rule id.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "support/run_binary.hpp"

namespace {

using nlohmann::json;
using photoaudit::test::run_photoaudit;

const std::string kFixtures = PHOTOAUDIT_FIXTURES_DIR;
const std::string kRegistry = kFixtures + "/registry.yaml";

std::string image(const std::string& name) { return kFixtures + "/registry-images/" + name; }

// Runs `photoaudit license --json` with the example registry on 2026-06-15, online, DE (extra flags added or
// replacing those).
json license(const std::vector<std::string>& images, std::vector<std::string> extra = {}, int* exit_code = nullptr) {
  std::vector<std::string> args{"license", "--json", "--registry", kRegistry, "--date", "2026-06-15", "-j", "1"};
  // The defaults, unless extra sets the same flag (CLI11 refuses a flag given twice).
  for (const auto& [flag, value] : {std::pair{"--channel", "online"}, std::pair{"--territory", "DE"}}) {
    if (std::find(extra.begin(), extra.end(), flag) == extra.end()) args.insert(args.end(), {flag, value});
  }
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), images.begin(), images.end());
  const auto run = run_photoaudit(args);
  INFO(run.err);
  if (exit_code != nullptr) *exit_code = run.exit_code;
  return json::parse(run.out);
}

// The rule ids of one image record, with severities: "error license-none".
std::vector<std::string> rules(const json& record) {
  std::vector<std::string> out;
  for (const auto& f : record.at("findings"))
    out.push_back(f.at("severity").get<std::string>() + " " + f.at("rule").get<std::string>());
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

json one(const std::string& name, std::vector<std::string> extra = {}) {
  const json out = license({image(name)}, std::move(extra));
  REQUIRE(out.at("images").size() == 1);
  return out.at("images").at(0);
}

}  // namespace

TEST_CASE("license command: a licensed image, its reading and the verdict's fields", "[license][e2e]") {
  const json record = one("licensed.jpg");
  INFO(record.dump(2));
  CHECK(record.at("status") == "licensed");
  CHECK(record.at("licensor") == "picture-alliance");
  CHECK(record.at("contract") == "PA-2026");
  CHECK(record.at("single_use") == false);
  CHECK(record.at("editorial_only") == true);
  CHECK(record.at("digital_source") == "captured");
  CHECK(record.at("credit").at("organizations").at(1).at("canonical") == "ap");
  CHECK(record.at("credit").at("photographers") == json::array({"Valery Sharifulin"}));
  CHECK(rules(record) == std::vector<std::string>{"info editorial-only"});
}

TEST_CASE("license command: each rule id from a real image", "[license][e2e]") {
  struct Case {
    const char* image;
    std::vector<std::string> extra;
    const char* expected;  // "severity rule"
    const char* status;
  };
  const std::vector<Case> cases{
      {"credit-missing.jpg", {}, "error credit-missing", "unknown"},
      {"credit-unparsed.jpg", {}, "warning credit-unparsed", "unknown"},
      {"credit-conflict.jpg", {}, "warning credit-conflict", "unlicensed"},
      {"license-unknown.jpg", {}, "warning license-unknown", "unknown"},
      {"license-none.jpg", {}, "error license-none", "unlicensed"},
      {"license-expired.jpg", {}, "error license-expired", "unlicensed"},
      {"license-channel.jpg", {"--channel", "print"}, "error license-channel", "unlicensed"},
      {"license-territory.jpg", {}, "error license-territory", "unlicensed"},
      {"license-coverage.jpg", {}, "error license-coverage", "unlicensed"},
      {"credit-format.jpg", {}, "warning credit-format", "licensed"},
      {"source-blocked.jpg", {}, "error source-blocked", "blocked"},
      {"editorial-only.jpg", {}, "info editorial-only", "licensed"},
      {"editorial-only.jpg", {"--purpose", "commercial"}, "error editorial-only", "licensed"},
      {"ai-generated.jpg", {}, "warning ai-generated", "unknown"},
  };
  for (const auto& c : cases) {
    const json record = one(c.image, c.extra);
    INFO(c.image << "\n" << record.dump(2));
    CHECK(has(rules(record), c.expected));
    CHECK(record.at("status") == c.status);
  }
}

TEST_CASE("license command: single-use contracts are exposed for the catalog", "[license][e2e]") {
  const json record = one("editorial-only.jpg");
  CHECK(record.at("contract") == "GETTY-SINGLE-2026");
  CHECK(record.at("single_use") == true);
}

TEST_CASE("license command: one unreadable file is reported and the rest are checked", "[license][e2e][hostile]") {
  int code = -1;
  const json out = license({image("not-an-image.jpg"), image("licensed.jpg"), image("no-such-file.jpg")}, {}, &code);
  CHECK(code == 1);
  REQUIRE(out.at("images").size() == 3);
  CHECK(out.at("images").at(0).at("error").get<std::string>().find("not-an-image.jpg") != std::string::npos);
  CHECK(out.at("images").at(1).at("status") == "licensed");
  CHECK(out.at("images").at(2).at("error_code") == "not_found");
  CHECK(out.at("query").at("date") == "2026-06-15");
  CHECK(out.at("query").at("channel") == "online");
}

TEST_CASE("license command: exit status follows the findings and --fail-on", "[license][e2e]") {
  int code = -1;
  license({image("licensed.jpg")}, {}, &code);
  CHECK(code == 0);
  license({image("license-none.jpg")}, {}, &code);
  CHECK(code == 1);
  license({image("credit-format.jpg")}, {}, &code);
  CHECK(code == 0);
  license({image("credit-format.jpg")}, {"--fail-on", "warning"}, &code);
  CHECK(code == 1);
  license({image("license-none.jpg")}, {"--fail-on", "never"}, &code);
  CHECK(code == 0);
}

TEST_CASE("license command: text output names the verdict and each finding", "[license][e2e]") {
  const auto run = run_photoaudit(
      {"license", "--registry", kRegistry, "--date", "2026-06-15", "--channel", "online", image("source-blocked.jpg")});
  INFO(run.err);
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("source-blocked.jpg: blocked") != std::string::npos);
  CHECK(run.out.find("error source-blocked: The credit names Sputnik") != std::string::npos);
}

TEST_CASE("license command: bad flags and a broken registry are clear errors", "[license][e2e][hostile]") {
  const auto channel = run_photoaudit(
      {"license", "--registry", kRegistry, "--channel", "radio", image("licensed.jpg")});
  CHECK(channel.exit_code == 2);
  // The same words as audit and page (issue 17: one validation of channel, date and territory).
  CHECK(channel.err.find("unknown channel \"radio\" (use print, online, social, app or tv)") != std::string::npos);
  const auto date = run_photoaudit({"license", "--registry", kRegistry, "--date", "2026-13-01", image("licensed.jpg")});
  CHECK(date.exit_code == 2);
  CHECK(date.err.find("invalid date \"2026-13-01\"") != std::string::npos);
  const auto broken = run_photoaudit(
      {"license", "--registry", kFixtures + "/registry/tabs.yaml", image("licensed.jpg")});
  // Both were exit status 1 here and 2 in audit: a registry that does not load is a configuration error.
  CHECK(broken.exit_code == 2);
  CHECK(broken.err.find("tabs.yaml:3:1: tab character in indentation") != std::string::npos);
  const auto missing = run_photoaudit({"license", "--registry", kFixtures + "/no-such.yaml", image("licensed.jpg")});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("no-such.yaml: no such file") != std::string::npos);
}

// The HTML report's credential chain (issue 15): the active manifest and its ingredients as a tree, every value
// escaped (a hostile claim generator stays text), a cycle of ingredients drawn once; SARIF and JSON carry the codes.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "audit/report_samples.hpp"
#include "photoaudit/audit/report_writers.hpp"
#include "support/run_binary.hpp"

namespace {

using namespace photoaudit::audit;  // NOLINT(google-build-using-namespace): the writers under test

const std::string kHostile = "<script>alert(1)</script>";

// A store of two manifests whose ingredients refer to each other (a cycle no real store has, but a crafted one may),
// with hostile text in the generator, an action's agent and an ingredient title.
ContentCredentials hostile_credentials() {
  CredentialManifest parent{.label = "urn:c2pa:parent",
                            .generator = "Camera/1.0",
                            .signer = "Parent Signer",
                            .issuer = "Parent CA",
                            .state = C2paState::kValid,
                            .ingredients = {{"active.jpg", "parentOf", "urn:c2pa:active"}}};
  CredentialManifest active{
      .label = "urn:c2pa:active",
      .generator = kHostile,
      .signer = "Signer\" onmouseover=\"x",
      .signer_organization = "Org & Co",
      .issuer = "Test CA",
      .time = "2024-08-06T21:53:37+00:00",
      .state = C2paState::kInvalid,
      .actions = {{"c2pa.edited", "<img src=x onerror=alert(2)>",
                   "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia"}},
      .ingredients = {{"<b>parent</b>.jpg", "parentOf", "urn:c2pa:parent"}, {"plain.jpg", "componentOf", ""}},
      .failures = {"assertion.dataHash.mismatch"},
      .informational = {"timeStamp.untrusted"}};
  ContentCredentials c{.state = C2paState::kInvalid,
                       .manifests = 2,
                       .generator = active.generator,
                       .signer = active.signer,
                       .signer_organization = active.signer_organization,
                       .failures = {"assertion.dataHash.mismatch"},
                       .container = "jpeg-app11"};
  c.chain = {parent, active};
  return c;
}

AuditReport report_with(const ContentCredentials& credentials) {
  AuditReport report = photoaudit::test::sample_report(false);
  ImageAudit image = report.images[0];
  image.credentials = credentials;
  image.findings.push_back({.rule = Rule::kC2paInvalid, .severity = Severity::kError, .reason = "x"});
  report.images.set(0, image);
  return report;
}

template <typename Write>
std::string written(const AuditReport& report, Write write) {
  std::ostringstream out;
  write(out, report);
  return out.str();
}

}  // namespace

TEST_CASE("HTML report: the credential chain is a tree of escaped values, a cycle of ingredients is drawn once",
          "[html][c2pa]") {
  const std::string html = written(report_with(hostile_credentials()), write_html_report);
  CHECK(html.find(kHostile) == std::string::npos);
  CHECK(html.find("<img src=x") == std::string::npos);
  CHECK(html.find("<b>parent") == std::string::npos);
  CHECK(html.find("onmouseover=\"x") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("Org &amp; Co") != std::string::npos);
  CHECK(html.find("<details class=\"c2pa\">") != std::string::npos);
  CHECK(html.find("algorithmicMedia") != std::string::npos);
  CHECK(html.find("assertion.dataHash.mismatch") != std::string::npos);
  CHECK(html.find("timeStamp.untrusted") != std::string::npos);
  // active -> parent -> (active again: the cycle stops there)
  const auto parent = html.find("Parent Signer");
  REQUIRE(parent != std::string::npos);
  CHECK(html.find("(cycle)", parent) != std::string::npos);
  CHECK(html.find("no manifest") != std::string::npos);  // plain.jpg carries none
}

TEST_CASE("SARIF and JSON carry the credentials' codes", "[c2pa]") {
  const AuditReport report = report_with(hostile_credentials());
  const auto sarif = nlohmann::json::parse(written(report, write_sarif_report));
  bool found = false;
  for (const auto& result : sarif["runs"][0]["results"]) {
    if (result["ruleId"] != "c2pa-invalid") continue;
    CHECK(result["properties"]["c2paState"] == "Invalid");
    CHECK(result["properties"]["c2paFailures"][0] == "assertion.dataHash.mismatch");
    found = true;
  }
  CHECK(found);
  const auto json = nlohmann::json::parse(written(report, write_json_report));
  const auto& c = json["images"][0]["content_credentials"];
  CHECK(c["container"] == "jpeg-app11");
  REQUIRE(c["chain"].size() == 2);
  CHECK(c["chain"][1]["generator"] == kHostile);
  CHECK(c["chain"][1]["informational"][0] == "timeStamp.untrusted");
}

TEST_CASE("audit --format html draws a real store's chain: CACA.jpg's ingredients carry their own manifests",
          "[html][c2pa]") {
  const auto fixtures = std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "c2pa";
  const auto run = photoaudit::test::run_photoaudit({"audit", "--format", "html", (fixtures / "CACA.jpg").string()});
  INFO(run.err);
  const auto tree = run.out.find("<ul class=\"c2pa-tree\">");
  REQUIRE(tree != std::string::npos);
  const auto end = run.out.find("</details>", tree);
  const std::string chain = run.out.substr(tree, end - tree);
  // The active manifest and, through its ingredients, the manifests they carry: more than one manifest drawn.
  std::size_t manifests = 0;
  for (auto at = chain.find("class=\"manifest\""); at != std::string::npos;
       at = chain.find("class=\"manifest\"", at + 1))
    ++manifests;
  CHECK(manifests >= 2);
  CHECK(chain.find("Ingredients") != std::string::npos);
  CHECK(chain.find("c2pa.") != std::string::npos);  // the actions
}

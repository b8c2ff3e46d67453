// Issue 16, item 4: reports that prove what was checked, through the built binary with real photos: when (UTC, RFC
// 3339), by which version, against which registry (its SHA-256 of the bytes read) and catalog (its last scan),
// with which options, in text, JSON, SARIF, CSV (a sidecar) and HTML; the contract's note beside the verdict that
// names the contract; the CSV's date created, copyright, caption, verdict date and contract note columns. Before,
// no report said when it was made or against which registry bytes, and the contract's note appeared in none.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::read_file;
using photoaudit::test::run_photoaudit;
using photoaudit::test::run_program;
using photoaudit::test::RunResult;
using photoaudit::test::TempDir;

namespace {

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;
const fs::path kPhoto = kFixtures / "article" / "putin-min-aung-hlaing.jpg";
const std::string kNote = "Vertragsnr. PA-44871, unterzeichnet 2025-11-20";

struct Setup {
  TempDir tmp{"photoaudit-context"};
  fs::path registry = tmp.path / "licenses.yaml";
  Setup() {
    std::string text = read_file(kFixtures / "registry.yaml");
    const std::string from = "note: Framework agreement 2026, signed 2025-11-20.";
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), "note: \"" + kNote + "\"");
    std::ofstream(registry, std::ios::binary) << text;
  }
  std::vector<std::string> audit(const std::string& format, const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args{"audit", "--registry", registry.string(), "--date",    "2026-06-01", "--territory",
                                  "DE",    "--channel",  "online",          "--fail-on", "never",      "--format",
                                  format};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(kPhoto.string());
    return args;
  }
};

std::string sha256sum(const fs::path& file) {
  const auto r = run_program("sha256sum", {file.string()});
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, 64);
}

RunResult ok_run(const std::vector<std::string>& args) {
  auto r = run_photoaudit(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r;
}

// "2026-12-06T11:44:48Z". (Checked by hand: std::regex gives GCC 12 false -Wmaybe-uninitialized errors under the
// sanitizer build.)
bool is_rfc3339_utc(std::string_view s) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (s.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (kShape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != kShape[i]) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("audit JSON: context names when, which version, the registry's SHA-256 and the options (issue 16)",
          "[context]") {
  const Setup s;
  const json report = json::parse(ok_run(s.audit("json")).out);
  const json& c = report["context"];
  CHECK(is_rfc3339_utc(c["generated_at"].get<std::string>()));
  CHECK(c["registry_sha256"] == sha256sum(s.registry));
  CHECK_FALSE(c["tool_version"].get<std::string>().empty());
  CHECK(c["as_used"] == false);
  CHECK(c["purpose"] == "editorial");
  CHECK(c["index_scanned_at"].is_null());
  // The fields that were there stay.
  CHECK(c["date"] == "2026-06-01");
  CHECK(c["channel"] == "online");
  CHECK(c["territory"] == "DE");
  CHECK(c["fail_on"] == "never");

  const json& image = report["images"][0];
  CHECK(image["license"]["contract"] == "PA-2026");
  CHECK(image["license"]["contract_note"] == kNote);
  CHECK(image["date_created"].is_string());
}

TEST_CASE("audit JSON: a report run twice on the same inputs differs only in its generated_at (issue 16)",
          "[context]") {
  const Setup s;
  json first = json::parse(ok_run(s.audit("json")).out);
  json second = json::parse(ok_run(s.audit("json")).out);
  first["context"].erase("generated_at");
  second["context"].erase("generated_at");
  CHECK(first == second);
}

TEST_CASE("audit text, SARIF and HTML show what was checked and the contract's note (issue 16)", "[context]") {
  const Setup s;
  const std::string hash = sha256sum(s.registry);
  const auto text = ok_run(s.audit("text")).out;
  CHECK_THAT(text, Catch::Contains(", sha256 " + hash + "\n"));
  CHECK_THAT(text, Catch::Contains("  options: date 2026-06-01, channel online, territory DE, purpose editorial, "
                                   "fail-on never\n"));
  const auto generated = text.find("  generated ");
  REQUIRE(generated != std::string::npos);
  CHECK(is_rfc3339_utc(std::string_view(text).substr(generated + 12, 20)));
  CHECK(text.compare(generated + 32, 15, " by photoaudit ") == 0);
  CHECK_THAT(text, Catch::Contains("contract PA-2026: " + kNote));

  const json sarif = json::parse(ok_run(s.audit("sarif")).out);
  const json& run = sarif["runs"][0];
  CHECK(run["properties"]["registrySha256"] == hash);
  CHECK(is_rfc3339_utc(run["properties"]["generatedAt"].get<std::string>()));
  CHECK(run["invocations"][0]["endTimeUtc"] == run["properties"]["generatedAt"]);
  CHECK(run["invocations"][0]["executionSuccessful"] == true);

  const auto html = ok_run(s.audit("html")).out;
  CHECK_THAT(html, Catch::Contains("<dt>Registry SHA-256</dt><dd><span class=\"v\">" + hash + "</span>"));
  CHECK_THAT(html, Catch::Contains("<dt>Purpose</dt>"));
  CHECK_THAT(html, Catch::Contains(kNote));
}

TEST_CASE("audit CSV: new columns at the end, and a sidecar FILE.csv.meta.json with the context (issue 16)",
          "[context]") {
  const Setup s;
  const fs::path csv = s.tmp.path / "report.csv";
  ok_run(s.audit("csv", {"-o", csv.string()}));
  const std::string text = read_file(csv);
  CHECK(
      text.starts_with("path,severity,rule,message,credit,organizations,photographers,licensor,contract,"
                       "license_status,sha256,pdq,cluster,error,verdict,page,page_title,date_created,copyright,"
                       "caption,verdict_date,contract_note\r\n"));
  CHECK_THAT(text, Catch::Contains(",2026-06-01,\"" + kNote + "\"\r\n"));

  const json sidecar = json::parse(read_file(s.tmp.path / "report.csv.meta.json"));
  CHECK(sidecar["csv"]["file"] == "report.csv");
  CHECK(sidecar["csv"]["sha256"] == sha256sum(csv));
  CHECK(sidecar["context"]["registry_sha256"] == sha256sum(s.registry));
  CHECK(sidecar["columns"].size() == 22);
}

TEST_CASE("audit with --index: the catalog's last scan time in the context (issue 16)", "[context]") {
  const Setup s;
  const fs::path db = s.tmp.path / "archive.db";
  const fs::path photos = s.tmp.path / "photos";
  fs::create_directories(photos);
  fs::copy_file(kFixtures / "article" / "motorcycle-dpa.jpg", photos / "motorcycle-dpa.jpg");
  ok_run({"scan", "--index", db.string(), photos.string()});
  const json report = json::parse(ok_run(s.audit("json", {"--index", db.string()})).out);
  const std::string scanned = report["context"]["index_scanned_at"];
  CHECK(is_rfc3339_utc(scanned));
  CHECK(scanned <= report["context"]["generated_at"].get<std::string>());
  const auto text = ok_run(s.audit("text", {"--index", db.string()})).out;
  CHECK_THAT(text, Catch::Contains("  archive catalog " + db.string() + ", last scan " + scanned + "\n"));
}

TEST_CASE("audit --as-used: the context says each image was judged at its own use date (issue 16)", "[context]") {
  const Setup s;
  const auto json_run = ok_run({"audit", "--registry", s.registry.string(), "--as-used", "--fail-on", "never",
                                "--format", "json", kPhoto.string()});
  const json report = json::parse(json_run.out);
  CHECK(report["context"]["as_used"] == true);
  CHECK(report["context"]["date"] == "as-used");
  const auto text = ok_run(
      {"audit", "--registry", s.registry.string(), "--as-used", "--fail-on", "never", kPhoto.string()});
  CHECK_THAT(text.out, Catch::Contains("  options: date as-used (each image at its own first use), channel any"));
}

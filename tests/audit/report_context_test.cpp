// The writers' side of issue 16 over the sample report (report_samples.hpp): the context every format shows, and a
// contract note with markup characters escaped for each format.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "audit/report_samples.hpp"
#include "photoaudit/audit/report_writers.hpp"

namespace {

using photoaudit::audit::AuditReport;

template <typename Write>
std::string render(const AuditReport& report, Write write) {
  std::ostringstream out;
  write(out, report);
  return out.str();
}

const std::string kNote = "Vertragsnr. PA-44871 <signed> & \"filed\"";

}  // namespace

TEST_CASE("report context: JSON, SARIF, text and HTML name the time, registry hash and catalog scan", "[context]") {
  const AuditReport report = photoaudit::test::sample_report(false);
  const std::string json_text = render(report, photoaudit::audit::write_json_report);
  const nlohmann::json doc = nlohmann::json::parse(json_text);
  const nlohmann::json& context = doc["context"];
  CHECK(context["generated_at"] == "2024-03-15T09:30:00Z");
  CHECK(context["registry_sha256"] == std::string(64, 'c'));
  CHECK(context["index_scanned_at"] == "2024-03-14T22:00:00Z");
  CHECK(context["purpose"] == "editorial");
  CHECK(context["as_used"] == false);
  // The contract note only beside the contract that has it.
  bool seen = false;
  for (const nlohmann::json& image : doc["images"]) {
    const bool named = image["license"]["contract"] == "pa-editorial-2024";
    CHECK(image["license"]["contract_note"] == (named ? nlohmann::json(kNote) : nlohmann::json()));
    seen = seen || named;
  }
  CHECK(seen);
  CHECK(photoaudit::audit::audit_context_json(report.context) == context);

  const nlohmann::json sarif = nlohmann::json::parse(render(report, photoaudit::audit::write_sarif_report));
  CHECK(sarif["runs"][0]["properties"]["indexScannedAt"] == "2024-03-14T22:00:00Z");
  CHECK(sarif["runs"][0]["invocations"][0]["endTimeUtc"] == "2024-03-15T09:30:00Z");

  const std::string text = render(
      report, [](std::ostream& out, const AuditReport& r) { photoaudit::audit::write_text_report(out, r, false); });
  CHECK_THAT(text, Catch::Contains("  generated 2024-03-15T09:30:00Z by photoaudit 0.1.0\n"));
  CHECK_THAT(text, Catch::Contains("  archive catalog /srv/newsroom/catalog.db, last scan 2024-03-14T22:00:00Z\n"));
  CHECK_THAT(text, Catch::Contains("contract pa-editorial-2024: " + kNote));

  const std::string html = render(report, photoaudit::audit::write_html_report);
  CHECK_THAT(html, Catch::Contains("Vertragsnr. PA-44871 &lt;signed&gt; &amp; &quot;filed&quot;"));
  CHECK_THAT(html, !Catch::Contains("<signed>"));
  CHECK_THAT(html, Catch::Contains("<dt>Catalog last scan</dt>"));
}

TEST_CASE("CSV sidecar: the context, the CSV's name and hash, the columns", "[context]") {
  const AuditReport report = photoaudit::test::sample_report(false);
  std::ostringstream out;
  photoaudit::audit::write_csv_sidecar(out, report, "audit.csv", std::string(64, 'd'));
  const nlohmann::json sidecar = nlohmann::json::parse(out.str());
  CHECK(sidecar["csv"]["file"] == "audit.csv");
  CHECK(sidecar["csv"]["sha256"] == std::string(64, 'd'));
  CHECK(sidecar["context"] == photoaudit::audit::audit_context_json(report.context));
  CHECK(sidecar["columns"].back() == "contract_note");
}

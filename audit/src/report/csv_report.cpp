// CSV for legal teams (docs/reports.md): RFC 4180, UTF-8, a header row, one row per image and finding.
#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/audit/image_verdict.hpp"
#include "photoaudit/audit/report_writers.hpp"
#include "report/utf8_repair.hpp"

namespace photoaudit::audit {
namespace {

// "verdict", "page" and "page_title" were added last (issue 17), then "date_created" to "contract_note" (issue 16),
// so scripts reading columns by position keep working.
constexpr std::array<std::string_view, 22> kColumns{
    "path",          "severity", "rule",         "message",        "credit",     "organizations",
    "photographers", "licensor", "contract",     "license_status", "sha256",     "pdq",
    "cluster",       "error",    "verdict",      "page",           "page_title", "date_created",
    "copyright",     "caption",  "verdict_date", "contract_note"};

// One cell: valid UTF-8; a leading = + - @ tab or CR gets a ' in front so a spreadsheet shows the text instead
// of running it as a formula (OWASP's advice on CSV injection); quoted when it holds a comma, a quote, CR or
// LF, with quotes doubled (RFC 4180).
std::string cell(std::string_view value) {
  std::string text = valid_utf8(value);
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    text.insert(text.begin(), '\'');
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void write_row(std::ostream& out, const std::array<std::string, kColumns.size()>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out << ',';
    out << cell(values[i]);
  }
  out << "\r\n";
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

// The credit chain as alias-table ids, outermost first ("dpa > AP"); an organisation the table does not know
// appears as printed.
std::string organizations(const CreditSummary& credit) {
  std::vector<std::string> ids;
  for (const CreditChainLink& link : credit.chain) ids.push_back(link.canonical.empty() ? link.name : link.canonical);
  return join(ids, " > ");
}

// The pages that show the image and their titles (issue 17), each joined by "; " in order of first use.
void page_columns(const ImageAudit& image, const std::map<std::string, std::string>& titles, std::string& urls,
                  std::string& names) {
  std::vector<std::string> seen;
  std::vector<std::string> seen_titles;
  for (const ImageUse& use : image.uses) {
    if (std::find(seen.begin(), seen.end(), use.page) != seen.end()) continue;
    seen.push_back(use.page);
    const auto title = titles.find(use.page);
    seen_titles.push_back(title == titles.end() ? std::string() : title->second);
  }
  urls = join(seen, "; ");
  names = join(seen_titles, "; ");
}

// The columns that describe the image; severity, rule and message are filled per finding.
std::array<std::string, kColumns.size()> image_columns(const ImageAudit& image, const AuditContext& context,
                                                       const std::map<std::string, std::string>& titles) {
  std::array<std::string, kColumns.size()> row;
  row[0] = image.display.empty() ? image.path : image.display;
  row[4] = image.credit.text.empty() ? image.credit.printed : image.credit.text;
  row[5] = organizations(image.credit);
  row[6] = join(image.credit.photographers, "; ");
  row[7] = image.license.licensor;
  row[8] = image.license.contract;
  row[9] = image.license.status ? registry::to_string(*image.license.status) : "";
  if (image.fingerprints) {
    row[10] = image.fingerprints->sha256;
    row[11] = image.fingerprints->pdq;
  }
  if (image.cluster) row[12] = std::to_string(*image.cluster);
  if (image.error) row[13] = *image.error;
  row[14] = to_string(verdict_of(image));
  page_columns(image, titles, row[15], row[16]);
  row[17] = image.date_created;
  row[18] = image.copyright;
  row[19] = image.caption;
  row[20] = image.license.date;
  row[21] = std::string(context.contract_note(image.license.contract));
  return row;
}

}  // namespace

void write_csv_sidecar(std::ostream& out, const AuditReport& report, std::string_view csv_name,
                       std::string_view csv_sha256) {
  nlohmann::json columns = nlohmann::json::array();
  for (const std::string_view column : kColumns) columns.push_back(column);
  const nlohmann::json doc = {{"context", audit_context_json(report.context)},
                              {"csv", {{"file", csv_name}, {"sha256", csv_sha256}}},
                              {"columns", std::move(columns)}};
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void write_csv_report(std::ostream& out, const AuditReport& report) {
  std::array<std::string, kColumns.size()> header;
  for (std::size_t i = 0; i < kColumns.size(); ++i) header[i] = std::string(kColumns[i]);
  write_row(out, header);
  std::map<std::string, std::string> titles;
  for (const AuditedPage& page : report.pages) titles.emplace(page.url, page.title);
  for (const ImageAudit& image : report.images) {
    auto row = image_columns(image, report.context, titles);
    if (image.findings.empty()) {
      write_row(out, row);
      continue;
    }
    for (const Finding& finding : image.findings) {
      row[1] = std::string(registry::to_string(finding.severity));
      row[2] = registry::to_string(finding.rule);
      row[3] = registry::render_message(finding);
      write_row(out, row);
    }
  }
}

}  // namespace photoaudit::audit

// SARIF 2.1.0 for GitHub code scanning (docs/reports.md): one result per finding, the image as its location.
#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/audit/report_writers.hpp"
#include "photoaudit/common/encoding.hpp"
#include "photoaudit/hashing/digest.hpp"
#include "photoaudit/registry/rules.hpp"

namespace photoaudit::audit {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSchemaUri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr std::string_view kRootId = "%SRCROOT%";  // the uriBaseId of every relative location
constexpr std::size_t kMaxRelatedLocations = 10;   // GitHub shows few; a big cluster would bloat every result

std::string_view sarif_level(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "note";
  }
  return "warning";
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }

// An absolute URL as given, with the bytes a URI may not contain (controls, space, '"', '<', '>', '\', '^',
// '`', '{', '|', '}', non-ASCII, a '%' not starting an escape) percent-encoded.
std::string encode_url(std::string_view url) {
  static constexpr std::string_view kAllowedPunctuation = "-._~:/?#[]@!$&'()*+,;=";
  std::string out;
  out.reserve(url.size());
  for (std::size_t i = 0; i < url.size(); ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    const bool escape_start = c == '%' && i + 2 < url.size() && is_hex(url[i + 1]) && is_hex(url[i + 2]);
    if (is_uri_unreserved(c) || kAllowedPunctuation.find(url[i]) != std::string_view::npos || escape_start) {
      out += url[i];
    } else {
      append_percent_escape(out, c);
    }
  }
  return out;
}

// "https://..." or "data:...": a scheme (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )) followed by
// "//", or the data: scheme. A relative file name such as "a:b.jpg" is not a URL.
bool is_url(std::string_view s) {
  const std::size_t colon = s.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = s[i];
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!alpha && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) return false;
  }
  const std::string_view scheme = s.substr(0, colon);
  return s.substr(colon + 1).starts_with("//") || scheme == "data" || scheme == "DATA";
}

// The artifactLocation of an image: relative paths (the normal case) relative to %SRCROOT%, absolute paths
// as file: URIs, URLs (images of pages) as they are.
Json artifact_location(std::string_view display) {
  if (is_url(display)) return {{"uri", encode_url(display)}};
  if (display.starts_with('/')) return {{"uri", "file://" + percent_encode_path(display)}};
  while (display.starts_with("./")) display.remove_prefix(2);
  if (display.empty()) display = ".";
  return {{"uri", percent_encode_path(display)}, {"uriBaseId", kRootId}};
}

Json physical_location(std::string_view display) {
  // Images have no lines; GitHub wants a region, so every result points at line 1 of the file.
  return {{"physicalLocation", {{"artifactLocation", artifact_location(display)}, {"region", {{"startLine", 1}}}}}};
}

// SARIF message text uses "[text](target)" for embedded links, so literal brackets are escaped (SARIF 2.1.0
// 3.11.6): a caption cannot turn into a link.
std::string message_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '[' || c == ']') out += '\\';
    out += c;
  }
  return out;
}

// The first 16 hex digits of SHA-256(rule, display path): the same finding on the same file gets the same
// fingerprint in every run, whatever the message says.
std::string location_hash(std::string_view rule, std::string_view display) {
  std::string key;
  key.reserve(rule.size() + display.size() + 1);
  key.append(rule).append(1, '\n').append(display);
  const auto digest = hashing::sha256_bytes(reinterpret_cast<const std::uint8_t*>(key.data()), key.size());
  return digest.to_hex().substr(0, 16);
}

// driver.rules: every rule of the rule table (registry/rules.hpp), in table order, so a result's ruleIndex is
// its rule's position in the table.
Json rule_descriptors() {
  Json descriptors = Json::array();
  for (const registry::RuleInfo& rule : registry::all_rules()) {
    descriptors.push_back({{"id", rule.id},
                           {"name", rule.id},
                           {"shortDescription", {{"text", rule.title}}},
                           {"fullDescription", {{"text", rule.help}}},
                           {"defaultConfiguration", {{"level", sarif_level(rule.severity)}}},
                           {"help", {{"text", rule.help}}},
                           {"properties", {{"tags", {"photoaudit"}}}}});
  }
  return descriptors;
}

Json related_locations(const AuditReport& report, std::size_t self) {
  Json related = Json::array();
  const std::size_t cluster_index = *report.images[self].cluster;
  if (cluster_index >= report.clusters.size()) return related;
  for (const ClusterMember& member : report.clusters[cluster_index].members) {
    if (related.size() >= kMaxRelatedLocations) break;
    std::string where;
    if (!member.archive_path.empty()) {
      where = member.archive_path;
    } else if (member.image < report.images.size() && member.image != self) {
      where = report.images.display(member.image);
    } else {
      continue;
    }
    Json location = physical_location(where);
    location["id"] = related.size() + 1;
    location["message"] = {{"text", message_text("same photo (" + std::string(registry::to_string(member.relation)) +
                                                 ", PDQ distance " + std::to_string(member.distance) + ")")}};
    related.push_back(std::move(location));
  }
  return related;
}

Json run_properties(const AuditContext& c) {
  return {{"registry", c.registry},
          {"registryIsExample", c.registry_is_example},
          {"registrySource", to_string(c.registry_source)},
          {"channel", c.channel},
          {"date", c.date},
          {"territory", c.territory},
          {"index", c.index},
          {"failOn", c.fail_on},
          {"generatedAt", c.generated_at},
          {"registrySha256", c.registry_sha256},
          {"indexScannedAt", c.index_scanned_at},
          {"asUsed", c.as_used},
          {"purpose", c.purpose}};
}

// SARIF's own place for when the run was (issue 16): one invocation, finished at the report's time.
Json invocations(const AuditContext& c) {
  Json invocation = {{"executionSuccessful", true}};
  if (!c.generated_at.empty()) invocation["endTimeUtc"] = c.generated_at;
  return Json::array({std::move(invocation)});
}

// A c2pa-invalid or c2pa-untrusted result's properties.c2paState ("Invalid", "Valid") and .c2paFailures (the
// failure codes of the store and the active manifest, in order; docs/reports.md).
void add_credentials_properties(Json& result, const ContentCredentials& c) {
  if (!result.contains("properties")) result["properties"] = Json::object();
  result["properties"]["c2paState"] = std::string(to_string(c.state));
  result["properties"]["c2paFailures"] = c.failures;
}

// The pages audited (issue 17): [{"url", "title"}], in run.properties.pages.
Json page_properties(const std::vector<AuditedPage>& pages) {
  Json out = Json::array();
  for (const AuditedPage& page : pages) out.push_back({{"url", page.url}, {"title", page.title}});
  return out;
}

Json results(const AuditReport& report) {
  Json out = Json::array();
  std::map<std::string, int> occurrences;  // per fingerprint, as GitHub's own "hash:n" counts them
  for (std::size_t i = 0; i < report.images.size(); ++i) {
    const ImageAudit& image = report.images[i];
    const std::string& display = image.display.empty() ? image.path : image.display;
    for (const Finding& finding : image.findings) {
      const registry::RuleInfo& rule = registry::rule_info(finding.rule);
      const std::string hash = location_hash(rule.id, display);
      const int occurrence = ++occurrences[hash];
      const std::string text = registry::render_message(finding);
      Json result = {{"ruleId", rule.id},
                     {"ruleIndex", static_cast<std::size_t>(finding.rule)},
                     {"level", sarif_level(finding.severity)},
                     {"message", {{"text", message_text(text)}}},
                     {"locations", Json::array({physical_location(display)})},
                     {"partialFingerprints", {{"primaryLocationLineHash", hash + ":" + std::to_string(occurrence)}}}};
      const std::string_view note = report.context.contract_note(finding.contract);
      if (!finding.contract.empty()) {
        result["properties"] = {{"contract", finding.contract}};
        if (!note.empty()) result["properties"]["contractNote"] = std::string(note);
      }
      if (image.credentials && (finding.rule == Rule::kC2paInvalid || finding.rule == Rule::kC2paUntrusted)) {
        add_credentials_properties(result, *image.credentials);
      }
      const bool about_copies = finding.rule == Rule::kDuplicate || finding.rule == Rule::kDuplicateCredit;
      if (about_copies && image.cluster) {
        Json related = related_locations(report, i);
        if (!related.empty()) result["relatedLocations"] = std::move(related);
      }
      out.push_back(std::move(result));
    }
  }
  return out;
}

}  // namespace

void write_sarif_report(std::ostream& out, const AuditReport& report) {
  const AuditContext& context = report.context;
  Json driver = {{"name", "photoaudit"}};
  if (!context.tool_version.empty()) driver["version"] = context.tool_version;
  driver["rules"] = rule_descriptors();
  Json run = {{"tool", {{"driver", std::move(driver)}}}};
  if (context.root.starts_with('/')) {
    std::string root = "file://" + percent_encode_path(context.root);
    if (!root.ends_with('/')) root += '/';
    run["originalUriBaseIds"] = {{kRootId, {{"uri", root}}}};
  }
  run["results"] = results(report);
  run["invocations"] = invocations(context);
  run["properties"] = run_properties(context);
  if (!report.pages.empty()) run["properties"]["pages"] = page_properties(report.pages);
  const Json log = {{"$schema", kSchemaUri}, {"version", "2.1.0"}, {"runs", Json::array({std::move(run)})}};
  // Values from images may hold invalid UTF-8: replaced by U+FFFD rather than thrown on.
  out << log.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace photoaudit::audit

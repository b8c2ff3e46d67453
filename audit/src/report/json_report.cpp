#include <nlohmann/json.hpp>

#include "photoaudit/audit/image_verdict.hpp"
#include "photoaudit/audit/report_writers.hpp"
#include "report/c2pa_json.hpp"

namespace photoaudit::audit {
namespace {

using nlohmann::json;

// rule, severity and message; then the finding's facts that are set (docs/json.md); contract_note (issue 16) is
// the registry's note of the finding's contract.
json finding_json(const Finding& f, const AuditContext& context) {
  json out = {{"rule", registry::to_string(f.rule)},
              {"severity", std::string(registry::to_string(f.severity))},
              {"message", registry::render_message(f)}};
  const auto add = [&out](const char* key, const std::string& value) {
    if (!value.empty()) out[key] = value;
  };
  add("contract", f.contract);
  add("contract_note", std::string(context.contract_note(f.contract)));
  add("organization", f.organization);
  add("printed_credit", f.printed_credit);
  add("embedded_credit", f.embedded_credit);
  add("reason", f.reason);
  if (!f.related.empty()) {
    json related = json::array();
    for (const auto& r : f.related) {
      related.push_back({{"path", r.path},
                         {"relation", r.relation ? json(registry::to_string(*r.relation)) : json(nullptr)},
                         {"distance", r.distance ? json(*r.distance) : json(nullptr)},
                         {"credit", r.credit.empty() ? json(nullptr) : json(r.credit)},
                         {"in_archive", r.in_archive},
                         {"used_on", r.used_on.empty() ? json(nullptr) : json(r.used_on)},
                         {"via", r.via.empty() ? json(nullptr) : json(r.via)}});
    }
    out["related"] = std::move(related);
  }
  return out;
}

json image_json(const ImageAudit& img, const AuditContext& context) {
  json findings = json::array();
  for (const auto& f : img.findings) findings.push_back(finding_json(f, context));
  const std::string_view note = context.contract_note(img.license.contract);
  json reasons = json::array();
  for (const Rule rule : verdict_reasons(img)) reasons.push_back(registry::to_string(rule));
  json chain = json::array();
  for (const auto& link : img.credit.chain) {
    chain.push_back(
        {{"name", link.name}, {"canonical", link.canonical.empty() ? json(nullptr) : json(link.canonical)}});
  }
  json out = {
      {"path", img.path},
      {"display_path", img.display},
      {"error", img.error ? json(*img.error) : json(nullptr)},
      {"verdict", to_string(verdict_of(img))},
      {"verdict_reasons", std::move(reasons)},
      {"findings", std::move(findings)},
      {"credit",
       {{"text", img.credit.text},
        {"organizations", std::move(chain)},
        {"photographers", img.credit.photographers},
        {"modifiers", img.credit.modifiers},
        {"printed", img.credit.printed.empty() ? json(nullptr) : json(img.credit.printed)}}},
      {"creator", img.creator},
      {"copyright", img.copyright},
      {"caption", img.caption},
      {"date_created", img.date_created.empty() ? json(nullptr) : json(img.date_created)},
      {"license",
       {{"status", img.license.status ? registry::to_string(*img.license.status) : ""},
        {"licensor", img.license.licensor.empty() ? json(nullptr) : json(img.license.licensor)},
        {"contract", img.license.contract.empty() ? json(nullptr) : json(img.license.contract)},
        {"contract_note", note.empty() ? json(nullptr) : json(std::string(note))},
        {"single_use", img.license.single_use},
        {"editorial_only", img.license.editorial_only},
        {"digital_source", img.license.digital_source ? registry::to_string(*img.license.digital_source) : ""},
        {"date", img.license.date.empty() ? json(nullptr) : json(img.license.date)}}},
      {"cluster", img.cluster ? json(*img.cluster) : json(nullptr)},
      {"notes", img.notes},
  };
  json uses = json::array();
  for (const auto& u : img.uses) {
    uses.push_back({{"page", u.page},
                    {"context", to_string(u.context)},
                    {"position", u.position},
                    {"number", u.number == 0 ? json(nullptr) : json(u.number)},
                    {"caption", u.caption},
                    {"printed_credit", u.printed_credit.empty() ? json(nullptr) : json(u.printed_credit)},
                    {"alt", u.alt},
                    {"link", u.link.empty() ? json(nullptr) : json(u.link)}});
  }
  out["uses"] = std::move(uses);
  if (img.fingerprints) {
    const auto& f = *img.fingerprints;
    out["fingerprints"] = {{"sha256", f.sha256}, {"content_hash", f.content_hash},
                           {"pdq", f.pdq},       {"pdq_quality", f.pdq_quality},
                           {"phash", f.phash},   {"width", f.width},
                           {"height", f.height}, {"format", f.format}};
  } else {
    out["fingerprints"] = nullptr;
  }
  if (img.credentials) out["content_credentials"] = *img.credentials;
  return out;
}

// ["generated-vs-photographic", "private-vs-agency"]: the kinds of source the members disagree on.
json source_conflicts_json(const DuplicateCluster& cluster) {
  json out = json::array();
  if (cluster.generated_and_photographic) out.push_back("generated-vs-photographic");
  if (cluster.private_and_agency) out.push_back("private-vs-agency");
  return out;
}

// {"do-not-publish": n, "check": n, "publish": n}
json verdicts_json(const VerdictCounts& counts) {
  json out = json::object();
  for (const ImageVerdict v : {ImageVerdict::kDoNotPublish, ImageVerdict::kCheck, ImageVerdict::kPublish}) {
    out[std::string(to_string(v))] = counts[static_cast<std::size_t>(v)];
  }
  return out;
}

// Writes value as dump(2) would inside a document, its lines after the first indented by `indent`.
void write_nested(std::ostream& out, const json& value, std::size_t indent) {
  const std::string text = value.dump(2, ' ', false, json::error_handler_t::replace);
  const std::string pad(indent, ' ');
  std::size_t start = 0;
  while (true) {
    const std::size_t nl = text.find('\n', start);
    out.write(text.data() + start, static_cast<std::streamsize>((nl == std::string::npos ? text.size() : nl) - start));
    if (nl == std::string::npos) break;
    out << '\n' << pad;
    start = nl + 1;
  }
}

// "  "name": [ item, item ]" with one item built at a time, so a report of 100,000 images never exists as one
// JSON tree in memory.
template <typename MakeItem>
void write_array(std::ostream& out, const char* name, std::size_t count, MakeItem make_item) {
  out << "  \"" << name << "\": [";
  for (std::size_t i = 0; i < count; ++i) {
    out << (i == 0 ? "\n    " : ",\n    ");
    write_nested(out, make_item(i), 4);
  }
  out << (count == 0 ? "]" : "\n  ]");
}

json cluster_json(const AuditReport& report, const DuplicateCluster& cl) {
  json members = json::array();
  for (const auto& m : cl.members) {
    const std::string path = m.archive_path.empty() ? report.images.path(m.image) : m.archive_path;
    members.push_back({{"path", path},
                       {"distance", m.distance},
                       {"relation", registry::to_string(m.relation)},
                       {"method", m.method.empty() ? json(nullptr) : json(m.method)},
                       {"credit", m.credit.empty() ? json(nullptr) : json(m.credit)},
                       {"in_archive", !m.archive_path.empty() && !m.context},
                       {"role", m.context                ? "context"
                                : m.archive_path.empty() ? "audited"
                                                         : "archive"}});
  }
  return {{"kind", registry::to_string(cl.kind)},
          {"members", std::move(members)},
          {"credit_disagreement", cl.credit_disagreement},
          {"credit_lost", cl.credit_lost},
          {"source_conflicts", source_conflicts_json(cl)}};
}

// Rule id -> count; a JSON object prints its keys sorted.
json by_rule_json(const AuditSummary& s) {
  json out = json::object();
  for (const auto& [rule, count] : s.by_rule) out[std::string(registry::to_string(rule))] = count;
  return out;
}

}  // namespace

nlohmann::json audit_context_json(const AuditContext& c) {
  return json{{"command", c.command},
              {"registry", c.registry},
              {"registry_is_example", c.registry_is_example},
              {"registry_source", to_string(c.registry_source)},
              {"channel", c.channel.empty() ? json(nullptr) : json(c.channel)},
              {"date", c.date},
              {"territory", c.territory.empty() ? json(nullptr) : json(c.territory)},
              {"index", c.index.empty() ? json(nullptr) : json(c.index)},
              {"changed_since", c.changed_since.empty() ? json(nullptr) : json(c.changed_since)},
              {"staged", c.staged},
              {"context_images", c.context_images},
              {"fail_on", c.fail_on},
              {"duplicates_note", c.duplicates_note.empty() ? json(nullptr) : json(c.duplicates_note)},
              {"tool_version", c.tool_version},
              {"generated_at", c.generated_at},
              {"registry_sha256", c.registry_sha256},
              {"index_scanned_at", c.index_scanned_at.empty() ? json(nullptr) : json(c.index_scanned_at)},
              {"as_used", c.as_used},
              {"purpose", c.purpose}};
}

// The document's keys are written in sorted order, as a JSON object of nlohmann::json would print them.
void write_json_report(std::ostream& out, const AuditReport& report) {
  const AuditSummary& s = report.summary;
  const AuditContext& c = report.context;
  out << "{\n";
  write_array(out, "clusters", report.clusters.size(),
              [&](std::size_t i) { return cluster_json(report, report.clusters[i]); });
  out << ",\n  \"context\": ";
  write_nested(out, audit_context_json(c), 2);
  out << ",\n";
  VerdictCounts verdicts{};
  write_array(out, "images", report.images.size(), [&](std::size_t i) {
    const ImageAudit image = report.images[i];
    ++verdicts[static_cast<std::size_t>(verdict_of(image))];
    return image_json(image, c);
  });
  out << ",\n";
  write_array(out, "pages", report.pages.size(), [&](std::size_t i) {
    const AuditedPage& p = report.pages[i];
    return json{{"source", p.source},   {"url", p.url},       {"title", p.title},
                {"charset", p.charset}, {"images", p.images}, {"notes", p.notes}};
  });
  out << ",\n  \"summary\": ";
  write_nested(out,
               json{{"images", s.images},
                    {"photos", s.photos},
                    {"unreadable", s.unreadable},
                    {"errors", s.errors},
                    {"warnings", s.warnings},
                    {"infos", s.infos},
                    {"images_with_errors", s.images_with_errors},
                    {"clusters", s.clusters},
                    {"by_rule", by_rule_json(s)},
                    {"verdicts", verdicts_json(verdicts)},
                    {"failed", s.failed}},
               2);
  out << "\n}\n";
}

}  // namespace photoaudit::audit

#include <nlohmann/json.hpp>

#include "photoaudit/audit/report_writers.hpp"

namespace photoaudit::audit {
namespace {

using nlohmann::json;

json finding_json(const Finding& f) {
  return {{"rule", f.rule}, {"severity", std::string(registry::to_string(f.severity))}, {"message", f.message}};
}

json image_json(const ImageAudit& img) {
  json findings = json::array();
  for (const auto& f : img.findings) findings.push_back(finding_json(f));
  json chain = json::array();
  for (const auto& link : img.credit.chain) {
    chain.push_back({{"name", link.name}, {"canonical", link.canonical.empty() ? json(nullptr) : json(link.canonical)}});
  }
  json out = {
      {"path", img.path},
      {"display_path", img.display},
      {"error", img.error ? json(*img.error) : json(nullptr)},
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
      {"license",
       {{"status", img.license.status},
        {"licensor", img.license.licensor.empty() ? json(nullptr) : json(img.license.licensor)},
        {"contract", img.license.contract.empty() ? json(nullptr) : json(img.license.contract)},
        {"single_use", img.license.single_use},
        {"editorial_only", img.license.editorial_only},
        {"digital_source", img.license.digital_source}}},
      {"cluster", img.cluster ? json(*img.cluster) : json(nullptr)},
  };
  json uses = json::array();
  for (const auto& u : img.uses) {
    uses.push_back({{"page", u.page},
                    {"context", u.context},
                    {"position", u.position},
                    {"caption", u.caption},
                    {"printed_credit", u.printed_credit.empty() ? json(nullptr) : json(u.printed_credit)},
                    {"alt", u.alt},
                    {"link", u.link.empty() ? json(nullptr) : json(u.link)}});
  }
  out["uses"] = std::move(uses);
  if (img.fingerprints) {
    const auto& f = *img.fingerprints;
    out["fingerprints"] = {{"sha256", f.sha256},     {"content_hash", f.content_hash}, {"pdq", f.pdq},
                           {"pdq_quality", f.pdq_quality}, {"phash", f.phash},     {"width", f.width},
                           {"height", f.height},     {"format", f.format}};
  } else {
    out["fingerprints"] = nullptr;
  }
  return out;
}

}  // namespace

void write_json_report(std::ostream& out, const AuditReport& report) {
  const AuditSummary& s = report.summary;
  const AuditContext& c = report.context;
  json images = json::array();
  for (const auto& img : report.images) images.push_back(image_json(img));
  json clusters = json::array();
  for (const auto& cl : report.clusters) {
    json members = json::array();
    for (const auto& m : cl.members) {
      const std::string path = m.archive_path.empty() ? report.images[m.image].path : m.archive_path;
      members.push_back({{"path", path},
                         {"distance", m.distance},
                         {"relation", m.relation},
                         {"credit", m.credit.empty() ? json(nullptr) : json(m.credit)},
                         {"in_archive", !m.archive_path.empty()}});
    }
    clusters.push_back({{"kind", cl.kind},
                        {"members", std::move(members)},
                        {"credit_disagreement", cl.credit_disagreement},
                        {"credit_lost", cl.credit_lost}});
  }
  json pages = json::array();
  for (const auto& p : report.pages) {
    pages.push_back({{"source", p.source},
                     {"url", p.url},
                     {"title", p.title},
                     {"charset", p.charset},
                     {"images", p.images},
                     {"notes", p.notes}});
  }
  const json doc = {
      {"summary",
       {{"images", s.images},
        {"photos", s.photos},
        {"unreadable", s.unreadable},
        {"errors", s.errors},
        {"warnings", s.warnings},
        {"infos", s.infos},
        {"images_with_errors", s.images_with_errors},
        {"clusters", s.clusters},
        {"by_rule", s.by_rule},
        {"failed", s.failed}}},
      {"context",
       {{"registry", c.registry},
        {"registry_is_example", c.registry_is_example},
        {"channel", c.channel.empty() ? json(nullptr) : json(c.channel)},
        {"date", c.date},
        {"territory", c.territory.empty() ? json(nullptr) : json(c.territory)},
        {"index", c.index.empty() ? json(nullptr) : json(c.index)},
        {"changed_since", c.changed_since.empty() ? json(nullptr) : json(c.changed_since)},
        {"fail_on", c.fail_on},
        {"tool_version", c.tool_version}}},
      {"images", std::move(images)},
      {"clusters", std::move(clusters)},
      {"pages", std::move(pages)},
  };
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace photoaudit::audit

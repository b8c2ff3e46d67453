// Writers of `photoaudit c2pa` (c2pa_writers.hpp).
#include <string>

#include "photoaudit/audit/c2pa_writers.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "photoaudit/common/plural.hpp"
#include "report/c2pa_json.hpp"
#include "report/json_array_stream.hpp"
#include "report/stream_writer.hpp"

namespace photoaudit::audit {
namespace {

using nlohmann::json;

json manifest_json(const C2paManifest& m) {
  return {{"label", m.label},
          {"claim_version", m.claim_version},
          {"claim_generator", m.claim_generator},
          {"title", m.title},
          {"format", m.format},
          {"instance_id", m.instance_id},
          {"signature",
           {{"alg", m.algorithm},
            {"signer", m.signer},
            {"signer_organization", m.signer_organization},
            {"issuer", m.issuer},
            {"time", m.time}}},
          {"actions", m.actions},
          {"ingredients", m.ingredients},
          {"validation", {{"success", m.success}, {"informational", m.informational}, {"failure", m.failure}}},
          {"state", m.state}};
}

void write_statuses(std::ostream& out, const char* heading, const std::vector<C2paStatus>& list) {
  for (const C2paStatus& s : list) {
    out << "    " << heading << " " << printable(s.code) << ": " << printable(s.explanation) << "\n";
  }
}

void write_text(std::ostream& out, const std::string& path, const C2paReport& r) {
  out << printable(path) << ": ";
  if (!r.found) {
    out << "no Content Credentials (no C2PA manifest store)\n";
    if (r.provenance.starts_with("self#")) {
      out << "  its XMP names a manifest the file no longer carries: " << printable(r.provenance) << "\n";
    } else if (!r.provenance.empty()) {
      out << "  its XMP names a remote manifest, not fetched (--allow-remote fetches it): " << printable(r.provenance)
          << "\n";
    }
    return;
  }
  if (r.container == "sidecar" || r.container == "remote") out << "(" << r.container << " manifest) ";
  out << (r.store_failures.empty() ? std::string(to_string(r.state)) : "Invalid") << " (" << r.manifests.size()
      << (r.manifests.size() == 1 ? " manifest" : " manifests") << ")\n";
  write_statuses(out, "failure", r.store_failures);
  for (const C2paManifest& m : r.manifests) {
    const bool active = &m == r.active();
    out << "  " << (active ? "active manifest " : "manifest ") << printable(m.label) << ": " << to_string(m.state)
        << "\n";
    if (!m.claim_generator.empty()) out << "    generator: " << printable(m.claim_generator) << "\n";
    if (!m.title.empty()) out << "    title: " << printable(m.title) << "\n";
    if (!m.signer.empty() || !m.issuer.empty()) {
      out << "    signed by: " << printable(m.signer)
          << (m.signer_organization.empty() ? "" : " (" + printable(m.signer_organization) + ")") << ", issued by "
          << printable(m.issuer) << (m.algorithm.empty() ? "" : ", " + printable(m.algorithm)) << "\n";
    }
    if (!m.time.empty()) out << "    time-stamp: " << printable(m.time) << "\n";
    for (const C2paAction& a : m.actions) {
      out << "    action: " << printable(a.action)
          << (a.software_agent.empty() ? "" : " by " + printable(a.software_agent))
          << (a.digital_source_type.empty() ? "" : ", source type " + printable(a.digital_source_type)) << "\n";
    }
    for (const C2paIngredient& i : m.ingredients) {
      out << "    ingredient: " << printable(i.title) << " (" << printable(i.relationship) << ")"
          << (i.manifest.empty() ? "" : ", manifest " + printable(i.manifest)) << "\n";
    }
    write_statuses(out, "failure", m.failure);
    write_statuses(out, "note", m.informational);
  }
}

class C2paTextWriter final : public StreamWriter<C2paItem, C2paSummary> {
 public:
  using StreamWriter::StreamWriter;

  void item(const C2paItem& item) override {
    if (!item.report) {
      err_ << "photoaudit c2pa: " << printable(item.report.error().message) << "\n";
      return;
    }
    write_text(out_, item.path, *item.report);
  }

  void finish(const C2paSummary& s) override {
    out_.flush();
    if (s.files <= 1) return;
    err_ << counted(s.files, "file") << ": " << s.invalid << " with invalid credentials, " << s.without << " without, "
         << s.unreadable << " unreadable\n";
  }
};

class C2paJsonWriter final : public StreamWriter<C2paItem, C2paSummary> {
 public:
  using StreamWriter::StreamWriter;

  void item(const C2paItem& item) override {
    json record;
    if (item.report) {
      record = c2pa_to_json(item.path, *item.report);
    } else {
      err_ << "photoaudit c2pa: " << printable(item.report.error().message) << "\n";
      record = {{"path", item.path},
                {"error", item.report.error().message},
                {"error_code", to_string(item.report.error().code)}};
    }
    records_.add(record);
  }

  void finish(const C2paSummary&) override { records_.close(); }

 private:
  JsonArrayStream records_{out_};
};

}  // namespace

json c2pa_to_json(const std::string& path, const C2paReport& r) {
  json manifests = json::array();
  for (const C2paManifest& m : r.manifests) manifests.push_back(manifest_json(m));
  json record = {{"path", path}, {"found", r.found}};
  if (!r.provenance.empty()) record["provenance"] = r.provenance;
  if (!r.found) return record;
  record["container"] = r.container;
  record["state"] = r.store_failures.empty() ? r.state : C2paState::kInvalid;
  record["active_manifest"] = r.active_manifest;
  record["store_failures"] = r.store_failures;
  record["manifests"] = manifests;
  return record;
}

std::unique_ptr<C2paWriter> make_c2pa_text_writer(std::ostream& out, std::ostream& err) {
  return std::make_unique<C2paTextWriter>(out, err);
}

std::unique_ptr<C2paWriter> make_c2pa_json_writer(std::ostream& out, std::ostream& err) {
  return std::make_unique<C2paJsonWriter>(out, err);
}

}  // namespace photoaudit::audit

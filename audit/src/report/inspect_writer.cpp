// Writers of `photoaudit inspect` (command_writers.hpp).
#include <string>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/c2pa_writers.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/provenance_report.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "report/json_array_stream.hpp"
#include "report/stream_writer.hpp"

namespace photoaudit::audit {
namespace {

// One section under the metadata: the store's state, the active manifest's signer and generator, its failures.
void write_credentials_line(std::ostream& out, const C2paReport& r) {
  const C2paManifest* m = r.active();
  out << "  Content Credentials  " << (r.store_failures.empty() ? to_string(r.state) : "Invalid");
  if (m != nullptr && !m->signer.empty()) {
    out << ", signed by " << printable(m->signer)
        << (m->signer_organization.empty() ? "" : " (" + printable(m->signer_organization) + ")");
  }
  if (m != nullptr && !m->time.empty()) out << " on " << printable(m->time);
  out << "   [C2PA, " << r.manifests.size() << (r.manifests.size() == 1 ? " manifest" : " manifests")
      << "; photoaudit c2pa shows them]\n";
  if (m != nullptr && !m->claim_generator.empty()) out << "    generator: " << printable(m->claim_generator) << "\n";
  for (const C2paStatus& s : r.store_failures) out << "    failure " << printable(s.code) << "\n";
  if (m != nullptr) {
    for (const C2paStatus& s : m->failure) out << "    failure " << printable(s.code) << "\n";
  }
}

void write_diagnostics(std::ostream& err, const InspectItem& item) {
  if (!item.provenance) {
    err << "photoaudit: " << printable(item.provenance.error().message) << "\n";
    return;
  }
  for (const auto& d : item.provenance->damage)
    err << "photoaudit: " << printable(item.path) << ": " << printable(d) << "\n";
}

class InspectTextWriter final : public StreamWriter<InspectItem, InspectSummary> {
 public:
  using StreamWriter::StreamWriter;

  void item(const InspectItem& item) override {
    write_diagnostics(err_, item);
    if (!item.provenance) return;
    if (item.index > 0) out_ << "\n";
    write_provenance_text(out_, item.path, *item.provenance);
    if (item.credentials) write_credentials_line(out_, *item.credentials);
  }

  void finish(const InspectSummary& s) override {
    out_.flush();
    if (s.files <= 1) return;
    err_ << s.files - s.failed << " of " << s.files << " files read"
         << (s.failed ? ", " + std::to_string(s.failed) + " failed" : "") << "\n";
  }
};

// Records are written as they come (an archive may have many files), so the array is opened at once.
class InspectJsonWriter final : public StreamWriter<InspectItem, InspectSummary> {
 public:
  using StreamWriter::StreamWriter;

  void item(const InspectItem& item) override {
    write_diagnostics(err_, item);
    records_.add(inspect_record(item));
  }

  void finish(const InspectSummary&) override { records_.close(); }

 private:
  JsonArrayStream records_{out_};
};

}  // namespace

nlohmann::json inspect_record(const InspectItem& item) {
  auto record = item.provenance ? provenance_to_json(item.path, *item.provenance)
                                : provenance_error_to_json(item.path, item.provenance.error());
  if (item.credentials) {
    nlohmann::json credentials = c2pa_to_json(item.path, *item.credentials);
    credentials.erase("path");
    credentials.erase("found");
    record["content_credentials"] = std::move(credentials);
  }
  return record;
}

std::unique_ptr<InspectWriter> make_inspect_text_writer(std::ostream& out, std::ostream& err) {
  return std::make_unique<InspectTextWriter>(out, err);
}

std::unique_ptr<InspectWriter> make_inspect_json_writer(std::ostream& out, std::ostream& err) {
  return std::make_unique<InspectJsonWriter>(out, err);
}

}  // namespace photoaudit::audit

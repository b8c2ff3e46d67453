// Writers of `photoaudit inspect` (command_writers.hpp).
#include <string>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/provenance_report.hpp"
#include "photoaudit/audit/terminal_text.hpp"

namespace photoaudit::audit {
namespace {

void write_diagnostics(std::ostream& err, const InspectItem& item) {
  if (!item.provenance) {
    err << "photoaudit: " << printable(item.provenance.error().message) << "\n";
    return;
  }
  for (const auto& d : item.provenance->damage)
    err << "photoaudit: " << printable(item.path) << ": " << printable(d) << "\n";
}

class InspectTextWriter final : public InspectWriter {
 public:
  InspectTextWriter(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

  void item(const InspectItem& item) override {
    write_diagnostics(err_, item);
    if (!item.provenance) return;
    if (item.index > 0) out_ << "\n";
    write_provenance_text(out_, item.path, *item.provenance);
  }

  void finish(const InspectSummary& s) override {
    out_.flush();
    if (s.files <= 1) return;
    err_ << s.files - s.failed << " of " << s.files << " files read"
         << (s.failed ? ", " + std::to_string(s.failed) + " failed" : "") << "\n";
  }

 private:
  std::ostream& out_;
  std::ostream& err_;
};

// Records are written as they come (an archive may have many files), so the array is opened at once.
class InspectJsonWriter final : public InspectWriter {
 public:
  InspectJsonWriter(std::ostream& out, std::ostream& err) : out_(out), err_(err) { out_ << "["; }

  void item(const InspectItem& item) override {
    write_diagnostics(err_, item);
    const auto record = item.provenance ? provenance_to_json(item.path, *item.provenance)
                                        : provenance_error_to_json(item.path, item.provenance.error());
    out_ << (first_ ? "\n" : ",\n") << record.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    first_ = false;
  }

  void finish(const InspectSummary&) override { out_ << (first_ ? "]\n" : "\n]\n"); }

 private:
  std::ostream& out_;
  std::ostream& err_;
  bool first_ = true;
};

}  // namespace

std::unique_ptr<InspectWriter> make_inspect_text_writer(std::ostream& out, std::ostream& err) {
  return std::make_unique<InspectTextWriter>(out, err);
}

std::unique_ptr<InspectWriter> make_inspect_json_writer(std::ostream& out, std::ostream& err) {
  return std::make_unique<InspectJsonWriter>(out, err);
}

}  // namespace photoaudit::audit

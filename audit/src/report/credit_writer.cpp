// Writers of `photoaudit credit` (command_writers.hpp).
#include <string>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/license_json.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "photoaudit/common/plural.hpp"
#include "report/json_array_stream.hpp"
#include "report/stream_writer.hpp"

namespace photoaudit::audit {
namespace {

void write_reading(std::ostream& out, const registry::CreditReading& r) {
  out << printable(r.input) << "\n";
  out << "  organizations:";
  if (r.organizations.empty()) out << " -";
  for (std::size_t i = 0; i < r.organizations.size(); ++i) {
    const auto& o = r.organizations[i];
    out << (i ? ", " : " ") << printable(o.name) << " [" << printable(o.canonical)
        << (o.known ? "" : ", not in the alias table") << "]";
  }
  out << "\n  photographers:";
  if (r.photographers.empty()) out << (r.placeholder ? " (uncredited)" : " -");
  for (std::size_t i = 0; i < r.photographers.size(); ++i) out << (i ? ", " : " ") << printable(r.photographers[i]);
  out << "\n  modifiers:";
  if (r.modifiers.empty()) out << " -";
  for (std::size_t i = 0; i < r.modifiers.size(); ++i) out << (i ? ", " : " ") << r.modifiers[i].to_string();
  out << "\n";
  if (!r.unrecognized.empty()) {
    out << "  not understood:";
    for (std::size_t i = 0; i < r.unrecognized.size(); ++i) {
      out << (i ? ", " : " ") << '"' << printable(r.unrecognized[i]) << '"';
    }
    out << "\n";
  }
}

void write_refusal(std::ostream& err, const CreditItem& item) {
  const std::string& text = item.input;
  err << "photoaudit: " << printable(item.reading.error().message) << ": \"" << printable(text.substr(0, 80))
      << (text.size() > 80 ? "...\"" : "\"") << "\n";
}

class CreditTextWriter final : public StreamWriter<CreditItem, CreditTally> {
 public:
  CreditTextWriter(std::ostream& out, std::ostream& err, bool summary_only)
      : StreamWriter(out, err), summary_only_(summary_only) {}

  void item(const CreditItem& item) override {
    if (!item.reading) {
      write_refusal(err_, item);
      return;
    }
    if (summary_only_) return;
    if (item.index > 0) out_ << "\n";
    write_reading(out_, *item.reading);
  }

  void finish(const CreditTally& t) override {
    if (!summary_only_) return;
    out_ << counted(t.lines, "credit line") << ": " << t.with_organization << " name an organisation, "
         << t.with_photographer << " a photographer, " << t.unrecognized << " nothing recognised, " << t.failed
         << " could not be read\n";
  }

 private:
  bool summary_only_;
};

class CreditJsonWriter final : public StreamWriter<CreditItem, CreditTally> {
 public:
  CreditJsonWriter(std::ostream& out, std::ostream& err, bool summary_only)
      : StreamWriter(out, err), summary_only_(summary_only) {}

  void item(const CreditItem& item) override {
    if (!item.reading) write_refusal(err_, item);
    if (summary_only_) return;
    if (!item.reading) {
      const std::string& text = item.input;
      emit({{"input", text.size() > 1024 ? text.substr(0, 1024) : text},
            {"error", item.reading.error().message},
            {"error_code", to_string(item.reading.error().code)}});
      return;
    }
    emit(credit_reading_to_json(*item.reading));
  }

  void finish(const CreditTally& t) override {
    if (!summary_only_) {
      records_.close();
      return;
    }
    out_ << nlohmann::json{{"lines", t.lines},
                           {"failed", t.failed},
                           {"with_organization", t.with_organization},
                           {"with_photographer", t.with_photographer},
                           {"unrecognized", t.unrecognized}}
                .dump(2)
         << "\n";
  }

 private:
  // Records are written as they come (a --lines file may be long).
  void emit(const nlohmann::json& record) { records_.add(record); }

  bool summary_only_;
  JsonArrayStream records_{out_};
};

}  // namespace

std::unique_ptr<CreditWriter> make_credit_text_writer(std::ostream& out, std::ostream& err, bool summary_only) {
  return std::make_unique<CreditTextWriter>(out, err, summary_only);
}

std::unique_ptr<CreditWriter> make_credit_json_writer(std::ostream& out, std::ostream& err, bool summary_only) {
  return std::make_unique<CreditJsonWriter>(out, err, summary_only);
}

}  // namespace photoaudit::audit

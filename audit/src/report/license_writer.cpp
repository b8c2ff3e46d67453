// Writers of `photoaudit license` and `photoaudit registry check` (command_writers.hpp).
#include <string>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/license_json.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "photoaudit/common/plural.hpp"
#include "report/error_json.hpp"
#include "report/stream_writer.hpp"

namespace photoaudit::audit {
namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

void write_verdict(std::ostream& out, const std::string& path, const registry::LicenseVerdict& v) {
  out << printable(path) << ": " << registry::to_string(v.status);
  if (!v.licensor.empty()) out << " (licensor " << printable(v.licensor);
  if (!v.contract.empty()) out << ", contract " << printable(v.contract);
  if (!v.licensor.empty()) out << ")";
  if (v.single_use) out << ", single use";
  out << "\n";
  if (!v.credit.input.empty()) out << "  credit: " << printable(v.credit.input) << "\n";
  for (const auto& f : v.findings) {
    out << "  " << registry::to_string(f.severity) << " " << registry::to_string(f.rule) << ": "
        << printable(registry::render_message(f)) << "\n";
  }
}

// An image that could not be evaluated, on err (both writers).
void write_failure(std::ostream& err, const LicenseItem& item) {
  err << "photoaudit: " << printable(item.verdict.error().message) << "\n";
}

class LicenseTextWriter final : public StreamWriter<LicenseItem, LicenseRunSummary> {
 public:
  using StreamWriter::StreamWriter;

  void item(const LicenseItem& item) override {
    if (!item.verdict) {
      write_failure(err_, item);
      return;
    }
    if (item.index > 0) out_ << "\n";
    write_verdict(out_, item.path, *item.verdict);
  }

  void finish(const LicenseRunSummary&) override {}
};

class LicenseJsonWriter final : public StreamWriter<LicenseItem, LicenseRunSummary> {
 public:
  using StreamWriter::StreamWriter;

  void item(const LicenseItem& item) override {
    if (!item.verdict) {
      write_failure(err_, item);
      images_.push_back(failed_path_json(item.path, item.verdict.error()));
      return;
    }
    nlohmann::json record = verdict_to_json(*item.verdict);
    record["path"] = item.path;
    record["error"] = nullptr;
    record["error_code"] = nullptr;
    images_.push_back(std::move(record));
  }

  void finish(const LicenseRunSummary& s) override {
    const registry::LicenseQuery& q = s.query;
    const nlohmann::json doc = {
        {"registry", s.registry},
        {"query",
         {{"channel", q.channel ? nlohmann::json(registry::to_string(*q.channel)) : nlohmann::json(nullptr)},
          {"date", registry::format_date(q.date)},
          {"territory", q.territory.empty() ? nlohmann::json(nullptr) : nlohmann::json(q.territory)},
          {"purpose", s.purpose}}},
        {"images", images_},
    };
    out_ << doc.dump(2, ' ', false, kReplace) << "\n";
  }

 private:
  nlohmann::json images_ = nlohmann::json::array();
};

std::string registry_summary(const registry::Registry& r) {
  std::size_t contracts = 0;
  for (const auto& l : r.licensors) contracts += l.contracts.size();
  return counted(r.licensors.size(), "licensor") + ", " + counted(contracts, "contract") + ", " +
         counted(r.blocked.size(), "blocked source");
}

void write_registry_check_errors(std::ostream& err, const RegistryCheckResult& result) {
  for (const auto& item : result.items) {
    if (!item.check) err << "photoaudit: " << printable(item.check.error().message) << "\n";
  }
}

}  // namespace

std::unique_ptr<LicenseWriter> make_license_text_writer(std::ostream& out, std::ostream& err) {
  return std::make_unique<LicenseTextWriter>(out, err);
}

std::unique_ptr<LicenseWriter> make_license_json_writer(std::ostream& out, std::ostream& err) {
  return std::make_unique<LicenseJsonWriter>(out, err);
}

bool RegistryCheckResult::failed() const {
  for (const auto& item : items) {
    if (!item.check || !item.check->ok()) return true;
  }
  return false;
}

void write_registry_check_text(std::ostream& out, std::ostream& err, const RegistryCheckResult& result) {
  for (const auto& item : result.items) {
    if (!item.check) {
      err << "photoaudit: " << printable(item.check.error().message) << "\n";
      continue;
    }
    for (const auto& p : item.check->problems) out << printable(p.to_string()) << "\n";
    if (item.check->ok()) out << printable(item.file) << ": ok (" << registry_summary(item.check->registry) << ")\n";
  }
}

void write_registry_check_json(std::ostream& out, std::ostream& err, const RegistryCheckResult& result) {
  write_registry_check_errors(err, result);
  nlohmann::json records = nlohmann::json::array();
  for (const auto& item : result.items) {
    if (!item.check) {
      records.push_back({{"file", item.file},
                         {"ok", false},
                         {"error", item.check.error().message},
                         {"error_code", to_string(item.check.error().code)},
                         {"problems", nlohmann::json::array()}});
      continue;
    }
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : item.check->problems) {
      problems.push_back({{"line", p.location.line}, {"column", p.location.column}, {"message", p.message}});
    }
    records.push_back({{"file", item.file},
                       {"ok", item.check->ok()},
                       {"error", nullptr},
                       {"error_code", nullptr},
                       {"problems", std::move(problems)}});
  }
  out << records.dump(2, ' ', false, kReplace) << "\n";
}

}  // namespace photoaudit::audit

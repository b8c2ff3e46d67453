#include "photoaudit/audit/license_json.hpp"

namespace photoaudit::audit {

nlohmann::json credit_reading_to_json(const registry::CreditReading& reading) {
  nlohmann::json organizations = nlohmann::json::array();
  for (const auto& org : reading.organizations) {
    organizations.push_back({{"name", org.name}, {"canonical", org.canonical}, {"known", org.known}});
  }
  nlohmann::json modifiers = nlohmann::json::array();
  for (const auto& m : reading.modifiers) modifiers.push_back(m.to_string());
  return {
      {"input", reading.input},
      {"error", nullptr},
      {"error_code", nullptr},
      {"organizations", std::move(organizations)},
      {"photographers", reading.photographers},
      {"modifiers", std::move(modifiers)},
      {"unrecognized", reading.unrecognized},
      {"placeholder", reading.placeholder},
  };
}

nlohmann::json finding_to_json(const registry::Finding& finding) {
  return {{"rule", registry::to_string(finding.rule)},
          {"severity", registry::to_string(finding.severity)},
          {"message", registry::render_message(finding)}};
}

nlohmann::json verdict_to_json(const registry::LicenseVerdict& verdict) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : verdict.findings) findings.push_back(finding_to_json(f));
  nlohmann::json credit = credit_reading_to_json(verdict.credit);
  credit.erase("error");
  credit.erase("error_code");
  return {
      {"status", registry::to_string(verdict.status)},
      {"licensor", verdict.licensor.empty() ? nlohmann::json(nullptr) : nlohmann::json(verdict.licensor)},
      {"contract", verdict.contract.empty() ? nlohmann::json(nullptr) : nlohmann::json(verdict.contract)},
      {"single_use", verdict.single_use},
      {"editorial_only", verdict.editorial_only},
      {"digital_source", registry::to_string(verdict.digital_source)},
      {"digital_source_type",
       verdict.digital_source_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(verdict.digital_source_code)},
      {"credit", std::move(credit)},
      {"findings", std::move(findings)},
  };
}

}  // namespace photoaudit::audit

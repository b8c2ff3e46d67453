// Private to photoaudit_audit: the JSON form of credit readings, findings and license verdicts
// (docs/json.md, sections "photoaudit credit --json" and "photoaudit license --json").
#pragma once

#include <nlohmann/json.hpp>

#include "photoaudit/registry/credit.hpp"
#include "photoaudit/registry/finding.hpp"
#include "photoaudit/registry/license.hpp"

namespace photoaudit::audit {

// {"input", "error": null, "error_code": null, "organizations": [{"name", "canonical", "known"}],
//  "photographers", "modifiers", "unrecognized", "placeholder"}
nlohmann::json credit_reading_to_json(const registry::CreditReading& reading);

// {"rule", "severity", "message"}
nlohmann::json finding_to_json(const registry::Finding& finding);

// {"status", "licensor", "contract", "single_use", "editorial_only", "digital_source",
//  "digital_source_type", "credit": {...}, "findings": [...]}
nlohmann::json verdict_to_json(const registry::LicenseVerdict& verdict);

}  // namespace photoaudit::audit

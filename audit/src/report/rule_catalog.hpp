// Every rule id photoaudit reports, with its default severity, a title and one line of help: what SARIF
// lists as rules and the HTML report shows as its legend. rule_help() (audit_report.hpp) reads the same table.
#pragma once

#include <span>
#include <string_view>

#include "photoaudit/registry/finding.hpp"

namespace photoaudit::audit {

struct RuleInfo {
  std::string_view id;                // "license-expired"
  registry::Severity severity;        // the severity the rule reports by default
  std::string_view title;             // a few words: "License expired"
  std::string_view help;              // one or two sentences for a picture editor
};

// The registry's license rules (registry/license.hpp) first, then the audit's own (audit_report.hpp), each
// in the order its header lists them. The span refers to static storage.
std::span<const RuleInfo> known_rules();

// The entry for id, or nullptr for an id not in the table.
const RuleInfo* find_rule(std::string_view id);

}  // namespace photoaudit::audit

// Finding: one thing an audit has to tell a picture editor about one image, with a stable rule id.
//
// The registry's license rules (credit-missing, license-expired, source-blocked, ...) and the audit's own
// rules (duplicate, metadata-unreadable, single-use-reused, ...) share this type, so every report writer
// handles them alike. docs/json.md lists every rule id.
#pragma once

#include <string>
#include <string_view>

namespace photoaudit::registry {

// How bad a finding is. Ordered: kError is the most severe.
enum class Severity {
  kInfo,     // worth knowing, nothing to do (e.g. "editorial use only" for an editorial page)
  kWarning,  // someone should look before publishing (credit not in the contract's form)
  kError,    // do not publish as is (no license, blocked source)
};

// Stable lower-case name used in text and JSON output: "info", "warning", "error".
constexpr std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::kInfo: return "info";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "error";
}

struct Finding {
  std::string rule;  // stable id, lower-case with dashes: "license-expired"
  Severity severity = Severity::kWarning;
  std::string message;  // one or two sentences a picture editor understands; names the source and contract
};

}  // namespace photoaudit::registry

// The rule table: every rule photoaudit reports, registry's license rules and the audit's own, in one place.
//
// A finding names its rule by the enum, so no code can emit an id that is not in the table; the id, default
// severity, category, title and help that reports print (text, JSON, SARIF's rules, the HTML legend,
// `photoaudit rules`, docs/json.md's rule list) all come from the table row. Adding a rule: one enumerator,
// one row in rules.cpp (same order), the check that emits a Finding with its facts (and, when its message
// needs facts beyond the common ones, a detail struct in finding.hpp), its message in finding_message.cpp's
// render_message(), a test (tests/registry/finding_message_test.cpp has one case per rule and form).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "photoaudit/common/enum_names.hpp"

namespace photoaudit::registry {

// How bad a finding is. Ordered: kError is the most severe.
enum class Severity {
  kInfo,     // worth knowing, nothing to do (e.g. "editorial use only" for an editorial page)
  kWarning,  // someone should look before publishing (credit not in the contract's form)
  kError,    // do not publish as is (no license, blocked source)
};

// Stable lower-case name used in text and JSON output: "info", "warning", "error".
inline constexpr std::string_view kSeverityNames[] = {"info", "warning", "error"};
static_assert(names_cover(kSeverityNames, Severity::kError));

constexpr std::string_view to_string(Severity severity) { return name_of(kSeverityNames, severity, "error"); }

// One enumerator per rule id, in table order: the registry's license rules first, then the audit's.
enum class Rule {
  // Registry: the license verdict (license.hpp's evaluate()).
  kCreditMissing,
  kCreditUnparsed,
  kCreditConflict,
  kCaptionCreditConflict,
  kLicenseUnknown,
  kLicenseNone,
  kLicenseCoverage,
  kLicenseExpired,
  kLicenseChannel,
  kLicenseTerritory,
  kCreditFormat,
  kSourceBlocked,
  kEditorialOnly,
  kAiGenerated,
  // Audit: copies, files and pages.
  kDuplicate,
  kDuplicateCredit,
  kSingleUseReused,
  kMetadataUnreadable,
  kCaptionCreditMissing,
  kImageDamaged,
  kFormatUnsupported,
  // Audit: Content Credentials (C2PA).
  kC2paInvalid,
  kC2paUntrusted,
  // Audit: a single-use contract without an archive catalog to check earlier uses against (issue 17).
  kSingleUseUnchecked,
  // Audit: Content Credentials the image's XMP names but the audit did not read (a remote manifest without
  // --allow-remote, or a store the file no longer carries) (issue 15).
  kC2paUnread,
  // Audit: the --index archive's search for the photo's copies did not finish: bounds reached, stored local
  // evidence that cannot be decoded (issue 14).
  kArchiveSearchIncomplete,
};
inline constexpr std::size_t kRuleCount = static_cast<std::size_t>(Rule::kArchiveSearchIncomplete) + 1;

// One row of the table. All views refer to static storage.
struct RuleInfo {
  Rule rule;
  std::string_view id;        // stable, lower-case with dashes: "license-expired"
  Severity severity;          // the severity the rule reports by default (some findings differ: see `when`)
  std::string_view category;  // "credit", "license", "source", "copies", "file", "page", "provenance"
  std::string_view title;     // a few words: "Contract not in force"
  std::string_view help;      // one or two sentences for a picture editor (SARIF help, HTML legend)
};

// Every rule, in enumerator order (all_rules()[i].rule == Rule(i)).
std::span<const RuleInfo> all_rules();

// The row of rule. Never fails.
const RuleInfo& rule_info(Rule rule);

// The stable id of rule: "license-expired".
std::string_view to_string(Rule rule);

// The rule whose id is `id`, or nullopt for an id not in the table.
std::optional<Rule> rule_from_id(std::string_view id);

}  // namespace photoaudit::registry

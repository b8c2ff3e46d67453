#include <array>

#include "photoaudit/audit/audit_report.hpp"
#include "report/rule_catalog.hpp"

namespace photoaudit::audit {
namespace {

using registry::Severity;

constexpr std::array kRules{
    // registry/license.hpp
    RuleInfo{"credit-missing", Severity::kError, "Credit missing",
             "The image carries no credit line, by-line, source or copyright notice at all. Find out who owns "
             "it before publishing."},
    RuleInfo{"credit-unparsed", Severity::kWarning, "Credit not understood",
             "The image has credit text, but no agency or photographer in it was recognised. Check the credit by "
             "hand."},
    RuleInfo{"credit-conflict", Severity::kWarning, "Credits disagree",
             "The metadata blocks or fields of the image name different sources. Settle which credit is right "
             "before publishing."},
    RuleInfo{"caption-credit-conflict", Severity::kWarning, "Printed credit disagrees",
             "The credit printed with the image names other organisations or photographers than the image's "
             "metadata. One of them is wrong."},
    RuleInfo{"license-unknown", Severity::kWarning, "Licensor unknown",
             "No organisation named in the credit is a licensor in the license registry. Check whether the house "
             "may use this source."},
    RuleInfo{"license-none", Severity::kError, "No contract",
             "The licensor is known, but the house has no contract with it."},
    RuleInfo{"license-coverage", Severity::kError, "Agency not covered",
             "The licensor's contract does not cover the agency the photo originally comes from."},
    RuleInfo{"license-expired", Severity::kError, "Contract not in force",
             "The contract ended before the publication date, or starts after it."},
    RuleInfo{"license-channel", Severity::kError, "Channel not licensed",
             "The contract does not allow publication in this channel (print, web, social media, ...)."},
    RuleInfo{"license-territory", Severity::kError, "Territory not licensed",
             "The contract does not allow publication in this territory."},
    RuleInfo{"credit-format", Severity::kWarning, "Credit in the wrong form",
             "The credit is not written in the form the contract requires. Print it as the contract says."},
    RuleInfo{"source-blocked", Severity::kError, "Blocked source",
             "The credit names a blocked source (for example state media under EU sanctions). Do not publish."},
    RuleInfo{"editorial-only", Severity::kInfo, "Editorial use only",
             "The image may be used for news and features only, not for advertising or other commercial use."},
    RuleInfo{"ai-generated", Severity::kWarning, "Synthetic image",
             "The IPTC Digital Source Type or the credit says the image was made or changed by generative AI. "
             "Label it or do not use it as a photograph."},
    // audit/audit_report.hpp
    RuleInfo{"duplicate", Severity::kInfo, "Same photo elsewhere",
             "The same photo appears elsewhere in the audited set or in the archive."},
    RuleInfo{"duplicate-credit", Severity::kWarning, "Copies credited differently",
             "Copies of one photo carry different credits, or one copy lost its credit. Use the right credit on "
             "every copy."},
    RuleInfo{"single-use-reused", Severity::kError, "Single-use photo reused",
             "The contract allows one publication per photo, and this photo is already in the catalog."},
    RuleInfo{"metadata-unreadable", Severity::kError, "File unreadable",
             "The file could not be read: it is missing, not an image, or damaged. Nothing about its rights is "
             "known."},
    RuleInfo{"caption-credit-missing", Severity::kError, "No printed credit",
             "The page shows the image without printing a credit. Print the credit with every use."},
    RuleInfo{"image-damaged", Severity::kWarning, "File damaged",
             "The file is damaged (truncated or corrupt data), but its metadata could be read. Get a clean copy "
             "before publishing."},
};

}  // namespace

std::span<const RuleInfo> known_rules() { return kRules; }

const RuleInfo* find_rule(std::string_view id) {
  for (const RuleInfo& rule : kRules) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

std::string rule_help(const std::string& rule) {
  const RuleInfo* info = find_rule(rule);
  return info ? std::string(info->help) : std::string();
}

}  // namespace photoaudit::audit

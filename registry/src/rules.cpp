// The rule table (rules.hpp). The static_asserts below keep it one row per enumerator, in order, ids unique.
#include "photoaudit/registry/rules.hpp"

#include <array>

namespace photoaudit::registry {
namespace {

constexpr std::array kRules{
    // Registry: the license verdict.
    RuleInfo{Rule::kCreditMissing, "credit-missing", Severity::kError, "credit", "Credit missing",
             "The image carries no credit line, by-line, source or copyright notice at all. Find out who owns "
             "it before publishing."},
    RuleInfo{Rule::kCreditUnparsed, "credit-unparsed", Severity::kWarning, "credit", "Credit not understood",
             "The image has credit text, but no agency or photographer in it was recognised. Check the credit by "
             "hand."},
    RuleInfo{Rule::kCreditConflict, "credit-conflict", Severity::kWarning, "credit", "Credits disagree",
             "The metadata blocks or fields of the image name different sources. Settle which credit is right "
             "before publishing."},
    RuleInfo{Rule::kCaptionCreditConflict, "caption-credit-conflict", Severity::kWarning, "page",
             "Printed credit disagrees",
             "The credit printed with the image names other organisations or photographers than the image's "
             "metadata. One of them is wrong."},
    RuleInfo{Rule::kLicenseUnknown, "license-unknown", Severity::kWarning, "license", "Licensor unknown",
             "No organisation named in the credit is a licensor in the license registry. Check whether the house "
             "may use this source."},
    RuleInfo{Rule::kLicenseNone, "license-none", Severity::kError, "license", "No contract",
             "The licensor is known, but the house has no contract with it."},
    RuleInfo{Rule::kLicenseCoverage, "license-coverage", Severity::kError, "license", "Agency not covered",
             "The licensor's contract does not cover the agency the photo originally comes from."},
    RuleInfo{Rule::kLicenseExpired, "license-expired", Severity::kError, "license", "Contract not in force",
             "The contract ended before the publication date, or starts after it."},
    RuleInfo{Rule::kLicenseChannel, "license-channel", Severity::kError, "license", "Channel not licensed",
             "The contract does not allow publication in this channel (print, web, social media, ...)."},
    RuleInfo{Rule::kLicenseTerritory, "license-territory", Severity::kError, "license", "Territory not licensed",
             "The contract does not allow publication in this territory."},
    RuleInfo{Rule::kCreditFormat, "credit-format", Severity::kWarning, "credit", "Credit in the wrong form",
             "The credit is not written in the form the contract requires. Print it as the contract says."},
    RuleInfo{Rule::kSourceBlocked, "source-blocked", Severity::kError, "source", "Blocked source",
             "The credit names a blocked source (for example state media under EU sanctions). Do not publish."},
    RuleInfo{Rule::kEditorialOnly, "editorial-only", Severity::kInfo, "license", "Editorial use only",
             "The image may be used for news and features only, not for advertising or other commercial use."},
    RuleInfo{Rule::kAiGenerated, "ai-generated", Severity::kWarning, "source", "Synthetic image",
             "The IPTC Digital Source Type or the credit says the image was made or changed by generative AI. "
             "Label it or do not use it as a photograph."},
    // Audit: copies, files and pages.
    RuleInfo{Rule::kDuplicate, "duplicate", Severity::kInfo, "copies", "Same photo elsewhere",
             "The same photo appears elsewhere in the audited set or in the archive."},
    RuleInfo{Rule::kDuplicateCredit, "duplicate-credit", Severity::kWarning, "copies", "Copies credited differently",
             "Copies of one photo carry different credits, or one copy lost its credit. Use the right credit on "
             "every copy."},
    RuleInfo{Rule::kSingleUseReused, "single-use-reused", Severity::kError, "license", "Single-use photo reused",
             "The contract allows one publication per photo, and this photo is already in the catalog."},
    RuleInfo{Rule::kMetadataUnreadable, "metadata-unreadable", Severity::kError, "file", "File unreadable",
             "The file could not be read: it is missing, not an image, or damaged. Nothing about its rights is "
             "known."},
    RuleInfo{Rule::kCaptionCreditMissing, "caption-credit-missing", Severity::kError, "page", "No printed credit",
             "The page shows the image without printing a credit. Print the credit with every use."},
    RuleInfo{Rule::kImageDamaged, "image-damaged", Severity::kWarning, "file", "File damaged",
             "The file is damaged (truncated or corrupt data), but its metadata could be read. Get a clean copy "
             "before publishing."},
    RuleInfo{Rule::kFormatUnsupported, "format-unsupported", Severity::kInfo, "file", "Format not decoded",
             "The file is intact as far as photoaudit can tell, but its picture is in a format photoaudit cannot "
             "decode, so copies of it cannot be found. Its metadata was still checked."},
    RuleInfo{Rule::kC2paInvalid, "c2pa-invalid", Severity::kError, "provenance", "Content Credentials broken",
             "The image's signed Content Credentials (C2PA) do not verify: the picture or its credentials were "
             "changed after signing, or they are forged. Do not rely on its stated origin; get the original."},
    RuleInfo{Rule::kC2paUntrusted, "c2pa-untrusted", Severity::kWarning, "provenance",
             "Credentials from an unknown signer",
             "The image's Content Credentials are intact, but their signer is not one the house trusts (give trust "
             "anchors with --trust). Anyone can sign credentials: check who did."},
    RuleInfo{Rule::kSingleUseUnchecked, "single-use-unchecked", Severity::kInfo, "license", "Earlier use not checked",
             "The contract allows one publication per photo, and no archive catalog was given (--index), so "
             "whether the photo was used before was not checked. Check the archive, or audit with --index."},
    RuleInfo{Rule::kC2paUnread, "c2pa-unread", Severity::kInfo, "provenance", "Content Credentials not read",
             "The image's XMP names Content Credentials (C2PA) that were not read: a manifest on a web server, "
             "fetched only with --allow-remote, or a manifest store the file no longer carries. Audit with "
             "--allow-remote, or get a copy with its credentials."},
    RuleInfo{Rule::kArchiveSearchIncomplete, "archive-search-incomplete", Severity::kInfo, "copies",
             "Archive search incomplete",
             "The archive catalog (--index) was searched for copies of the photo, but not all the way: more copies "
             "than are followed, more flat pictures than are compared, or copies whose stored local features "
             "cannot be decoded. Earlier uses may be missing from the report. Rescan the copies whose local "
             "features are damaged."},
};

static_assert(kRules.size() == kRuleCount, "one row per Rule enumerator");

constexpr bool rows_in_enum_order() {
  for (std::size_t i = 0; i < kRules.size(); ++i) {
    if (static_cast<std::size_t>(kRules[i].rule) != i) return false;
  }
  return true;
}
static_assert(rows_in_enum_order(), "kRules[i] must describe Rule(i)");

constexpr bool ids_unique_and_well_formed() {
  for (std::size_t i = 0; i < kRules.size(); ++i) {
    if (kRules[i].id.empty() || kRules[i].title.empty() || kRules[i].help.empty()) return false;
    for (const char c : kRules[i].id) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    for (std::size_t j = i + 1; j < kRules.size(); ++j) {
      if (kRules[i].id == kRules[j].id) return false;
    }
  }
  return true;
}
static_assert(ids_unique_and_well_formed(), "rule ids must be unique, lower-case with dashes, with title and help");

}  // namespace

std::span<const RuleInfo> all_rules() { return kRules; }

const RuleInfo& rule_info(Rule rule) {
  const auto i = static_cast<std::size_t>(rule);
  return i < kRules.size() ? kRules[i] : kRules.back();
}

std::string_view to_string(Rule rule) { return rule_info(rule).id; }

std::optional<Rule> rule_from_id(std::string_view id) {
  for (const RuleInfo& row : kRules) {
    if (row.id == id) return row.rule;
  }
  return std::nullopt;
}

}  // namespace photoaudit::registry

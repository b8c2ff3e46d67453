// The license verdict: evidence -> credit reading -> licensor and contract -> findings.
#include <algorithm>
#include <string>

#include "credit_format.hpp"
#include "credit_vocabulary.hpp"
#include "license_rules.hpp"
#include "photoaudit/common/enum_names.hpp"
#include "photoaudit/registry/license.hpp"
#include "unicode_text.hpp"

namespace photoaudit::registry {
namespace {

using detail::EvaluationContext;

// Reads one evidence field; a failure becomes a credit-unparsed finding naming the field.
std::optional<CreditReading> read_field(EvaluationContext& ctx, std::string_view text, CreditField field) {
  if (text::trim(text).empty()) return std::nullopt;
  auto reading = parse_credit(text, ctx.registry.organizations);
  if (!reading) {
    ctx.add({.rule = Rule::kCreditUnparsed,
             .severity = Severity::kWarning,
             .reason = reading.error().message,
             .detail = UnreadableField{field}});
    return std::nullopt;
  }
  return std::move(*reading);
}

// Only organisations the alias table knows: free-text fields (Source, Copyright) name many other things.
CreditReading known_organizations(const CreditReading& reading) {
  CreditReading out;
  for (const auto& org : reading.organizations) {
    if (org.known) out.organizations.push_back(org);
  }
  return out;
}

// True when fuller names at least one organisation and every organisation that reading names.
bool names_every_organization(const CreditReading& fuller, const CreditReading& reading) {
  return !fuller.organizations.empty() &&
         std::all_of(reading.organizations.begin(), reading.organizations.end(),
                     [&](const CreditOrganization& o) { return fuller.organization(o.canonical) != nullptr; });
}

void read_evidence(EvaluationContext& ctx) {
  const CreditEvidence& ev = ctx.evidence;
  ctx.credit_line = read_field(ctx, ev.credit_line, CreditField::kCreditLine);
  if (ev.caption_credit) ctx.caption = read_field(ctx, *ev.caption_credit, CreditField::kPrintedCredit);
  const auto byline = read_field(ctx, ev.byline, CreditField::kByline);
  ctx.source = read_field(ctx, ev.source, CreditField::kSourceField);
  const auto copyright = read_field(ctx, ev.copyright_notice, CreditField::kCopyrightNotice);

  CreditReading& combined = ctx.verdict.credit;
  if (ctx.credit_line) {
    combined = *ctx.credit_line;
    // The printed credit joins the evidence when it names every organisation the credit line names: the same
    // credit, often fuller ("© Getty Images/AFP/John MacDougall" printed for a file credited "AFP"), so a printed
    // distributor whose contract covers the embedded agency licenses it (issue 17: license-unknown for AFP). A
    // printed credit naming others is caption-credit-conflict, not evidence.
    if (ctx.caption && names_every_organization(*ctx.caption, combined)) merge_reading(combined, *ctx.caption);
  } else if (ctx.caption) {
    combined = *ctx.caption;
  }
  combined.input = !ev.credit_line.empty() ? ev.credit_line : ev.caption_credit.value_or("");
  if (byline) merge_reading(combined, *byline);
  if (ctx.source) merge_reading(combined, known_organizations(*ctx.source));
  if (copyright) merge_reading(combined, known_organizations(*copyright));
  for (const auto& block : ev.block_credits) {
    if (auto reading = parse_credit(block.text, ctx.registry.organizations)) {
      ctx.blocks.push_back({block.block, block.text, std::move(*reading)});
    }
  }
}

bool nothing_given(const CreditEvidence& ev) {
  auto blank = [](std::string_view s) { return text::trim(s).empty(); };
  return blank(ev.credit_line) && blank(ev.byline) && blank(ev.source) && blank(ev.copyright_notice) &&
         (!ev.caption_credit || blank(*ev.caption_credit));
}

}  // namespace

constexpr std::string_view kLicenseStatusNames[] = {"licensed", "unlicensed", "blocked", "unknown"};
static_assert(names_cover(kLicenseStatusNames, LicenseStatus::kUnknown));

std::string_view to_string(LicenseStatus status) { return name_of(kLicenseStatusNames, status, "unknown"); }

LicenseVerdict evaluate(const Registry& registry, const CreditEvidence& evidence, const LicenseQuery& query) {
  EvaluationContext ctx{registry, evidence, query};
  LicenseVerdict& verdict = ctx.verdict;
  verdict.digital_source = classify_digital_source(evidence.digital_source_type, &verdict.digital_source_code);

  if (nothing_given(evidence)) {
    ctx.add({.rule = Rule::kCreditMissing, .severity = Severity::kError});
    detail::check_ai_generated(ctx);
    return std::move(ctx.verdict);
  }
  read_evidence(ctx);
  const CreditReading& credit = verdict.credit;
  if (credit.organizations.empty() && credit.photographers.empty() && !ctx.has(Rule::kCreditUnparsed)) {
    const std::string shown = !evidence.credit_line.empty() ? evidence.credit_line
                              : evidence.caption_credit     ? *evidence.caption_credit
                              : !evidence.byline.empty()    ? evidence.byline
                                                            : evidence.copyright_notice;
    ctx.add({.rule = Rule::kCreditUnparsed, .severity = Severity::kWarning, .embedded_credit = shown});
  }
  detail::check_conflicts(ctx);
  detail::check_license(ctx);
  detail::check_credit_format(ctx);
  detail::check_blocked(ctx);
  detail::check_editorial_only(ctx);
  detail::check_ai_generated(ctx);
  return std::move(ctx.verdict);
}

}  // namespace photoaudit::registry

// The rules beside the contract itself: credit-conflict, credit-format, source-blocked, editorial-only,
// ai-generated.
#include <algorithm>
#include <set>
#include <string>

#include "credit_format.hpp"
#include "credit_vocabulary.hpp"
#include "license_rules.hpp"
#include "unicode_text.hpp"

namespace photoaudit::registry::detail {
namespace {

std::set<std::string> organization_ids(const CreditReading& reading) {
  std::set<std::string> ids;
  for (const auto& org : reading.organizations) ids.insert(org.canonical);
  return ids;
}

std::set<std::string> known_organization_ids(const CreditReading& reading) {
  std::set<std::string> ids;
  for (const auto& org : reading.organizations) {
    if (org.known) ids.insert(org.canonical);
  }
  return ids;
}

bool disjoint(const std::set<std::string>& a, const std::set<std::string>& b) {
  return std::none_of(a.begin(), a.end(), [&](const std::string& x) { return b.contains(x); });
}

std::set<std::string> photographer_keys(const CreditReading& reading) {
  std::set<std::string> keys;
  for (const auto& p : reading.photographers) keys.insert(text::fold_key(p));
  return keys;
}

std::string names(const CreditReading& reading, bool known_only) {
  std::string out;
  for (const auto& org : reading.organizations) {
    if (known_only && !org.known) continue;
    if (!out.empty()) out += ", ";
    out += org.name;
  }
  return out;
}

std::vector<std::string> organization_names(const CreditReading& reading) {
  std::vector<std::string> out;
  for (const auto& org : reading.organizations) out.push_back(org.name);
  return out;
}

// True if any embedded credit field carries the contract's form by itself (issue 17: an agency in Credit and the
// photographer in By-line gave credit-format although the copyright notice had the required form). A page's
// printed credit is judged alone: it is what readers see.
bool embedded_in_form(const CreditEvidence& evidence, const std::string& form, const FormatContext& format) {
  for (const std::string* field :
       {&evidence.credit_line, &evidence.copyright_notice, &evidence.byline, &evidence.source}) {
    if (!text::trim(*field).empty() && matches_credit_format(form, *field, format)) return true;
  }
  return false;
}

}  // namespace

void check_conflicts(EvaluationContext& ctx) {
  // The metadata blocks name different sources ("AP" in IPTC, "Reuters" in XMP).
  std::vector<const BlockReading*> named;
  for (const auto& b : ctx.blocks) {
    if (!b.reading.organizations.empty()) named.push_back(&b);
  }
  for (std::size_t i = 1; i < named.size(); ++i) {
    if (organization_ids(named[i]->reading) == organization_ids(named[0]->reading)) continue;
    BlockReadings readings;
    for (const auto* b : named) readings.blocks.push_back({b->block, b->text});
    ctx.add({.rule = Rule::kCreditConflict, .severity = Severity::kWarning, .detail = std::move(readings)});
    break;
  }
  // The printed caption and the embedded credit name different sources or photographers.
  if (ctx.caption && ctx.credit_line) {
    const auto printed = organization_ids(*ctx.caption);
    const auto embedded = organization_ids(*ctx.credit_line);
    const auto printed_people = photographer_keys(*ctx.caption);
    const auto embedded_people = photographer_keys(*ctx.credit_line);
    if ((!printed.empty() && !embedded.empty() && disjoint(printed, embedded)) ||
        (!printed_people.empty() && !embedded_people.empty() && disjoint(printed_people, embedded_people))) {
      ctx.add({.rule = Rule::kCaptionCreditConflict,
               .severity = Severity::kWarning,
               .printed_credit = *ctx.evidence.caption_credit,
               .embedded_credit = ctx.evidence.credit_line});
    }
  }
  // The Source field names an agency the credit line does not.
  if (ctx.source && ctx.credit_line) {
    const auto source = known_organization_ids(*ctx.source);
    const auto credit = organization_ids(*ctx.credit_line);
    if (!source.empty() && !credit.empty() && disjoint(source, credit)) {
      ctx.add({.rule = Rule::kCreditConflict,
               .severity = Severity::kWarning,
               .organization = names(*ctx.source, true),
               .embedded_credit = ctx.evidence.credit_line,
               .detail = SourceVersusCredit{organization_names(*ctx.credit_line)}});
    }
  }
}

void check_credit_format(EvaluationContext& ctx) {
  if (ctx.contract == nullptr || ctx.contract->credit_format.empty()) return;
  const Contract& c = *ctx.contract;
  const CreditReading& credit = ctx.verdict.credit;
  FormatContext format{&ctx.registry.organizations,
                       ctx.licensor->organization,
                       {},
                       credit.photographers,
                       credit.photographers.empty() || credit.placeholder};
  std::string agency;
  for (const auto& org : credit.organizations) {
    if (org.canonical == ctx.licensor->organization) continue;
    format.agencies.push_back(org.canonical);
    agency = ctx.name_of(org.canonical);
  }
  const std::string example = render_credit_format(c.credit_format, ctx.licensor->name, agency,
                                                   credit.photographers.empty() ? "" : credit.photographers.front());
  const bool printed = ctx.evidence.caption_credit.has_value();
  if (!printed && embedded_in_form(ctx.evidence, c.credit_format, format)) return;
  const std::string& shown = printed ? *ctx.evidence.caption_credit : ctx.evidence.credit_line;
  if (text::trim(shown).empty()) {
    ctx.add({.rule = Rule::kCreditFormat,
             .severity = Severity::kWarning,
             .contract = c.id,
             .organization = ctx.licensor->name,
             .detail = RequiredCreditForm{c.credit_format, example}});
    return;
  }
  if (matches_credit_format(c.credit_format, shown, format)) return;
  ctx.add({.rule = Rule::kCreditFormat,
           .severity = Severity::kWarning,
           .contract = c.id,
           .organization = ctx.licensor->name,
           .printed_credit = printed ? shown : std::string(),
           .embedded_credit = printed ? std::string() : shown,
           .detail = RequiredCreditForm{c.credit_format, example}});
}

void check_blocked(EvaluationContext& ctx) {
  std::vector<const CreditReading*> readings{&ctx.verdict.credit};
  if (ctx.caption) readings.push_back(&*ctx.caption);
  if (ctx.source) readings.push_back(&*ctx.source);
  for (const auto& b : ctx.blocks) readings.push_back(&b.reading);
  std::set<std::string> reported;
  for (const CreditReading* reading : readings) {
    for (const auto& org : reading->organizations) {
      const BlockedSource* blocked = ctx.registry.blocked_for(org.canonical);
      if (blocked == nullptr || !reported.insert(org.canonical).second) continue;
      if (blocked->since && ctx.query.date < *blocked->since) {
        ctx.add({.rule = Rule::kSourceBlocked,
                 .severity = Severity::kInfo,
                 .organization = blocked->name,
                 .detail = SourceBlock{blocked->reason, blocked->since, ctx.query.date}});
        continue;
      }
      ctx.verdict.status = LicenseStatus::kBlocked;
      ctx.add({.rule = Rule::kSourceBlocked,
               .severity = Severity::kError,
               .organization = org.name,
               .detail = SourceBlock{blocked->reason, blocked->since, std::nullopt}});
    }
  }
}

void check_editorial_only(EvaluationContext& ctx) {
  const bool by_contract = ctx.contract != nullptr && ctx.contract->editorial_only;
  EditorialUse use;
  use.by_credit = ctx.verdict.credit.has(ModifierKind::kEditorialOnly) ||
                  (ctx.caption && ctx.caption->has(ModifierKind::kEditorialOnly));
  std::vector<ModifierKind> implied;
  if (vocabulary::find_note(ctx.evidence.usage_terms) != std::string_view::npos) {
    vocabulary::note_modifiers(ctx.evidence.usage_terms, implied);
  }
  use.by_usage_terms = std::find(implied.begin(), implied.end(), ModifierKind::kEditorialOnly) != implied.end();
  if (!by_contract && !use.by_credit && !use.by_usage_terms) return;
  ctx.verdict.editorial_only = true;
  use.commercial = ctx.query.purpose == Purpose::kCommercial;
  ctx.add({.rule = Rule::kEditorialOnly,
           .severity = use.commercial ? Severity::kError : Severity::kInfo,
           .contract = by_contract ? ctx.contract->id : std::string(),
           .organization = by_contract ? ctx.licensor->name : std::string(),
           .detail = use});
}

void check_ai_generated(EvaluationContext& ctx) {
  const bool synthetic = ctx.verdict.digital_source == DigitalSource::kSynthetic;
  const bool by_credit = ctx.verdict.credit.has(ModifierKind::kAiGenerated) ||
                         (ctx.caption && ctx.caption->has(ModifierKind::kAiGenerated));
  std::string signed_code;
  const bool by_credentials = classify_digital_source(ctx.evidence.signed_digital_source_type, &signed_code) ==
                              DigitalSource::kSynthetic;
  if (!synthetic && !by_credit && !by_credentials) return;
  ctx.add({.rule = Rule::kAiGenerated,
           .severity = Severity::kWarning,
           .detail = GeneratedImage{synthetic ? ctx.verdict.digital_source_code : std::string(), by_credit,
                                    by_credentials ? signed_code : std::string()}});
}

}  // namespace photoaudit::registry::detail

// Which licensor and contract decide, and what is wrong with them: license-unknown, license-none,
// license-coverage, license-expired, license-channel, license-territory.
#include <algorithm>
#include <string>

#include "license_rules.hpp"

namespace photoaudit::registry::detail {
namespace {

std::string upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return s;
}

struct ContractResult {
  const Contract* contract = nullptr;
  std::vector<std::string> uncovered;  // canonical ids the contract does not cover
  bool not_yet = false;
  bool ended = false;
  bool channel = false;
  bool territory = false;
  // Lower is better: a contract that is not about these photos at all is the worst match.
  int score() const {
    return (uncovered.empty() ? 0 : 8) + (not_yet || ended ? 4 : 0) + (channel ? 2 : 0) + (territory ? 1 : 0);
  }
};

struct Candidate {
  const Licensor* licensor = nullptr;
  std::vector<std::string> inner;  // organisations printed inside it that license photos
  std::optional<ContractResult> best;
  int score() const { return best ? best->score() : 16; }
};

ContractResult check_contract(const Contract& c, const Candidate& candidate, const LicenseQuery& q) {
  ContractResult r;
  r.contract = &c;
  for (const auto& id : candidate.inner) {
    if (id == candidate.licensor->organization) continue;
    if (!c.covers || std::find(c.covers->begin(), c.covers->end(), id) == c.covers->end()) r.uncovered.push_back(id);
  }
  r.not_yet = c.valid_from && q.date < *c.valid_from;
  r.ended = c.valid_until && q.date > *c.valid_until;
  r.channel = q.channel && !c.channels.empty() &&
              std::find(c.channels.begin(), c.channels.end(), *q.channel) == c.channels.end();
  r.territory = !q.territory.empty() && !c.territories.empty() &&
                std::find(c.territories.begin(), c.territories.end(), upper(q.territory)) == c.territories.end();
  return r;
}

std::vector<Candidate> candidates(const EvaluationContext& ctx) {
  const CreditReading& credit = ctx.verdict.credit;
  const OrganizationTable& table = ctx.registry.organizations;
  auto licenses = [&](const CreditOrganization& org) {
    const Organization* known = table.by_id(org.canonical);
    return known != nullptr && licenses_photos(known->kind);
  };
  std::vector<Candidate> out;
  for (std::size_t i = 0; i < credit.organizations.size(); ++i) {
    const Licensor* l = ctx.registry.licensor_for(credit.organizations[i].canonical);
    if (l == nullptr) continue;
    Candidate c{l, {}, {}};
    for (std::size_t j = i + 1; j < credit.organizations.size(); ++j) {
      if (licenses(credit.organizations[j])) c.inner.push_back(credit.organizations[j].canonical);
    }
    out.push_back(std::move(c));
  }
  // A photographer can be a licensor too (a freelancer with a contract of their own).
  for (const auto& person : credit.photographers) {
    const Organization* org = table.find(person);
    const Licensor* l = org != nullptr ? ctx.registry.licensor_for(org->id) : nullptr;
    if (l == nullptr || std::any_of(out.begin(), out.end(), [l](const Candidate& c) { return c.licensor == l; }))
      continue;
    Candidate c{l, {}, {}};
    for (const auto& o : credit.organizations) {
      if (licenses(o)) c.inner.push_back(o.canonical);
    }
    out.push_back(std::move(c));
  }
  return out;
}

void report_failures(EvaluationContext& ctx, const Candidate& best) {
  const Licensor& l = *best.licensor;
  if (!best.best) {
    ctx.add({.rule = Rule::kLicenseNone, .severity = Severity::kError, .organization = l.name});
    return;
  }
  const ContractResult& r = *best.best;
  const Contract& c = *r.contract;
  const LicenseQuery& q = ctx.query;
  if (!r.uncovered.empty()) {
    std::vector<std::string> names;
    for (const auto& id : r.uncovered) names.push_back(ctx.name_of(id));
    std::vector<std::string> covered;
    if (c.covers) {
      for (const auto& id : *c.covers) covered.push_back(ctx.name_of(id));
    }
    ctx.add({.rule = Rule::kLicenseCoverage,
             .severity = Severity::kError,
             .contract = c.id,
             .organization = l.name,
             .detail = Coverage{std::move(names), std::move(covered)}});
  }
  if (r.ended) {
    ctx.add({.rule = Rule::kLicenseExpired,
             .severity = Severity::kError,
             .contract = c.id,
             .organization = l.name,
             .detail = ContractTerm{.ended = true, .limit = *c.valid_until, .publication = q.date}});
  }
  if (r.not_yet) {
    ctx.add({.rule = Rule::kLicenseExpired,
             .severity = Severity::kError,
             .contract = c.id,
             .organization = l.name,
             .detail = ContractTerm{.ended = false, .limit = *c.valid_from, .publication = q.date}});
  }
  if (r.channel) {
    ctx.add({.rule = Rule::kLicenseChannel,
             .severity = Severity::kError,
             .contract = c.id,
             .organization = l.name,
             .detail = ChannelLimit{c.channels, *q.channel}});
  }
  if (r.territory) {
    ctx.add({.rule = Rule::kLicenseTerritory,
             .severity = Severity::kError,
             .contract = c.id,
             .organization = l.name,
             .detail = TerritoryLimit{c.territories, upper(q.territory)}});
  }
}

}  // namespace

std::string EvaluationContext::name_of(std::string_view id) const {
  const Organization* org = registry.organizations.by_id(id);
  return org != nullptr ? org->name : std::string(id);
}

void check_license(EvaluationContext& ctx) {
  const CreditReading& credit = ctx.verdict.credit;
  std::vector<Candidate> found = candidates(ctx);
  if (found.empty()) {
    if (credit.organizations.empty() && credit.photographers.empty()) return;  // credit-unparsed said it
    UnknownLicensor whom;
    for (const auto& org : credit.organizations) whom.organizations.push_back(org.name);
    if (whom.organizations.empty()) whom.photographer = credit.photographers.front();
    ctx.add({.rule = Rule::kLicenseUnknown, .severity = Severity::kWarning, .detail = std::move(whom)});
    return;
  }
  for (Candidate& c : found) {
    for (const Contract& contract : c.licensor->contracts) {
      ContractResult r = check_contract(contract, c, ctx.query);
      if (!c.best || r.score() < c.best->score()) c.best = std::move(r);
    }
  }
  // The first (outermost) licensor with the best contract decides.
  const auto best = std::min_element(found.begin(), found.end(),
                                     [](const Candidate& a, const Candidate& b) { return a.score() < b.score(); });
  ctx.licensor = best->licensor;
  ctx.contract = best->best ? best->best->contract : nullptr;
  ctx.verdict.licensor = best->licensor->id;
  ctx.verdict.contract = ctx.contract != nullptr ? ctx.contract->id : "";
  ctx.verdict.single_use = ctx.contract != nullptr && ctx.contract->single_use;
  if (best->score() == 0) {
    ctx.verdict.status = LicenseStatus::kLicensed;
    if (ctx.query.territory.empty() && !ctx.contract->territories.empty()) {
      ctx.add({.rule = Rule::kLicenseTerritory,
               .severity = Severity::kInfo,
               .contract = ctx.contract->id,
               .organization = best->licensor->name,
               .detail = TerritoryLimit{ctx.contract->territories, std::string()}});
    }
    return;
  }
  ctx.verdict.status = LicenseStatus::kUnlicensed;
  report_failures(ctx, *best);
}

}  // namespace photoaudit::registry::detail

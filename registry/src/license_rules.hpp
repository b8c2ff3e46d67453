// Private to photoaudit_registry: the rules evaluate() applies, one function per group of rule ids.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "photoaudit/registry/license.hpp"

namespace photoaudit::registry::detail {

struct BlockReading {
  std::string block;  // "iptc", "xmp", "exif"
  std::string text;
  CreditReading reading;
};

// Everything the rules share while one image is evaluated.
struct EvaluationContext {
  EvaluationContext(const Registry& r, const CreditEvidence& e, const LicenseQuery& q)
      : registry(r), evidence(e), query(q) {}

  const Registry& registry;
  const CreditEvidence& evidence;
  const LicenseQuery& query;
  LicenseVerdict verdict;
  std::optional<CreditReading> credit_line;  // the embedded credit line, read
  std::optional<CreditReading> caption;      // the printed credit, read
  std::optional<CreditReading> source;       // the Source field, read
  std::vector<BlockReading> blocks;          // the credit line per metadata block, when they disagree
  const Licensor* licensor = nullptr;        // the decisive licensor and contract, once found
  const Contract* contract = nullptr;

  void add(Finding finding) { verdict.findings.push_back(std::move(finding)); }
  bool has(Rule rule) const {
    for (const auto& f : verdict.findings) {
      if (f.rule == rule) return true;
    }
    return false;
  }
  // The display name of a canonical organisation id.
  std::string name_of(std::string_view id) const;
};

void check_conflicts(EvaluationContext& ctx);       // credit-conflict
void check_license(EvaluationContext& ctx);         // license-unknown, -none, -coverage, -expired, -channel, -territory
void check_credit_format(EvaluationContext& ctx);   // credit-format
void check_blocked(EvaluationContext& ctx);         // source-blocked
void check_editorial_only(EvaluationContext& ctx);  // editorial-only
void check_ai_generated(EvaluationContext& ctx);    // ai-generated

}  // namespace photoaudit::registry::detail

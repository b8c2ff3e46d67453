// Private to photoaudit_registry: checking a credit against a contract's credit_format template.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/registry/organizations.hpp"

namespace photoaudit::registry::detail {

// What the placeholders of a template may stand for in one credit.
struct FormatContext {
  const OrganizationTable* table = nullptr;
  std::string licensor;                    // canonical id the {licensor} placeholder must name
  std::vector<std::string> agencies;       // canonical ids {agency} may name
  std::vector<std::string> photographers;  // names {photographer} may be (compared folded)
  bool uncredited = false;                 // {photographer} may be a placeholder such as "Uncredited"
};

// True when credit (as printed, possibly with a label such as "Foto:" or "©" before it) has the form of
// format: literal text matches without regard to case and spacing, {agency} names one of the agencies by
// any alias, {photographer} one of the photographers, {licensor} the licensor. Work is bounded; a credit
// too tangled to decide counts as not matching.
bool matches_credit_format(std::string_view format, std::string_view credit, const FormatContext& context);

// The template with its placeholders filled in (a placeholder without a value stays as it is).
std::string render_credit_format(std::string_view format, std::string_view licensor, std::string_view agency,
                                 std::string_view photographer);

}  // namespace photoaudit::registry::detail

// Private: the C2PA 2.x rules on a standard manifest's actions (v2 claims): the first action is c2pa.created or
// c2pa.opened, only one of the two appears, c2pa.opened comes with a parentOf ingredient and c2pa.created
// without one.
#pragma once

#include <string>
#include <vector>

#include "photoaudit/audit/c2pa.hpp"

namespace photoaudit::audit::credentials {

struct ActionProblem {
  std::string code;  // "assertion.action.malformed" or "assertion.action.ingredientMismatch"
  std::string explanation;
};

// The rules broken by `actions` (in claim order) with `ingredients`; empty when they hold or there are no actions.
std::vector<ActionProblem> first_action_problems(const std::vector<C2paAction>& actions,
                                                 const std::vector<C2paIngredient>& ingredients);

}  // namespace photoaudit::audit::credentials

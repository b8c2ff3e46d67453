// The first-action rules of C2PA 2.x (see action_rules.hpp).
#include "credentials/action_rules.hpp"

#include <algorithm>

namespace photoaudit::audit::credentials {

std::vector<ActionProblem> first_action_problems(const std::vector<C2paAction>& actions,
                                                 const std::vector<C2paIngredient>& ingredients) {
  std::vector<ActionProblem> out;
  if (actions.empty()) return out;
  const std::string& first = actions.front().action;
  if (first != "c2pa.created" && first != "c2pa.opened") {
    out.push_back({"assertion.action.malformed", "the first action is " +
                                                     (first.empty() ? std::string("unnamed") : first) +
                                                     ", not c2pa.created or c2pa.opened"});
  }
  const auto starts = std::count_if(actions.begin(), actions.end(), [](const C2paAction& a) {
    return a.action == "c2pa.created" || a.action == "c2pa.opened";
  });
  if (starts > 1) {
    out.push_back({"assertion.action.malformed", "more than one c2pa.created or c2pa.opened action"});
  }
  const auto parents = std::count_if(ingredients.begin(), ingredients.end(),
                                     [](const C2paIngredient& i) { return i.relationship == "parentOf"; });
  if (first == "c2pa.opened" && parents != 1) {
    out.push_back({"assertion.action.ingredientMismatch",
                   "c2pa.opened needs one parentOf ingredient, the manifest has " + std::to_string(parents)});
  }
  if (first == "c2pa.created" && parents != 0) {
    out.push_back({"assertion.action.ingredientMismatch", "c2pa.created with a parentOf ingredient"});
  }
  return out;
}

}  // namespace photoaudit::audit::credentials

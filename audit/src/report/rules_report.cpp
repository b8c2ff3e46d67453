// `photoaudit rules`: the rule table (registry/rules.hpp) as text and as JSON.
#include <algorithm>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "photoaudit/audit/report_writers.hpp"
#include "photoaudit/registry/rules.hpp"

namespace photoaudit::audit {

void write_rules_text(std::ostream& out) {
  std::size_t width = 0;
  for (const registry::RuleInfo& rule : registry::all_rules()) width = std::max(width, rule.id.size());
  for (const registry::RuleInfo& rule : registry::all_rules()) {
    const std::string_view severity = registry::to_string(rule.severity);
    out << rule.id << std::string(width - rule.id.size() + 2, ' ') << severity << std::string(9 - severity.size(), ' ')
        << rule.title << '\n';
  }
}

void write_rules_json(std::ostream& out) {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const registry::RuleInfo& rule : registry::all_rules()) {
    rules.push_back({{"id", rule.id},
                     {"severity", registry::to_string(rule.severity)},
                     {"category", rule.category},
                     {"title", rule.title},
                     {"help", rule.help}});
  }
  out << rules.dump(2) << '\n';
}

}  // namespace photoaudit::audit

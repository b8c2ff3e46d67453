// The rule table (registry/rules.hpp): one row per Rule, ids unique, and docs/json.md's rule lists agree with it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "photoaudit/registry/rules.hpp"

using namespace photoaudit::registry;

namespace {

// The rows of every markdown table in docs/json.md whose first column is a rule id in backquotes and whose
// second is a severity: {id -> severity}, per table (keyed by the heading line above the table).
std::map<std::string, std::map<std::string, std::string>> documented_rule_tables() {
  std::ifstream in(std::filesystem::path(PHOTOAUDIT_SOURCE_DIR) / "docs" / "json.md");
  REQUIRE(in.good());
  std::map<std::string, std::map<std::string, std::string>> tables;
  std::string heading;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("|")) {
      if (!line.empty()) heading = line;
      continue;
    }
    // "| `credit-missing` | error | ... |"
    if (!line.starts_with("| `")) continue;
    const std::size_t end_id = line.find('`', 3);
    const std::size_t bar = line.find('|', end_id);
    const std::size_t next_bar = line.find('|', bar + 1);
    if (end_id == std::string::npos || bar == std::string::npos || next_bar == std::string::npos) continue;
    std::string severity = line.substr(bar + 1, next_bar - bar - 1);
    severity.erase(0, severity.find_first_not_of(' '));
    severity.erase(severity.find_last_not_of(' ') + 1);
    if (severity != "error" && severity != "warning" && severity != "info") continue;
    tables[heading][line.substr(3, end_id - 3)] = severity;
  }
  return tables;
}

}  // namespace

TEST_CASE("rules: one row per enumerator, in order, with unique ids, a title and help") {
  REQUIRE(all_rules().size() == kRuleCount);
  std::set<std::string_view> ids;
  for (std::size_t i = 0; i < kRuleCount; ++i) {
    const RuleInfo& row = all_rules()[i];
    INFO(row.id);
    CHECK(row.rule == static_cast<Rule>(i));
    CHECK(&rule_info(row.rule) == &row);
    CHECK(to_string(row.rule) == row.id);
    CHECK(rule_from_id(row.id) == row.rule);
    CHECK(ids.insert(row.id).second);
    CHECK(row.title.size() > 3);
    CHECK(row.help.size() > 20);
    CHECK_FALSE(row.category.empty());
  }
  CHECK_FALSE(rule_from_id("no-such-rule").has_value());
  CHECK_FALSE(rule_from_id("").has_value());
}

TEST_CASE("rules: docs/json.md's rule list is the rule table, both ways, with each rule's severity") {
  const auto tables = documented_rule_tables();
  // The audit's list ("### Rule ids") documents every rule of the table, and nothing else.
  REQUIRE(tables.contains("### Rule ids"));
  const auto& listed = tables.at("### Rule ids");
  for (const RuleInfo& row : all_rules()) {
    INFO("rule in the table, not in docs/json.md: " << row.id);
    REQUIRE(listed.contains(std::string(row.id)));
    CHECK(listed.at(std::string(row.id)) == to_string(row.severity));
  }
  // Every rule id any table of docs/json.md documents (the license check's list too) is in the rule table,
  // with the same default severity.
  for (const auto& [heading, rows] : tables) {
    for (const auto& [id, severity] : rows) {
      INFO(heading << ": " << id << " is documented but not in registry/src/rules.cpp");
      const auto rule = rule_from_id(id);
      REQUIRE(rule.has_value());
      CHECK(severity == to_string(rule_info(*rule).severity));
    }
  }
  CHECK(listed.size() == kRuleCount);
}

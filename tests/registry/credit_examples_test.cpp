// Every real credit line in fixtures/credits/examples.tsv (copied from ../shared/data/credits) reads as a
// picture editor reads it. Organisations compare by canonical id, in order (outermost first); expected
// names go through the alias table, not spelling. Photographers compare as printed, in order. Modifiers
// compare as sets: their order carries no meaning.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "photoaudit/registry/credit.hpp"

namespace {

using photoaudit::registry::OrganizationTable;
using photoaudit::registry::parse_credit;

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at - start));
    if (at == std::string::npos) break;
    start = at + sep.size();
  }
  return out;
}

struct Example {
  std::string credit;
  std::vector<std::string> organizations;
  std::vector<std::string> photographers;
  std::set<std::string> modifiers;
};

std::vector<Example> read_examples() {
  std::ifstream in(std::string(PHOTOAUDIT_FIXTURES_DIR) + "/credits/examples.tsv");
  REQUIRE(in);
  std::vector<Example> examples;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto columns = split(line, "\t");
    columns.resize(4);
    const auto mods = split(columns[3], "; ");
    examples.push_back({columns[0], split(columns[1], "; "), split(columns[2], "; "), {mods.begin(), mods.end()}});
  }
  return examples;
}

}  // namespace

TEST_CASE("every real credit line in examples.tsv reads as expected", "[credit]") {
  const OrganizationTable& table = OrganizationTable::builtin();
  const auto examples = read_examples();
  REQUIRE(examples.size() >= 36);
  for (const auto& example : examples) {
    INFO("credit: " << example.credit);
    const auto reading = parse_credit(example.credit, table);
    REQUIRE(reading.has_value());
    std::vector<std::string> expected_ids;
    expected_ids.reserve(example.organizations.size());
    for (const auto& name : example.organizations) expected_ids.push_back(table.canonical_id(name));
    std::vector<std::string> ids;
    for (const auto& org : reading->organizations) ids.push_back(org.canonical);
    CHECK(ids == expected_ids);
    CHECK(reading->photographers == example.photographers);
    std::set<std::string> modifiers;
    for (const auto& m : reading->modifiers) modifiers.insert(m.to_string());
    CHECK(modifiers == example.modifiers);
  }
}

// `photoaudit rules [--json]` end to end: the rule table as the binary prints it, and every rule id that the
// audits of the test fixtures report is in it; and each finding names in its message the facts it carries.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "photoaudit/registry/rules.hpp"
#include "support/run_binary.hpp"

using nlohmann::json;
using photoaudit::test::run_photoaudit;

namespace {

const std::filesystem::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;

std::set<std::string> listed_rule_ids() {
  const auto r = run_photoaudit({"rules", "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json rules = json::parse(r.out);
  std::set<std::string> ids;
  for (const json& rule : rules) {
    CHECK(rule["help"].get<std::string>().size() > 20);
    CHECK_FALSE(rule["title"].get<std::string>().empty());
    const std::string severity = rule["severity"];
    CHECK((severity == "error" || severity == "warning" || severity == "info"));
    ids.insert(rule["id"].get<std::string>());
  }
  CHECK(ids.size() == rules.size());
  return ids;
}

// Every rule id of every finding in an audit's JSON report.
std::set<std::string> emitted_rule_ids(const std::vector<std::string>& args) {
  const auto r = run_photoaudit(args);
  INFO(r.err);
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  const json report = json::parse(r.out);
  std::set<std::string> ids;
  for (const json& image : report["images"]) {
    for (const json& finding : image["findings"]) ids.insert(finding["rule"].get<std::string>());
  }
  for (const auto& [id, count] : report["summary"]["by_rule"].items()) ids.insert(id);
  return ids;
}

}  // namespace

TEST_CASE("rules --json lists the whole rule table, and every rule the fixtures' audits report") {
  const std::set<std::string> listed = listed_rule_ids();
  CHECK(listed.size() == photoaudit::registry::kRuleCount);

  std::set<std::string> emitted;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"audit", "--format", "json", "--date", "2026-11-27", (kFixtures / "article").string()},
           {"audit", "--format", "json", "--date", "2026-11-27", "--channel", "online", "--territory", "DE",
            (kFixtures / "registry-images").string(), (kFixtures / "bad").string()},
           {"page", "--format", "json", "--date", "2026-11-27", (kFixtures / "page" / "article.html").string()}}) {
    const auto ids = emitted_rule_ids(args);
    emitted.insert(ids.begin(), ids.end());
  }
  // The fixtures exercise a good part of the table; the check is that none of it is missing from `rules`.
  CHECK(emitted.size() >= 8);
  for (const std::string& id : emitted) {
    INFO("reported but not listed by `photoaudit rules --json`: " << id);
    CHECK(listed.contains(id));
  }
}

TEST_CASE("rules: the text listing has one line per rule: id, severity, title") {
  const auto r = run_photoaudit({"rules"});
  REQUIRE(r.exit_code == 0);
  std::size_t lines = 0;
  for (char c : r.out) lines += c == '\n' ? 1 : 0;
  CHECK(lines == photoaudit::registry::kRuleCount);
  const std::size_t at = r.out.find("\nlicense-expired ");
  REQUIRE(at != std::string::npos);
  const std::string line = r.out.substr(at + 1, r.out.find('\n', at + 1) - at - 1);
  CHECK(line.find(" error ") != std::string::npos);
  CHECK(line.ends_with(" Contract not in force"));
}

// The facts of a finding (docs/json.md) are the data its message is written from: each one that is set is
// named in the message, so a script reading the facts and a person reading the message see the same thing.
TEST_CASE("findings: every fact a finding carries is named in its message") {
  std::size_t facts = 0;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"audit", "--format", "json", "--date", "2026-11-27", (kFixtures / "article").string()},
           {"audit", "--format", "json", "--date", "2026-11-27", "--channel", "online", "--territory", "DE",
            (kFixtures / "registry-images").string(), (kFixtures / "bad").string(),
            (kFixtures / "article" / "missing.jpg").string()},
           // Contracts not yet or no longer in force, for another channel and territory: the license forms.
           {"audit", "--format", "json", "--date", "2020-01-01", "--channel", "print", "--territory", "US",
            (kFixtures / "registry-images").string(), (kFixtures / "article").string()},
           {"audit", "--format", "json", "--date", "2030-01-01", "--channel", "social",
            (kFixtures / "registry-images").string()},
           {"page", "--format", "json", "--date", "2026-11-27", (kFixtures / "page" / "article.html").string()}}) {
    const auto r = run_photoaudit(args);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    const json report = json::parse(r.out);
    for (const json& image : report["images"]) {
      for (const json& finding : image["findings"]) {
        const std::string message = finding["message"];
        INFO(finding.dump());
        for (const char* key : {"contract", "organization", "reason", "embedded_credit", "printed_credit"}) {
          if (!finding.contains(key)) continue;
          ++facts;
          CHECK(message.find(finding[key].get<std::string>()) != std::string::npos);
        }
        for (const json& related : finding.value("related", json::array())) {
          ++facts;
          CHECK(message.find(related["path"].get<std::string>()) != std::string::npos);
        }
        if (finding["rule"] == "metadata-unreadable" && !image["error"].is_null()) {
          CHECK(finding["reason"] == image["error"]);
        }
      }
    }
  }
  CHECK(facts >= 100);
}

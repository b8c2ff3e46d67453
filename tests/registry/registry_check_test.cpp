// The license registry: the shipped example is valid, every broken registry in fixtures/registry/ is
// reported with file:line:column, and unreadable or oversized files are clear errors.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include "photoaudit/registry/registry.hpp"
#include "support/files.hpp"

namespace {

namespace fs = std::filesystem;
using photoaudit::ErrorCode;
using namespace photoaudit::registry;

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;

RegistryCheck check(const std::string& name) {
  auto result = check_registry(kFixtures / "registry" / name);
  REQUIRE(result.has_value());
  return std::move(*result);
}

// "file:line:column: message" of every problem, joined by newlines.
std::string report(const RegistryCheck& c) {
  std::string out;
  for (const auto& p : c.problems) out += p.to_string() + "\n";
  return out;
}

bool reports(const RegistryCheck& c, int line, int column, const std::string& text) {
  for (const auto& p : c.problems) {
    if (p.location.line == line && p.location.column == column && p.message.find(text) != std::string::npos)
      return true;
  }
  return false;
}

using photoaudit::test::TempDir;

}  // namespace

TEST_CASE("registry: the shipped example registry is valid and complete", "[registry]") {
  const auto loaded = load_registry(kFixtures / "registry.yaml");
  REQUIRE(loaded.has_value());
  const auto& r = *loaded;
  const auto* pa = r.licensor_for("picture-alliance");
  REQUIRE(pa != nullptr);
  REQUIRE(pa->contracts.size() == 1);
  const auto& c = pa->contracts.front();
  CHECK(c.id == "PA-2026");
  CHECK(c.territories == std::vector<std::string>{"DE", "AT", "CH"});
  REQUIRE(c.covers.has_value());
  CHECK(*c.covers == std::vector<std::string>{"ap", "dpa", "tass"});
  CHECK(c.editorial_only);
  CHECK_FALSE(c.single_use);
  CHECK(c.credit_format == "picture alliance / {agency} | {photographer}");
  REQUIRE(r.licensor_for("reuters") != nullptr);
  CHECK(r.licensor_for("reuters")->contracts.empty());
  CHECK(r.blocked_for("sputnik") != nullptr);
  CHECK(r.blocked_for("rt") != nullptr);
  CHECK(r.blocked_for("ria-novosti") != nullptr);
  // The registry's own organisations and aliases join the alias table.
  CHECK(r.organizations.find("Geisler-Fotop") != nullptr);
  CHECK(r.organizations.find("Deutsche Presse-Agentur GmbH")->id == "dpa");
}

TEST_CASE("registry check: YAML syntax errors and tabs", "[registry][hostile]") {
  const auto syntax = check("syntax-error.yaml");
  INFO(report(syntax));
  REQUIRE(syntax.problems.size() == 1);
  CHECK(syntax.problems[0].to_string().rfind(
            (kFixtures / "registry" / "syntax-error.yaml").string() + ":6:1: YAML syntax error", 0) == 0);
  const auto tabs = check("tabs.yaml");
  INFO(report(tabs));
  REQUIRE(tabs.problems.size() == 1);
  CHECK(reports(tabs, 3, 1, "tab character in indentation"));
}

TEST_CASE("registry check: bad dates", "[registry]") {
  const auto c = check("bad-dates.yaml");
  INFO(report(c));
  CHECK(reports(c, 6, 21, "valid_from '2026-02-30' is not a date"));
  CHECK(reports(c, 7, 22, "valid_until 'next year' is not a date"));
  CHECK(reports(c, 10, 22, "ends (2027-01-01) before it starts (2027-12-31)"));
  CHECK(reports(c, 13, 12, "since '02.03.2022' is not a date"));
  CHECK(c.problems.size() == 4);  // contracts with unreadable dates are not also reported as overlapping
}

TEST_CASE("registry check: unknown keys, with what was expected", "[registry]") {
  const auto c = check("unknown-keys.yaml");
  INFO(report(c));
  CHECK(reports(c, 1, 1, "unknown key 'licencors' in the registry"));
  CHECK(reports(c, 5, 5, "unknown key 'contact' in a licensor"));
  CHECK(reports(c, 8, 9, "unknown key 'valid_till' in a contract (expected one of: id, valid_from, valid_until"));
  CHECK(c.problems.size() == 3);
}

TEST_CASE("registry check: duplicate licensor and contract ids", "[registry]") {
  const auto c = check("duplicate-ids.yaml");
  INFO(report(c));
  CHECK(reports(c, 8, 9, "licensor id 'ap' is used twice (first at line 2)"));
  CHECK(reports(c, 13, 9, "contract id 'C-1' is used twice (first at line 5)"));
}

TEST_CASE("registry check: overlapping contracts of one licensor", "[registry]") {
  const auto c = check("overlapping.yaml");
  INFO(report(c));
  REQUIRE(c.problems.size() == 1);  // DPA-PRINT-2027 starts after DPA-2026 ends; DPA-ONLINE is online only
  CHECK(reports(c, 9, 9, "contract 'DPA-ONLINE' of licensor 'dpa' overlaps contract 'DPA-2026' (line 5)"));
  CHECK(c.problems[0].message.find("from 2026-07-01 for online") != std::string::npos);
}

TEST_CASE("registry check: covers naming an unknown organisation", "[registry]") {
  const auto c = check("unknown-covers.yaml");
  INFO(report(c));
  REQUIRE(c.problems.size() == 2);
  CHECK(reports(c, 6, 18, "covers names 'Associated Pres'"));
  CHECK(reports(c, 6, 40, "covers names 'Agence Nonexistent'"));
}

TEST_CASE("registry check: values of the wrong kind", "[registry]") {
  const auto c = check("bad-values.yaml");
  INFO(report(c));
  CHECK(reports(c, 6, 28, "unknown channel 'radio'"));
  CHECK(reports(c, 7, 23, "territory 'Germany' is not a two-letter ISO 3166-1 country code"));
  CHECK(reports(c, 8, 25, "editorial_only must be true or false, not 'maybe'"));
  CHECK(reports(c, 9, 24, "credit_format uses {photographr}"));
  CHECK(reports(c, 10, 5, "a licensor needs an id"));
  CHECK(reports(c, 13, 16, "contracts must be a list"));
}

TEST_CASE("registry check: alias bombs and deep nesting are refused without exhausting memory or stack",
          "[registry][hostile]") {
  const auto bomb = check("alias-bomb.yaml");
  INFO(report(bomb));
  REQUIRE(bomb.problems.size() == 1);
  CHECK(bomb.problems[0].message.find("YAML nodes") != std::string::npos);
  const auto deep = check("deep-nesting.yaml");
  INFO(report(deep));
  REQUIRE(deep.problems.size() == 1);
  CHECK(deep.problems[0].message.find("nested deeper than 64 levels") != std::string::npos);
  std::string indented = "licensors:\n";
  for (int i = 0; i < 300; ++i) indented += std::string(static_cast<std::size_t>(i), ' ') + "- \n";
  CHECK_FALSE(check_registry_text(indented, "indented.yaml").ok());
}

TEST_CASE("registry: missing, directory, oversized and non-UTF-8 files are clear errors", "[registry][hostile]") {
  const auto missing = check_registry(kFixtures / "registry" / "no-such-registry.yaml");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == ErrorCode::kNotFound);
  CHECK(missing.error().message.find("no-such-registry.yaml: no such file") != std::string::npos);

  const auto directory = check_registry(kFixtures / "registry");
  REQUIRE_FALSE(directory.has_value());
  CHECK(directory.error().code == ErrorCode::kIOError);

  TempDir tmp;
  const fs::path big = tmp.path / "big.yaml";
  {
    std::ofstream out(big, std::ios::binary);
    const std::string line = "# a comment line to make the file large, as a runaway export would\n";
    for (std::size_t written = 0; written < std::size_t{50} * 1024 * 1024; written += line.size()) out << line;
  }
  const auto oversized = load_registry(big);
  REQUIRE_FALSE(oversized.has_value());
  CHECK(oversized.error().code == ErrorCode::kLimitExceeded);
  CHECK(oversized.error().message.find("more than the registry limit") != std::string::npos);

  const fs::path latin1 = tmp.path / "latin1.yaml";
  std::ofstream(latin1, std::ios::binary) << "licensors:\n  - id: sz\n    name: S\xfc"
                                             "ddeutsche\n";
  const auto not_utf8 = check_registry(latin1);
  REQUIRE(not_utf8.has_value());
  REQUIRE(not_utf8->problems.size() == 1);
  CHECK(not_utf8->problems[0].to_string() == latin1.string() + ":3:12: not valid UTF-8");
}

TEST_CASE("registry: load_registry refuses a registry with problems and lists them", "[registry]") {
  const auto loaded = load_registry(kFixtures / "registry" / "unknown-keys.yaml");
  REQUIRE_FALSE(loaded.has_value());
  CHECK(loaded.error().code == ErrorCode::kInvalidArgument);
  CHECK(loaded.error().message.find("the registry has 3 problems") != std::string::npos);
  CHECK(loaded.error().message.find("unknown-keys.yaml:8:9: unknown key 'valid_till'") != std::string::npos);
}

TEST_CASE("registry: licensors bind to known organisations by id, name or alias", "[registry]") {
  const auto c = check_registry_text(R"(
licensors:
  - id: pa-germany
    name: picture alliance
    contracts: []
  - id: sipa
    name: Sipa
    aliases: [Sipa Press Paris]
  - id: freelancer-jane
    name: Jane Roe
    kind: other
    contracts: []
blocked:
  - name: Sputnik
)",
                                     "inline.yaml");
  INFO(report(c));
  REQUIRE(c.ok());
  CHECK(c.registry.licensor_for("picture-alliance")->id == "pa-germany");
  CHECK(c.registry.organizations.find("Sipa Press Paris")->id == "sipa");
  CHECK(c.registry.organizations.find("jane roe")->id == "freelancer-jane");
  const auto clash = check_registry_text("licensors:\n  - id: x\n    name: Reuters\n    aliases: [AFP]\n",
                                         "clash.yaml");
  INFO(report(clash));
  CHECK(reports(clash, 4, 15, "'AFP' names the organisation afp, but 'Reuters' names reuters"));
}

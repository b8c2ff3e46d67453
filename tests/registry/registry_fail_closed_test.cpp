// A registry whose YAML does not parse into what its text says fails closed, with its line, in every command
// that loads one (issue 18, item 2). Before: yaml-cpp took a quote left open at the end of the file as the
// rest of the file, `blocked:` included, so `registry check` said ok and a Sputnik photo passed with exit 0; an
// empty registry or `~` checked as "ok, 0 licensors"; a second document was ignored. (A key twice and a list
// for a root were already problems; they stay refused.)
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "photoaudit/registry/organizations.hpp"
#include "photoaudit/registry/registry.hpp"
#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace {

namespace fs = std::filesystem;
using photoaudit::ErrorCode;
using namespace photoaudit::registry;
using photoaudit::test::run_photoaudit;

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;
const std::string kSputnikPhoto = (kFixtures / "article" / "kremlin-pool-sputnik.jpg").string();

struct Broken {
  const char* file;  // under fixtures/registry/
  int line;          // of the problem that refuses it
  int column;
  const char* message;  // part of that problem's message
};

const std::vector<Broken> kBroken = {
    {"unclosed-quote.yaml", 5, 11, "opened with \" is never closed"},
    {"swallowed-key.yaml", 6, 1, "'blocked:' at the start of line 6 is not read as a key of the registry"},
    {"empty.yaml", 1, 1, "the registry is empty"},
    {"tilde.yaml", 2, 1, "the registry is empty"},
    {"two-documents.yaml", 4, 1, "more than one YAML document"},
    {"duplicate-key.yaml", 4, 1, "'blocked' appears twice in this mapping (first at line 2)"},
    {"list-root.yaml", 1, 1, "must be a mapping"},
};

}  // namespace

TEST_CASE(
    "registry fail closed: an unclosed quote, an empty file, ~, two documents, a key twice or a list are "
    "problems with their line, and load_registry refuses them",
    "[registry][hostile]") {
  for (const auto& b : kBroken) {
    const fs::path path = kFixtures / "registry" / b.file;
    INFO(b.file);
    const auto check = check_registry(path);
    REQUIRE(check.has_value());
    REQUIRE_FALSE(check->ok());
    const std::string where = path.string() + ":" + std::to_string(b.line) + ":" + std::to_string(b.column) + ": ";
    bool found = false;
    for (const auto& p : check->problems) {
      found = found || (p.to_string().starts_with(where) && p.message.find(b.message) != std::string::npos);
    }
    INFO(check->problems.front().to_string());
    CHECK(found);
    // Nothing of a refused tree is read.
    CHECK(check->registry.blocked.empty());
    CHECK(check->registry.licensors.empty());

    const auto loaded = load_registry(path);
    REQUIRE_FALSE(loaded.has_value());
    CHECK(loaded.error().code == ErrorCode::kInvalidArgument);
    CHECK(loaded.error().message.find(where) != std::string::npos);
  }
}

TEST_CASE(
    "registry fail closed: with a broken registry registry check, license, audit and page refuse to run "
    "and the Sputnik photo never passes",
    "[registry][hostile]") {
  for (const auto& b : kBroken) {
    const std::string path = (kFixtures / "registry" / b.file).string();
    const std::string where = path + ":" + std::to_string(b.line) + ":";
    INFO(b.file);
    const auto check = run_photoaudit({"registry", "check", path});
    CHECK(check.exit_code == 1);  // registry check: 1 = the file has problems (docs/registry.md)
    CHECK(check.out.find(where) != std::string::npos);
    CHECK(check.out.find(": ok") == std::string::npos);

    const auto license = run_photoaudit({"license", "--registry", path, "--date", "2026-11-27", kSputnikPhoto});
    INFO(license.err);
    CHECK(license.exit_code == 2);
    CHECK(license.err.find(where) != std::string::npos);

    const auto audit = run_photoaudit({"audit", "--registry", path, "--date", "2026-11-27", kSputnikPhoto});
    INFO(audit.err);
    CHECK(audit.exit_code == 2);
    CHECK(audit.err.find(where) != std::string::npos);
    CHECK(audit.out.find("PASS") == std::string::npos);

    const auto page = run_photoaudit(
        {"page", "--registry", path, "--date", "2026-11-27", (kFixtures / "page" / "article.html").string()});
    INFO(page.err);
    CHECK(page.exit_code == 2);
    CHECK(page.err.find(where) != std::string::npos);
  }
}

TEST_CASE("registry fail closed: the same registry with its quote closed is read, and blocks the Sputnik photo",
          "[registry][hostile]") {
  // The control for unclosed-quote.yaml: one closing quote makes it the registry its author meant.
  const photoaudit::test::TempDir dir("photoaudit-fail-closed");
  std::string text = photoaudit::test::read_file(kFixtures / "registry" / "unclosed-quote.yaml");
  const auto open = text.find("negotiation\n");
  REQUIRE(open != std::string::npos);
  text.insert(open + 11, "\"");
  const fs::path closed = dir.path / "closed-quote.yaml";
  std::ofstream(closed, std::ios::binary) << text;

  const auto check = run_photoaudit({"registry", "check", closed.string()});
  INFO(check.out);
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("1 licensor, 0 contracts, 1 blocked source") != std::string::npos);
  const auto audit = run_photoaudit({"audit", "--registry", closed.string(), "--date", "2026-11-27", kSputnikPhoto});
  INFO(audit.err);
  CHECK(audit.exit_code == 1);
  CHECK(audit.out.find("source-blocked") != std::string::npos);
}

TEST_CASE(
    "organisation table fail closed: empty, two documents, an unclosed quote and a key twice are refused "
    "with their line",
    "[registry][hostile]") {
  const auto empty = OrganizationTable::from_yaml("", "t.yaml");
  REQUIRE_FALSE(empty.has_value());
  CHECK(empty.error().message.starts_with("t.yaml:1:1: the organisation table is empty"));
  const auto two = OrganizationTable::from_yaml("organizations: []\n---\norganizations: []\n", "t.yaml");
  REQUIRE_FALSE(two.has_value());
  CHECK(two.error().message.starts_with("t.yaml:3:1: the organisation table has more than one YAML document"));
  const auto quote = OrganizationTable::from_yaml(
      "organizations:\n  - id: x\n    name: \"X\norganization_words: [press]\n", "t.yaml");
  REQUIRE_FALSE(quote.has_value());
  CHECK(quote.error().message.starts_with("t.yaml:3:11: a value opened with \" is never closed"));
  const auto twice = OrganizationTable::from_yaml("organizations:\n  - id: x\n    name: X\n    id: y\n", "t.yaml");
  REQUIRE_FALSE(twice.has_value());
  CHECK(twice.error().message.starts_with("t.yaml:4:5: 'id' appears twice"));
}

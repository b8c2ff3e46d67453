// A registry text whose parse would build millions of YAML nodes is refused before the tree is built.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "photoaudit/registry/registry.hpp"
#include "support/files.hpp"

TEST_CASE(
    "registry: a 1.6 KB text that made yaml-cpp build nodes for over a minute and 1.5 GB is refused at once "
    "(found by scripts/fuzz registry_loader)") {
  const std::string text = photoaudit::test::read_file(std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "registry" /
                                                       "event-bomb.yaml");
  REQUIRE(text.size() < 2048);
  const auto check = photoaudit::registry::check_registry_text(text, "event-bomb.yaml");
  REQUIRE_FALSE(check.ok());
  CHECK(check.problems.front().message.find("YAML nodes") != std::string::npos);
  // The same limit, lowered, refuses an ordinary registry: the count is real, not a guess about this file.
  const std::string registry = photoaudit::test::read_file(std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) /
                                                           "registry.yaml");
  CHECK(photoaudit::registry::check_registry_text(registry, "registry.yaml").ok());
  const auto tight = photoaudit::registry::check_registry_text(registry, "registry.yaml", {.max_nodes = 10});
  REQUIRE_FALSE(tight.ok());
  CHECK(tight.problems.front().message.find("more than 10 YAML nodes") != std::string::npos);
}

TEST_CASE(
    "registry: an alias inside the node its anchor names (81 bytes that took 107 s and 1.1 GB) is refused at once "
    "as a cycle (found by scripts/fuzz registry_loader)") {
  const std::string text = photoaudit::test::read_file(std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "registry" /
                                                       "alias-cycle.yaml");
  REQUIRE(text.size() < 100);
  const auto check = photoaudit::registry::check_registry_text(text, "alias-cycle.yaml");
  REQUIRE_FALSE(check.ok());
  CHECK(check.problems.front().message.find("an alias inside the node its anchor names (a cycle") != std::string::npos);
  // An alias to a node that is closed already is no cycle: refused or not, for another reason than a cycle.
  const auto fine = photoaudit::registry::check_registry_text("a: &x [1, 2]\nb: *x\n", "alias.yaml");
  for (const auto& problem : fine.problems) CHECK(problem.message.find("cycle") == std::string::npos);
}

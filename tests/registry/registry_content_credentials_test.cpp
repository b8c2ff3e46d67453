// The registry's content_credentials setting (docs/registry.md): accept_any_signer turns c2pa-untrusted off for a
// house that accepts any signer; anything malformed about it is a problem with its line, so the registry still
// fails closed (a misspelt key cannot silently keep or drop the warning).
#include <catch2/catch.hpp>

#include <string>

#include "photoaudit/registry/registry.hpp"

namespace {

using namespace photoaudit::registry;  // NOLINT(google-build-using-namespace): the API under test

const std::string kBase = "version: 1\nlicensors:\n  - id: dpa\n    name: dpa\n    contracts: []\n";

RegistryCheck check(const std::string& extra) { return check_registry_text(kBase + extra, "test.yaml"); }

bool has_problem(const RegistryCheck& c, int line, const std::string& text) {
  for (const auto& p : c.problems) {
    if (p.location.line == line && p.message.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("registry: content_credentials.accept_any_signer is read, and is false when absent", "[registry]") {
  const auto absent = check("");
  REQUIRE(absent.ok());
  CHECK_FALSE(absent.registry.content_credentials.accept_any_signer);

  const auto on = check("content_credentials:\n  accept_any_signer: true\n");
  REQUIRE(on.ok());
  CHECK(on.registry.content_credentials.accept_any_signer);

  const auto off = check("content_credentials:\n  accept_any_signer: false\n");
  REQUIRE(off.ok());
  CHECK_FALSE(off.registry.content_credentials.accept_any_signer);
}

TEST_CASE("registry: a malformed content_credentials is a problem, never a silent default", "[registry]") {
  const auto yes = check("content_credentials:\n  accept_any_signer: yes\n");
  CHECK(has_problem(yes, 7, "accept_any_signer must be true or false, not 'yes'"));

  const auto misspelt = check("content_credentials:\n  accept_any_singer: true\n");
  CHECK(has_problem(misspelt, 7, "unknown key 'accept_any_singer' in content_credentials"));

  const auto list = check("content_credentials: [accept_any_signer]\n");
  CHECK(has_problem(list, 6, "content_credentials must be a mapping"));

  const auto empty = check("content_credentials:\n");
  CHECK_FALSE(empty.ok());

  const auto twice = check("content_credentials:\n  accept_any_signer: true\n  accept_any_signer: false\n");
  CHECK_FALSE(twice.ok());
}

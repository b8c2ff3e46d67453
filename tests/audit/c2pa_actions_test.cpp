// The C2PA 2.x first-action rules (v2 claims): checked on action lists, and on the samples' v2 manifests, which keep
// them (CACA.jpg: c2pa.opened with its parentOf ingredient; update_manifest.jpg's parent is v1, its update v2).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "credentials/action_rules.hpp"
#include "photoaudit/audit/c2pa.hpp"
#include "support/files.hpp"

namespace {

using photoaudit::audit::C2paAction;
using photoaudit::audit::C2paIngredient;
using photoaudit::audit::credentials::first_action_problems;

std::vector<C2paAction> actions(std::initializer_list<const char*> names) {
  std::vector<C2paAction> out;
  for (const char* n : names) out.push_back({n, "", ""});
  return out;
}

const std::vector<C2paIngredient> kParent = {{"a.jpg", "parentOf", ""}};
const std::vector<C2paIngredient> kComponent = {{"b.jpg", "componentOf", ""}};

std::vector<std::string> codes(const std::vector<C2paAction>& a, const std::vector<C2paIngredient>& i) {
  std::vector<std::string> out;
  for (const auto& p : first_action_problems(a, i)) out.push_back(p.code);
  return out;
}

}  // namespace

TEST_CASE("c2pa actions: the first action is c2pa.created or c2pa.opened, with the right ingredients", "[c2pa]") {
  CHECK(codes(actions({"c2pa.created", "c2pa.edited"}), kComponent).empty());
  CHECK(codes(actions({"c2pa.opened", "c2pa.color_adjustments"}), kParent).empty());
  CHECK(codes({}, {}).empty());
  CHECK(codes(actions({"c2pa.edited", "c2pa.created"}), {}) == std::vector<std::string>{"assertion.action.malformed"});
  CHECK(codes(actions({"c2pa.created", "c2pa.opened"}), {}) == std::vector<std::string>{"assertion.action.malformed"});
  CHECK(codes(actions({"c2pa.opened"}), kComponent) == std::vector<std::string>{"assertion.action.ingredientMismatch"});
  CHECK(codes(actions({"c2pa.created"}), kParent) == std::vector<std::string>{"assertion.action.ingredientMismatch"});
}

TEST_CASE("c2pa actions: the samples' v2 manifests keep the first-action rules", "[c2pa]") {
  const auto dir = std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "c2pa";
  for (const char* name : {"CACA.jpg", "update_manifest.jpg"}) {
    const std::string s = photoaudit::test::read_file(dir / name);
    const std::vector<std::uint8_t> file(s.begin(), s.end());
    const auto report = photoaudit::audit::read_c2pa(file);
    REQUIRE(report.has_value());
    for (const auto& m : report->manifests) {
      INFO(name << " " << m.label);
      REQUIRE_FALSE(m.actions.empty());
      for (const auto& f : m.failure) CHECK_FALSE(f.code.starts_with("assertion.action."));
    }
  }
}

// The alias table: the shipped data, Unicode-aware matching, and adding organisations.
#include <catch2/catch.hpp>

#include "photoaudit/registry/organizations.hpp"

namespace {
using photoaudit::registry::Organization;
using photoaudit::registry::OrganizationKind;
using photoaudit::registry::OrganizationTable;

std::string id_of(const OrganizationTable& t, std::string_view name) {
  const auto* org = t.find(name);
  return org != nullptr ? org->id : "(none)";
}
}  // namespace

TEST_CASE("organizations: the shipped table parses and names the agencies of the issue", "[organizations]") {
  const auto parsed = OrganizationTable::from_yaml(R"(organizations: [{id: x, name: X, kind: agency, aliases: [Ex]}])",
                                                   "inline");
  REQUIRE(parsed.has_value());
  const auto& t = OrganizationTable::builtin();
  REQUIRE(t.size() > 80);
  for (const char* name : {"AP", "Associated Press", "The Associated Press", "ASSOCIATED PRESS", "AP Photo"}) {
    CHECK(id_of(t, name) == "ap");
  }
  for (const char* name : {"picture alliance", "picture-alliance", "dpa Picture-Alliance", "Picture Alliance"}) {
    CHECK(id_of(t, name) == "picture-alliance");
  }
  const std::vector<std::pair<const char*, const char*>> expected{
      {"Reuters", "reuters"},
      {"AFP", "afp"},
      {"Getty Images", "getty-images"},
      {"dpa", "dpa"},
      {"imago", "imago"},
      {"EPA", "epa"},
      {"EFE", "efe"},
      {"Keystone", "keystone"},
      {"APA", "apa"},
      {"ANP", "anp"},
      {"NTB", "ntb"},
      {"TT", "tt"},
      {"PA Images", "press-association"},
      {"Press Association", "press-association"},
      {"TASS", "tass"},
      {"Sputnik", "sputnik"},
      {"RIA Novosti", "ria-novosti"},
      {"Xinhua", "xinhua"},
      {"KCNA", "kcna"},
      {"Shutterstock", "shutterstock"},
      {"Alamy", "alamy"},
      {"Adobe Stock", "adobe-stock"},
      {"stock.adobe.com", "adobe-stock"},
      {"SZ Photo", "sz-photo"},
      {"Independent Record", "independent-record"},
  };
  for (const auto& [name, id] : expected) {
    INFO(name);
    CHECK(id_of(t, name) == id);
  }
}

TEST_CASE("organizations: matching folds case, width and spacing, and knows other scripts", "[organizations]") {
  const auto& t = OrganizationTable::builtin();
  CHECK(id_of(t, "REUTERS") == "reuters");
  CHECK(id_of(t, "  reuters ") == "reuters");
  CHECK(id_of(t, "Picture_Alliance") == "picture-alliance");
  CHECK(id_of(t, "\uff21\uff26\uff30") == "afp");         // fullwidth AFP
  CHECK(id_of(t, "\u0442\u0430\u0441\u0441") == "tass");  // тасс (lower-case ТАСС)
  CHECK(id_of(t, "RIA NOWOSTI") == "ria-novosti");
  CHECK(id_of(t, "\u010cTK") == "ctk");   // ČTK
  CHECK(id_of(t, "C\u030cTK") == "ctk");  // Č as C + combining caron
  CHECK(id_of(t, "Nobody Known") == "(none)");
}

TEST_CASE("organizations: case-sensitive aliases tell PA (Press Association) from pa (picture alliance)",
          "[organizations]") {
  const auto& t = OrganizationTable::builtin();
  CHECK(id_of(t, "PA") == "press-association");
  CHECK(id_of(t, "pa") == "picture-alliance");
  CHECK(id_of(t, "Pa") == "(none)");
}

TEST_CASE("organizations: canonical ids of unknown names are slugs", "[organizations]") {
  const auto& t = OrganizationTable::builtin();
  CHECK(t.canonical_id("Associated Press") == "ap");
  CHECK(t.canonical_id("Independent  Record") == "independent-record");
  CHECK(t.canonical_id("Wintershall") == "wintershall");
  CHECK(t.canonical_id("Geisler-Fotopress") == "geisler-fotopress");
}

TEST_CASE("organizations: adding refuses a name that already names another organisation", "[organizations]") {
  OrganizationTable t = OrganizationTable::builtin();
  const std::size_t before = t.size();
  auto clash = t.add(Organization{"new-agency", "New Agency", OrganizationKind::kAgency, {"Associated Press"}, {}});
  REQUIRE_FALSE(clash.has_value());
  CHECK(clash.error().message.find("already names ap") != std::string::npos);
  CHECK(t.size() == before);
  CHECK(t.find("New Agency") == nullptr);  // nothing half-added
  REQUIRE(t.add(Organization{"new-agency", "New Agency", OrganizationKind::kAgency, {"NA Photo"}, {}}).has_value());
  CHECK(id_of(t, "na photo") == "new-agency");
  REQUIRE(t.add_alias("new-agency", "Nouvelle Agence").has_value());
  CHECK(id_of(t, "NOUVELLE AGENCE") == "new-agency");
  CHECK_FALSE(t.add_alias("new-agency", "Reuters").has_value());
  CHECK_FALSE(t.add_alias("no-such-id", "X").has_value());
}

TEST_CASE("organizations: a malformed table is an error naming the place", "[organizations][hostile]") {
  const auto bad_yaml = OrganizationTable::from_yaml("organizations: [{id: x", "table.yaml");
  REQUIRE_FALSE(bad_yaml.has_value());
  CHECK(bad_yaml.error().message.rfind("table.yaml:", 0) == 0);
  const auto bad_kind = OrganizationTable::from_yaml("organizations: [{id: x, name: X, kind: bakery}]", "t.yaml");
  REQUIRE_FALSE(bad_kind.has_value());
  CHECK(bad_kind.error().message.find("unknown kind 'bakery'") != std::string::npos);
}

// Where the registry came from, reported truly (issue 17: with PHOTOAUDIT_REGISTRY=licenses.yaml the text, JSON
// (registry_is_example: true), SARIF and the HTML's red banner all called the house's registry "the EXAMPLE").
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "photoaudit/audit/audit_pipeline.hpp"
#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::run_program;
using photoaudit::test::RunResult;
using photoaudit::test::TempDir;

namespace {

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;
const fs::path kPhoto = kFixtures / "article" / "motorcycle-dpa.jpg";

// photoaudit with PHOTOAUDIT_REGISTRY set to environment ("" = unset).
RunResult run_with_registry_env(const std::string& environment, const std::vector<std::string>& args) {
  std::vector<std::string> command{"-u", "PHOTOAUDIT_REGISTRY"};
  if (!environment.empty()) command.push_back("PHOTOAUDIT_REGISTRY=" + environment);
  command.push_back(PHOTOAUDIT_BINARY);
  command.insert(command.end(), args.begin(), args.end());
  return run_program("env", command);
}

std::vector<std::string> audit_args(const std::string& format, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"audit", "--format", format, "--date", "2026-11-27"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(kPhoto.string());
  return args;
}

// A house registry: the example's contracts under another name, in a folder of its own.
struct HouseRegistry {
  TempDir tmp{"photoaudit-house"};
  fs::path file = tmp.path / "licenses.yaml";
  HouseRegistry() { fs::copy_file(kFixtures / "registry.yaml", file); }
};

}  // namespace

TEST_CASE("audit: a house registry from PHOTOAUDIT_REGISTRY is reported as such, never as the example (issue 17)") {
  const HouseRegistry house;
  const auto j = run_with_registry_env(house.file.string(), audit_args("json"));
  INFO(j.err);
  REQUIRE((j.exit_code == 0 || j.exit_code == 1));
  const json context = json::parse(j.out)["context"];
  CHECK(context["registry"] == house.file.string());
  CHECK(context["registry_source"] == "environment");
  CHECK(context["registry_is_example"] == false);
  CHECK_THAT(j.err, !Catch::Contains("example"));

  const auto text = run_with_registry_env(house.file.string(), audit_args("text"));
  CHECK_THAT(text.out, Catch::Contains("registry " + house.file.string() + " (from PHOTOAUDIT_REGISTRY)"));
  CHECK_THAT(text.out, !Catch::Contains("EXAMPLE"));

  const auto sarif = run_with_registry_env(house.file.string(), audit_args("sarif"));
  const json properties = json::parse(sarif.out)["runs"][0]["properties"];
  CHECK(properties["registryIsExample"] == false);
  CHECK(properties["registrySource"] == "environment");

  const auto html = run_with_registry_env(house.file.string(), audit_args("html"));
  CHECK_THAT(html.out, !Catch::Contains("class=\"banner\""));
  CHECK_THAT(html.out, !Catch::Contains("Example registry"));
  CHECK_THAT(html.out, Catch::Contains("(from PHOTOAUDIT_REGISTRY)"));
}

TEST_CASE("audit: --registry wins over PHOTOAUDIT_REGISTRY and is reported as the flag (issue 17)") {
  const HouseRegistry house;
  const auto r = run_with_registry_env((kFixtures / "no-such-registry.yaml").string(),
                                       audit_args("json", {"--registry", house.file.string()}));
  INFO(r.err);
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  const json context = json::parse(r.out)["context"];
  CHECK(context["registry"] == house.file.string());
  CHECK(context["registry_source"] == "flag");
  CHECK(context["registry_is_example"] == false);
}

TEST_CASE("audit: the example is called the example, whether nothing names a registry or a flag names it") {
  const auto none = run_with_registry_env("", audit_args("json"));
  INFO(none.err);
  REQUIRE((none.exit_code == 0 || none.exit_code == 1));
  const json context = json::parse(none.out)["context"];
  CHECK(context["registry_source"] == "example");
  CHECK(context["registry_is_example"] == true);
  CHECK_THAT(none.err, Catch::Contains("no --registry given: using the example registry"));
  const auto text = run_with_registry_env("", audit_args("text"));
  CHECK_THAT(text.out, Catch::Contains("EXAMPLE registry"));
  CHECK_THAT(text.out, Catch::Contains("(no --registry given)"));
  const auto html = run_with_registry_env("", audit_args("html"));
  CHECK_THAT(html.out, Catch::Contains("class=\"banner\""));

  // The shipped file named with --registry, by another spelling: still the example, chosen by the flag.
  const std::string spelled = (kFixtures / "article" / ".." / "registry.yaml").string();
  const auto flagged = run_with_registry_env("", audit_args("json", {"--registry", spelled}));
  const json flagged_context = json::parse(flagged.out)["context"];
  CHECK(flagged_context["registry_source"] == "flag");
  CHECK(flagged_context["registry_is_example"] == true);
  CHECK_THAT(flagged.err, Catch::Contains("given with --registry: using the example registry"));
}

TEST_CASE(
    "choose_registry: a house default built in is 'default', not the example, and the example spelled otherwise is") {
  using photoaudit::audit::choose_registry;
  using photoaudit::audit::RegistrySource;
  const std::string example = (kFixtures / "registry.yaml").string();
  const HouseRegistry house;
  const auto house_default = choose_registry("", "", house.file.string(), example);
  CHECK(house_default.path == house.file.string());
  CHECK(house_default.source == RegistrySource::kDefault);
  CHECK_FALSE(house_default.is_example);
  // A house default that is not there (yet) is still the house's, not the example.
  const auto missing = choose_registry("", "", "/etc/photoaudit/registry.yaml", example);
  CHECK(missing.source == RegistrySource::kDefault);
  CHECK_FALSE(missing.is_example);
  // The build's default left at the example: the example.
  const auto same = choose_registry("", "", (kFixtures / "article" / ".." / "registry.yaml").string(), example);
  CHECK(same.path == example);
  CHECK(same.source == RegistrySource::kExample);
  CHECK(same.is_example);
  const auto from_env = choose_registry("", house.file.string(), example, example);
  CHECK(from_env.source == RegistrySource::kEnvironment);
  CHECK_FALSE(from_env.is_example);
}

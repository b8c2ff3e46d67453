// End to end: `photoaudit credit` and `photoaudit registry check`.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/run_binary.hpp"

namespace {
using nlohmann::json;
using photoaudit::test::run_photoaudit;
const std::string kFixtures = PHOTOAUDIT_FIXTURES_DIR;
}  // namespace

TEST_CASE("credit command: JSON reading of each line", "[credit][e2e]") {
  const auto run = run_photoaudit({"credit", "--json", "\u00a9 picture alliance / ASSOCIATED PRESS | Valery Sharifulin",
                                   "Photo: Thom Bridge/Independent Record via AP"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const json out = json::parse(run.out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].at("input") == "\u00a9 picture alliance / ASSOCIATED PRESS | Valery Sharifulin");
  CHECK(out[0].at("organizations") ==
        json::parse(R"([{"name": "picture alliance", "canonical": "picture-alliance", "known": true},
                        {"name": "ASSOCIATED PRESS", "canonical": "ap", "known": true}])"));
  CHECK(out[0].at("photographers") == json::array({"Valery Sharifulin"}));
  CHECK(out[0].at("modifiers") == json::array());
  CHECK(out[1].at("modifiers") == json::array({"via"}));
  CHECK(out[1].at("organizations").at(0).at("canonical") == "ap");
}

TEST_CASE("credit command: text output and --lines from a file", "[credit][e2e]") {
  const auto text = run_photoaudit({"credit", "(AP Photo/Jon Super, File)"});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("organizations: AP Photo [ap]") != std::string::npos);
  CHECK(text.out.find("photographers: Jon Super") != std::string::npos);
  CHECK(text.out.find("modifiers: file") != std::string::npos);

  const auto summary = run_photoaudit({"credit", "--summary", "--lines", kFixtures + "/credits/examples.tsv"});
  INFO(summary.err);
  CHECK(summary.exit_code == 0);
  // examples.tsv: the header row and 36 examples, each line read as one credit line.
  CHECK(summary.out.find("37 credit lines") != std::string::npos);
}

TEST_CASE("credit command: empty, oversized and invalid lines are clear errors, the others still read",
          "[credit][e2e][hostile]") {
  const auto run = run_photoaudit({"credit", "--json", "", "AP Photo/Evan Vucci",
                                   std::string(std::size_t{100} * 1024, 'x'), std::string("dpa \xff")});
  CHECK(run.exit_code == 1);
  const json out = json::parse(run.out);
  REQUIRE(out.size() == 4);
  CHECK(out[0].at("error") == "credit line is empty");
  CHECK(out[1].at("organizations").at(0).at("canonical") == "ap");
  CHECK(out[2].at("error_code") == "limit_exceeded");
  CHECK(out[3].at("error").get<std::string>().find("not valid UTF-8") != std::string::npos);
  CHECK(run.err.find("credit line is empty") != std::string::npos);
  const auto none = run_photoaudit({"credit"});
  CHECK(none.exit_code == 2);
  const auto missing = run_photoaudit({"credit", "--lines", kFixtures + "/no-such-credits.txt"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("no-such-credits.txt: no such file") != std::string::npos);
}

TEST_CASE("credit command: a 10 MB line from a file is refused, not parsed", "[credit][e2e][hostile]") {
  const auto path = std::filesystem::temp_directory_path() /
                    ("photoaudit-credit-" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream out(path, std::ios::binary);
    out << "AP Photo/Evan Vucci\n" << std::string(std::size_t{10} * 1024 * 1024, 'A') << "\nREUTERS/Nadja Wohlleben\n";
  }
  const auto run = run_photoaudit({"credit", "--summary", "--lines", path.string()});
  std::filesystem::remove(path);
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("3 credit lines: 2 name an organisation") != std::string::npos);
  CHECK(run.err.find("more than the limit of 65536") != std::string::npos);
}

TEST_CASE("registry check command: problems as file:line:column: message, exit status 1", "[registry][e2e]") {
  const auto ok = run_photoaudit({"registry", "check", kFixtures + "/registry.yaml"});
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("registry.yaml: ok (7 licensors, 6 contracts, 3 blocked sources)") != std::string::npos);

  const std::string bad = kFixtures + "/registry/unknown-covers.yaml";
  const auto run = run_photoaudit({"registry", "check", bad});
  CHECK(run.exit_code == 1);
  CHECK(run.out.find(bad + ":6:18: covers names 'Associated Pres'") != std::string::npos);

  const auto json_run = run_photoaudit({"registry", "check", "--json", bad, kFixtures + "/no-such.yaml"});
  CHECK(json_run.exit_code == 1);
  const json out = json::parse(json_run.out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].at("ok") == false);
  CHECK(out[0].at("problems").at(0).at("line") == 6);
  CHECK(out[0].at("problems").at(0).at("column") == 18);
  CHECK(out[1].at("error_code") == "not_found");

  const auto syntax = run_photoaudit({"registry", "check", kFixtures + "/registry/syntax-error.yaml"});
  CHECK(syntax.exit_code == 1);
  CHECK(syntax.out.find("syntax-error.yaml:6:1: YAML syntax error") != std::string::npos);
}

TEST_CASE(
    "credit --lines: a 512 MiB file of one endless line is one failed line with a clear error, read in bounded "
    "memory (issue 18: the line grew without bound)",
    "[credit][e2e][hostile]") {
  const auto path = std::filesystem::temp_directory_path() /
                    ("photoaudit-credit-endless-" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream out(path, std::ios::binary);
    out << "AP Photo/Evan Vucci\n";
  }
  constexpr std::uintmax_t kSize = std::uintmax_t{512} << 20;
  std::filesystem::resize_file(path, kSize);  // sparse: 512 MiB of zero bytes, no line end after the first line
  const auto run = run_photoaudit({"credit", "--summary", "--lines", path.string()});
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  std::filesystem::remove(path);
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("2 credit lines: 1 name an organisation") != std::string::npos);
  CHECK(run.err.find("credit line is " + std::to_string(kSize - 20) + " bytes, more than the limit of 65536") !=
        std::string::npos);
  CHECK(usage.ru_maxrss < 256L * 1024);  // KiB: far below the line's 512 MiB (under ASan too)
}

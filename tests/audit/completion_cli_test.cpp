// The man page and the bash and zsh completions (issue 17: "no man page, no shell completion"). The completions
// are `photoaudit completion bash|zsh`, generated from the CLI's own subcommands and options; the man page is
// help2man's reading of --help (cmake/Install.cmake). Both are built and installed by `cmake --install`.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using photoaudit::test::read_file;
using photoaudit::test::run_photoaudit;
using photoaudit::test::run_program;
using photoaudit::test::TempDir;

namespace {

const fs::path kBuild = PHOTOAUDIT_BUILD_DIR;

// The subcommands `photoaudit --help` lists: the words at the start of the lines after "SUBCOMMANDS:".
std::set<std::string> subcommands_in_help() {
  const auto help = run_photoaudit({"--help"});
  REQUIRE(help.exit_code == 0);
  std::istringstream lines(help.out);
  std::set<std::string> names;
  bool in_list = false;
  for (std::string line; std::getline(lines, line);) {
    std::string upper = line;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    if (upper.starts_with("SUBCOMMANDS")) {
      in_list = true;
    } else if (in_list && line.starts_with("  ")) {
      const auto start = line.find_first_not_of(' ');
      names.insert(line.substr(start, line.find(' ', start) - start));
    } else if (in_list && !line.empty()) {
      in_list = false;
    }
  }
  return names;
}

// What the bash completion offers for the words typed so far (the last one being completed).
std::set<std::string> bash_complete(const fs::path& script, const std::string& typed) {
  const std::string program =
      "source \"$1\"; read -r -a COMP_WORDS <<< \"$2\"; [[ $2 == *' ' ]] && COMP_WORDS+=('');"
      " COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _photoaudit; printf '%s\\n' \"${COMPREPLY[@]}\"";
  const auto r = run_program("bash", {"-c", program, "bash", script.string(), typed});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::set<std::string> words;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) words.insert(line);
  }
  return words;
}

}  // namespace

TEST_CASE("bash completion: every subcommand --help lists, a command's subcommands and options") {
  const auto subcommands = subcommands_in_help();
  REQUIRE(subcommands.size() >= 13);
  CHECK(subcommands.count("audit") == 1);
  CHECK(subcommands.count("completion") == 0);  // hidden
  TempDir tmp;
  const fs::path script = tmp.path / "photoaudit.bash";
  const auto generated = run_photoaudit({"completion", "bash"});
  REQUIRE(generated.exit_code == 0);
  {
    std::ofstream out(script);
    out << generated.out;
  }
  CHECK(bash_complete(script, "photoaudit ") == subcommands);
  CHECK(bash_complete(script, "photoaudit li") == std::set<std::string>{"license"});
  CHECK(bash_complete(script, "photoaudit registry ") == std::set<std::string>{"check"});
  CHECK(bash_complete(script, "photoaudit audit --reg") == std::set<std::string>{"--registry"});
  const auto progress = bash_complete(script, "photoaudit audit -j 2 --pro");
  CHECK(progress == std::set<std::string>{"--progress"});
  const auto json = bash_complete(script, "photoaudit registry check --");
  CHECK(json.count("--json") == 1);
  CHECK(json.count("--registry") == 0);  // registry check has none
  // The file the build generated is the same script.
  CHECK(read_file(kBuild / "share" / "photoaudit.bash") == generated.out);
}

TEST_CASE("zsh completion: parses, and lists every subcommand with its description") {
  const auto generated = run_photoaudit({"completion", "zsh"});
  REQUIRE(generated.exit_code == 0);
  TempDir tmp;
  const fs::path script = tmp.path / "_photoaudit";
  {
    std::ofstream out(script);
    out << generated.out;
  }
  const auto syntax = run_program("zsh", {"-n", script.string()});
  INFO(syntax.err);
  CHECK(syntax.exit_code == 0);
  // Loaded as a plain script (compdef stubbed), the lookups it completes from answer like bash's.
  const auto listed = run_program(
      "zsh", {"-c",
              "compdef() { :; }; source \"$1\"; _photoaudit_subcommands ''; _photoaudit_described registry; "
              "print -l -- $reply",
              "zsh", script.string()});
  INFO(listed.err);
  REQUIRE(listed.exit_code == 0);
  std::istringstream first_line(listed.out.substr(0, listed.out.find('\n')));
  std::set<std::string> words;
  for (std::string w; first_line >> w;) words.insert(w);
  CHECK(words == subcommands_in_help());
  CHECK_THAT(listed.out, Catch::Contains("check:Validate registry files"));
  CHECK(read_file(kBuild / "share" / "photoaudit.zsh") == generated.out);
  const auto bad = run_photoaudit({"completion", "fish"});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("cmake --install: the binary, its man page (help2man) and both completions") {
  TempDir prefix;
  const auto install = run_program("cmake", {"--install", kBuild.string(), "--prefix", prefix.path.string()});
  INFO(install.out << install.err);
  REQUIRE(install.exit_code == 0);
  const fs::path bin = prefix.path / "bin" / "photoaudit";
  REQUIRE(fs::exists(bin));
  const auto version = run_program(bin.string(), {"--version"});
  CHECK_THAT(version.out, Catch::StartsWith("photoaudit "));
  CHECK(read_file(prefix.path / "share" / "bash-completion" / "completions" / "photoaudit") ==
        run_photoaudit({"completion", "bash"}).out);
  CHECK(read_file(prefix.path / "share" / "zsh" / "vendor-completions" / "_photoaudit") ==
        run_photoaudit({"completion", "zsh"}).out);
  const fs::path man = prefix.path / "share" / "man" / "man1" / "photoaudit.1";
  REQUIRE(fs::exists(man));  // help2man is in scripts/setup's packages; without it the build says so and skips it
  const std::string page = read_file(man);
  CHECK_THAT(page, Catch::Contains(".TH PHOTOAUDIT \"1\""));
  CHECK_THAT(page, Catch::Contains("EXIT STATUS"));
  CHECK_THAT(page, Catch::Contains("PHOTOAUDIT_REGISTRY"));
  // help2man writes a hyphen as roff's "\-" (verify-evidence, issue 16).
  for (auto name : subcommands_in_help()) {
    for (std::size_t at = name.find('-'); at != std::string::npos; at = name.find('-', at + 2)) name.insert(at, "\\");
    CHECK_THAT(page, Catch::Contains(name));
  }
}

// The exit-status policy of every command (cli.hpp, README "Exit status"), through the built binary: 0 ok,
// 1 findings or an unreadable input, 2 usage or configuration, 3 internal error; and -j/--threads, one spelling.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "photoaudit/audit/cli.hpp"
#include "support/run_binary.hpp"

namespace {

using photoaudit::test::run_photoaudit;

const std::string kFixtures = PHOTOAUDIT_FIXTURES_DIR;
const std::string kRegistry = kFixtures + "/registry.yaml";
const std::string kMissingRegistry = kFixtures + "/no-such-registry.yaml";
const std::string kArticle = kFixtures + "/article";
const std::string kPhoto = kFixtures + "/article/putin-min-aung-hlaing.jpg";

}  // namespace

TEST_CASE("exit status 0: every input handled, nothing reached the threshold") {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"inspect", kPhoto},
           {"hash", kPhoto},
           {"compare", kPhoto, kPhoto},
           {"credit", "AP Photo/Evan Vucci"},
           {"registry", "check", kRegistry},
           {"license", "--registry", kRegistry, "--date", "2026-06-15", kFixtures + "/registry-images/licensed.jpg"},
           {"dupes", kPhoto},
           {"audit", "--registry", kRegistry, "--fail-on", "never", kArticle},
           {"--help"},
           {"hash", "--help"}}) {
    const auto run = run_photoaudit(args);
    INFO(args.at(0) << " " << run.err);
    CHECK(run.exit_code == 0);
  }
}

TEST_CASE("exit status 1: findings reached --fail-on, or an input could not be read (the rest is still done)") {
  const auto findings = run_photoaudit(
      {"license", "--registry", kRegistry, "--date", "2026-06-15", kFixtures + "/registry-images/license-expired.jpg"});
  CHECK(findings.exit_code == 1);
  CHECK(run_photoaudit({"audit", "--registry", kRegistry, kArticle}).exit_code == 1);
  const std::string missing = kFixtures + "/no-such.jpg";
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"inspect", kPhoto, missing},
           {"hash", kPhoto, missing},
           {"compare", kPhoto, missing},
           {"compare", missing, kPhoto},
           {"credit", "AP Photo/Evan Vucci", ""},
           {"credit", "--lines", kFixtures + "/no-such-credits.txt"},
           {"registry", "check", kFixtures + "/registry/tabs.yaml"},
           {"registry", "check", kMissingRegistry},  // registry check's files are its inputs, not configuration
           {"license", "--registry", kRegistry, missing},
           {"dupes", kPhoto, missing}}) {
    const auto run = run_photoaudit(args);
    INFO(args.at(0) << " " << args.at(1) << " " << run.err);
    CHECK(run.exit_code == 1);
    CHECK_FALSE((run.err + run.out).empty());
  }
}

TEST_CASE("exit status 2: bad flags, and a missing or broken registry in every command that uses one") {
  CHECK(run_photoaudit({"hash", "--no-such-flag", kPhoto}).exit_code == 2);
  CHECK(run_photoaudit({"nonsense"}).exit_code == 2);
  CHECK(run_photoaudit({"license", "--registry", kRegistry, "--fail-on", "sometimes", kPhoto}).exit_code == 2);
  // Was 1 in license and credit (2 in audit): a registry that is missing or does not load is configuration.
  for (const std::string& registry : {kMissingRegistry, kFixtures + "/registry/tabs.yaml"}) {
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"license", "--registry", registry, kPhoto},
                                               {"audit", "--registry", registry, kArticle},
                                               {"page", "--registry", registry, kFixtures + "/page/article.html"},
                                               {"credit", "--registry", registry, "AP Photo/Evan Vucci"}}) {
      const auto run = run_photoaudit(args);
      INFO(args.at(0) << " " << registry << " " << run.err);
      CHECK(run.exit_code == 2);
      CHECK(run.err.find(registry.substr(registry.rfind('/') + 1)) != std::string::npos);
      CHECK(run.out.empty());
    }
  }
  // A catalog that does not exist is configuration too (it was 1 in find and dupes, 2 in audit).
  const std::string no_catalog = kFixtures + "/no-such-catalog.db";
  CHECK(run_photoaudit({"find", "--index", no_catalog, kPhoto}).exit_code == 2);
  CHECK(run_photoaudit({"dupes", "--index", no_catalog}).exit_code == 2);
  CHECK(run_photoaudit({"audit", "--registry", kRegistry, "--index", no_catalog, kPhoto}).exit_code == 2);
}

TEST_CASE(
    "exit status 2: --timeout nan, inf, 0 or negative is refused in audit and page (issue 18: nan passed the range "
    "check and disabled the timeout)") {
  for (const char* command : {"audit", "page"}) {
    for (const char* value :
         {"nan", "NaN", "-nan", "inf", "infinity", "-inf", "0", "-5", "0.05", "3601", "1e400", "30s", ""}) {
      const auto run = run_photoaudit({command, "--timeout", value, kFixtures + "/page/article.html"});
      INFO(command << " --timeout '" << value << "': " << run.err);
      CHECK(run.exit_code == 2);
      CHECK(run.err.find("--timeout") != std::string::npos);
      CHECK(run.out.empty());
    }
    // The bounds themselves are accepted.
    for (const char* value : {"0.1", "30", "3600"}) {
      const auto run = run_photoaudit({command, "--timeout", value, kFixtures + "/page/article.html"});
      INFO(command << " --timeout " << value << ": " << run.err);
      CHECK(run.exit_code != 2);
    }
  }
}

TEST_CASE("exit status 3: an exception that reaches the command line is an internal error, not findings") {
  // Was 1, like findings. No input makes the built binary throw (libraries return errors as values), so the
  // guard run_cli runs every command in is checked directly.
  std::ostringstream err;
  const int status = photoaudit::audit::run_guarded([]() -> int { throw std::runtime_error("boom\x1b[2J"); }, err);
  CHECK(status == 3);
  CHECK(status == photoaudit::audit::kExitInternal);
  CHECK(err.str() == "photoaudit: internal error: boom\\x1b[2J\n");
  CHECK(photoaudit::audit::run_guarded([] { return 1; }, err) == 1);
}

TEST_CASE("worker count: -j/--threads in every command that has one, --jobs a hidden alias") {
  const std::string licensed = kFixtures + "/registry-images/licensed.jpg";
  const std::vector<std::vector<std::string>> commands{
      {"inspect", kPhoto},
      {"hash", kPhoto},
      {"license", "--registry", kRegistry, "--date", "2026-06-15", licensed},
      {"dupes", kPhoto},
      {"audit", "--registry", kRegistry, "--fail-on", "never", "--date", "2026-06-15", kPhoto},
      {"page", "--registry", kRegistry, "--fail-on", "never", "--date", "2026-06-15",
       kFixtures + "/page/article.html"}};
  for (const auto& command : commands) {
    INFO(command.at(0));
    std::string first_out;
    for (const char* spelling : {"-j", "--threads", "--jobs"}) {
      auto args = command;
      args.insert(args.begin() + 1, {spelling, "1"});
      const auto run = run_photoaudit(args);
      INFO(spelling << " " << run.err);
      CHECK(run.exit_code == 0);
      // The audit's header says when it ran (issue 16): the only line two runs may differ in.
      std::string out = run.out;
      if (const auto at = out.find("\n  generated "); at != std::string::npos) {
        out.erase(at, out.find('\n', at + 1) - at);
      }
      if (first_out.empty()) first_out = out;
      CHECK(out == first_out);
    }
    const auto help = run_photoaudit({command.at(0), "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("-j,--threads") != std::string::npos);
    CHECK(help.out.find("--jobs") == std::string::npos);
  }
  // scan as well (it writes a catalog: each spelling its own).
  for (const char* spelling : {"-j", "--threads", "--jobs"}) {
    const std::string db = "/tmp/photoaudit-threads-" + std::to_string(::getpid()) + spelling + ".db";
    const auto run = run_photoaudit({"scan", "--quiet", spelling, "1", "--index", db, kPhoto});
    std::remove(db.c_str());
    INFO(spelling << " " << run.err);
    CHECK(run.exit_code == 0);
  }
  const auto scan_help = run_photoaudit({"scan", "--help"});
  CHECK(scan_help.out.find("-j,--threads") != std::string::npos);
  CHECK(scan_help.out.find("--jobs") == std::string::npos);
}

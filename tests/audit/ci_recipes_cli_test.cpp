// docs/ci.md's recipes run end to end, as written there, in temporary git repositories with real photos and
// real git: the plain pre-commit hook, the pre-commit framework (Debian's pre-commit, offline: the hook
// repository is a local one) and the GitHub Actions job's commands. Issue 17: the documented hook audited the
// work tree, so a staged Sputnik photo whose working file was then replaced by a licensed one was committed,
// and an untracked bad file blocked the commit of a good image.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

using nlohmann::json;
using photoaudit::test::read_file;
using photoaudit::test::run_program;
using photoaudit::test::RunResult;
using photoaudit::test::TempDir;

namespace {

namespace fs = std::filesystem;
const fs::path kSource = PHOTOAUDIT_SOURCE_DIR;
const fs::path kArticle = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "article";

// Sets (or, with nullopt, removes) an environment variable for the object's lifetime; restores it after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* before = ::getenv(name)) before_ = before;
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (before_) {
      ::setenv(name_, before_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> before_;
};

std::string path_with_photoaudit() {
  const char* path = ::getenv("PATH");
  return fs::path(PHOTOAUDIT_BINARY).parent_path().string() + ":" + (path != nullptr ? path : "/usr/bin:/bin");
}

// Everything git and pre-commit read from the machine or the user is replaced by files in a temporary folder:
// the global configuration (an identity, branch main), no system configuration, pre-commit's cache; photoaudit's
// build folder comes first on PATH (the recipes call `photoaudit`). The GIT_* variables of a caller (a test run
// from a git hook) are removed.
struct Sandbox {
  TempDir dir{"photoaudit-ci-recipe"};
  ScopedEnv global{"GIT_CONFIG_GLOBAL", (dir.path / "gitconfig").string()};
  ScopedEnv no_system{"GIT_CONFIG_NOSYSTEM", "1"};
  ScopedEnv git_dir{"GIT_DIR", std::nullopt};
  ScopedEnv work_tree{"GIT_WORK_TREE", std::nullopt};
  ScopedEnv index_file{"GIT_INDEX_FILE", std::nullopt};
  ScopedEnv pre_commit_home{"PRE_COMMIT_HOME", (dir.path / "pre-commit-home").string()};
  ScopedEnv home{"HOME", dir.path.string()};
  ScopedEnv path{"PATH", path_with_photoaudit()};
  ScopedEnv registry{"PHOTOAUDIT_REGISTRY", std::nullopt};

  Sandbox() {
    std::ofstream(dir.path / "gitconfig") << "[user]\n\tname = Photo Desk\n\temail = desk@example.org\n"
                                             "[init]\n\tdefaultBranch = main\n"
                                             "[commit]\n\tgpgsign = false\n";
  }
};

// A shell command run in `cwd` (given as $1, so the path needs no quoting). git hooks print to stderr.
RunResult sh(const fs::path& cwd, const std::string& script) {
  return run_program("sh", {"-c", "cd \"$1\" || exit 99\n" + script, "sh", cwd.string()});
}

void git(const fs::path& repo, std::vector<std::string> args) {
  args.insert(args.begin(), {"-C", repo.string()});
  const RunResult r = run_program("git", args);
  INFO("git " << args[2] << ": " << r.err);
  REQUIRE(r.exit_code == 0);
}

std::string head_of(const fs::path& repo) {
  const RunResult r = run_program("git", {"-C", repo.string(), "rev-parse", "HEAD"});
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, r.out.find('\n'));
}

// The example registry, with dpa's contract open-ended: the good photo stays licensed whatever today is.
void write_licenses(const fs::path& file) {
  std::string text = read_file(fs::path(PHOTOAUDIT_FIXTURES_DIR) / "registry.yaml");
  const auto at = text.find("valid_until: 2027-12-31");
  REQUIRE(at != std::string::npos);
  text.replace(at, 23, "valid_until: 2999-12-31");
  std::ofstream(file) << text;
}

void put(const std::string& fixture, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy_file(kArticle / fixture, to, fs::copy_options::overwrite_existing);
}

// The fenced block of docs/ci.md that starts with `first_line` (the text between the fences).
std::string documented_block(const std::string& first_line) {
  const std::string doc = read_file(kSource / "docs" / "ci.md");
  const auto start = doc.find("```" + std::string(first_line.starts_with("#!") ? "sh" : "yaml") + "\n" + first_line);
  REQUIRE(start != std::string::npos);
  const auto body = doc.find('\n', start) + 1;
  const auto end = doc.find("\n```", body);
  REQUIRE(end != std::string::npos);
  return doc.substr(body, end - body + 1);
}

// The `run:` of the workflow step named `step` (a one-line run or a `run: |` block), de-indented.
std::string workflow_run(const std::string& workflow, const std::string& step) {
  const auto named = workflow.find("- name: " + step + "\n");
  REQUIRE(named != std::string::npos);
  const auto run = workflow.find("run: ", named);
  REQUIRE(run != std::string::npos);
  const auto line_end = workflow.find('\n', run);
  const std::string first = workflow.substr(run + 5, line_end - run - 5);
  if (first != "|") return first + "\n";
  std::string script;
  std::size_t at = line_end + 1;
  const std::size_t indent = workflow.find_first_not_of(' ', at) - at;
  while (at < workflow.size()) {
    const auto end = workflow.find('\n', at);
    const std::string line = workflow.substr(at, end - at);
    if (line.find_first_not_of(' ') < indent) break;
    script += line.substr(indent) + "\n";
    at = end + 1;
  }
  return script;
}

void replace(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
}

// A content repository on branch main: licenses.yaml and images/moto.jpg (dpa, licensed), committed.
fs::path content_repository(const fs::path& where) {
  fs::create_directories(where);
  git(where, {"init", "-q"});
  write_licenses(where / "licenses.yaml");
  put("motorcycle-dpa.jpg", where / "images" / "moto.jpg");
  git(where, {"add", "."});
  git(where, {"commit", "-q", "-m", "images"});
  return where;
}

}  // namespace

// Issue 17: the documented hook audited the work tree.
TEST_CASE("ci.md recipe plain git hook: the staged content is judged, untracked files are not") {
  const Sandbox box;
  const fs::path repo = content_repository(box.dir.path / "content");
  const fs::path hook = repo / ".git" / "hooks" / "pre-commit";
  std::ofstream(hook) << documented_block("#!/bin/sh");
  fs::permissions(hook, fs::perms::owner_all);

  // Staged: the Sputnik photo. Working file: then replaced by the licensed dpa photo.
  put("kremlin-pool-sputnik.jpg", repo / "images" / "kremlin.jpg");
  git(repo, {"add", "images/kremlin.jpg"});
  put("motorcycle-dpa.jpg", repo / "images" / "kremlin.jpg");
  const std::string before = head_of(repo);
  RunResult commit = sh(repo, "git commit -q -m 'a blocked photo'");
  INFO(commit.out << commit.err);
  CHECK(commit.exit_code != 0);
  CHECK(head_of(repo) == before);
  CHECK((commit.out + commit.err).find("images/kremlin.jpg") != std::string::npos);
  CHECK((commit.out + commit.err).find("source-blocked") != std::string::npos);

  git(repo, {"reset", "-q", "--", "images/kremlin.jpg"});
  fs::remove(repo / "images" / "kremlin.jpg");

  // `git commit -a` records the working files through a temporary index (GIT_INDEX_FILE): the hook reads that.
  put("kremlin-pool-sputnik.jpg", repo / "images" / "moto.jpg");
  commit = sh(repo, "git commit -q -a -m 'every change'");
  CHECK(commit.exit_code != 0);
  CHECK(head_of(repo) == before);
  CHECK((commit.out + commit.err).find("source-blocked") != std::string::npos);
  git(repo, {"checkout", "-q", "--", "images/moto.jpg"});

  // The other way round: an untracked bad file must not block a good image.
  put("kremlin-pool-sputnik.jpg", repo / "images" / "untracked-sputnik.jpg");
  put("motorcycle-dpa.jpg", repo / "images" / "second-moto.jpg");
  git(repo, {"add", "images/second-moto.jpg"});
  commit = sh(repo, "git commit -q -m 'a good photo'");
  CHECK(commit.exit_code == 0);
  CHECK(head_of(repo) != before);
  CHECK((commit.out + commit.err).find("untracked-sputnik") == std::string::npos);
}

// Offline: the hook repository is a local one, `rev:` a commit sha.
TEST_CASE("ci.md recipe pre-commit framework: the staged content is judged, untracked files are not") {
  const Sandbox box;
  REQUIRE(run_program("pre-commit", {"--version"}).exit_code == 0);  // Debian's pre-commit (scripts/setup test)
  // The hook repository: this checkout's .pre-commit-hooks.yaml, committed; `rev:` is that commit.
  const fs::path hooks = box.dir.path / "photoaudit-hooks";
  fs::create_directories(hooks);
  git(hooks, {"init", "-q"});
  fs::copy_file(kSource / ".pre-commit-hooks.yaml", hooks / ".pre-commit-hooks.yaml");
  git(hooks, {"add", "."});
  git(hooks, {"commit", "-q", "-m", "hooks"});

  const fs::path repo = content_repository(box.dir.path / "content");
  std::string config = documented_block("repos:");
  replace(config, "https://example.org/photoaudit.git", hooks.string());
  const auto rev = config.find("rev: ");
  REQUIRE(rev != std::string::npos);
  config.replace(rev + 5, 40, head_of(hooks));
  std::ofstream(repo / ".pre-commit-config.yaml") << config;
  git(repo, {"add", ".pre-commit-config.yaml"});
  git(repo, {"commit", "-q", "-m", "pre-commit"});
  const RunResult install = sh(repo, "pre-commit install");
  INFO(install.out << install.err);
  REQUIRE(install.exit_code == 0);

  put("kremlin-pool-sputnik.jpg", repo / "images" / "kremlin.jpg");
  git(repo, {"add", "images/kremlin.jpg"});
  put("motorcycle-dpa.jpg", repo / "images" / "kremlin.jpg");
  const std::string before = head_of(repo);
  RunResult commit = sh(repo, "git commit -q -m 'a blocked photo'");
  INFO(commit.out << commit.err);
  CHECK(commit.exit_code != 0);
  CHECK(head_of(repo) == before);
  CHECK((commit.out + commit.err).find("source-blocked") != std::string::npos);
  // pre-commit put the unstaged working file back.
  CHECK(read_file(repo / "images" / "kremlin.jpg") == read_file(kArticle / "motorcycle-dpa.jpg"));

  git(repo, {"reset", "-q", "--", "images/kremlin.jpg"});
  put("kremlin-pool-sputnik.jpg", repo / "images" / "untracked-sputnik.jpg");
  put("motorcycle-dpa.jpg", repo / "images" / "second-moto.jpg");
  git(repo, {"add", "images/second-moto.jpg"});
  commit = sh(repo, "git commit -q -m 'a good photo'");
  CHECK(commit.exit_code == 0);
  CHECK(head_of(repo) != before);

  // The second hook: folders in args, files recognised by content, unchanged images as context. A crop of a
  // committed picture alliance photo, named .txt and without a credit, is refused and told the original's credit.
  replace(config, "id: photoaudit\n", "id: photoaudit-folders\n");
  replace(config, "online]", "online, images/]");
  std::ofstream(repo / ".pre-commit-config.yaml") << config;
  git(repo, {"add", ".pre-commit-config.yaml"});
  git(repo, {"commit", "-q", "--no-verify", "-m", "folders hook"});
  put("teaser-putin.jpg", repo / "images" / "teaser.txt");
  put("putin-min-aung-hlaing.jpg", repo / "images" / "original.jpg");
  git(repo, {"add", "images/original.jpg"});
  git(repo, {"commit", "-q", "--no-verify", "-m", "original"});
  const std::string with_original = head_of(repo);
  git(repo, {"add", "images/teaser.txt"});
  commit = sh(repo, "git commit -q -m 'a teaser'");
  CHECK(commit.exit_code != 0);
  CHECK(head_of(repo) == with_original);
  const std::string said = commit.out + commit.err;
  CHECK(said.find("images/teaser.txt") != std::string::npos);
  CHECK(said.find("duplicate-credit") != std::string::npos);
  CHECK(said.find("images/original.jpg") != std::string::npos);
  CHECK(said.find("untracked-sputnik") == std::string::npos);
}

// On a pull request branch: the registry check passes, the audit fails on the changed images only and writes
// SARIF that validates; a new crop gets its unchanged original's credit.
TEST_CASE("ci.md recipe GitHub Actions job: changed images judged, SARIF valid, originals as context") {
  const Sandbox box;
  // origin: main with the licensed photo and an original; the job's checkout is a clone with a PR branch.
  const fs::path origin = content_repository(box.dir.path / "origin");
  put("putin-min-aung-hlaing.jpg", origin / "images" / "original.jpg");
  git(origin, {"add", "."});
  git(origin, {"commit", "-q", "-m", "original"});
  const fs::path workspace = box.dir.path / "workspace";
  git(box.dir.path, {"clone", "-q", origin.string(), workspace.string()});
  git(workspace, {"checkout", "-q", "-b", "new-photos"});
  put("kremlin-pool-sputnik.jpg", workspace / "images" / "kremlin.jpg");
  put("teaser-putin.jpg", workspace / "images" / "teaser.jpg");
  git(workspace, {"add", "."});
  git(workspace, {"commit", "-q", "-m", "two new photos"});

  const std::string workflow = documented_block("# .github/workflows/photoaudit.yml");
  const ScopedEnv github_workspace("GITHUB_WORKSPACE", workspace.string());
  const RunResult check = sh(workspace, workflow_run(workflow, "Check the license registry"));
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);

  std::string audit = workflow_run(workflow, "Audit the changed images");
  replace(audit, "${{ github.base_ref }}", "main");
  const RunResult run = sh(workspace, audit);
  INFO(audit << run.out << run.err);
  CHECK(run.exit_code == 1);
  const fs::path sarif = workspace / "photoaudit.sarif";
  REQUIRE(fs::exists(sarif));
  const RunResult valid = run_program(
      "/usr/bin/python3", {"-c",
                           "import json,jsonschema,sys; "
                           "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
                           sarif.string(), std::string(PHOTOAUDIT_FIXTURES_DIR) + "/sarif/sarif-schema-2.1.0.json"});
  INFO(valid.err);
  CHECK(valid.exit_code == 0);

  const json log = json::parse(read_file(sarif));
  const json& results = log["runs"][0]["results"];
  std::set<std::string> where;
  bool blocked = false;
  bool credit_hint = false;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string uri = results[i]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    const std::string rule = results[i]["ruleId"];
    where.insert(uri);
    blocked = blocked || (uri == "images/kremlin.jpg" && rule == "source-blocked");
    credit_hint = credit_hint ||
                  (uri == "images/teaser.jpg" && rule == "duplicate-credit" &&
                   results[i]["message"]["text"].get<std::string>().find("original.jpg") != std::string::npos);
  }
  CHECK(where == std::set<std::string>{"images/kremlin.jpg", "images/teaser.jpg"});
  CHECK(blocked);
  CHECK(credit_hint);
}

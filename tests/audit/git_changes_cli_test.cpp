// `photoaudit audit --changed-since` runs git in a repository that is hostile input: nothing the repository
// configures (filters, textconv, external diff, hooks, fsmonitor, pager) and no GIT_* variable of the caller
// may make git run a program or look at another repository. Issue 18, item 1.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/run_binary.hpp"

using nlohmann::json;
using photoaudit::test::run_photoaudit;
using photoaudit::test::run_program;

namespace {

namespace fs = std::filesystem;
const std::string kFixtures = PHOTOAUDIT_FIXTURES_DIR;

// File names of the audited images.
std::set<std::string> audited_files(const json& report) {
  std::set<std::string> out;
  for (const auto& img : report["images"]) out.insert(fs::path(img["path"].get<std::string>()).filename().string());
  return out;
}

// Files in the marker folder: one per program that ran.
std::vector<std::string> markers(const fs::path& folder) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(folder)) out.push_back(entry.path().filename().string());
  return out;
}

// Sets an environment variable for the lifetime of the object (the photoaudit child inherits it).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) { ::setenv(name, value.c_str(), 1); }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

void write_executable(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
  fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
}

}  // namespace

TEST_CASE(
    "audit --changed-since runs none of the repository's filters, textconv, external diff, hooks or "
    "fsmonitor, and ignores the caller's GIT_* variables (issue 18: a clean filter in .git/config ran)") {
  const fs::path root = fs::temp_directory_path() / ("photoaudit-git-hostile-" + std::to_string(::getpid()));
  fs::remove_all(root);
  const fs::path repo = root / "repo";
  const fs::path marks = root / "markers";
  fs::create_directories(repo / "img");
  fs::create_directories(marks);
  auto git = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"-C", repo.string(), "-c", "user.name=Test", "-c", "user.email=test@example.org"});
    const auto r = run_program("git", args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  };
  git({"init", "-q"});
  fs::copy_file(kFixtures + "/article/motorcycle-dpa.jpg", repo / "img" / "moto.jpg");
  fs::copy_file(kFixtures + "/article/rocket-launch-epa.jpg", repo / "img" / "rocket.jpg");
  fs::copy_file(kFixtures + "/article/ai-illustration.jpg", repo / "img" / "still.jpg");
  fs::copy_file(kFixtures + "/article/cat-credit-conflict.jpg", repo / "img" / "cat.jpg");
  // Every image names a filter driver and a diff driver; the drivers are configured only after the commit.
  std::ofstream(repo / ".gitattributes") << "moto.jpg filter=evil diff=evil\n"
                                            "still.jpg filter=proc diff=evil\n"
                                            "cat.jpg filter=fromenv diff=evil\n"
                                            "*.jpg diff=evil\n";
  git({"add", "."});
  git({"commit", "-q", "-m", "first"});

  // Each program writes a marker named for what ran it.
  auto marker = [&](const std::string& name) { return "touch '" + (marks / name).string() + "'"; };
  git({"config", "filter.evil.clean", marker("clean-filter") + "; cat"});
  git({"config", "filter.evil.smudge", marker("smudge-filter") + "; cat"});
  git({"config", "filter.evil.required", "true"});
  git({"config", "filter.proc.process", marker("process-filter") + "; exit 1"});
  git({"config", "diff.evil.textconv", marker("textconv") + "; cat"});
  git({"config", "diff.evil.command", marker("diff-driver-command")});
  git({"config", "diff.external", marker("diff-external")});
  git({"config", "core.pager", marker("pager")});
  write_executable(root / "fsmonitor", "#!/bin/sh\n" + marker("fsmonitor") + "\n");
  git({"config", "core.fsmonitor", (root / "fsmonitor").string()});
  fs::create_directories(root / "hooks");
  for (const char* hook : {"pre-commit", "post-checkout", "post-index-change", "reference-transaction", "pre-auto-gc",
                           "fsmonitor-watchman"}) {
    write_executable(root / "hooks" / hook, "#!/bin/sh\n" + marker(std::string("hook-") + hook) + "\n");
    write_executable(repo / ".git" / "hooks" / hook,
                     "#!/bin/sh\n" + marker(std::string("git-dir-hook-") + hook) + "\n");
  }
  git({"config", "core.hooksPath", (root / "hooks").string()});

  // Since the commit: rocket.jpg replaced by a blocked photo, a new untracked teaser; moto.jpg, still.jpg and
  // cat.jpg are touched but unchanged, so git would have to compare their contents (through the filters) to know.
  fs::copy_file(kFixtures + "/article/kremlin-pool-sputnik.jpg", repo / "img" / "rocket.jpg",
                fs::copy_options::overwrite_existing);
  fs::copy_file(kFixtures + "/article/teaser-putin.jpg", repo / "img" / "teaser.jpg");
  const auto later = fs::last_write_time(repo / "img" / "moto.jpg") + std::chrono::hours(1);
  fs::last_write_time(repo / "img" / "moto.jpg", later);
  fs::last_write_time(repo / "img" / "still.jpg", later);
  fs::last_write_time(repo / "img" / "cat.jpg", later);
  write_executable(root / "external-diff", "#!/bin/sh\n" + marker("env-external-diff") + "\n");
  REQUIRE(markers(marks).empty());

  // The caller's environment: a bogus repository and index, an external diff, a filter given as `git -c`.
  const ScopedEnv git_dir("GIT_DIR", (root / "no-such-repository").string());
  const ScopedEnv work_tree("GIT_WORK_TREE", root.string());
  const ScopedEnv index_file("GIT_INDEX_FILE", (root / "no-such-index").string());
  const ScopedEnv external_diff("GIT_EXTERNAL_DIFF", (root / "external-diff").string());
  const ScopedEnv pager("GIT_PAGER", marker("git-pager"));
  const ScopedEnv parameters("GIT_CONFIG_PARAMETERS", "'filter.fromenv.clean'='" + marker("env-filter") + "; cat'");

  const auto r = run_photoaudit(
      {"audit", "--format", "json", "--date", "2026-11-27", "--changed-since", "HEAD", (repo / "img").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);  // the blocked photo is an error
  const json report = json::parse(r.out);
  // The normal answer: the replaced and the new file, not the touched ones.
  CHECK(audited_files(report) == std::set<std::string>{"rocket.jpg", "teaser.jpg"});
  for (const auto& img : report["images"]) {
    if (fs::path(img["path"].get<std::string>()).filename() != "rocket.jpg") continue;
    bool blocked = false;
    for (const auto& f : img["findings"]) blocked = blocked || f["rule"] == "source-blocked";
    CHECK(blocked);
  }
  CHECK(markers(marks) == std::vector<std::string>{});
  fs::remove_all(root);
}

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

#include "pipeline/staged_files.hpp"
#include "support/files.hpp"
#include "support/run_binary.hpp"

using nlohmann::json;
using photoaudit::test::read_file;
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

// The rules of one image of a JSON report, by file name ("" when the image is not in the report).
std::set<std::string> rules_of(const json& report, const std::string& file) {
  std::set<std::string> out;
  const json& images = report["images"];
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (fs::path(images[i]["path"].get<std::string>()).filename() != file) continue;
    const json& findings = images[i]["findings"];
    for (std::size_t k = 0; k < findings.size(); ++k) out.insert(findings[k]["rule"].get<std::string>());
  }
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
  // The teaser is staged (for --staged below) by a git told to run none of the programs.
  {
    const auto add = run_program("git", {"-C", repo.string(), "-c", "core.hooksPath=/dev/null", "-c",
                                         "core.fsmonitor=false", "add", "img/teaser.jpg"});
    INFO(add.err);
    REQUIRE(add.exit_code == 0);
  }
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

  // --staged in the same repository and environment: the teaser is staged, and moto.jpg (filter=evil, required)
  // with the Sputnik photo as new content (staged by a git without the caller's variables and with the filter
  // switched off); rocket.jpg's replacement is not staged. git cat-file copies the staged blobs without the
  // smudge filter; the caller's bogus GIT_INDEX_FILE (not in the repository's git directory) is not read.
  fs::copy_file(kFixtures + "/article/kremlin-pool-sputnik.jpg", repo / "img" / "moto.jpg",
                fs::copy_options::overwrite_existing);
  {
    const auto add = run_program("env", {"-u",
                                         "GIT_DIR",
                                         "-u",
                                         "GIT_WORK_TREE",
                                         "-u",
                                         "GIT_INDEX_FILE",
                                         "-u",
                                         "GIT_CONFIG_PARAMETERS",
                                         "-u",
                                         "GIT_EXTERNAL_DIFF",
                                         "-u",
                                         "GIT_PAGER",
                                         "git",
                                         "-C",
                                         repo.string(),
                                         "-c",
                                         "core.hooksPath=/dev/null",
                                         "-c",
                                         "core.fsmonitor=false",
                                         "-c",
                                         "filter.evil.clean=",
                                         "-c",
                                         "filter.evil.smudge=",
                                         "-c",
                                         "filter.evil.required=false",
                                         "-c",
                                         "filter.proc.process=",
                                         "add",
                                         "img/moto.jpg"});
    INFO(add.err);
    REQUIRE(add.exit_code == 0);
  }
  REQUIRE(markers(marks).empty());
  const auto staged = run_photoaudit(
      {"audit", "--format", "json", "--date", "2026-11-27", "--staged", (repo / "img").string()});
  INFO(staged.err);
  REQUIRE(staged.exit_code == 1);  // the teaser carries no credit
  const json staged_report = json::parse(staged.out);
  CHECK(audited_files(staged_report) == std::set<std::string>{"moto.jpg", "teaser.jpg"});
  CHECK(rules_of(staged_report, "moto.jpg").count("source-blocked") == 1);
  CHECK(staged_report["context"]["staged"] == true);
  CHECK(markers(marks) == std::vector<std::string>{});
  fs::remove_all(root);
}

namespace {

// A repository with a credited original and a licensed photo committed in img/.
struct ContextRepo {
  photoaudit::test::TempDir dir{"photoaudit-staged"};
  fs::path repo = dir.path / "repo";

  void git(std::vector<std::string> args) const {
    args.insert(args.begin(), {"-C", repo.string(), "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c",
                               "core.hooksPath=/dev/null"});
    const auto r = run_program("git", args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  void put(const std::string& fixture, const std::string& to) const {
    fs::create_directories((repo / to).parent_path());
    fs::copy_file(kFixtures + "/article/" + fixture, repo / to, fs::copy_options::overwrite_existing);
  }

  ContextRepo() {
    fs::create_directories(repo);
    git({"init", "-q"});
    put("putin-min-aung-hlaing.jpg", "img/original.jpg");
    put("motorcycle-dpa.jpg", "img/moto.jpg");
    std::ofstream(repo / "img" / "broken.jpg") << "not a photo";  // committed long ago: not this change's fault
    git({"add", "."});
    git({"commit", "-q", "-m", "first"});
  }
};

}  // namespace

TEST_CASE(
    "audit --staged judges the staged content, not the working copy, ignores untracked files and staged "
    "deletions, and reads the unchanged images as context (issue 17: the hook let a staged Sputnik photo pass)") {
  const ContextRepo r;
  r.put("kremlin-pool-sputnik.jpg", "img/kremlin.jpg");
  r.put("teaser-putin.jpg", "img/teaser.jpg");
  r.put("kremlin-pool-sputnik.jpg", "img/.drafts/kremlin.jpg");  // hidden: skipped, as a walk skips it
  r.git({"add", "img/kremlin.jpg", "img/teaser.jpg", "img/.drafts/kremlin.jpg"});
  r.git({"rm", "-q", "--cached", "img/moto.jpg"});  // a staged deletion, still on disk
  r.put("motorcycle-dpa.jpg", "img/kremlin.jpg");   // working copy: a licensed photo
  {
    // A replace ref that would show the licensed photo in place of the staged blob: not followed.
    const auto staged_blob = run_program("git", {"-C", r.repo.string(), "rev-parse", ":img/kremlin.jpg"});
    const auto licensed_blob = run_program("git", {"-C", r.repo.string(), "hash-object", "-w", "img/kremlin.jpg"});
    REQUIRE(staged_blob.exit_code == 0);
    REQUIRE(licensed_blob.exit_code == 0);
    r.git({"replace", staged_blob.out.substr(0, staged_blob.out.find('\n')),
           licensed_blob.out.substr(0, licensed_blob.out.find('\n'))});
  }
  r.put("kremlin-pool-sputnik.jpg", "img/untracked.jpg");                   // never staged
  std::ofstream(r.repo / "img" / "untracked-broken.jpg") << "not a photo";  // never staged

  const auto run = run_photoaudit({"audit", "--format", "json", "--date", "2026-11-27", "--channel", "online",
                                   "--staged", (r.repo / "img").string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 1);
  const json report = json::parse(run.out);
  CHECK(report["images"].size() == 2);
  CHECK(audited_files(report) == std::set<std::string>{"kremlin.jpg", "teaser.jpg"});
  CHECK(rules_of(report, "kremlin.jpg").count("source-blocked") == 1);  // the staged content
  // Reported under the repository path, not the private copy's.
  const json& images = report["images"];
  for (std::size_t i = 0; i < images.size(); ++i) {
    const std::string path = images[i]["path"];
    CHECK(fs::path(path).parent_path().filename() == "img");
    CHECK(fs::absolute(path).lexically_normal().string().starts_with(fs::weakly_canonical(r.repo).string()));
  }
  // The unchanged original is context: the teaser is told its credit; it has no findings and no count of its own.
  CHECK(rules_of(report, "teaser.jpg").count("duplicate-credit") == 1);
  CHECK(report["summary"]["images"] == 2);
  CHECK(report["context"]["staged"] == true);
  CHECK(report["context"]["context_images"] == 1);  // original.jpg (moto.jpg is staged as deleted)
  REQUIRE(report["clusters"].size() == 1);
  const json& members = report["clusters"][0]["members"];
  REQUIRE(members.size() == 2);
  CHECK(members[1]["path"].get<std::string>().ends_with("/img/original.jpg"));
  CHECK(members[1]["role"] == "context");
  CHECK(members[1]["in_archive"] == false);
  CHECK(members[0]["role"] == "audited");

  // Only what is staged under the given path; nothing staged: nothing audited, exit 0.
  r.git({"reset", "-q"});
  const auto nothing = run_photoaudit({"audit", "--format", "json", "--staged", (r.repo / "img").string()});
  CHECK(nothing.exit_code == 0);
  CHECK(json::parse(nothing.out)["summary"]["images"] == 0);
}

TEST_CASE("audit --staged with --changed-since is a usage error") {
  const ContextRepo r;
  const auto run = run_photoaudit({"audit", "--staged", "--changed-since", "HEAD", (r.repo / "img").string()});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("--staged") != std::string::npos);
}

TEST_CASE(
    "audit --changed-since keeps the unchanged images as context: a new crop gets its original's credit, the "
    "original and an old broken file get no findings and no count (issue 17)") {
  const ContextRepo r;
  r.put("teaser-putin.jpg", "img/teaser.jpg");
  const auto run = run_photoaudit(
      {"audit", "--format", "json", "--date", "2026-11-27", "--changed-since", "HEAD", (r.repo / "img").string()});
  INFO(run.err);
  REQUIRE(run.exit_code == 1);  // the teaser carries no credit
  const json report = json::parse(run.out);
  CHECK(audited_files(report) == std::set<std::string>{"teaser.jpg"});
  CHECK(rules_of(report, "teaser.jpg").count("duplicate-credit") == 1);
  CHECK(report["summary"]["images"] == 1);
  CHECK(report["summary"]["photos"] == 1);
  CHECK(report["context"]["context_images"] == 2);  // original.jpg, moto.jpg (broken.jpg is no image to read)
  CHECK(report["context"]["staged"] == false);
  REQUIRE(report["clusters"].size() == 1);
  CHECK(report["clusters"][0]["members"][1]["role"] == "context");
  CHECK(report["summary"]["clusters"] == 1);
}

TEST_CASE("audit --staged copies no staged blob over the size limit: it is refused before it is written") {
  const ContextRepo r;
  r.put("teaser-putin.jpg", "img/teaser.jpg");
  r.git({"add", "img/teaser.jpg"});
  auto snapshot = photoaudit::audit::pipeline::snapshot_staged({(r.repo / "img").string()}, 1000);
  REQUIRE(snapshot);
  REQUIRE(snapshot->files.size() == 1);
  CHECK(snapshot->files[0].copy.empty());
  CHECK(snapshot->files[0].refused.find("over the limit of 1000") != std::string::npos);
  CHECK(fs::is_empty(snapshot->directory()));
  const std::string directory = snapshot->directory();
  snapshot = photoaudit::audit::pipeline::snapshot_staged({(r.repo / "img").string()}, 100'000'000);
  REQUIRE(snapshot);
  REQUIRE(snapshot->files.size() == 1);
  CHECK(read_file(snapshot->files[0].copy) == read_file(kFixtures + "/article/teaser-putin.jpg"));
  CHECK(!fs::exists(directory));  // the first snapshot's private directory went with it
}

// Which files changed in a git work tree since a ref: the audit's --changed-since for CI on content
// repositories, and the hardened git runner that --staged (staged_files.hpp) uses too. The audited repository is
// hostile input: git is run directly (no shell) with every program a repository can make git run switched off
// (filter drivers, textconv, external diff, hooks, fsmonitor, pager, transports of a lazy fetch, submodule
// recursion) and without the caller's GIT_* variables other than the choice of configuration files
// (git_changes.cpp lists them) and, only when asked (GitRepository::use_index_file), an index file inside the
// repository's own git directory; docs/ci.md states the promise.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::pipeline {

// What one git command did.
struct GitOutput {
  int status = -1;  // exit status; -1 when git could not be started; 125 when it printed more than 256 MB
  std::string out;  // its standard output (empty when it went to a file descriptor)
  std::string err;  // its standard error
};

// One configuration setting given to git in command-line scope (GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n), which
// beats the system, global and repository files and reaches the git processes git itself starts.
struct GitSetting {
  std::string key;
  std::string value;
};

// A git work tree opened for reading, with nothing configured in it (or in the caller's configuration)
// executed: every git command it runs gets the settings and environment the file comment describes.
class GitRepository {
 public:
  // Opens the repository whose work tree contains `directory` (a file: the folder it is in). `flag` names the
  // option in messages ("--changed-since"). Fails with kNotFound when git cannot be run or `directory` is not in
  // a git work tree, kIOError when `git config` fails, kLimitExceeded when the repository configures more than
  // 4,096 filter drivers and protocols.
  static Result<GitRepository> open(const std::string& directory, const std::string& flag);

  // The work tree's root, absolute (as git prints it: symbolic links resolved).
  const std::string& top_level() const { return top_level_; }

  // Runs `git ARGS` in the top level, stdin /dev/null. Standard output is kept in GitOutput::out (at most
  // 256 MB, else status 125) or, when stdout_fd >= 0, written to that descriptor (the caller bounds what it
  // asks for). stdout_limit: reading stops after that many bytes, the rest is discarded and git's status is
  // then whatever it is when it cannot write (the caller wanted only the head). Never throws.
  GitOutput run(const std::vector<std::string>& args, int stdout_fd = -1, std::size_t stdout_limit = 0) const;

  // Makes later commands read the index file `index_file` (relative to the current directory, or absolute)
  // instead of the repository's own, when it is a file directly in this repository's git directory: the
  // GIT_INDEX_FILE git gives a pre-commit hook, which for `git commit -a` or `git commit PATHS` is a temporary
  // index holding what the commit records (.git/index.lock, .git/next-index-N.lock). Another file is not used
  // (returns false): an index elsewhere could describe another repository.
  bool use_index_file(const std::string& index_file);

 private:
  GitRepository(std::string top_level, std::vector<GitSetting> settings)
      : top_level_(std::move(top_level)), settings_(std::move(settings)) {}
  std::string top_level_;
  std::vector<GitSetting> settings_;
  std::string index_file_;  // GIT_INDEX_FILE for every command ("" = the repository's index)
};

struct ChangedFiles {
  std::string top_level;                     // the work tree's root, absolute
  std::unordered_set<std::string> absolute;  // absolute, lexically normal paths of added/modified/untracked files
};

// Files that differ between `ref` and the work tree (committed, staged and unstaged changes; renames count as
// new files; deletions are left out) plus untracked files that .gitignore does not exclude, in the repository
// that contains `directory`. Fails with kInvalidArgument when ref is empty or starts with '-', or is not a
// commit of that repository ("unknown git ref"), kNotFound when `directory` is not in a git work tree or git is
// not installed, kIOError when git fails otherwise (its message is included), kLimitExceeded when the
// repository configures more than 4,096 filter drivers and protocols. Nothing configured in the repository or
// in the caller's git configuration is executed; a file whose contents git would compare through a filter (an
// LFS file touched since checkout, say) is compared unfiltered, so it may count as changed: it is then audited.
Result<ChangedFiles> changed_since(const std::string& ref, const std::string& directory);

}  // namespace photoaudit::audit::pipeline

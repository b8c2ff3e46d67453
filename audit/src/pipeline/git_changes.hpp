// Which files changed in a git work tree since a ref: the audit's --changed-since for CI on content
// repositories. The audited repository is hostile input: git is run directly (no shell) with every program
// a repository can make git run switched off (filter drivers, textconv, external diff, hooks, fsmonitor, pager,
// transports of a lazy fetch, submodule recursion) and without the caller's GIT_* variables other than the
// choice of configuration files (git_changes.cpp lists them); docs/ci.md states the promise.
#pragma once

#include <string>
#include <unordered_set>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::pipeline {

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

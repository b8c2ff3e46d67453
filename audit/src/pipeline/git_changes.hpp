// Which files changed in a git work tree since a ref: the audit's --changed-since for CI on content
// repositories. git is run directly (no shell), with the repository's fsmonitor hook switched off so that
// nothing configured in the audited repository is executed.
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
// not installed, kIOError when git fails otherwise (its message is included).
Result<ChangedFiles> changed_since(const std::string& ref, const std::string& directory);

}  // namespace photoaudit::audit::pipeline

// The staged images of a git repository (the index: what `git commit` would record), for the audit's --staged
// in a pre-commit hook. The staged content is what counts, not the working copy: each staged image is copied out
// of git's object store (`git cat-file blob`, which runs no filter, textconv or conversion) into a private
// temporary directory, after its size was checked against the limit. git runs as for --changed-since
// (git_changes.hpp): nothing the repository configures is executed, the caller's GIT_* variables are dropped.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::pipeline {

// One staged file to audit.
struct StagedFile {
  std::string repository_path;  // absolute, lexically normal path in the work tree (what the user knows)
  std::string copy;             // the staged content, copied into the private directory ("" when refused)
  std::string refused;          // why it was not copied ("" when it was): over the size limit, git failed
};

// The staged files under the given paths, copied out. Owns the private directory (mode 0700, under $TMPDIR)
// and removes it with everything in it when destroyed. Move-only.
class StagedSnapshot {
 public:
  StagedSnapshot() = default;
  // Takes ownership of `directory` (removed with the snapshot).
  explicit StagedSnapshot(std::string directory) : directory_(std::move(directory)) {}
  StagedSnapshot(StagedSnapshot&& other) noexcept;
  StagedSnapshot& operator=(StagedSnapshot&& other) noexcept;
  StagedSnapshot(const StagedSnapshot&) = delete;
  StagedSnapshot& operator=(const StagedSnapshot&) = delete;
  ~StagedSnapshot();

  std::string top_level;  // the work tree's root, absolute
  // Files added or modified in the index (against HEAD; every staged file before the first commit) under one of
  // the given paths, by path: those that are images by content, and those named like an image (.jpg, .png, ...)
  // whose content is not (the audit reports them unreadable, as a walk does). Staged deletions, symbolic
  // links, submodules and unmerged entries are left out.
  std::vector<StagedFile> files;
  // Absolute, lexically normal paths of the work tree's files whose working copy may not be what the commit
  // records: staged changes, files git does not track (untracked or ignored are simply absent from `tracked`),
  // and tracked files whose working copy differs from the index. The audit does not read these as context.
  std::unordered_set<std::string> not_as_committed;
  std::unordered_set<std::string> tracked;  // absolute, lexically normal paths of every file in the index

  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;  // the private directory ("" when none was made)
};

// Reads the index of the repository that contains paths.front() (in a git hook: the index named by the caller's
// GIT_INDEX_FILE when it is a file in that repository's git directory, see GitRepository::use_index_file; the
// current directory's repository when paths is empty)
// and copies out the staged images under `paths` (files or directories; "" entries are ignored).
// max_file_bytes: a larger staged blob is not copied (StagedFile::refused says so). Fails with kNotFound when
// git cannot be run or the path is not in a git work tree, kIOError when git fails (its message included) or
// the private directory cannot be made or written, kLimitExceeded as GitRepository::open.
// skip_hidden: as the walk's WalkOptions::skip_hidden, a file whose path below the given path has a component
// starting with '.' is left out.
Result<StagedSnapshot> snapshot_staged(const std::vector<std::string>& paths, std::uint64_t max_file_bytes,
                                       bool skip_hidden = true);

}  // namespace photoaudit::audit::pipeline

// Which of the walked files an audit judges with --changed-since or --staged, and which it reads as context only
// (the unchanged images of the same directories: duplicates and credits, no findings of their own).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "photoaudit/audit/audit_pipeline.hpp"
#include "photoaudit/audit/audit_report.hpp"
#include "photoaudit/audit/image_sources.hpp"
#include "photoaudit/common/error.hpp"
#include "pipeline/staged_files.hpp"

namespace photoaudit::audit::pipeline {

// A staged file that was not copied out (too large, unreadable to git): audited as unreadable.
struct RefusedFile {
  std::string path;    // as reported (relative to the current directory when below it)
  std::string reason;  // why
};

struct ChangedSelection {
  std::vector<std::string> context;  // files read as context, not judged
  // With --staged, parallel to the walk's files (which are then the staged copies): the path each is reported
  // as. Empty otherwise.
  std::vector<std::string> copy_of;
  std::vector<RefusedFile> refused;      // --staged files that could not be copied
  std::optional<StagedSnapshot> staged;  // owns the copies: keep it until the report is finished
};

// With neither options.changed_since nor options.staged: nothing changes, no context. With changed_since: the
// walk keeps the changed files (and the errors of changed files and of folders that could not be listed); the
// other walked files become context. With staged: the walk's files become the staged copies of snapshot_staged
// (its errors are dropped: the work tree is not what is committed), and the walked files that are tracked and
// whose working copy is what the index holds become context. Sets report_context.changed_since or .staged.
// Fails like changed_since() and snapshot_staged(), and with kInvalidArgument when both options are given.
Result<ChangedSelection> select_changed(WalkResult& walk, const std::vector<std::string>& local_paths,
                                        const AuditOptions& options, AuditContext& report_context);

// Gives report.images[index], read from a staged copy, its repository path `shown`: path, and the copy's path
// in its error and findings' reasons. REQUIRES: index < report.images.size().
void show_copy_as(AuditReport& report, std::size_t index, const std::string& shown);

}  // namespace photoaudit::audit::pipeline

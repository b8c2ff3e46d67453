#include "pipeline/changed_selection.hpp"

#include <filesystem>
#include <unordered_set>

#include "pipeline/git_changes.hpp"
#include "pipeline/image_audit.hpp"

namespace photoaudit::audit::pipeline {
namespace fs = std::filesystem;
namespace {

// The absolute, lexically normal path git's listings are compared with (symbolic links resolved).
std::string comparable(const std::string& path) {
  std::error_code ec;
  const auto canonical = fs::weakly_canonical(path, ec);
  return ec ? path : canonical.lexically_normal().string();
}

// Relative to the current directory when below it (as a walked path given as "." would be), else absolute.
std::string as_reported(const std::string& absolute) {
  std::error_code ec;
  return display_path(absolute, fs::current_path(ec));
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

Result<void> select_since(WalkResult& walk, const std::string& ref, const std::vector<std::string>& local,
                          ChangedSelection& selection) {
  auto changed = changed_since(ref, local.empty() ? "." : local.front());
  if (!changed) return fail(changed.error());
  std::vector<SourceFile> audited;
  for (auto& f : walk.files) {
    if (changed->absolute.count(comparable(f.path)) != 0) {
      audited.push_back(std::move(f));
    } else {
      selection.context.push_back(std::move(f.path));
    }
  }
  walk.files = std::move(audited);
  // An unchanged file that cannot be read is context too: no finding. A folder that cannot be listed may hide
  // changed files: kept.
  std::erase_if(walk.errors, [&](const WalkError& e) {
    std::error_code ec;
    return changed->absolute.count(comparable(e.path)) == 0 && !fs::is_directory(e.path, ec);
  });
  return {};
}

Result<void> select_staged(WalkResult& walk, const std::vector<std::string>& local, const AuditOptions& options,
                           ChangedSelection& selection) {
  auto snapshot = snapshot_staged(local, options.max_file_bytes, options.walk.skip_hidden);
  if (!snapshot) return fail(snapshot.error());
  for (auto& f : walk.files) {
    const std::string path = comparable(f.path);
    if (snapshot->tracked.count(path) != 0 && snapshot->not_as_committed.count(path) == 0) {
      selection.context.push_back(std::move(f.path));
    }
  }
  walk.files.clear();
  walk.errors.clear();
  for (const StagedFile& file : snapshot->files) {
    if (file.copy.empty()) {
      selection.refused.push_back({as_reported(file.repository_path), file.refused});
    } else {
      walk.files.push_back({file.copy, true});
      selection.copy_of.push_back(as_reported(file.repository_path));
    }
  }
  selection.staged = std::move(*snapshot);
  return {};
}

}  // namespace

Result<ChangedSelection> select_changed(WalkResult& walk, const std::vector<std::string>& local_paths,
                                        const AuditOptions& options, AuditContext& report_context) {
  ChangedSelection selection;
  if (options.staged && !options.changed_since.empty()) {
    return fail(Error::invalid_argument("--staged and --changed-since cannot be used together"));
  }
  if (!options.changed_since.empty()) {
    auto done = select_since(walk, options.changed_since, local_paths, selection);
    if (!done) return fail(done.error());
    report_context.changed_since = options.changed_since;
  } else if (options.staged) {
    auto done = select_staged(walk, local_paths, options, selection);
    if (!done) return fail(done.error());
    report_context.staged = true;
  }
  return selection;
}

void show_copy_as(AuditReport& report, std::size_t index, const std::string& shown) {
  const std::string copy = report.images.path(index);
  report.images.update(index, [&](ImageAudit& image) {
    image.path = shown;
    if (image.error) replace_all(*image.error, copy, shown);
    for (auto& finding : image.findings) replace_all(finding.reason, copy, shown);
  });
}

}  // namespace photoaudit::audit::pipeline

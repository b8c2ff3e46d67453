// The audit: every image under the given paths read once, its provenance, fingerprints, credit and license
// verdict combined with the duplicates found among the audited images (and, with a catalog, the archive).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "photoaudit/audit/audit_report.hpp"
#include "photoaudit/audit/image_sources.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::audit {

enum class FailOn { kError, kWarning, kNever };

struct AuditOptions {
  // The license registry. Default: "" = the example registry shipped in fixtures/ (reports say so).
  std::string registry_path;
  // Channel of publication ("print", "online", "social", "app", "tv"). Default: "" = not checked.
  std::string channel;
  // Publication date YYYY-MM-DD. Default: "" = today (UTC).
  std::string date;
  // ISO 3166-1 alpha-2 territory of publication. Default: "" = not checked.
  std::string territory;
  // Findings of this severity or worse make the audit fail (exit status 1). Default: kError.
  FailOn fail_on = FailOn::kError;
  // Worker threads. Default: 0 = all cores.
  unsigned threads = 0;
  // Make JPEG thumbnails for the HTML report. Default: false.
  bool thumbnails = false;
  // Paths in SARIF and HTML are shown relative to this directory. Default: "" = the current directory.
  std::string root;
  // Larger files are refused before they are read. Default: 512 MiB.
  std::uint64_t max_file_bytes = std::uint64_t{512} << 20;
  // The "same photo" rule used for duplicates. Default: hashing's defaults (PDQ <= 31, quality >= 50).
  hashing::SameRule same_rule;
  WalkOptions walk;
};

// Runs the audit over paths (files and directories). Fails only on what stops the whole audit: an
// unreadable or invalid registry (kNotFound, kInvalidArgument naming the file and its first problems), a
// bad channel or date (kInvalidArgument). A file that cannot be read becomes a metadata-unreadable finding
// and the audit goes on. REQUIRES: initialize_metadata() may be called by it (do not call from a thread
// pool that already reads metadata without it).
Result<AuditReport> run_audit(const std::vector<std::string>& paths, const AuditOptions& options);

// The registry used when none is given: fixtures/registry.yaml of the source tree, or PHOTOAUDIT_REGISTRY
// from the environment when set.
std::string default_registry_path();

}  // namespace photoaudit::audit

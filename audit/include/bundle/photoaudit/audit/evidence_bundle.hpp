// The evidence bundle of an audit (issue 16, docs/reports.md): a folder a legal team can file and re-check years
// later. It holds the JSON report (report.json), the registry file as used (registry.yaml, a byte copy), per local
// image its metadata as read (metadata/<SHA-256 of the path>.json, the `inspect --json` record), a manifest.json
// (files, hashes, tool version, generated at, the images and their recorded SHA-256) and SHA256SUMS
// (`sha256sum -c SHA256SUMS` checks it). File names in a bundle are photoaudit's own, never taken from the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/audit/audit_report.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/common/file_read.hpp"
#include "photoaudit/common/limits.hpp"

namespace photoaudit::audit {

// Bounds of writing and verifying a bundle.
struct EvidenceLimits {
  // An image read again for its metadata record; larger ones get no record (a note in the manifest).
  // Default: Limits::max_file_bytes (512 MiB).
  std::uint64_t max_image_bytes = Limits{}.max_file_bytes;
  // The registry copied. Default: 16 MiB (the registry loader's own bound).
  std::uint64_t max_registry_bytes = std::uint64_t{16} << 20;
  // SHA256SUMS and manifest.json, read whole when a bundle is verified. Default: 256 MiB.
  std::uint64_t max_manifest_bytes = std::uint64_t{256} << 20;
  // Lines of SHA256SUMS, and directory entries looked at, when a bundle is verified. Default: 4,000,000.
  std::size_t max_entries = 4'000'000;
};

// A folder opened to receive a bundle: new (created 0700) or empty, held by its descriptor, so every file is made
// inside it with openat(O_CREAT | O_EXCL | O_NOFOLLOW) and a symbolic link put in its place is never followed.
class EvidenceDir {
 public:
  // Creates dir with mode 0700 (its parent must exist), or opens it when it is an existing empty directory.
  // Fails with kInvalidArgument when dir is a symbolic link, not a directory, or not empty ("DIR: not empty: an
  // evidence bundle goes into a new or empty folder"); kNotFound when its parent is missing; kIOError otherwise.
  static Result<EvidenceDir> open(const std::filesystem::path& dir);

  const std::string& path() const { return path_; }
  int fd() const { return fd_.get(); }

 private:
  EvidenceDir(FileDescriptor fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}
  FileDescriptor fd_;
  std::string path_;
};

struct EvidenceOptions {
  unsigned threads = 0;  // reading the images again. Default: 0 = all cores
  EvidenceLimits limits;
};

// What write_evidence_bundle made.
struct EvidenceWritten {
  std::size_t files = 0;          // files in SHA256SUMS
  std::size_t metadata = 0;       // images with a metadata record
  std::size_t not_recorded = 0;   // images without one (URLs, files gone or too large; manifest.json says why)
  std::size_t changed_since = 0;  // images whose bytes now differ from what the audit hashed (manifest.json)
  std::string sums_sha256;        // SHA-256 of SHA256SUMS: file it beside the bundle to pin the bundle itself
};

// Writes the bundle of report into dir. The registry is copied from report.context.registry and must still hash
// to report.context.registry_sha256, or kInvalidArgument ("REGISTRY changed since the audit read it"). Each
// local image is read again (bounded) for its record; one that cannot be read gets its error record, as inspect
// prints it. Fails with kIOError when a file cannot be written (what was written stays; the bundle is then
// incomplete, and verify-evidence says so). REQUIRES: dir is empty (as EvidenceDir::open left it).
Result<EvidenceWritten> write_evidence_bundle(const EvidenceDir& dir, const AuditReport& report,
                                              const EvidenceOptions& options = {});

// ---- verifying a bundle

enum class EvidenceChange {
  kMissing,   // listed in SHA256SUMS, not in the folder
  kAltered,   // its SHA-256 differs (or it is no longer a regular file)
  kExtra,     // in the folder, not listed
  kUnlisted,  // listed in SHA256SUMS but not in manifest.json's files, or the other way round
};
// "missing", "altered", "extra", "unlisted".
std::string_view to_string(EvidenceChange change);

struct EvidenceFileChange {
  EvidenceChange change = EvidenceChange::kAltered;
  std::string name;  // relative to the bundle, as listed or as found (may hold any bytes for kExtra)
};

// The original image at its path now, against the SHA-256 the report recorded: a finding about the archive, not
// a failure of the bundle.
enum class OriginalState {
  kUnchanged,   // same SHA-256
  kChanged,     // other bytes at the path
  kGone,        // nothing readable at the path
  kNotChecked,  // a URL, or no SHA-256 was recorded (the audit could not read it)
};
// "unchanged", "changed", "gone", "not-checked".
std::string_view to_string(OriginalState state);

struct OriginalCheck {
  std::string path;  // as the audit was given it
  OriginalState state = OriginalState::kNotChecked;
  std::string recorded_sha256;  // "" when none
  std::string current_sha256;   // "" unless kChanged or kUnchanged
  std::string reason;           // kGone, kNotChecked: why
};

struct EvidenceVerification {
  std::size_t files = 0;  // listed in SHA256SUMS
  std::vector<EvidenceFileChange> changes;
  std::vector<OriginalCheck> originals;  // empty when manifest.json is altered or unreadable
  std::string tool_version;              // from manifest.json ("" when it cannot be read)
  std::string generated_at;

  bool intact() const { return changes.empty(); }
};

// Recomputes every hash of the bundle in dir (never following a symbolic link in it) and checks the originals.
// Fails (the bundle is unusable) with kNotFound / kInvalidArgument when dir is not a directory (or a symbolic
// link), SHA256SUMS is missing, not a regular file, over limits.max_manifest_bytes, or has a line that is not
// "<64 hex>  <name>" with a name photoaudit writes (no "..", no absolute path, at most one folder).
Result<EvidenceVerification> verify_evidence_bundle(const std::filesystem::path& dir,
                                                    const EvidenceLimits& limits = {});

}  // namespace photoaudit::audit

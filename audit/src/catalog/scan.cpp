// scan(): walk -> compare with the catalog's rows (size, mtime) -> read and fingerprint the changed and new files
// in parallel -> write in batches (moved files take over their old row) -> mark vanished files missing.
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "catalog/provenance_fields.hpp"
#include "photoaudit/audit/catalog_scan.hpp"
#include "photoaudit/audit/image_evidence.hpp"
#include "photoaudit/audit/image_sources.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/common/path_root.hpp"

namespace photoaudit::audit {
namespace {

using Clock = std::chrono::steady_clock;

struct FileStat {
  bool exists = false;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};

FileStat stat_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {true, static_cast<std::uint64_t>(st.st_size),
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

bool path_gone(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

std::string sha_key(const hashing::Digest256& d) { return {d.bytes.begin(), d.bytes.end()}; }

struct PendingFile {
  std::string path;
  FileStat stat;
  std::int64_t known_id = 0;                    // the present or missing row with this path, if any
  std::optional<hashing::Digest256> known_sha;  // that row's SHA-256, when it has fingerprints
};

// The outcome of reading one file: a row to write, or the reason it could not be read.
struct ReadOutcome {
  std::optional<CatalogImage> image;
  std::string error;
};

ReadOutcome read_file(const PendingFile& file, const ScanOptions& options,
                      const std::shared_ptr<pipeline::ReadingPool>& pool) {
  pipeline::EvidenceOptions evidence_options;
  evidence_options.max_file_bytes = options.max_file_bytes;
  evidence_options.pool = pool;
  pipeline::ImageEvidence ev = pipeline::gather_evidence(file.path, evidence_options);
  if (ev.read_error) return {std::nullopt, ev.read_error->message};
  if (!ev.fingerprints && !ev.provenance) {
    return {std::nullopt, ev.fingerprint_error ? ev.fingerprint_error->message : ev.metadata_error->message};
  }
  CatalogImage img;
  img.path = file.path;
  img.size = file.stat.size;
  img.mtime_ns = file.stat.mtime_ns;
  img.fingerprints = std::move(ev.fingerprints);
  if (img.fingerprints) img.fingerprints->local_features.reset();
  if (ev.fingerprint_error) img.error = ev.fingerprint_error->message;
  if (ev.metadata_error) img.error += (img.error.empty() ? "" : "; ") + ev.metadata_error->message;
  if (ev.provenance) img.provenance = catalog::provenance_fields(*ev.provenance);
  img.scanned_at = static_cast<std::int64_t>(std::time(nullptr));
  return {std::move(img), {}};
}

// The rows of the catalog, by path and by SHA-256, and which of them this scan has accounted for.
struct KnownRows {
  std::vector<CatalogFileState> rows;
  std::unordered_map<std::string, std::size_t> by_path;
  std::unordered_multimap<std::string, std::size_t> by_sha;
  std::vector<bool> claimed;  // taken over by a moved file

  explicit KnownRows(std::vector<CatalogFileState> all) : rows(std::move(all)), claimed(rows.size(), false) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      by_path.emplace(rows[i].path, i);
      if (rows[i].has_fingerprints) by_sha.emplace(sha_key(rows[i].sha256), i);
    }
  }

  // A row with this SHA-256 whose file is gone and that no other file has claimed: the file moved from there.
  // Each row is looked at (one lstat) at most once per scan: a row whose file is still in place is no candidate
  // for any later file either, so it leaves by_sha with the claimed ones. (Issue 18: it stayed, and N new
  // byte-identical copies of N catalogued ones cost N x N lstat calls: 2,000 copies took 12.8 s.)
  std::int64_t claim_moved(const hashing::Digest256& sha) {
    auto [it, last] = by_sha.equal_range(sha_key(sha));
    while (it != last) {
      const std::size_t i = it->second;
      it = by_sha.erase(it);
      if (claimed[i] || !path_gone(rows[i].path)) continue;
      claimed[i] = true;
      return rows[i].id;
    }
    return 0;
  }
};

class ScanRun {
 public:
  ScanRun(Catalog& catalog, const ScanOptions& options, KnownRows& known, ScanResult& result, std::int64_t seen)
      : catalog_(catalog), options_(options), known_(known), result_(result), seen_(seen) {}

  // Handles one read file on the calling thread: queue its write, flush full batches.
  void take(const PendingFile& file, ReadOutcome outcome) {
    ++progress_.files_done;
    if (!catalog_error_) {
      if (!outcome.image) {
        ++result_.failed;
        result_.errors.push_back(std::move(outcome.error));
      } else {
        ++progress_.files_hashed;
        if (!outcome.image->error.empty()) {
          // Stored with its error (a row keeps what could be read), and counted as failed: issue 18, the summary
          // said "failed: 0" over undecodable files.
          ++result_.failed;
          result_.errors.push_back(outcome.image->error);
        }
        CatalogWrite w{std::move(*outcome.image), 0};
        w.image.history.first_seen = seen_;
        w.image.history.last_seen = seen_;
        if (file.known_id != 0) {
          ++result_.updated;
          if (file.known_sha && w.image.fingerprints && w.image.fingerprints->sha256 != *file.known_sha) {
            ++result_.replaced;
          }
        } else if (w.image.fingerprints && (w.moved_from_id = known_.claim_moved(w.image.fingerprints->sha256)) != 0) {
          ++result_.moved;
        } else {
          ++result_.added;
        }
        batch_.push_back(std::move(w));
        if (batch_.size() >= std::max<std::size_t>(1, options_.batch_size)) flush();
      }
    }
    report(false);
  }

  void flush() {
    if (batch_.empty() || catalog_error_) return;
    if (auto written = catalog_.write(batch_); !written) {
      catalog_error_ = written.error();
      stop_.store(true);
    }
    batch_.clear();
  }

  void report(bool finished) {
    if (options_.quiet || !options_.progress) return;
    const auto now = Clock::now();
    if (!finished && now - last_report_ < std::chrono::milliseconds(options_.progress_interval_ms)) return;
    last_report_ = now;
    progress_.elapsed_seconds = std::chrono::duration<double>(now - started_).count();
    progress_.finished = finished;
    options_.progress(progress_);
  }

  ScanProgress& progress() { return progress_; }
  const std::atomic<bool>& stopped() const { return stop_; }
  const std::optional<Error>& catalog_error() const { return catalog_error_; }

 private:
  Catalog& catalog_;
  const ScanOptions& options_;
  KnownRows& known_;
  ScanResult& result_;
  std::int64_t seen_;  // this scan's time: first_seen and last_seen of what it writes
  std::vector<CatalogWrite> batch_;
  std::optional<Error> catalog_error_;
  std::atomic<bool> stop_{false};
  ScanProgress progress_;
  Clock::time_point started_ = Clock::now();
  Clock::time_point last_report_{};
};

// Rows under the roots whose file is gone and that no file of this scan took over.
std::vector<std::int64_t> vanished_rows(const KnownRows& known, const std::unordered_set<std::string>& walked,
                                        const std::vector<std::string>& roots) {
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < known.rows.size(); ++i) {
    const CatalogFileState& row = known.rows[i];
    if (row.missing || known.claimed[i] || walked.count(row.path) != 0 || !is_under_any_root(row.path, roots)) continue;
    if (path_gone(row.path)) ids.push_back(row.id);
  }
  return ids;
}

}  // namespace

Result<ScanResult> scan(Catalog& catalog, const std::vector<std::string>& paths, const ScanOptions& options) {
  ScanResult result;
  std::vector<std::string> roots;
  for (const auto& p : paths) roots.push_back(root_directory(p));
  WalkResult walk = collect_images(roots);
  result.files = walk.files.size();
  result.skipped_not_image = walk.skipped_not_image;
  result.failed = walk.errors.size();
  for (const WalkError& e : walk.errors) result.errors.push_back(e.message());

  auto states = catalog.file_states();
  if (!states) return fail(states.error());
  KnownRows known(std::move(*states));

  const auto seen = static_cast<std::int64_t>(std::time(nullptr));
  std::unordered_set<std::string> walked;
  std::vector<PendingFile> pending;
  std::vector<std::int64_t> unchanged;
  for (auto& f : walk.files) {
    if (!walked.insert(f.path).second) continue;  // the same file under two given paths
    PendingFile file{f.path, stat_file(f.path), 0, std::nullopt};
    if (const auto it = known.by_path.find(f.path); it != known.by_path.end()) {
      const CatalogFileState& row = known.rows[it->second];
      file.known_id = row.id;
      if (row.has_fingerprints) file.known_sha = row.sha256;
      if (!row.missing && file.stat.exists && row.size == file.stat.size && row.mtime_ns == file.stat.mtime_ns) {
        ++result.unchanged;
        unchanged.push_back(row.id);
        continue;
      }
    }
    pending.push_back(std::move(file));
  }
  result.files = walked.size();

  std::shared_ptr<pipeline::ReadingPool> pool;
  if (!options.isolation.worker_executable.empty() && !pending.empty()) {
    const unsigned workers = options.threads == 0 ? default_thread_count() : options.threads;
    pipeline::EvidenceOptions evidence_options;
    evidence_options.max_file_bytes = options.max_file_bytes;
    auto started = pipeline::ReadingPool::start(options.isolation, evidence_options, workers);
    if (!started) return fail(started.error());
    pool = std::move(*started);
  }
  ScanRun run(catalog, options, known, result, seen);
  run.progress().files_total = walked.size();
  run.progress().files_done = result.unchanged;
  parallel_ordered<ReadOutcome>(
      pending.size(), options.threads,
      [&](std::size_t i) -> ReadOutcome {
        if (run.stopped().load()) return {};
        return read_file(pending[i], options, pool);
      },
      [&](std::size_t i, ReadOutcome outcome) { run.take(pending[i], std::move(outcome)); });
  run.flush();
  if (run.catalog_error()) return fail(*run.catalog_error());

  if (auto marked = catalog.mark_seen(unchanged, seen); !marked) return fail(marked.error());
  const auto gone = vanished_rows(known, walked, roots);
  if (auto marked = catalog.mark_missing(gone); !marked) return fail(marked.error());
  result.marked_missing = gone.size();
  run.report(true);
  return result;
}

}  // namespace photoaudit::audit

// scan(): walk (this shard's files) -> compare with the catalog's rows (size, mtime) -> read and fingerprint the
// changed and new files in parallel -> write in batches (moved files take over their old row) -> mark vanished
// files missing. read_records(): the same walk and reading, each file handed to a callback, no catalog.
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
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
#include "photoaudit/hashing/digest.hpp"

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

// The files of one shard of the given paths, deduplicated, with their shard keys.
struct Selection {
  std::vector<std::string> roots;  // the given paths as roots (empty for a list: it covers no folder)
  std::vector<std::string> files;  // absolute, lexically normal
  std::vector<std::string> keys;
  std::size_t skipped_not_image = 0;
  std::vector<std::string> errors;
};

std::string given_key(std::string_view given) {
  std::string key = std::filesystem::path(given).lexically_normal().string();
  while (key.size() > 1 && key.back() == '/') key.pop_back();
  return key;
}

Selection select_files(const std::vector<std::string>& paths, const ScanOptions& options) {
  Selection out;
  std::unordered_set<std::string> seen;
  const auto mine = [&](const std::string& key) {
    return options.shard.count <= 1 || shard_of(key, options.shard.count) == options.shard.index;
  };
  for (const auto& given : paths) {
    const std::string root = root_directory(given);
    if (!options.listed) out.roots.push_back(root);
    WalkResult walk = collect_images({root});
    out.skipped_not_image += walk.skipped_not_image;
    for (const WalkError& e : walk.errors) {
      if (mine(e.path == root ? given_key(given) : shard_key_under(e.path, root))) out.errors.push_back(e.message());
    }
    for (SourceFile& f : walk.files) {
      std::string key = f.given ? given_key(given) : shard_key_under(f.path, root);
      if (!mine(key) || !seen.insert(f.path).second) continue;
      if (options.listed && f.given) {
        // A list names every file of a tree (find -type f): only images are read, as under a folder.
        struct stat st {};
        if (::stat(f.path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && !file_looks_like_image(f.path)) {
          ++out.skipped_not_image;
          continue;
        }
      }
      out.files.push_back(std::move(f.path));
      out.keys.push_back(std::move(key));
    }
  }
  return out;
}

struct PendingFile {
  std::string path;    // on this machine
  std::string stored;  // in the catalog and the records (ScanOptions::path_prefix)
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
  evidence_options.credentials = options.credentials;
  evidence_options.pool = pool;
  evidence_options.local_features = options.local_features;
  pipeline::ImageEvidence ev = pipeline::gather_evidence(file.path, evidence_options);
  if (ev.read_error) return {std::nullopt, ev.read_error->message};
  if (!ev.fingerprints && !ev.provenance) {
    return {std::nullopt, ev.fingerprint_error ? ev.fingerprint_error->message : ev.metadata_error->message};
  }
  CatalogImage img;
  img.path = file.stored;
  img.size = file.stat.size;
  img.mtime_ns = file.stat.mtime_ns;
  img.fingerprints = std::move(ev.fingerprints);
  if (img.fingerprints) img.local_features = std::move(ev.local_features);
  if (ev.fingerprint_error) img.error = ev.fingerprint_error->message;
  if (ev.metadata_error) img.error += (img.error.empty() ? "" : "; ") + ev.metadata_error->message;
  if (ev.provenance) img.provenance = catalog::provenance_fields(*ev.provenance);
  if (ev.credentials) img.provenance.credentials = catalog::catalog_credentials(*ev.credentials);
  img.scanned_at = static_cast<std::int64_t>(std::time(nullptr));
  return {std::move(img), {}};
}

// The rows of the catalog, by path and by SHA-256, and which of them this scan has accounted for.
struct KnownRows {
  PathPrefix prefix;  // rows hold stored paths: a file is looked for at its local_path
  std::vector<CatalogFileState> rows;
  std::unordered_map<std::string, std::size_t> by_path;
  std::unordered_multimap<std::string, std::size_t> by_sha;
  std::vector<bool> claimed;  // taken over by a moved file

  KnownRows(std::vector<CatalogFileState> all, PathPrefix path_prefix)
      : prefix(std::move(path_prefix)), rows(std::move(all)), claimed(rows.size(), false) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      by_path.emplace(rows[i].path, i);
      if (rows[i].has_fingerprints) by_sha.emplace(sha_key(rows[i].sha256), i);
    }
  }

  // Whether the file of a stored path is gone from this machine (a path outside the rebase's `to` cannot be
  // looked at here: not gone).
  bool gone(const std::string& stored) const {
    const auto local = local_path(prefix, stored);
    return local && path_gone(*local);
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
      if (claimed[i] || !gone(rows[i].path)) continue;
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
  void take(const PendingFile& file, const std::string& key, ReadOutcome outcome) {
    ++progress_.files_done;
    if (!catalog_error_ && options_.on_record) {
      options_.on_record(
          ScanRecord{file.stored, key, file.stat.size, file.stat.mtime_ns, outcome.image, outcome.error});
    }
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
// With shards, only the rows of this shard (by their key under the first root that holds them).
std::vector<std::int64_t> vanished_rows(const KnownRows& known, const std::unordered_set<std::string>& walked,
                                        const std::vector<std::string>& roots, const ShardSpec& shard) {
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < known.rows.size(); ++i) {
    const CatalogFileState& row = known.rows[i];
    if (row.missing || known.claimed[i] || walked.count(row.path) != 0 || !is_under_any_root(row.path, roots)) continue;
    if (shard.count > 1) {
      const auto root = std::find_if(roots.begin(), roots.end(),
                                     [&](const auto& r) { return is_under_root(row.path, r); });
      if (shard_of(shard_key_under(row.path, *root), shard.count) != shard.index) continue;
    }
    if (known.gone(row.path)) ids.push_back(row.id);
  }
  return ids;
}

// Every given path under the rebase's `from` (so every file found under it is), else kInvalidArgument.
Result<void> check_under_prefix(const std::vector<std::string>& paths, const PathPrefix& prefix) {
  if (prefix.empty()) return ok();
  for (const auto& given : paths) {
    if (!stored_path(prefix, root_directory(given))) {
      return fail(Error{ErrorCode::kInvalidArgument, "--path-prefix: " + root_directory(given) + " is not under " +
                                                         prefix.from +
                                                         " (every path a scan with --path-prefix reads must be)"});
    }
  }
  return ok();
}

Result<std::shared_ptr<pipeline::ReadingPool>> start_pool(const ScanOptions& options, std::size_t files) {
  if (options.isolation.worker_executable.empty() || files == 0) return std::shared_ptr<pipeline::ReadingPool>();
  const unsigned workers = options.threads == 0 ? default_thread_count() : options.threads;
  pipeline::EvidenceOptions evidence_options;
  evidence_options.max_file_bytes = options.max_file_bytes;
  evidence_options.local_features = options.local_features;
  evidence_options.credentials = options.credentials;
  auto started = pipeline::ReadingPool::start(options.isolation, evidence_options, workers);
  if (!started) return fail(started.error());
  return std::shared_ptr<pipeline::ReadingPool>(std::move(*started));
}

}  // namespace

Result<ShardSpec> parse_shard(std::string_view text) {
  const auto bad = [&] {
    return fail(Error{ErrorCode::kInvalidArgument,
                      "\"" + std::string(text) + "\": I/N is needed, 0 <= I < N (0-based, e.g. 0/4 ... 3/4)"});
  };
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return bad();
  ShardSpec spec;
  const auto number = [](std::string_view part, std::uint32_t& value) {
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    return !part.empty() && ec == std::errc() && end == part.data() + part.size();
  };
  constexpr std::uint32_t kMaxShards = 1'000'000;
  if (!number(text.substr(0, slash), spec.index) || !number(text.substr(slash + 1), spec.count) || spec.count == 0 ||
      spec.count > kMaxShards || spec.index >= spec.count) {
    return bad();
  }
  return spec;
}

std::uint32_t shard_of(std::string_view key, std::uint32_t count) {
  const auto digest = hashing::sha256_bytes(reinterpret_cast<const std::uint8_t*>(key.data()), key.size());
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | digest.bytes[i];
  return static_cast<std::uint32_t>(v % count);
}

std::string shard_key_under(std::string_view path, std::string_view root) {
  if (root == "/" && path.starts_with('/')) return std::string(path.substr(1));
  if (path.size() > root.size() && path.starts_with(root) && path[root.size()] == '/') {
    return std::string(path.substr(root.size() + 1));
  }
  return std::string(path);
}

Result<ScanResult> read_records(const std::vector<std::string>& paths, const ScanOptions& options) {
  if (auto under = check_under_prefix(paths, options.path_prefix); !under) return fail(under.error());
  ScanResult result;
  Selection selection = select_files(paths, options);
  result.files = selection.files.size();
  result.skipped_not_image = selection.skipped_not_image;
  result.failed = selection.errors.size();
  result.errors = std::move(selection.errors);
  auto pool = start_pool(options, selection.files.size());
  if (!pool) return fail(pool.error());
  std::vector<PendingFile> pending;
  pending.reserve(selection.files.size());
  for (const auto& f : selection.files) {
    pending.push_back(PendingFile{f, *stored_path(options.path_prefix, f), stat_file(f), 0, std::nullopt});
  }
  ScanProgress progress;
  progress.files_total = pending.size();
  const auto started = Clock::now();
  auto last_report = Clock::time_point{};
  parallel_ordered<ReadOutcome>(
      pending.size(), options.threads, [&](std::size_t i) { return read_file(pending[i], options, *pool); },
      [&](std::size_t i, ReadOutcome outcome) {
        ++progress.files_done;
        if (outcome.image) ++progress.files_hashed;
        if (!outcome.image || !outcome.image->error.empty()) {
          ++result.failed;
          result.errors.push_back(outcome.image ? outcome.image->error : outcome.error);
        }
        if (options.on_record) {
          options.on_record(ScanRecord{pending[i].stored, selection.keys[i], pending[i].stat.size,
                                       pending[i].stat.mtime_ns, std::move(outcome.image), std::move(outcome.error)});
        }
        const auto now = Clock::now();
        if (options.quiet || !options.progress ||
            now - last_report < std::chrono::milliseconds(options.progress_interval_ms)) {
          return;
        }
        last_report = now;
        progress.elapsed_seconds = std::chrono::duration<double>(now - started).count();
        options.progress(progress);
      });
  if (!options.quiet && options.progress) {
    progress.elapsed_seconds = std::chrono::duration<double>(Clock::now() - started).count();
    progress.finished = true;
    options.progress(progress);
  }
  return result;
}

Result<ScanResult> scan(Catalog& catalog, const std::vector<std::string>& paths, const ScanOptions& options) {
  if (auto under = check_under_prefix(paths, options.path_prefix); !under) return fail(under.error());
  ScanResult result;
  Selection selection = select_files(paths, options);
  std::vector<std::string> roots;  // as the catalog stores them
  for (const auto& root : selection.roots) roots.push_back(*stored_path(options.path_prefix, root));
  result.skipped_not_image = selection.skipped_not_image;
  result.failed = selection.errors.size();
  result.errors = std::move(selection.errors);

  auto states = catalog.file_states();
  if (!states) return fail(states.error());
  KnownRows known(std::move(*states), options.path_prefix);

  const auto seen = static_cast<std::int64_t>(std::time(nullptr));
  std::unordered_set<std::string> walked;
  std::vector<PendingFile> pending;
  std::vector<std::string> pending_keys;
  std::vector<std::int64_t> unchanged;
  for (std::size_t n = 0; n < selection.files.size(); ++n) {
    const std::string& path = selection.files[n];
    std::string stored = *stored_path(options.path_prefix, path);
    walked.insert(stored);
    PendingFile file{path, stored, stat_file(path), 0, std::nullopt};
    if (const auto it = known.by_path.find(stored); it != known.by_path.end()) {
      const CatalogFileState& row = known.rows[it->second];
      file.known_id = row.id;
      if (row.has_fingerprints) file.known_sha = row.sha256;
      // A row written before local features were stored is read once more to add them, and so is a row whose
      // de-rotated hashes are missing (docs/catalog.md).
      const bool lacks_features = options.local_features && row.has_fingerprints && !row.has_local_features;
      const bool lacks_hashes = row.has_fingerprints && row.lacks_derotated;
      if (!row.missing && file.stat.exists && row.size == file.stat.size && row.mtime_ns == file.stat.mtime_ns &&
          !lacks_features && !lacks_hashes) {
        ++result.unchanged;
        unchanged.push_back(row.id);
        continue;
      }
    }
    pending.push_back(std::move(file));
    pending_keys.push_back(selection.keys[n]);
  }
  result.files = walked.size();

  auto started = start_pool(options, pending.size());
  if (!started) return fail(started.error());
  const std::shared_ptr<pipeline::ReadingPool> pool = std::move(*started);
  ScanRun run(catalog, options, known, result, seen);
  run.progress().files_total = walked.size();
  run.progress().files_done = result.unchanged;
  parallel_ordered<ReadOutcome>(
      pending.size(), options.threads,
      [&](std::size_t i) -> ReadOutcome {
        if (run.stopped().load()) return {};
        return read_file(pending[i], options, pool);
      },
      [&](std::size_t i, ReadOutcome outcome) { run.take(pending[i], pending_keys[i], std::move(outcome)); });
  run.flush();
  if (run.catalog_error()) return fail(*run.catalog_error());

  if (auto marked = catalog.mark_seen(unchanged, seen); !marked) return fail(marked.error());
  const auto gone = vanished_rows(known, walked, roots, options.shard);
  if (auto marked = catalog.mark_missing(gone); !marked) return fail(marked.error());
  result.marked_missing = gone.size();
  run.report(true);
  return result;
}

}  // namespace photoaudit::audit

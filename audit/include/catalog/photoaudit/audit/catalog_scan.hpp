// Scanning folders into a catalog: walk, skip what is unchanged, fingerprint and read metadata of the rest in
// parallel (one read and one decode per file), write in batches, recognise moved files, mark vanished ones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/reading_pool.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/common/limits.hpp"

namespace photoaudit::audit {

struct ScanProgress {
  std::size_t files_total = 0;   // image files found by the walk
  std::size_t files_done = 0;    // of those, handled (skipped as unchanged, written, or failed)
  std::size_t files_hashed = 0;  // of the done ones, read and fingerprinted
  double elapsed_seconds = 0;    // since the walk ended
  bool finished = false;         // the last call of a scan
};

// One part of a sharded scan: the files whose shard key hashes to index, of count parts (docs/scale.md).
struct ShardSpec {
  std::uint32_t index = 0;  // 0-based
  std::uint32_t count = 1;  // 1 = the whole scan
};

// Parses "I/N" (decimal, 0 <= I < N, 1 <= N <= 1000000). Fails with kInvalidArgument: "\"TEXT\": I/N is
// needed, ...".
Result<ShardSpec> parse_shard(std::string_view text);

// The part a file belongs to: the first 8 bytes of SHA-256(key), read as a big-endian unsigned 64-bit number,
// modulo count (so `printf %s KEY | sha256sum` gives it in a shell). REQUIRES: count >= 1.
std::uint32_t shard_of(std::string_view key, std::uint32_t count);

// A file's shard key: its path relative to the folder given on the command line that it was found under (so
// machines that mount the archive at different prefixes agree), or, for a file given by name (on the command
// line or in a list), the name as given, lexically normal ("./a/b.jpg" -> "a/b.jpg").
std::string shard_key_under(std::string_view path, std::string_view root);

// A path rebase (`scan --path-prefix OLD=NEW`, docs/scale.md): the archive is mounted at `from` on this
// machine, and the catalog stores its files under `to`, so shards that mount it at different places store the
// same paths. Both absolute and lexically normal, without a trailing slash except "/"; empty = no rebase.
struct PathPrefix {
  std::string from;
  std::string to;
  bool empty() const { return from.empty(); }
};

// Parses "OLD=NEW" (the first '=' splits; both sides absolute, normalised as root_directory does). Fails with
// kInvalidArgument naming what is wrong.
Result<PathPrefix> parse_path_prefix(std::string_view text);

// The path the catalog stores for a file at `path` on this machine: `to` + the rest when path is `from` or
// below it at a component boundary ("/mnt/a" holds "/mnt/a/x.jpg", not "/mnt/ab/x.jpg"); nullopt when it is
// not under `from`. With an empty prefix, path itself.
std::optional<std::string> stored_path(const PathPrefix& prefix, std::string_view path);

// The inverse: where a stored path (under `to`) is on this machine; nullopt when it is not under `to`.
std::optional<std::string> local_path(const PathPrefix& prefix, std::string_view stored);

// One file a scan read, or failed to read: what --ndjson writes (scan_records.hpp).
struct ScanRecord {
  std::string path;        // absolute, lexically normal, byte-exact; rebased by ScanOptions::path_prefix
  std::string key;         // its shard key
  std::uint64_t size = 0;  // as stat() found it
  std::int64_t mtime_ns = 0;
  std::optional<CatalogImage> image;  // read (image->error says what was read only in part); nullopt: not read
  std::string error;                  // image == nullopt: why
};

struct ScanOptions {
  // Worker threads for reading and fingerprinting; 0 = all hardware threads. Default: 0
  unsigned threads = 0;
  // Do not call `progress`. Default: false
  bool quiet = false;
  // Called on the calling thread after each written batch, at most about every progress_interval_ms, and
  // once at the end with finished = true. Default: none
  std::function<void(const ScanProgress&)> progress;
  // Minimum time between two progress calls. Default: 200 ms
  int progress_interval_ms = 200;
  // Rows per transaction. Default: 500
  std::size_t batch_size = 500;
  // Computes and stores each image's local features (CatalogImage::local_features), so that `dupes` and `find`
  // verify grey-zone pairs with the files offline; an unchanged file whose row has fingerprints but no local
  // features (written before they were stored) is read once more. Default: true
  bool local_features = true;
  // Files larger than this are not read (reported as failed). Default: Limits::max_file_bytes (512 MiB).
  std::uint64_t max_file_bytes = Limits{}.max_file_bytes;
  // Reading each file in a worker process, so that a decoder's crash or hang on one file fails that file, not
  // the scan (reading_pool.hpp). Default: off (read in this process); the CLI turns it on.
  pipeline::ReadingIsolation isolation;
  // Reads and verifies each file's Content Credentials (its store, else its sidecar NAME.c2pa) with this verifier,
  // into the c2pa_* columns; its trust anchors decide "trusted" (`scan --trust`). Default: null = not read (the
  // columns stay NULL).
  std::shared_ptr<const C2paVerifier> credentials{};
  // Only the files of this shard are read, and only their rows marked missing. Default: the whole scan.
  ShardSpec shard;
  // Rows (and records) hold each file's path rebased from `from` to `to`; files are read, and catalogued rows
  // checked for presence, on this machine's paths. Every given path must lie under `from`: scan() and
  // read_records() fail with kInvalidArgument before reading anything otherwise. Default: none.
  PathPrefix path_prefix;
  // The paths are a list (--paths-from): each file is taken if it is an image by content (others are
  // skipped_not_image), folders are walked, and nothing is marked missing (a list covers no folder). Default: false
  bool listed = false;
  // Called on the calling thread, in walk order, for each file read or failed (not for unchanged files, not for
  // walk errors). Default: none
  std::function<void(const ScanRecord&)> on_record;
};

struct ScanResult {
  std::size_t files = 0;              // image files found under the paths
  std::size_t unchanged = 0;          // skipped: size and mtime as catalogued
  std::size_t added = 0;              // new rows
  std::size_t updated = 0;            // rows of the same path rewritten (changed, or back after being missing)
  std::size_t replaced = 0;           // of the updated, files whose bytes changed: the earlier version stays as a
                                      // kReplaced record (catalog.hpp)
  std::size_t moved = 0;              // files found at a new path (same SHA-256, old path gone): the old row stays
                                      // as a kMoved record, the new one carries its first sighting
  std::size_t marked_missing = 0;     // rows under the scanned paths whose file is gone
  std::size_t failed = 0;             // files that could not be read, or were read only in part (pixels or
                                      // metadata undecodable: stored with their error and also counted in
                                      // added/updated/moved); each is described in errors
  std::size_t skipped_not_image = 0;  // files under the directories that are not images by content
  std::vector<std::string> errors;    // one message per failed file or unwalkable path (names it)
};

// Scans `paths` (files or directories; stored as absolute, lexically normal paths) into `catalog`.
// One bad file never stops the scan: it is counted in failed and described in errors (a file or folder that
// cannot be read, or a FIFO, socket or device under a folder, is failed, never "not an image"). Files that are
// empty or not images by their first bytes are skipped while walking. Every file found gets last_seen = the
// scan's start time (unchanged ones through Catalog::mark_seen); rows under the scanned paths whose file no longer
// exists are marked missing; rows elsewhere are left alone.
// Fails only when the catalog fails (kBusy, kIOError e.g. disk full, kCorruption); batches written before the
// failure stay, and a later scan completes the rest. REQUIRES: initialize_metadata() was called.
Result<ScanResult> scan(Catalog& catalog, const std::vector<std::string>& paths, const ScanOptions& options = {});

// Reads every image file under `paths` of options.shard (no catalog: nothing is skipped as unchanged) and hands
// each to options.on_record. Counts files, failed (with errors) and skipped_not_image; the other counts stay 0.
// Fails only when the reading workers cannot start. REQUIRES: initialize_metadata() was called.
Result<ScanResult> read_records(const std::vector<std::string>& paths, const ScanOptions& options);

}  // namespace photoaudit::audit

// Scanning folders into a catalog: walk, skip what is unchanged, fingerprint and read metadata of the rest in
// parallel (one read and one decode per file), write in batches, recognise moved files, mark vanished ones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

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
  // Files larger than this are not read (reported as failed). Default: Limits::max_file_bytes (512 MiB).
  std::uint64_t max_file_bytes = Limits{}.max_file_bytes;
  // Reading each file in a worker process, so that a decoder's crash or hang on one file fails that file, not
  // the scan (reading_pool.hpp). Default: off (read in this process); the CLI turns it on.
  pipeline::ReadingIsolation isolation;
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

}  // namespace photoaudit::audit

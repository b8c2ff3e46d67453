// Reading files in worker processes: a crash or hang inside a third-party decoder (Exiv2, libjpeg, libpng,
// libtiff, libwebp, libcbor ...) on one file ends that worker, not the audit or the scan. The file is reported
// (its evidence carries a read_error saying what happened) and the next file gets a fresh worker.
//
// A worker is this program started again (posix_spawn, no shell) with a hidden subcommand that calls
// serve_reading_requests(); the pool sends it the evidence options once, then one path (or one in-memory image)
// per request, over a Unix socket, and reads back the evidence (evidence_codec). Each worker has an address-space limit
// (ReadingIsolation::max_worker_memory_bytes; not under AddressSanitizer or ThreadSanitizer) and no core dumps; the
// pool's watchdog is the per-file deadline: a worker that has not answered by then is killed (SIGKILL). Workers are
// started on one thread of the pool's own, and die with it (PR_SET_PDEATHSIG), so an audit killed with -9
// leaves none behind.
// docs/security.md ("Isolation") has the measurements behind this design.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "photoaudit/audit/image_evidence.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/common/limits.hpp"

namespace photoaudit::audit::pipeline {

struct ReadingIsolation {
  // The program to start as a worker (the CLI passes its own executable). "" = read in this process, without
  // isolation: what library callers and unit tests get. Default: "".
  std::string worker_executable;
  // The hidden subcommand that makes worker_executable serve requests. Default: "__read-worker".
  std::string worker_command = "__read-worker";
  // Deadline of one file. Default: Limits::max_seconds_per_file (120 s).
  std::uint64_t max_seconds_per_file = Limits{}.max_seconds_per_file;
  // RLIMIT_AS of a worker. Default: Limits::max_worker_memory_bytes (4 GiB).
  std::uint64_t max_worker_memory_bytes = Limits{}.max_worker_memory_bytes;
};

class ReadingPool {
 public:
  // Starts one worker per thread that will call read() (workers: at least 1), each lazily on first use; the
  // first is started here, so that a worker that cannot start (a missing executable, no /proc) fails the call
  // (kIOError) instead of every file. options: how each file is read (its pool member is ignored).
  static Result<std::shared_ptr<ReadingPool>> start(const ReadingIsolation& isolation, const EvidenceOptions& options,
                                                    unsigned workers);

  // Reads path in a worker. Never fails as a whole: a worker that crashed, was killed by its deadline or answered
  // garbage gives evidence whose read_error says so (kCorruption for a crash or garbage, kLimitExceeded for the
  // deadline), and that worker is replaced. Thread-safe: up to `workers` calls run at once, more wait.
  // mirror_features: read as with EvidenceOptions::local_features_mirror (a pool of features_only workers).
  ImageEvidence read(const std::string& path, bool mirror_features = false);

  // Reads an image held in memory (an upload to serve, a page's fetched image) in a worker, as
  // gather_evidence_from_memory(name, bytes, options) would in this process: the bytes are copied to the worker
  // over its socket. name is what the evidence and its messages call the image. The same contract as read():
  // never fails as a whole; a crash, the deadline or garbage gives evidence with a read_error and a fresh worker
  // for the next call. Bytes over options.max_file_bytes are not sent: a read_error (kLimitExceeded), as in-process.
  // The bytes are only read during the call. Thread-safe as read().
  ImageEvidence read_memory(const std::string& name, std::span<const std::uint8_t> bytes, bool mirror_features = false);

  // Stops the workers (closing their sockets ends them) and waits for them.
  ~ReadingPool();
  ReadingPool(const ReadingPool&) = delete;
  ReadingPool& operator=(const ReadingPool&) = delete;

 private:
  struct Worker;
  ReadingPool(ReadingIsolation isolation, std::string options_bytes, std::uint64_t max_file_bytes, unsigned workers);
  // Starts a worker on spawner_ (a worker is killed when the thread that started it ends: PR_SET_PDEATHSIG).
  Result<void> spawn(Worker& worker);
  Result<void> spawn_here(Worker& worker) const;
  void run_spawner();
  static void stop(Worker& worker);
  // Takes an idle worker (waiting for one), calls use with it, gives it back.
  ImageEvidence with_idle_worker(const std::function<ImageEvidence(Worker&)>& use);
  // Sends request (worker_frames.hpp) for the image called path and reads the answer.
  ImageEvidence read_with(Worker& worker, const std::string& path, const std::string& request);

  ReadingIsolation isolation_;
  std::string options_bytes_;     // encode_evidence_options(), sent to each new worker first
  std::uint64_t max_file_bytes_;  // EvidenceOptions::max_file_bytes: the largest image read_memory() sends
  std::vector<std::unique_ptr<Worker>> workers_;
  std::mutex mu_;
  std::condition_variable idle_changed_;
  std::vector<std::size_t> idle_;  // indexes into workers_ of the workers no read() is using
  std::mutex spawn_mu_;
  std::condition_variable spawn_queued_;
  std::deque<std::function<void()>> spawn_queue_;
  bool stopping_ = false;
  std::thread spawner_;  // lives as long as the pool; every worker is started on it
};

// The descriptor of a worker's socket (the pool puts it there).
inline constexpr int kReadWorkerSocketFd = 3;

// The worker's side, on the socket `fd` (descriptor 3 of a worker): sets its own limits (address space
// max_memory_bytes, unless under AddressSanitizer or ThreadSanitizer; no core dumps; killed when the parent dies),
// reads the options, then answers request after request (a path, or an image's bytes of at most the options'
// max_file_bytes with its name) until the socket closes. Returns the process's exit status: 0 at a clean end of
// input, 2 when the options or a request do not decode (a request over its bound included).
int serve_reading_requests(int fd, std::uint64_t max_memory_bytes);

}  // namespace photoaudit::audit::pipeline

// The audit's side of the reading workers (reading_pool.hpp): starting them, one request at a time each, the
// per-file deadline, and what a crash, a kill or garbage becomes.
#include "photoaudit/audit/reading_pool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <future>

#include "evidence/evidence_codec.hpp"
#include "evidence/worker_frames.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX declares it nowhere else

namespace photoaudit::audit::pipeline {

struct ReadingPool::Worker {
  pid_t pid = -1;
  int fd = -1;  // our end of the socket; -1 when no worker runs
};

namespace {

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = sigabbrev_np(sig);
    return "signal " + std::to_string(sig) + (name != nullptr ? std::string(" (SIG") + name + ")" : std::string());
  }
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  return "status " + std::to_string(status);
}

ImageEvidence failed(const std::string& path, Error error) {
  ImageEvidence evidence;
  evidence.path = path;
  evidence.read_error = std::move(error);
  return evidence;
}

}  // namespace

ReadingPool::ReadingPool(ReadingIsolation isolation, std::string options_bytes, std::uint64_t max_file_bytes,
                         unsigned workers)
    : isolation_(std::move(isolation)), options_bytes_(std::move(options_bytes)), max_file_bytes_(max_file_bytes) {
  workers_.reserve(workers);
  for (unsigned i = 0; i < workers; ++i) {
    workers_.push_back(std::make_unique<Worker>());
    idle_.push_back(workers - 1 - i);
  }
  spawner_ = std::thread([this] { run_spawner(); });
}

void ReadingPool::run_spawner() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(spawn_mu_);
      spawn_queued_.wait(lock, [&] { return stopping_ || !spawn_queue_.empty(); });
      if (spawn_queue_.empty()) return;  // stopping, nothing left
      job = std::move(spawn_queue_.front());
      spawn_queue_.pop_front();
    }
    job();
  }
}

Result<void> ReadingPool::spawn(Worker& worker) {
  std::promise<Result<void>> done;
  auto result = done.get_future();
  {
    std::lock_guard lock(spawn_mu_);
    spawn_queue_.emplace_back([&] { done.set_value(spawn_here(worker)); });
  }
  spawn_queued_.notify_one();
  return result.get();
}

Result<std::shared_ptr<ReadingPool>> ReadingPool::start(const ReadingIsolation& isolation,
                                                        const EvidenceOptions& options, unsigned workers) {
  std::shared_ptr<ReadingPool> pool(new ReadingPool(  // private constructor
      isolation, encode_evidence_options(options), options.max_file_bytes, std::max(workers, 1U)));
  if (auto first = pool->spawn(*pool->workers_.front()); !first) return fail(first.error());
  return pool;
}

ReadingPool::~ReadingPool() {
  for (auto& worker : workers_) stop(*worker);
  {
    std::lock_guard lock(spawn_mu_);
    stopping_ = true;
  }
  spawn_queued_.notify_one();
  spawner_.join();
}

Result<void> ReadingPool::spawn_here(Worker& worker) const {
  int sockets[2] = {-1, -1};
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) {
    return fail(Error::io_error(std::string("cannot start a reading worker: socketpair: ") + std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // Standard input and output are /dev/null (a library that prints cannot corrupt the answers or the report);
  // standard error stays ours; the socket is descriptor 3.
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, sockets[1], kReadWorkerSocketFd);
  const std::string memory = std::to_string(isolation_.max_worker_memory_bytes);
  std::vector<std::string> args = {isolation_.worker_executable, isolation_.worker_command, "--max-memory", memory};
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, isolation_.worker_executable.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(sockets[1]);
  if (rc != 0) {
    close(sockets[0]);
    return fail(
        Error::io_error("cannot start a reading worker (" + isolation_.worker_executable + "): " + std::strerror(rc)));
  }
  worker.pid = pid;
  worker.fd = sockets[0];
  if (auto sent = send_frame(worker.fd, options_bytes_); !sent) {
    stop(worker);
    return fail(Error::io_error("cannot start a reading worker: " + sent.error().message));
  }
  return ok();
}

void ReadingPool::stop(Worker& worker) {
  if (worker.fd >= 0) close(worker.fd);  // a worker ends at the end of its input
  if (worker.pid > 0) {
    int status = 0;
    while (waitpid(worker.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  worker = Worker{};
}

ImageEvidence ReadingPool::read(const std::string& path, bool mirror_features) {
  return with_idle_worker(
      [&](Worker& worker) { return read_with(worker, path, encode_path_request(path, mirror_features)); });
}

ImageEvidence ReadingPool::read_memory(const std::string& name, std::span<const std::uint8_t> bytes,
                                       bool mirror_features) {
  if (bytes.size() > max_file_bytes_) {  // as gather_evidence_from_memory says it, without sending them
    return failed(name, Error::limit_exceeded(name + ": " + std::to_string(bytes.size()) +
                                              " bytes, over the limit of " + std::to_string(max_file_bytes_)));
  }
  return with_idle_worker(
      [&](Worker& worker) { return read_with(worker, name, encode_memory_request(name, bytes, mirror_features)); });
}

ImageEvidence ReadingPool::with_idle_worker(const std::function<ImageEvidence(Worker&)>& use) {
  std::size_t index = 0;
  {
    std::unique_lock lock(mu_);
    idle_changed_.wait(lock, [&] { return !idle_.empty(); });
    index = idle_.back();
    idle_.pop_back();
  }
  ImageEvidence evidence = use(*workers_[index]);
  {
    std::lock_guard lock(mu_);
    idle_.push_back(index);
  }
  idle_changed_.notify_one();
  return evidence;
}

ImageEvidence ReadingPool::read_with(Worker& worker, const std::string& path, const std::string& request) {
  if (worker.fd < 0) {
    if (auto started = spawn(worker); !started) return failed(path, started.error());
  }
  if (auto sent = send_frame(worker.fd, request); !sent) {
    // The worker ended since its last answer (it is idle, so this is rare): one fresh worker, one more try.
    kill(worker.pid, SIGKILL);
    stop(worker);
    if (auto started = spawn(worker); !started) return failed(path, started.error());
    if (auto again = send_frame(worker.fd, request); !again) return failed(path, again.error());
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(isolation_.max_seconds_per_file);
  auto answer = receive_frame(worker.fd, kMaxAnswerBytes, deadline);
  if (!answer) {
    if (answer.error().code == ErrorCode::kLimitExceeded) {  // the deadline
      kill(worker.pid, SIGKILL);
      stop(worker);
      return failed(path, Error::limit_exceeded(path + ": reading it took longer than " +
                                                std::to_string(isolation_.max_seconds_per_file) +
                                                " s; the reading worker was stopped (a hang in a decoder?)"));
    }
    // The socket closed or broke: the worker died on this file. Its exit status says how.
    int status = 0;
    const pid_t pid = worker.pid;
    close(worker.fd);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    worker = Worker{};
    return failed(path, Error::corruption(path + ": the reading worker died on this file (" + describe_status(status) +
                                          "): a decoder crashed or ran out of memory; the file was not read"));
  }
  auto evidence = decode_evidence(*answer);
  if (!evidence || evidence->path != path) {
    kill(worker.pid, SIGKILL);
    stop(worker);
    return failed(path, Error::corruption(path + ": the reading worker's answer for this file does not decode"));
  }
  return std::move(*evidence);
}

}  // namespace photoaudit::audit::pipeline

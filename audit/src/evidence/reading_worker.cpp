// The reading worker's side (reading_pool.hpp): its own limits, then one file per request.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <thread>

#include "evidence/evidence_codec.hpp"
#include "evidence/worker_frames.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/audit/reading_pool.hpp"

// AddressSanitizer and ThreadSanitizer reserve terabytes of address space: no RLIMIT_AS under them.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PHOTOAUDIT_UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define PHOTOAUDIT_UNDER_SANITIZER 1
#endif
#endif

namespace photoaudit::audit::pipeline {
namespace {

void limit_self(std::uint64_t max_memory_bytes) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // an audit killed with -9 leaves no worker behind
  const rlimit no_core{.rlim_cur = 0, .rlim_max = 0};
  setrlimit(RLIMIT_CORE, &no_core);
#ifndef PHOTOAUDIT_UNDER_SANITIZER
  if (max_memory_bytes > 0) {
    const rlimit memory{.rlim_cur = max_memory_bytes, .rlim_max = max_memory_bytes};
    setrlimit(RLIMIT_AS, &memory);
  }
#else
  (void)max_memory_bytes;
#endif
}

#ifdef PHOTOAUDIT_FAULT_INJECTION
// Test builds only: PHOTOAUDIT_FAULT_INJECTION="crash:TEXT" makes the worker die by SIGSEGV on a path that
// contains TEXT, "hang:TEXT" makes it sleep forever there: how the tests stand in for a decoder's crash or hang.
void inject_fault(const std::string& path) {
  const char* spec = std::getenv("PHOTOAUDIT_FAULT_INJECTION");
  if (spec == nullptr) return;
  const std::string value(spec);
  const auto colon = value.find(':');
  if (colon == std::string::npos || path.find(value.substr(colon + 1)) == std::string::npos) return;
  if (value.compare(0, colon, "crash") == 0) {
    signal(SIGSEGV, SIG_DFL);  // past the sanitizers' handlers: the process dies by the signal
    raise(SIGSEGV);
  }
  if (value.compare(0, colon, "hang") == 0) {
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
  }
}
#endif

}  // namespace

int serve_reading_requests(int fd, std::uint64_t max_memory_bytes) {
  limit_self(max_memory_bytes);
  if (getppid() == 1) return 0;  // the audit ended before PR_SET_PDEATHSIG was set
  auto options_bytes = receive_frame(fd, kMaxRequestBytes);
  if (!options_bytes) return options_bytes.error().code == ErrorCode::kNotFound ? 0 : 2;
  auto options = decode_evidence_options(*options_bytes);
  if (!options) return 2;
  initialize_metadata();
  for (;;) {
    auto path = receive_frame(fd, kMaxRequestBytes);
    if (!path) return path.error().code == ErrorCode::kNotFound ? 0 : 2;
#ifdef PHOTOAUDIT_FAULT_INJECTION
    inject_fault(*path);
#endif
    const ImageEvidence evidence = gather_evidence(*path, *options);
    if (!send_frame(fd, encode_evidence(evidence))) return 0;  // the audit is gone
  }
}

}  // namespace photoaudit::audit::pipeline

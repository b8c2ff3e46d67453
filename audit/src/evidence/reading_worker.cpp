// The reading worker's side (reading_pool.hpp): its own limits, then one file per request.
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

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

#ifdef PHOTOAUDIT_UNDER_SANITIZER
#include <sanitizer/common_interface_defs.h>
#endif

namespace photoaudit::audit::pipeline {
namespace {

// What decoders write to stderr while one file is read (libpng's "libpng error: ...", libtiff's and OpenCV's
// warnings), caught into the file's evidence instead of the terminal (issue 17). The worker reads one file at a
// time, so pointing its stderr at a memory file for that time catches exactly that file's messages.
class DecoderMessages {
 public:
  DecoderMessages() {
    buffer_ = memfd_create("photoaudit-decoder-messages", MFD_CLOEXEC);
    terminal_ = dup(STDERR_FILENO);
#ifdef PHOTOAUDIT_UNDER_SANITIZER
    // A sanitizer's report of this worker still reaches the real stderr, not the buffer.
    if (terminal_ >= 0) __sanitizer_set_report_fd(reinterpret_cast<void*>(static_cast<std::intptr_t>(terminal_)));
#endif
  }
  DecoderMessages(const DecoderMessages&) = delete;
  DecoderMessages& operator=(const DecoderMessages&) = delete;
  ~DecoderMessages() {
    if (buffer_ >= 0) close(buffer_);
    if (terminal_ >= 0) close(terminal_);
  }

  // Until collect(): stderr goes to the buffer (emptied first).
  void start() {
    if (buffer_ < 0 || terminal_ < 0) return;
    flush();
    if (ftruncate(buffer_, 0) != 0) return;
    capturing_ = dup2(buffer_, STDERR_FILENO) >= 0;
  }

  // stderr back to where it was; the lines written since start(), bounded, empty lines dropped.
  std::vector<std::string> collect() {
    if (!capturing_) return {};
    flush();
    dup2(terminal_, STDERR_FILENO);
    capturing_ = false;
    std::string text(kMaxDecoderMessages * (kMaxDecoderMessageBytes + 1) * 4, '\0');
    const ssize_t n = pread(buffer_, text.data(), text.size(), 0);
    text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    std::vector<std::string> lines;
    std::size_t at = 0;
    while (at < text.size() && lines.size() < kMaxDecoderMessages) {
      std::size_t end = text.find('\n', at);
      if (end == std::string::npos) end = text.size();
      std::string_view line(text.data() + at, end - at);
      at = end + 1;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      if (line.empty()) continue;
      lines.emplace_back(line.substr(0, kMaxDecoderMessageBytes));
    }
    return lines;
  }

 private:
  static void flush() {
    std::fflush(stderr);
    std::cerr.flush();
    std::clog.flush();
  }

  int buffer_ = -1;
  int terminal_ = -1;
  bool capturing_ = false;
};

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
// Test builds only: PHOTOAUDIT_FAULT_INJECTION="crash:TEXT" makes the worker die by SIGSEGV on a path (or an
// in-memory image's name) that contains TEXT, "hang:TEXT" makes it sleep forever there: how the tests stand in
// for a decoder's crash or hang. "crash-features:TEXT" crashes only a worker that reads local features alone
// (EvidenceOptions::features_only: the grey zone's second read of a file that read well the first time).
void inject_fault(const std::string& path, const EvidenceOptions& options) {
  const char* spec = std::getenv("PHOTOAUDIT_FAULT_INJECTION");
  if (spec == nullptr) return;
  const std::string value(spec);
  const auto colon = value.find(':');
  if (colon == std::string::npos || path.find(value.substr(colon + 1)) == std::string::npos) return;
  const std::string kind = value.substr(0, colon);
  if (kind == "crash" || (kind == "crash-features" && options.features_only)) {
    signal(SIGSEGV, SIG_DFL);  // past the sanitizers' handlers: the process dies by the signal
    raise(SIGSEGV);
  }
  if (kind == "hang") {
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
  }
}
#endif

ImageEvidence read_requested(const ReadRequest& request, const EvidenceOptions& options) {
  EvidenceOptions asked = options;
  if (request.mirror_features) asked.local_features_mirror = true;
  if (!request.in_memory) return gather_evidence(request.name, asked);
  const auto* data = reinterpret_cast<const std::uint8_t*>(request.bytes.data());
  return gather_evidence_from_memory(request.name, std::span(data, request.bytes.size()), asked);
}

}  // namespace

int serve_reading_requests(int fd, std::uint64_t max_memory_bytes) {
  limit_self(max_memory_bytes);
  if (getppid() == 1) return 0;  // the audit ended before PR_SET_PDEATHSIG was set
  auto options_bytes = receive_frame(fd, kMaxRequestBytes);
  if (!options_bytes) return options_bytes.error().code == ErrorCode::kNotFound ? 0 : 2;
  auto options = decode_evidence_options(*options_bytes);
  if (!options) return 2;
  initialize_metadata();
  DecoderMessages messages;
  // A request is a path or an image's bytes (at most max_file_bytes, as the pool sends them) with its name.
  const std::size_t max_request = kMaxRequestBytes + 9 + static_cast<std::size_t>(options->max_file_bytes);
  for (;;) {
    auto frame = receive_frame(fd, max_request);
    if (!frame) return frame.error().code == ErrorCode::kNotFound ? 0 : 2;
    auto request = decode_request(*frame);
    if (!request) return 2;
#ifdef PHOTOAUDIT_FAULT_INJECTION
    inject_fault(request->name, *options);
#endif
    messages.start();
    ImageEvidence evidence = read_requested(*request, *options);
    evidence.decoder_messages = messages.collect();
    if (!send_frame(fd, encode_evidence(evidence))) return 0;  // the audit is gone
  }
}

}  // namespace photoaudit::audit::pipeline

// Private to the evidence layer: the frames a reading worker and the pool exchange over their socket (an 8-byte
// little-endian length, then that many bytes), read within a size bound and an optional deadline.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::pipeline {

inline constexpr std::size_t kMaxRequestBytes = std::size_t{1} << 20;  // options (trust anchors) or a path
inline constexpr std::size_t kMaxAnswerBytes = std::size_t{1} << 30;   // one file's evidence

// Writes one frame (never raises SIGPIPE). kIOError when the peer is gone.
Result<void> send_frame(int fd, std::string_view bytes);

// Reads one frame of at most max_bytes. kIOError at the end of input or a broken socket (an end before the
// first byte of a frame is kNotFound: the peer closed cleanly), kCorruption for a frame over max_bytes,
// kLimitExceeded when the deadline passes first.
Result<std::string> receive_frame(int fd, std::size_t max_bytes,
                                  std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

}  // namespace photoaudit::audit::pipeline

// Private to the evidence layer: the frames a reading worker and the pool exchange over their socket (an 8-byte
// little-endian length, then that many bytes), read within a size bound and an optional deadline.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::pipeline {

inline constexpr std::size_t kMaxRequestBytes = std::size_t{1} << 20;  // options (trust anchors) or a path
inline constexpr std::size_t kMaxAnswerBytes = std::size_t{1} << 30;   // one file's evidence

// One request to a worker, after the options: a file to read by path, or an image's bytes sent along (read with
// gather_evidence_from_memory). As a frame: 'P' then the path ('F' then the path: the same, with the mirror
// image's local features too, EvidenceOptions::local_features_mirror), or 'M', the name's length (8 bytes,
// little-endian), the name, then the bytes ('N': the same, with the mirror image's local features too).
struct ReadRequest {
  bool in_memory = false;
  bool mirror_features = false;  // 'F' or 'N'
  std::string name;              // the path, or what the in-memory image is called
  std::string_view bytes;        // the image (in_memory only): a view into the frame decoded, valid as long as it
};

std::string encode_path_request(std::string_view path, bool mirror_features = false);
std::string encode_memory_request(std::string_view name, std::span<const std::uint8_t> bytes,
                                  bool mirror_features = false);

// kCorruption for an unknown kind, a name over kMaxRequestBytes or a length past the end.
Result<ReadRequest> decode_request(std::string_view frame);

// Writes one frame (never raises SIGPIPE). kIOError when the peer is gone.
Result<void> send_frame(int fd, std::string_view bytes);

// Reads one frame of at most max_bytes. kIOError at the end of input or a broken socket (an end before the
// first byte of a frame is kNotFound: the peer closed cleanly), kCorruption for a frame over max_bytes,
// kLimitExceeded when the deadline passes first.
Result<std::string> receive_frame(int fd, std::size_t max_bytes,
                                  std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

}  // namespace photoaudit::audit::pipeline

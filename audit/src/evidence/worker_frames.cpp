#include "evidence/worker_frames.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace photoaudit::audit::pipeline {
namespace {

Result<void> send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(Error::io_error(std::string("send: ") + std::strerror(errno)));
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return ok();
}

// Reads exactly size bytes. started: whether this frame's first byte has been read already.
Result<void> receive_all(int fd, char* data, std::size_t size, bool started,
                         std::optional<std::chrono::steady_clock::time_point> deadline) {
  while (size > 0) {
    int timeout_ms = -1;
    if (deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline -
                                                                              std::chrono::steady_clock::now());
      if (left.count() <= 0) return fail(Error::limit_exceeded("deadline passed"));
      timeout_ms = static_cast<int>(std::min<std::chrono::milliseconds::rep>(left.count(), 60'000));
    }
    pollfd p{.fd = fd, .events = POLLIN, .revents = 0};
    const int ready = poll(&p, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return fail(Error::io_error(std::string("poll: ") + std::strerror(errno)));
    if (ready == 0) continue;  // the deadline is checked above
    const ssize_t n = recv(fd, data, size, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0 && !started) return fail(Error::not_found("end of input"));
    if (n <= 0) return fail(Error::io_error("the peer closed the socket"));
    data += n;
    size -= static_cast<std::size_t>(n);
    started = true;
  }
  return ok();
}

void put_u64(std::string& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(value >> (8 * i) & 0xFF));
}

}  // namespace

std::string encode_path_request(std::string_view path, bool mirror_features) {
  std::string frame = mirror_features ? "F" : "P";
  frame.append(path);
  return frame;
}

std::string encode_memory_request(std::string_view name, std::span<const std::uint8_t> bytes, bool mirror_features) {
  std::string frame = mirror_features ? "N" : "M";
  frame.reserve(1 + 8 + name.size() + bytes.size());
  put_u64(frame, name.size());
  frame.append(name);
  frame.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return frame;
}

Result<ReadRequest> decode_request(std::string_view frame) {
  if (!frame.empty() && (frame.front() == 'P' || frame.front() == 'F')) {
    return ReadRequest{
        .in_memory = false, .mirror_features = frame.front() == 'F', .name = std::string(frame.substr(1)), .bytes = {}};
  }
  if (frame.size() < 9 || (frame.front() != 'M' && frame.front() != 'N')) {
    return fail(Error::corruption("a request of an unknown kind"));
  }
  std::uint64_t name_size = 0;
  for (int i = 0; i < 8; ++i) name_size |= std::uint64_t{static_cast<unsigned char>(frame[1 + i])} << (8 * i);
  if (name_size > kMaxRequestBytes || name_size > frame.size() - 9) {
    return fail(Error::corruption("a request whose name runs past its end"));
  }
  return ReadRequest{.in_memory = true,
                     .mirror_features = frame.front() == 'N',
                     .name = std::string(frame.substr(9, name_size)),
                     .bytes = frame.substr(9 + name_size)};
}

Result<void> send_frame(int fd, std::string_view bytes) {
  char header[8];
  const std::uint64_t size = bytes.size();
  for (int i = 0; i < 8; ++i) header[i] = static_cast<char>(size >> (8 * i) & 0xFF);
  if (auto sent = send_all(fd, header, sizeof header); !sent) return sent;
  return send_all(fd, bytes.data(), bytes.size());
}

Result<std::string> receive_frame(int fd, std::size_t max_bytes,
                                  std::optional<std::chrono::steady_clock::time_point> deadline) {
  char header[8];
  if (auto got = receive_all(fd, header, sizeof header, false, deadline); !got) return fail(got.error());
  std::uint64_t size = 0;
  for (int i = 0; i < 8; ++i) size |= std::uint64_t{static_cast<unsigned char>(header[i])} << (8 * i);
  if (size > max_bytes) {
    return fail(Error::corruption("a frame of " + std::to_string(size) + " bytes, over " + std::to_string(max_bytes)));
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (auto got = receive_all(fd, bytes.data(), bytes.size(), true, deadline); !got) return fail(got.error());
  return bytes;
}

}  // namespace photoaudit::audit::pipeline

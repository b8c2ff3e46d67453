// Private to serve: one accepted connection as cpp-httplib's Stream, so that the server can hand a connection
// to httplib::Server::process_request itself (connection_gate.hpp) instead of letting a worker wait on it.
// Reads are buffered (httplib reads request lines a byte at a time); every read and write waits at most its
// timeout for the socket. Does not own the socket.
#pragma once

#include <httplib.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <string>

namespace photoaudit::audit::serve {

class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(int sock, std::chrono::milliseconds read_timeout, std::chrono::milliseconds write_timeout)
      : sock_(sock), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

  bool is_readable() const override;  // waits up to the read timeout for bytes to read
  bool is_writable() const override;  // waits up to the write timeout for room to write
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return sock_; }

  // Bytes read from the socket that no read() has taken yet (a pipelined next request).
  bool has_buffered() const { return offset_ < filled_; }

 private:
  int sock_;
  std::chrono::milliseconds read_timeout_;
  std::chrono::milliseconds write_timeout_;
  std::array<char, 4096> buffer_{};
  std::size_t offset_ = 0;
  std::size_t filled_ = 0;
};

}  // namespace photoaudit::audit::serve

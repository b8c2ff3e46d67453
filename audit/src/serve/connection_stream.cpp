// ConnectionStream: poll() for the timeouts, recv()/send() for the bytes, getpeername()/getsockname() for the
// addresses.
#include "serve/connection_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace photoaudit::audit::serve {
namespace {

bool wait_for(int sock, short events, std::chrono::milliseconds timeout) {
  pollfd p{.fd = sock, .events = events, .revents = 0};
  int rc = 0;
  do {
    rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
  } while (rc < 0 && errno == EINTR);
  return rc > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
}

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    ::inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
    port = ntohs(a.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    ::inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
    port = ntohs(a.sin6_port);
  }
  ip = text;
}

ssize_t receive(int sock, char* ptr, std::size_t size) {
  ssize_t n = 0;
  do {
    n = ::recv(sock, ptr, size, 0);
  } while (n < 0 && errno == EINTR);
  return n;
}

}  // namespace

bool ConnectionStream::is_readable() const { return wait_for(sock_, POLLIN, read_timeout_); }

bool ConnectionStream::is_writable() const { return wait_for(sock_, POLLOUT, write_timeout_); }

ssize_t ConnectionStream::read(char* ptr, std::size_t size) {
  if (offset_ < filled_) {
    const std::size_t n = std::min(size, filled_ - offset_);
    std::memcpy(ptr, buffer_.data() + offset_, n);
    offset_ += n;
    return static_cast<ssize_t>(n);
  }
  if (!is_readable()) return -1;
  if (size >= buffer_.size()) return receive(sock_, ptr, size);
  offset_ = filled_ = 0;
  const ssize_t n = receive(sock_, buffer_.data(), buffer_.size());
  if (n <= 0) return n;
  filled_ = static_cast<std::size_t>(n);
  const std::size_t taken = std::min(size, filled_);
  std::memcpy(ptr, buffer_.data(), taken);
  offset_ = taken;
  return static_cast<ssize_t>(taken);
}

ssize_t ConnectionStream::write(const char* ptr, std::size_t size) {
  if (!is_writable()) return -1;
  ssize_t n = 0;
  do {
    n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) address_of(addr, ip, port);
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) address_of(addr, ip, port);
}

}  // namespace photoaudit::audit::serve

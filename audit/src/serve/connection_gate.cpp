// ConnectionGate: epoll with one-shot interest, a sweep of idle sockets twice a second.
#include "serve/connection_gate.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>
#include <vector>

namespace photoaudit::audit::serve {
namespace {

void close_socket(int sock) {
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
}

}  // namespace

ConnectionGate::ConnectionGate(Dispatch dispatch, std::chrono::seconds idle_timeout, std::size_t max_parked)
    : dispatch_(std::move(dispatch)), idle_timeout_(idle_timeout), max_parked_(std::max<std::size_t>(1, max_parked)) {
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_ < 0 || wake_ < 0) throw std::system_error(errno, std::generic_category(), "epoll");
  epoll_event ev{.events = EPOLLIN, .data = {.fd = wake_}};
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
  thread_ = std::thread([this] { run(); });
}

ConnectionGate::~ConnectionGate() {
  stop();
  ::close(epoll_);
  ::close(wake_);
}

void ConnectionGate::stop() {
  {
    const std::lock_guard lock(mu_);
    if (stopped_) return;
    stopped_ = true;
  }
  const std::uint64_t one = 1;
  (void)::write(wake_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  const std::lock_guard lock(mu_);
  for (const auto& [sock, entry] : parked_) close_socket(sock);
  parked_.clear();
}

std::size_t ConnectionGate::parked() const {
  const std::lock_guard lock(mu_);
  return parked_.size();
}

void ConnectionGate::park(ParkedSocket socket) {
  const std::lock_guard lock(mu_);
  if (stopped_) {
    close_socket(socket.sock);
    return;
  }
  if (parked_.size() >= max_parked_) {  // the longest-waiting socket makes room
    const auto oldest = std::min_element(parked_.begin(), parked_.end(),
                                         [](const auto& a, const auto& b) { return a.second.since < b.second.since; });
    close_locked(oldest->first);
  }
  parked_[socket.sock] = Entry{.requests = socket.requests, .since = std::chrono::steady_clock::now()};
  epoll_event ev{.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT, .data = {.fd = socket.sock}};
  if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, socket.sock, &ev) != 0) close_locked(socket.sock);
}

void ConnectionGate::close_locked(int sock) {
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, sock, nullptr);
  parked_.erase(sock);
  close_socket(sock);
}

void ConnectionGate::close_idle(std::chrono::steady_clock::time_point now) {
  std::vector<int> idle;
  for (const auto& [sock, entry] : parked_) {
    if (now - entry.since > idle_timeout_) idle.push_back(sock);
  }
  for (const int sock : idle) close_locked(sock);
}

void ConnectionGate::run() {
  std::array<epoll_event, 256> events{};
  auto last_sweep = std::chrono::steady_clock::now();
  for (;;) {
    const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 500);
    std::vector<ParkedSocket> ready;
    {
      const std::lock_guard lock(mu_);
      if (stopped_) return;
      for (int i = 0; i < n; ++i) {
        const int sock = events[static_cast<std::size_t>(i)].data.fd;
        const auto it = parked_.find(sock);
        if (sock == wake_ || it == parked_.end()) continue;
        if ((events[static_cast<std::size_t>(i)].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0 &&
            (events[static_cast<std::size_t>(i)].events & EPOLLIN) == 0) {
          close_locked(sock);
          continue;
        }
        ready.push_back(ParkedSocket{.sock = sock, .requests = it->second.requests});
        ::epoll_ctl(epoll_, EPOLL_CTL_DEL, sock, nullptr);
        parked_.erase(it);
      }
      const auto now = std::chrono::steady_clock::now();
      if (now - last_sweep > std::chrono::milliseconds(500)) {
        close_idle(now);
        last_sweep = now;
      }
    }
    for (const auto& s : ready) dispatch_(s);
  }
}

}  // namespace photoaudit::audit::serve

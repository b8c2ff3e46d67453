// Private to serve: where connections wait for their next request without holding a worker. A parked socket
// sits in one epoll set watched by one thread; when bytes arrive it is handed to `dispatch` (which queues it for
// a worker), when its peer hangs up, when it has waited `idle_timeout`, or when more than `max_parked` sockets
// wait (the longest-waiting goes first), it is closed. So idle connections, new or kept alive, cost a file
// descriptor and a few bytes each, and never a thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace photoaudit::audit::serve {

struct ParkedSocket {
  int sock = -1;
  std::size_t requests = 0;  // requests answered on it so far
};

class ConnectionGate {
 public:
  using Dispatch = std::function<void(ParkedSocket)>;

  // Starts the watching thread. Fails (throws std::system_error) only when epoll or eventfd cannot be created.
  ConnectionGate(Dispatch dispatch, std::chrono::seconds idle_timeout, std::size_t max_parked);
  // stop(), then closes what is still parked.
  ~ConnectionGate();
  ConnectionGate(const ConnectionGate&) = delete;
  ConnectionGate& operator=(const ConnectionGate&) = delete;

  // Takes ownership of the socket: it waits here until readable (then dispatched) or closed. After stop() the
  // socket is closed at once. Thread-safe.
  void park(ParkedSocket socket);

  // Stops watching; parked sockets are closed. Idempotent.
  void stop();

  std::size_t parked() const;

 private:
  struct Entry {
    std::size_t requests = 0;
    std::chrono::steady_clock::time_point since;
  };
  void run();
  void close_idle(std::chrono::steady_clock::time_point now);
  void close_locked(int sock);

  Dispatch dispatch_;
  std::chrono::seconds idle_timeout_;
  std::size_t max_parked_;
  int epoll_ = -1;
  int wake_ = -1;  // eventfd: stop() wakes the thread through it
  mutable std::mutex mu_;
  std::map<int, Entry> parked_;
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace photoaudit::audit::serve

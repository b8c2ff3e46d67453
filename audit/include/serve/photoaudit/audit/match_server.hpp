// MatchServer: the HTTP side of photoaudit serve (cpp-httplib): the routes of docs/api.md over a MatchService,
// a SnapshotHolder rebuilt on a schedule, bearer authentication, size and rate limits and the metrics.
//
// Connections: a connection waits for each request (the first and every kept-alive one) in one epoll set, not on
// a thread; only once bytes arrive is it handed to the bounded pool of ServeOptions::threads workers, which
// answers that one request. So idle connections cost a file descriptor each and never a worker; one that waited
// request_timeout is closed, and when descriptors run short the longest-waiting goes first. A connection that
// sends part of a request holds a worker for at most request_timeout per read. The listening socket also
// defers accepting until the first bytes arrive (TCP_DEFER_ACCEPT). docs/api.md ("Connections") has the numbers.
#pragma once

#include <memory>
#include <thread>

#include "photoaudit/audit/serve_options.hpp"
#include "photoaudit/audit/snapshot_holder.hpp"
#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::serve {

class MatchServer {
 public:
  // Checks the options (a token, or allow_no_auth on a loopback host: else kInvalidArgument), loads the catalog
  // once through opener (its failure is returned: kNotFound, kCorruption, kUnsupported ...), binds host:port
  // (kIOError when it cannot: in use, no such address) and starts answering on a thread of its own and the
  // schedule of rebuilds. The server runs until stop() or destruction.
  static Result<std::unique_ptr<MatchServer>> start(const ServeOptions& options, CatalogOpener opener);

  // The port bound (the one chosen when ServeOptions::port was 0).
  int port() const;
  // Blocks until the server has stopped (stop() from another thread, or a failure of the listening socket).
  void wait();
  // Stops accepting, lets the requests being answered finish, stops the schedule. Idempotent; thread-safe.
  void stop();

  ~MatchServer();
  MatchServer(const MatchServer&) = delete;
  MatchServer& operator=(const MatchServer&) = delete;

 private:
  struct State;
  explicit MatchServer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace photoaudit::audit::serve

// MatchServer: cpp-httplib configured for the limits of serve_options.hpp, on a thread of its own.
#include "photoaudit/audit/match_server.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>
#include <utility>

#include "serve/connection_gate.hpp"
#include "serve/connection_stream.hpp"
#include "serve/server_context.hpp"

namespace photoaudit::audit::serve {
namespace {

// Pending connections the kernel keeps for the listener (cpp-httplib listens with a backlog of 5).
constexpr int kListenBacklog = 4096;

// When the request being answered on this thread reached the pre-routing handler; nullopt for one that did not
// (a request line that does not parse): its time is counted as 0.
thread_local std::optional<std::chrono::steady_clock::time_point> t_request_start;
// The request being answered on this thread passed guard_request already (in the 100-continue handler).
thread_local bool t_guarded = false;

// The status of the last answer written on this thread (the logger sets it): a connection is kept only after
// an answer below 400, whose request body was read whole.
thread_local int t_last_status = 0;

void close_socket(int sock) {
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
}

// httplib::Server whose accepted connections wait in a ConnectionGate, not on a worker, for each request: the
// gate hands a readable connection to the worker pool, which answers one request and parks it again (keep-alive)
// or closes it. Also raises the listening socket's backlog after binding (svr_sock_ is protected).
class HttpServer : public httplib::Server {
 public:
  explicit HttpServer(const ServeOptions& options)
      : read_timeout_(options.request_timeout),
        max_requests_(std::max<std::size_t>(1, options.keep_alive_requests)),
        gate_([this](ParkedSocket s) { dispatch(s); }, options.request_timeout, max_parked_sockets()) {
    const std::size_t threads = options.threads;
    new_task_queue = [this, threads] {
      auto* pool = new GatedPool(threads, *this);
      const std::lock_guard lock(pool_mu_);
      pool_ = pool;
      return pool;
    };
  }

  void raise_backlog() const { (void)::listen(svr_sock_, kListenBacklog); }
  // Stops the gate (closing the parked connections); call before stop().
  void stop_gate() { gate_.stop(); }

 private:
  // The pool httplib creates in listen_after_bind and deletes when it returns: the gate stops using it then.
  class GatedPool : public httplib::ThreadPool {
   public:
    GatedPool(std::size_t n, HttpServer& owner) : httplib::ThreadPool(n), owner_(owner) {}
    ~GatedPool() override {
      const std::lock_guard lock(owner_.pool_mu_);
      owner_.pool_ = nullptr;
    }

   private:
    HttpServer& owner_;
  };

  // As many connections may wait as there are file descriptors, less a margin for the catalog and the registry.
  static std::size_t max_parked_sockets() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur < 256) return 64;
    return std::min<std::size_t>(limit.rlim_cur - 128, 1'000'000);
  }

  // Called by httplib's accept loop (through the pool) for each new connection.
  bool process_and_close_socket(int sock) override {
    int one = 1;
    (void)::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    gate_.park(ParkedSocket{.sock = sock, .requests = 0});
    return true;
  }

  void dispatch(ParkedSocket s) {
    const std::lock_guard lock(pool_mu_);
    if (pool_ == nullptr) {
      close_socket(s.sock);
      return;
    }
    pool_->enqueue([this, s] { serve_one(s); });
  }

  void serve_one(ParkedSocket s) {
    ConnectionStream stream(s.sock, read_timeout_, read_timeout_);
    const bool last = s.requests + 1 >= max_requests_;
    bool closed = false;
    t_last_status = 0;
    const bool answered = process_request(stream, last, closed, nullptr);
    if (answered && !closed && !last && t_last_status > 0 && t_last_status < 400 && !stream.has_buffered()) {
      gate_.park(ParkedSocket{.sock = s.sock, .requests = s.requests + 1});
    } else {
      close_socket(s.sock);
    }
  }

  std::chrono::milliseconds read_timeout_;
  std::size_t max_requests_;
  std::mutex pool_mu_;
  httplib::TaskQueue* pool_ = nullptr;
  ConnectionGate gate_;
};

// RLIMIT_NOFILE's soft limit raised to its hard limit: each waiting connection holds a descriptor.
void raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    (void)::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

bool is_loopback(const std::string& host) { return host == "127.0.0.1" || host == "::1" || host == "localhost"; }

Result<void> check_options(const ServeOptions& options) {
  if (options.token.empty() && !options.allow_no_auth) {
    return fail(
        Error::invalid_argument("no token: set PHOTOAUDIT_TOKEN or --token-file (or --no-auth, on 127.0.0.1 only)"));
  }
  if (options.token.empty() && !is_loopback(options.host)) {
    return fail(
        Error::invalid_argument("--no-auth is allowed only on 127.0.0.1, ::1 or localhost, not on " + options.host));
  }
  if (options.threads == 0) return fail(Error::invalid_argument("--threads must be at least 1"));
  return ok();
}

// SO_REUSEADDR (a restart does not wait for TIME_WAIT; no SO_REUSEPORT: a second server on the port fails) and
// TCP_DEFER_ACCEPT (a connection is handed to the server once its first bytes arrive).
void set_listener_options(int sock, int defer_seconds) {
  int one = 1;
  (void)::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  (void)::setsockopt(sock, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer_seconds, sizeof defer_seconds);
}

void configure(HttpServer& http, ServerContext& ctx) {
  const ServeOptions& o = ctx.options;
  const auto timeout = static_cast<time_t>(o.request_timeout.count());
  http.set_socket_options([timeout](int sock) { set_listener_options(sock, static_cast<int>(timeout)); });
  http.set_read_timeout(timeout, 0);
  http.set_write_timeout(timeout, 0);
  http.set_payload_max_length(static_cast<std::size_t>(o.max_upload_bytes));
  http.set_pre_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
    if (std::exchange(t_guarded, false)) return httplib::Server::HandlerResponse::Unhandled;
    t_request_start = std::chrono::steady_clock::now();
    return guard_request(req, res, ctx);
  });
  // Answers cpp-httplib gives by itself (a route without this method, a request that does not parse) get the
  // error body of every other answer.
  const httplib::Server::HandlerWithResponse on_error = [](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    switch (res.status) {
      case 404:
        send_error(res, 404, "not_found", "no such endpoint for " + req.method);
        break;
      case 413:
        send_error(res, 413, "too_large", "the body is over the limit");
        break;
      default:
        send_error(res, res.status, "bad_request", "the request could not be read");
    }
    return httplib::Server::HandlerResponse::Handled;
  };
  http.set_error_handler(on_error);
  // A client that asks "Expect: 100-continue" (curl does for large uploads) hears the refusal before it sends
  // the body, instead of "100 Continue".
  http.set_expect_100_continue_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    if (guard_request(req, res, ctx) == httplib::Server::HandlerResponse::Handled) return res.status;
    t_guarded = true;
    return 100;
  });
  http.set_logger([&ctx](const httplib::Request& req, const httplib::Response& res) {
    double seconds = 0;
    if (t_request_start)
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - *t_request_start).count();
    t_request_start.reset();
    t_guarded = false;
    t_last_status = res.status;
    ctx.metrics.record(route_label(req.path), res.status, seconds);
  });
  install_routes(http, ctx);
}

}  // namespace

struct MatchServer::State {
  State(const ServeOptions& options, CatalogOpener opener) : ctx(options, std::move(opener)), http(options) {}
  ServerContext ctx;
  HttpServer http;
  int port = 0;
  std::thread listener;
};

MatchServer::MatchServer(std::unique_ptr<State> state) : state_(std::move(state)) {}

Result<std::unique_ptr<MatchServer>> MatchServer::start(const ServeOptions& options, CatalogOpener opener) {
  if (auto checked = check_options(options); !checked) return fail(checked.error());
  raise_descriptor_limit();
  auto state = std::make_unique<State>(options, std::move(opener));
  if (auto built = state->ctx.holder.rebuild(); !built) return fail(built.error());
  if (auto loaded = state->ctx.service.auditor(); !loaded) return fail(loaded.error());
  configure(state->http, state->ctx);
  if (options.port == 0) {
    state->port = state->http.bind_to_any_port(options.host);
  } else if (state->http.bind_to_port(options.host, options.port)) {
    state->port = options.port;
  }
  if (state->port <= 0) {
    return fail(Error::io_error("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                                " (in use, or not an address of this machine)"));
  }
  state->http.raise_backlog();
  state->ctx.holder.start_schedule(options.refresh);
  state->listener = std::thread([s = state.get()] { s->http.listen_after_bind(); });
  // stop() is a no-op until the listener runs: wait for it, so that a stop right after start is never lost.
  while (!state->http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return std::unique_ptr<MatchServer>(new MatchServer(std::move(state)));
}

int MatchServer::port() const { return state_->port; }

void MatchServer::wait() {
  if (state_->listener.joinable()) state_->listener.join();
}

void MatchServer::stop() {
  state_->http.stop_gate();
  state_->http.stop();
  state_->ctx.holder.stop_schedule();
}

MatchServer::~MatchServer() {
  stop();
  wait();
}

}  // namespace photoaudit::audit::serve

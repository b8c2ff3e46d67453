// MatchServer: cpp-httplib configured for the limits of serve_options.hpp, on a thread of its own.
#include "photoaudit/audit/match_server.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "serve/server_context.hpp"

namespace photoaudit::audit::serve {
namespace {

// Pending connections the kernel keeps for the listener (cpp-httplib listens with a backlog of 5).
constexpr int kListenBacklog = 4096;

thread_local std::chrono::steady_clock::time_point t_request_start;

// httplib::Server with the listening socket's backlog raised after binding (svr_sock_ is protected).
class HttpServer : public httplib::Server {
 public:
  void raise_backlog() const { (void)::listen(svr_sock_, kListenBacklog); }
};

bool is_loopback(const std::string& host) { return host == "127.0.0.1" || host == "::1" || host == "localhost"; }

Result<void> check_options(const ServeOptions& options) {
  if (options.token.empty() && !options.allow_no_auth) {
    return fail(Error::invalid_argument(
        "no token: set PHOTOAUDIT_TOKEN or --token-file (or --no-auth, on 127.0.0.1 only)"));
  }
  if (options.token.empty() && !is_loopback(options.host)) {
    return fail(Error::invalid_argument("--no-auth is allowed only on 127.0.0.1, ::1 or localhost, not on " +
                                        options.host));
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
  const unsigned threads = o.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  const auto timeout = static_cast<time_t>(o.request_timeout.count());
  http.set_socket_options([timeout](int sock) { set_listener_options(sock, static_cast<int>(timeout)); });
  http.set_read_timeout(timeout, 0);
  http.set_write_timeout(timeout, 0);
  http.set_keep_alive_max_count(std::max<std::size_t>(1, o.keep_alive_requests));
  http.set_keep_alive_timeout(timeout);
  http.set_payload_max_length(static_cast<std::size_t>(o.max_upload_bytes));
  http.set_pre_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    return guard_request(req, res, ctx);
  });
  // Answers cpp-httplib gives by itself (a route without this method, a request that does not parse) get the
  // error body of every other answer.
  const httplib::Server::HandlerWithResponse on_error = [](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    send_error(res, res.status, res.status == 404 ? "not_found" : "bad_request",
               res.status == 404 ? "no such endpoint for " + req.method : "the request could not be read");
    return httplib::Server::HandlerResponse::Handled;
  };
  http.set_error_handler(on_error);
  http.set_logger([&ctx](const httplib::Request& req, const httplib::Response& res) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_request_start).count();
    ctx.metrics.record(route_label(req.path), res.status, seconds);
  });
  install_routes(http, ctx);
}

}  // namespace

struct MatchServer::State {
  State(ServeOptions options, CatalogOpener opener) : ctx(std::move(options), std::move(opener)) {}
  ServerContext ctx;
  HttpServer http;
  int port = 0;
  std::thread listener;
};

MatchServer::MatchServer(std::unique_ptr<State> state) : state_(std::move(state)) {}

Result<std::unique_ptr<MatchServer>> MatchServer::start(const ServeOptions& options, CatalogOpener opener) {
  if (auto checked = check_options(options); !checked) return fail(checked.error());
  auto state = std::make_unique<State>(options, std::move(opener));
  if (auto built = state->ctx.holder.rebuild(); !built) return fail(built.error());
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
  state_->http.stop();
  state_->ctx.holder.stop_schedule();
}

MatchServer::~MatchServer() {
  stop();
  wait();
}

}  // namespace photoaudit::audit::serve

// A small HTTP/1.1 test server on 127.0.0.1 with an ephemeral port, started and stopped by the test itself.
// One thread per connection, one request per connection ("Connection: close"). Handlers can stream, stall
// and misbehave (endless bodies, slow answers, lying headers) to exercise a client's bounds; the destructor
// interrupts every handler and joins every thread, so a test never leaves a server behind.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace photoaudit::test {

struct HttpRequest {
  std::string method;
  std::string target;                          // path and query as sent ("/a.jpg?x=1")
  std::string path;                            // target without the query
  std::map<std::string, std::string> headers;  // names lower-case
};

// What a handler writes to. All writes return false once the client has gone or the server is stopping;
// handlers should then return.
class HttpResponder {
 public:
  // on_first_write runs once, just before the first byte of the response is written.
  HttpResponder(int fd, const std::atomic<bool>& stopping, std::function<void()> on_first_write)
      : fd_(fd), stopping_(stopping), on_first_write_(std::move(on_first_write)) {}

  // A complete response with Content-Length.
  bool send(int status, std::string_view content_type, std::string_view body,
            const std::vector<std::pair<std::string, std::string>>& extra_headers = {});
  // Status line and headers only (the handler writes the body itself).
  bool send_head(int status, const std::vector<std::pair<std::string, std::string>>& headers);
  // Raw bytes.
  bool write(std::string_view bytes);
  // One chunk of a "Transfer-Encoding: chunked" body.
  bool write_chunk(std::string_view bytes);
  // Sleeps up to duration; false when the server is stopping or the client closed the connection.
  bool wait(std::chrono::milliseconds duration);

 private:
  int fd_;
  const std::atomic<bool>& stopping_;
  std::function<void()> on_first_write_;
};

using HttpHandler = std::function<void(const HttpRequest&, HttpResponder&)>;

class HttpServer {
 public:
  // Binds 127.0.0.1:0 and starts accepting. Throws std::runtime_error when the socket cannot be set up.
  HttpServer();
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const { return port_; }
  // "http://127.0.0.1:PORT" + path.
  std::string url(std::string_view path) const;

  // Exact-path route (query ignored). Unrouted paths answer 404. REQUIRES: called before requests arrive.
  void route(const std::string& path, HttpHandler handler);
  // Serves the files under directory at prefix + relative path, with a content type from the extension.
  void serve_directory(const std::string& prefix, const std::filesystem::path& directory);

  // Requests received so far (a copy).
  std::vector<HttpRequest> requests() const;
  // The largest number of requests that were being handled at the same time (from request parsed until
  // just before the response is written, so a client that respects a limit never makes it exceed that limit).
  int max_concurrent() const { return max_concurrent_.load(); }

  // A port on 127.0.0.1 with nothing listening (bound, then closed). Throws std::runtime_error when no port can
  // be bound.
  static std::uint16_t closed_port();

 private:
  void accept_loop();
  void serve_connection(int fd);
  HttpHandler find_handler(const std::string& path) const;

  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  struct Connection {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::vector<Connection> connections_;  // finished ones are joined by the accept loop
  std::map<std::string, HttpHandler> routes_;
  std::vector<std::pair<std::string, std::filesystem::path>> directories_;
  std::vector<HttpRequest> requests_;
  std::atomic<int> active_{0};
  std::atomic<int> max_concurrent_{0};
};

}  // namespace photoaudit::test

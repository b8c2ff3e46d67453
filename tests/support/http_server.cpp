#include "support/http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace photoaudit::test {
namespace {

constexpr std::size_t kMaxRequestHead = std::size_t{64} * 1024;

std::string reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 404:
      return "Not Found";
    case 500:
      return "Internal Server Error";
    default:
      return "Status";
  }
}

std::string content_type_for(const std::filesystem::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".png") return "image/png";
  if (ext == ".gif") return "image/gif";
  if (ext == ".webp") return "image/webp";
  return "application/octet-stream";
}

// Reads the request head (up to "\r\n\r\n"); "" on timeout, close, oversize or stop.
std::string read_head(int fd, const std::atomic<bool>& stopping) {
  std::string head;
  char buf[4096];
  for (int waited_ms = 0; waited_ms < 10'000 && !stopping.load();) {
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, 50);
    if (ready == 0) {
      waited_ms += 50;
      continue;
    }
    if (ready < 0) return "";
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return "";
    head.append(buf, static_cast<std::size_t>(n));
    if (head.front() < 'A' || head.front() > 'Z') return "";  // not HTTP (a TLS hello): hang up at once
    if (head.find("\r\n\r\n") != std::string::npos) return head;
    if (head.size() > kMaxRequestHead) return "";
  }
  return "";
}

HttpRequest parse_head(const std::string& head) {
  HttpRequest request;
  std::istringstream lines(head);
  std::string line;
  std::getline(lines, line);
  std::istringstream first(line);
  first >> request.method >> request.target;
  request.path = request.target.substr(0, request.target.find('?'));
  while (std::getline(lines, line) && line != "\r" && !line.empty()) {
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
    while (!value.empty() && value.front() == ' ') value.erase(value.begin());
    request.headers[name] = value;
  }
  return request;
}

}  // namespace

bool HttpResponder::write(std::string_view bytes) {
  if (on_first_write_) {
    on_first_write_();
    on_first_write_ = nullptr;
  }
  while (!bytes.empty()) {
    if (stopping_.load()) return false;
    pollfd p{fd_, POLLOUT, 0};
    const int ready = poll(&p, 1, 50);
    if (ready < 0 || (p.revents & (POLLERR | POLLHUP)) != 0) return false;
    if (ready == 0) continue;
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool HttpResponder::send_head(int status, const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
  for (const auto& [name, value] : headers) head.append(name).append(": ").append(value).append("\r\n");
  head += "Connection: close\r\n\r\n";
  return write(head);
}

bool HttpResponder::send(int status, std::string_view content_type, std::string_view body,
                         const std::vector<std::pair<std::string, std::string>>& extra_headers) {
  std::vector<std::pair<std::string, std::string>> headers = extra_headers;
  headers.emplace_back("Content-Type", std::string(content_type));
  headers.emplace_back("Content-Length", std::to_string(body.size()));
  return send_head(status, headers) && write(body);
}

bool HttpResponder::write_chunk(std::string_view bytes) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
  return write(size) && write(bytes) && write("\r\n");
}

bool HttpResponder::wait(std::chrono::milliseconds duration) {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < deadline) {
    if (stopping_.load()) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 20) > 0) {
      char byte = 0;
      if (recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0) return false;  // the client closed
    }
  }
  return !stopping_.load();
}

HttpServer::HttpServer() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("test server: socket failed");
  const int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listen_fd_, 128) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
      pipe2(wake_pipe_, O_CLOEXEC) != 0) {
    close(listen_fd_);
    throw std::runtime_error("test server: cannot listen on 127.0.0.1");
  }
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

HttpServer::~HttpServer() {
  stopping_.store(true);
  const char byte = 0;
  [[maybe_unused]] const ssize_t ignored = ::write(wake_pipe_[1], &byte, 1);
  acceptor_.join();
  std::vector<Connection> connections;
  {
    std::lock_guard lock(mutex_);
    connections.swap(connections_);
  }
  for (Connection& c : connections) c.thread.join();
  close(listen_fd_);
  close(wake_pipe_[0]);
  close(wake_pipe_[1]);
}

std::string HttpServer::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

void HttpServer::route(const std::string& path, HttpHandler handler) {
  std::lock_guard lock(mutex_);
  routes_[path] = std::move(handler);
}

void HttpServer::serve_directory(const std::string& prefix, const std::filesystem::path& directory) {
  std::lock_guard lock(mutex_);
  directories_.emplace_back(prefix, directory);
}

std::vector<HttpRequest> HttpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::uint16_t HttpServer::closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  // An unchecked failure here gave port 0 (or garbage), and the "connection refused" tests would test nothing.
  const bool bound = fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                     getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  if (fd >= 0) close(fd);
  if (!bound) throw std::runtime_error("test server: cannot bind a port on 127.0.0.1 for closed_port()");
  return ntohs(address.sin_port);
}

void HttpServer::accept_loop() {
  while (!stopping_.load()) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (poll(fds, 2, 1000) <= 0 || (fds[1].revents & POLLIN) != 0) continue;
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard lock(mutex_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      if (it->done->load()) {
        it->thread.join();
        it = connections_.erase(it);
      } else {
        ++it;
      }
    }
    auto done = std::make_shared<std::atomic<bool>>(false);
    connections_.push_back({std::thread([this, fd, done] {
                              serve_connection(fd);
                              done->store(true);
                            }),
                            done});
  }
}

HttpHandler HttpServer::find_handler(const std::string& path) const {
  std::lock_guard lock(mutex_);
  const auto route = routes_.find(path);
  if (route != routes_.end()) return route->second;
  for (const auto& [prefix, directory] : directories_) {
    if (!path.starts_with(prefix) || path.find("..") != std::string::npos) continue;
    const std::filesystem::path file = directory / path.substr(prefix.size());
    if (!std::filesystem::is_regular_file(file)) continue;
    return [file](const HttpRequest&, HttpResponder& out) {
      std::ifstream in(file, std::ios::binary);
      const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      out.send(200, content_type_for(file), body);
    };
  }
  return [](const HttpRequest&, HttpResponder& out) { out.send(404, "text/html", "<h1>404 Not Found</h1>"); };
}

void HttpServer::serve_connection(int fd) {
  const std::string head = read_head(fd, stopping_);
  if (!head.empty()) {
    HttpRequest request = parse_head(head);
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }
    const int now = ++active_;
    int seen = max_concurrent_.load();
    while (now > seen && !max_concurrent_.compare_exchange_weak(seen, now)) {
    }
    bool released = false;
    const auto release = [this, &released] {
      if (!released) --active_;
      released = true;
    };
    HttpResponder responder(fd, stopping_, release);
    find_handler(request.path)(request, responder);
    release();
  }
  shutdown(fd, SHUT_RDWR);
  close(fd);
}

}  // namespace photoaudit::test

// For the serve tests: a catalog scanned from the article fixtures, the built `photoaudit serve` started on
// 127.0.0.1 with a free port (stopped with SIGTERM when the object goes), and a raw HTTP/1.1 client over a
// socket, so that a test can send exactly the bytes it means (lying headers, truncated bodies, idle
// connections). request() asks for "Connection: close" and the server closes after every error answer, so the
// client reads until EOF.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "support/files.hpp"
#include "support/run_binary.hpp"

extern char** environ;

namespace photoaudit::test::serve {

namespace fs = std::filesystem;

inline const fs::path kArticle = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "article";
inline const std::string kToken = "serve-test-token-0123456789abcdef";

// Scans a copy of fixtures/article into dir/archive.db and returns the catalog's path.
inline fs::path scanned_catalog(const fs::path& dir) {
  const fs::path photos = dir / "photos";
  fs::copy(kArticle, photos);
  fs::path db = dir / "archive.db";
  const auto scanned = run_photoaudit({"scan", "--index", db.string(), "--quiet", photos.string()});
  if (scanned.exit_code != 0) throw std::runtime_error("scan failed: " + scanned.err);
  return db;
}

// A real copy of a fixture: resized to `scale` and re-encoded as JPEG at `quality`.
inline std::string resized_jpeg(const std::string& fixture, double scale, int quality) {
  const cv::Mat original = cv::imread((kArticle / fixture).string());
  if (original.empty()) throw std::runtime_error("cannot read fixture " + fixture);
  cv::Mat smaller;
  cv::resize(original, smaller, cv::Size(), scale, scale, cv::INTER_AREA);
  std::vector<unsigned char> bytes;
  cv::imencode(".jpg", smaller, bytes, {cv::IMWRITE_JPEG_QUALITY, quality});
  return {bytes.begin(), bytes.end()};
}

struct HttpAnswer {
  int status = 0;                              // 0: no answer (connection closed or reset before a status line)
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  std::string header(const std::string& lower_case_name) const {
    const auto it = headers.find(lower_case_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

inline int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
  timeval timeout{.tv_sec = 60, .tv_usec = 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return fd;
}

inline bool send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

inline HttpAnswer read_answer(int fd) {
  std::string raw;
  char buf[65536];
  ssize_t n = 0;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) raw.append(buf, static_cast<std::size_t>(n));
  HttpAnswer answer;
  const auto head_end = raw.find("\r\n\r\n");
  if (!raw.starts_with("HTTP/1.1 ") || head_end == std::string::npos) return answer;
  answer.status = std::stoi(raw.substr(9, 3));
  std::size_t line = raw.find("\r\n") + 2;
  while (line < head_end) {
    const std::size_t end = raw.find("\r\n", line);
    const std::string h = raw.substr(line, end - line);
    std::string name = h.substr(0, h.find(':'));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    answer.headers[name] = h.substr(std::min(h.size(), h.find(':') + 2));
    line = end + 2;
  }
  answer.body = raw.substr(head_end + 4);
  return answer;
}

// Reads exactly one answer (headers, then Content-Length bytes) from a connection that stays open.
inline HttpAnswer read_one_answer(int fd) {
  std::string raw;
  char c = 0;
  while (raw.find("\r\n\r\n") == std::string::npos && ::recv(fd, &c, 1, 0) == 1) raw.push_back(c);
  const auto at = raw.find("Content-Length: ");
  std::size_t length = at == std::string::npos ? 0 : std::stoul(raw.substr(at + 16));
  std::string body(length, '\0');
  std::size_t got = 0;
  while (got < length) {
    const ssize_t n = ::recv(fd, body.data() + got, length - got, 0);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  HttpAnswer answer;
  if (raw.starts_with("HTTP/1.1 ")) answer.status = std::stoi(raw.substr(9, 3));
  answer.body = body.substr(0, got);
  return answer;
}

// Sends bytes as they are on a new connection and reads the answer.
inline HttpAnswer http_exchange(int port, const std::string& bytes) {
  const int fd = connect_to(port);
  send_all(fd, bytes);
  HttpAnswer answer = read_answer(fd);
  ::close(fd);
  return answer;
}

// A well-formed request: method, target, extra header lines ("Name: value\r\n" each), body.
inline std::string request(const std::string& method, const std::string& target, const std::string& headers,
                           const std::string& body = {}) {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

inline std::string bearer(const std::string& token = kToken) { return "Authorization: Bearer " + token + "\r\n"; }

// A multipart/form-data body with one file part and text fields.
inline std::string multipart(const std::string& boundary, const std::string& file_bytes,
                             const std::map<std::string, std::string>& fields = {}) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"";
    body += name;
    body += "\"\r\n\r\n";
    body += value;
    body += "\r\n";
  }
  body += "--" + boundary;
  body +=
      "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"copy.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
  body += file_bytes;
  body += "\r\n--" + boundary + "--\r\n";
  return body;
}

// `photoaudit serve --index DB --listen 127.0.0.1:0` plus extra flags, with PHOTOAUDIT_TOKEN=kToken and its
// stderr in a file beside the catalog; waits for its "listening on" line and stops it (SIGTERM, then waits) when
// the object goes.
class ServeProcess {
 public:
  explicit ServeProcess(const fs::path& db, const std::vector<std::string>& extra = {})
      : log_path_(db.parent_path() /
                  ("serve-" + std::to_string(::getpid()) + "-" + std::to_string(++count()) + ".log")) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> args{PHOTOAUDIT_BINARY, "serve", "--index", db.string(), "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings{"PHOTOAUDIT_TOKEN=" + kToken};
    for (char** e = environ; *e != nullptr; ++e) {
      if (!std::string_view(*e).starts_with("PHOTOAUDIT_TOKEN=")) env_strings.emplace_back(*e);
    }
    std::vector<char*> envp;
    envp.reserve(env_strings.size() + 1);
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    const int rc = posix_spawn(&pid_, args[0].c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start photoaudit serve");
    wait_for_port();
  }
  ~ServeProcess() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const { return port_; }
  const std::string& log() const { return log_; }

 private:
  static int& count() {
    static int n = 0;
    return n;
  }

  // Polls the log for the port for up to 60 s; throws with the log when the server exits or never says it.
  void wait_for_port() {
    const std::string marker = "listening on http://127.0.0.1:";
    for (int i = 0; i < 600; ++i) {
      log_ = read_file(log_path_);
      const auto at = log_.find(marker);
      if (at != std::string::npos && log_.find('\n', at) != std::string::npos) {
        port_ = std::stoi(log_.substr(at + marker.size()));
        return;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) throw std::runtime_error("photoaudit serve exited: " + log_);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    throw std::runtime_error("photoaudit serve did not start: " + log_);
  }

  fs::path log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_;
};

}  // namespace photoaudit::test::serve

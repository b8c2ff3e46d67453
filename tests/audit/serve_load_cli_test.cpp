// photoaudit serve under pressure: a thousand idle connections do not stop it answering, and the index is
// rebuilt (POST /v1/reload) while queries run, with every query answered and a newly scanned photo matchable
// after the reload.
#include <sys/resource.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "audit/serve_test_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::run_photoaudit;
using photoaudit::test::TempDir;
using namespace photoaudit::test::serve;

TEST_CASE("serve: 1,000 idle connections, new and kept alive, and /healthz and /v1/match still answer at once",
          "[serve]") {
  TempDir tmp;
  ServeProcess server(scanned_catalog(tmp.path), {"--threads", "4"});
  rlimit files{};  // this process holds the 1,000 client ends
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &files) == 0);
  if (files.rlim_cur < 1200 && files.rlim_max >= 1200) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
  std::vector<int> idle;
  idle.reserve(1000);
  for (int i = 0; i < 800; ++i) idle.push_back(connect_to(server.port()));
  // 200 that asked once and keep their connection open (HTTP/1.1 keep-alive): they wait without a worker too.
  for (int i = 0; i < 200; ++i) {
    const int fd = connect_to(server.port());
    send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(read_one_answer(fd).status == 200);
    idle.push_back(fd);
  }
  // A few that sent half a request line hold a worker each until the request timeout; the rest hold nothing.
  for (int i = 0; i < 3; ++i) send_all(idle[static_cast<std::size_t>(i)], "POST /v1/ma");
  const auto start = std::chrono::steady_clock::now();
  const auto health = http_exchange(server.port(), request("GET", "/healthz", ""));
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK(health.status == 200);
  CHECK(health.json()["status"] == "ok");
  CHECK(waited < std::chrono::seconds(2));
  const auto match = http_exchange(server.port(),
                                   request("POST", "/v1/match", bearer() + "Content-Type: image/jpeg\r\n",
                                           resized_jpeg("teaser-putin.jpg", 0.8, 80)));
  CHECK(match.status == 200);
  // A kept-alive connection is answered again.
  send_all(idle.back(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(read_one_answer(idle.back()).status == 200);
  for (const int fd : idle) ::close(fd);
  CHECK(http_exchange(server.port(), request("GET", "/healthz", "")).status == 200);
}

TEST_CASE("serve: reload while querying: every query answered, a new photo matchable after the reload", "[serve]") {
  TempDir tmp;
  const fs::path db = scanned_catalog(tmp.path);
  ServeProcess server(db, {"--refresh", "0", "--rate", "0"});
  const std::string copy = resized_jpeg("motorcycle-dpa.jpg", 0.5, 75);

  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> clients;
  clients.reserve(3);
  for (int c = 0; c < 3; ++c) {
    clients.emplace_back([&] {
      while (!stop) {
        const auto a = http_exchange(server.port(),
                                     request("POST", "/v1/match", bearer() + "Content-Type: image/jpeg\r\n", copy));
        (a.status == 200 && !a.json()["matches"].empty() ? answered : failed)++;
      }
    });
  }
  int reloads = 0;
  for (int i = 0; i < 5; ++i) {
    const auto reload = http_exchange(server.port(), request("POST", "/v1/reload", bearer()));
    reloads += reload.status == 200 ? 1 : 0;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  for (auto& t : clients) t.join();
  CHECK(reloads == 5);
  CHECK(failed == 0);
  CHECK(answered > 0);
  const json index = http_exchange(server.port(), request("GET", "/v1/index", bearer())).json();
  CHECK(index["rebuilds"] == 6);  // the first build and five reloads
  CHECK(index["rows"] == 7);

  // A photo scanned after the server started is found once the index is rebuilt, not before.
  const fs::path added = tmp.path / "new";
  fs::create_directories(added);
  const std::string fresh = resized_jpeg("cat-credit-conflict.jpg", 1.0, 95);
  fs::remove(tmp.path / "photos" / "cat-credit-conflict.jpg");
  REQUIRE(run_photoaudit({"scan", "--index", db.string(), "--quiet", (tmp.path / "photos").string()}).exit_code == 0);
  http_exchange(server.port(), request("POST", "/v1/reload", bearer()));
  const auto before = http_exchange(server.port(), request("POST", "/v1/match", bearer(), fresh));
  CHECK(before.json()["matches"].empty());  // only a missing record now, hidden
  CHECK(before.json()["hidden"] == 1);
  {
    FILE* f = std::fopen((added / "cat.jpg").c_str(), "wb");
    std::fwrite(fresh.data(), 1, fresh.size(), f);
    std::fclose(f);
  }
  REQUIRE(run_photoaudit({"scan", "--index", db.string(), "--quiet", added.string()}).exit_code == 0);
  const auto stale = http_exchange(server.port(), request("POST", "/v1/match", bearer(), fresh));
  CHECK(stale.json()["matches"].empty());
  REQUIRE(http_exchange(server.port(), request("POST", "/v1/reload", bearer())).status == 200);
  const auto found = http_exchange(server.port(), request("POST", "/v1/match", bearer(), fresh));
  REQUIRE(found.json()["matches"].size() == 1);
  CHECK(found.json()["matches"][0]["distance"] == 0);
}

TEST_CASE("serve: --refresh rebuilds the index on its schedule", "[serve]") {
  TempDir tmp;
  ServeProcess server(scanned_catalog(tmp.path), {"--refresh", "1"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  json index;
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    index = http_exchange(server.port(), request("GET", "/v1/index", bearer())).json();
  } while (index["rebuilds"].get<int>() < 3 && std::chrono::steady_clock::now() < deadline);
  CHECK(index["rebuilds"].get<int>() >= 3);
  CHECK(index["failed_rebuilds"] == 0);
  CHECK(index["last_error"].is_null());
  CHECK(index["built_at"].is_string());
}

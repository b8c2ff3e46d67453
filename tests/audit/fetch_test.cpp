// fetch / fetch_all against a server each test starts on 127.0.0.1 (tests/support/http_server.hpp).
#include "photoaudit/audit/fetch.hpp"
#include "support/files.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/http_server.hpp"
#include "support/run_binary.hpp"

namespace {

using photoaudit::ErrorCode;
using namespace photoaudit::audit;
using namespace photoaudit::test;

const std::filesystem::path kPageDir = std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "page";

FetchOptions local_options() {
  FetchOptions options;
  options.allow_private = true;  // the test server is on 127.0.0.1
  options.connect_timeout = std::chrono::milliseconds(5'000);
  options.total_timeout = std::chrono::milliseconds(15'000);
  return options;
}

void redirect(HttpServer& server, const std::string& from, const std::string& to) {
  server.route(from, [to](const HttpRequest&, HttpResponder& out) {
    out.send(302, "text/html", "<a href=\"" + to + "\">moved</a>", {{"Location", to}});
  });
}

}  // namespace

TEST_CASE("fetch: a page from the test's own server, with its headers and a clear User-Agent") {
  HttpServer server;
  server.serve_directory("/", kPageDir);
  const auto page = fetch(server.url("/article.html"), local_options());
  REQUIRE(page.has_value());
  CHECK(page->status == 200);
  CHECK(page->content_type == "text/html");
  CHECK(page->charset == "utf-8");
  CHECK(page->body == read_file(kPageDir / "article.html"));
  CHECK(page->final_url == server.url("/article.html"));
  const std::vector<HttpRequest> requests = server.requests();
  REQUIRE(requests.size() == 1);
  const std::string& agent = requests[0].headers.at("user-agent");
  CHECK(agent.starts_with("photoaudit/"));
  CHECK(agent.ends_with(" (+credit audit)"));
  CHECK(agent == photoaudit::audit::default_user_agent());
  CHECK(requests[0].headers.at("accept-encoding").find("gzip") != std::string::npos);
}

TEST_CASE("fetch: HTTP errors name the URL and the status") {
  HttpServer server;
  server.route("/broken", [](const HttpRequest&, HttpResponder& out) {
    out.send(500, "text/html", "<h1>Internal Server Error</h1>");
  });
  const auto missing = fetch(server.url("/a.jpg"), local_options());
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == ErrorCode::kNetwork);
  CHECK(missing.error().message == server.url("/a.jpg") + ": HTTP 404");
  const auto broken = fetch(server.url("/broken"), local_options());
  REQUIRE_FALSE(broken.has_value());
  CHECK(broken.error().message == server.url("/broken") + ": HTTP 500");
}

TEST_CASE("fetch: redirects are followed, bounded, and never leave http/https") {
  HttpServer server;
  server.serve_directory("/", kPageDir);
  redirect(server, "/r1", "/r2");
  redirect(server, "/r2", "/article.html");
  redirect(server, "/loop", "/loop");
  redirect(server, "/to-file", "file:///etc/passwd");

  const auto chained = fetch(server.url("/r1"), local_options());
  REQUIRE(chained.has_value());
  CHECK(chained->url == server.url("/r1"));
  CHECK(chained->final_url == server.url("/article.html"));

  const auto loop = fetch(server.url("/loop"), local_options());
  REQUIRE_FALSE(loop.has_value());
  CHECK(loop.error().code == ErrorCode::kNetwork);
  CHECK(loop.error().message == server.url("/loop") + ": too many redirects (5)");
  CHECK(server.requests().size() == 3 + 6);  // r1, r2, article; the loop's first request and 5 redirects

  FetchOptions no_redirects = local_options();
  no_redirects.max_redirects = 0;
  const auto refused_hop = fetch(server.url("/r1"), no_redirects);
  REQUIRE_FALSE(refused_hop.has_value());
  CHECK(refused_hop.error().message == server.url("/r1") + ": too many redirects (0)");

  const auto to_file = fetch(server.url("/to-file"), local_options());
  REQUIRE_FALSE(to_file.has_value());
  CHECK(to_file.error().code == ErrorCode::kNetwork);
  CHECK(to_file.error().message.starts_with(server.url("/to-file") + ": refused: redirect to a scheme other than"));
}

TEST_CASE("fetch: a slow response times out with the configured timeout") {
  HttpServer server;
  server.route("/slow", [](const HttpRequest&, HttpResponder& out) {
    if (out.wait(std::chrono::seconds(20))) out.send(200, "text/html", "too late");
  });
  FetchOptions options = local_options();
  options.total_timeout = std::chrono::milliseconds(1'000);
  const auto slow = fetch(server.url("/slow"), options);
  REQUIRE_FALSE(slow.has_value());
  CHECK(slow.error().code == ErrorCode::kNetwork);
  CHECK(slow.error().message == server.url("/slow") + ": timed out after 1 s");
}

TEST_CASE("fetch: oversized bodies stop at the cap (streamed, declared, compressed)") {
  HttpServer server;
  server.route("/endless", [](const HttpRequest&, HttpResponder& out) {
    if (!out.send_head(200, {{"Content-Type", "image/jpeg"}, {"Transfer-Encoding", "chunked"}})) return;
    const std::string chunk(std::size_t{64} * 1024, 'x');
    while (out.write_chunk(chunk)) {  // ends when the client hangs up or the server stops
    }
  });
  server.route("/five-gigabytes", [](const HttpRequest&, HttpResponder& out) {
    if (!out.send_head(200, {{"Content-Type", "image/jpeg"}, {"Content-Length", "5368709120"}})) return;
    const std::string block(std::size_t{64} * 1024, '\0');
    while (out.write(block)) {
    }
  });
  const std::string bomb = photoaudit::test::run_program("sh", {"-c", "head -c 20000000 /dev/zero | gzip -c -n"}).out;
  REQUIRE(bomb.size() < 100'000);
  server.route("/bomb", [bomb](const HttpRequest&, HttpResponder& out) {
    out.send(200, "text/html", bomb, {{"Content-Encoding", "gzip"}});
  });

  FetchOptions options = local_options();
  options.max_response_bytes = std::uint64_t{1024} * 1024;
  for (const char* path : {"/endless", "/five-gigabytes", "/bomb"}) {
    INFO(path);
    const auto result = fetch(server.url(path), options);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == ErrorCode::kLimitExceeded);
    CHECK(result.error().message == server.url(path) + ": response exceeds 1 MB limit");
  }
}

TEST_CASE("fetch: a compressed transfer is decoded") {
  HttpServer server;
  const std::filesystem::path page = kPageDir / "article.html";
  const std::string original = read_file(page);
  const std::string gzipped = photoaudit::test::run_program("gzip", {"-c", "-n", page.string()}).out;
  REQUIRE(gzipped.size() < original.size());
  server.route("/gz", [gzipped](const HttpRequest&, HttpResponder& out) {
    out.send(200, "text/html; charset=utf-8", gzipped, {{"Content-Encoding", "gzip"}});
  });
  const auto result = fetch(server.url("/gz"), local_options());
  REQUIRE(result.has_value());
  CHECK(result->body == original);
}

TEST_CASE("fetch: connection refused and TLS to a plain-HTTP port are clear network errors") {
  const std::string closed = "http://127.0.0.1:" + std::to_string(HttpServer::closed_port()) + "/a.jpg";
  const auto refused = fetch(closed, local_options());
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == ErrorCode::kNetwork);
  CHECK(refused.error().message == closed + ": connection refused");

  HttpServer server;
  const std::string https = "https://127.0.0.1:" + std::to_string(server.port()) + "/";
  const auto tls = fetch(https, local_options());
  REQUIRE_FALSE(tls.has_value());
  CHECK(tls.error().code == ErrorCode::kNetwork);
  CHECK(tls.error().message.starts_with(https + ": "));
}

TEST_CASE("fetch: loopback is refused without allow_private, before any byte is sent") {
  HttpServer server;
  server.serve_directory("/", kPageDir);
  FetchOptions options = local_options();
  options.allow_private = false;
  const auto refused = fetch(server.url("/article.html"), options);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == ErrorCode::kNetwork);
  CHECK(refused.error().message ==
        server.url("/article.html") + ": refused: resolves to private address 127.0.0.1 (use --allow-private)");

  // A name is checked after resolution: "localhost" is refused too (as 127.0.0.1 or ::1).
  const std::string by_name = "http://localhost:" + std::to_string(server.port()) + "/article.html";
  const auto named = fetch(by_name, options);
  REQUIRE_FALSE(named.has_value());
  CHECK(named.error().message.starts_with(by_name + ": refused: resolves to private address "));

  const auto batch = fetch_all({server.url("/article.html"), by_name}, options);
  for (const auto& result : batch) {
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message.find("refused: resolves to private address") != std::string::npos);
  }
  CHECK(server.requests().empty());  // the server never saw a request

  options.allow_private = true;
  CHECK(fetch(server.url("/article.html"), options).has_value());
  CHECK(server.requests().size() == 1);
}

TEST_CASE("fetch: is_private_address covers private, loopback, link-local and embedded IPv4 forms") {
  using photoaudit::audit::is_private_address;
  for (const char* ip : {"127.0.0.1",
                         "127.255.0.9",
                         "10.1.2.3",
                         "172.16.0.1",
                         "172.31.255.255",
                         "192.168.1.1",
                         "169.254.169.254",
                         "0.0.0.0",
                         "100.64.0.1",
                         "224.0.0.1",
                         "255.255.255.255",
                         "::1",
                         "::",
                         "fe80::1",
                         "fc00::1",
                         "fd12:3456::1",
                         "ff02::1",
                         "::ffff:127.0.0.1",
                         "::ffff:10.0.0.1",
                         "::ffff:169.254.169.254",
                         "64:ff9b::a00:1",
                         "2002:c0a8:0101::1",
                         "not-an-ip"}) {
    INFO(ip);
    CHECK(is_private_address(ip));
  }
  for (const char* ip : {"8.8.8.8", "172.32.0.1", "172.15.255.255", "192.169.0.1", "100.128.0.1", "1.1.1.1",
                         "2a00:1450:4001:80b::2004", "::ffff:8.8.8.8", "2002:0808:0808::1"}) {
    INFO(ip);
    CHECK_FALSE(is_private_address(ip));
  }
}

TEST_CASE("fetch: only http, https and data: URLs, data: is decoded locally") {
  const FetchOptions options = local_options();
  const auto file = fetch("file:///etc/passwd", options);
  REQUIRE_FALSE(file.has_value());
  CHECK(file.error().code == ErrorCode::kUnsupported);
  CHECK(file.error().message == "file:///etc/passwd: refused: scheme \"file\" is not fetched (only http, https, data)");
  for (const char* url : {"ftp://example.org/a.jpg", "javascript:alert(1)", "gopher://127.0.0.1/"}) {
    INFO(url);
    const auto refused = fetch(url, options);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().code == ErrorCode::kUnsupported);
  }
  const auto relative = fetch("bilder/a.jpg", options);
  REQUIRE_FALSE(relative.has_value());
  CHECK(relative.error().code == ErrorCode::kInvalidArgument);

  // A 1x1 transparent GIF, base64, as pages use for spacers.
  const auto gif = fetch("data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", options);
  REQUIRE(gif.has_value());
  CHECK(gif->content_type == "image/gif");
  CHECK(gif->body.size() == 42);
  CHECK(photoaudit::audit::sniff_image_format(gif->body) == "gif");

  const auto svg = fetch(
      "data:image/svg+xml;charset=utf-8,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20width='100%'/%3E", options);
  REQUIRE(svg.has_value());
  CHECK(svg->charset == "utf-8");
  CHECK(svg->body == "<svg xmlns='http://www.w3.org/2000/svg' width='100%'/>");
  CHECK(photoaudit::audit::sniff_image_format(svg->body) == "svg");

  const auto bad = fetch("data:image/png;base64,iVBOR*w0KGgo=", options);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code == ErrorCode::kCorruption);
  CHECK(fetch("data:image/png;base64", options).error().code == ErrorCode::kCorruption);

  const std::string big = "data:text/plain," + std::string(2000, 'a');
  CHECK(photoaudit::audit::decode_data_url(big, 2000).has_value());
  const auto too_big = photoaudit::audit::decode_data_url(big, 1999);
  REQUIRE_FALSE(too_big.has_value());
  CHECK(too_big.error().code == ErrorCode::kLimitExceeded);
  CHECK(too_big.error().message.size() < 200);  // the URL is shortened in messages
}

TEST_CASE("fetch: an image URL answering with an HTML error page is reported, not taken for an image") {
  HttpServer server;
  server.serve_directory("/", kPageDir);
  server.route("/bilder/fehlt.jpg", [](const HttpRequest&, HttpResponder& out) {
    out.send(200, "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Seite nicht gefunden</body></html>");
  });
  const auto error_page = fetch(server.url("/bilder/fehlt.jpg"), local_options());
  REQUIRE(error_page.has_value());  // HTTP said 200; only the bytes tell
  CHECK(error_page->content_type == "text/html");
  CHECK_FALSE(photoaudit::audit::looks_like_image(error_page->body));
  const auto verdict = photoaudit::audit::verify_image_response(*error_page);
  REQUIRE_FALSE(verdict.has_value());
  CHECK(verdict.error().code == ErrorCode::kCorruption);
  CHECK(verdict.error().message == server.url("/bilder/fehlt.jpg") +
                                       ": not an image: content type text/html, body starts with "
                                       "\"<!DOCTYPE html><html><body>Seite\"");

  const auto photo = fetch(server.url("/bilder/putin-min-aung-hlaing.jpg"), local_options());
  REQUIRE(photo.has_value());
  CHECK(photo->content_type == "image/jpeg");
  const auto format = photoaudit::audit::verify_image_response(*photo);
  REQUIRE(format.has_value());
  CHECK(*format == "jpeg");
}

TEST_CASE("fetch: sniff_image_format recognises real files of each format") {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "photoaudit-fetch-sniff";
  std::filesystem::create_directories(dir);
  const std::string source = (kPageDir / "bilder" / "raumfahrt-teaser-320.jpg").string();
  for (const char* format : {"png", "gif", "webp", "tiff", "bmp"}) {
    INFO(format);
    const std::string target = (dir / (std::string("x.") + (std::string(format) == "tiff" ? "tif" : format))).string();
    REQUIRE(photoaudit::test::run_program("convert", {source, "-resize", "32x", target}).exit_code == 0);
    CHECK(photoaudit::audit::sniff_image_format(read_file(target)) == format);
  }
  CHECK(photoaudit::audit::sniff_image_format(read_file(source)) == "jpeg");
  CHECK(photoaudit::audit::sniff_image_format("") == "");
  CHECK(photoaudit::audit::sniff_image_format("BMW is a car maker, not a bitmap") == "");
  CHECK(photoaudit::audit::sniff_image_format("<?xml version=\"1.0\"?><html>no</html>") == "");
  std::filesystem::remove_all(dir);
}

TEST_CASE("fetch_all: parallel downloads keep to the per-host and total limits, results in input order") {
  HttpServer server;
  const std::string photo = read_file(kPageDir / "bilder" / "raumfahrt-teaser-320.jpg");
  std::vector<std::string> urls;
  for (int i = 0; i < 24; ++i) {
    const std::string path = "/bild/" + std::to_string(i) + ".jpg";
    server.route(path, [photo, i](const HttpRequest&, HttpResponder& out) {
      if (!out.wait(std::chrono::milliseconds(50))) return;  // long enough for transfers to overlap
      out.send(200, "image/jpeg", photo, {{"X-Index", std::to_string(i)}});
    });
    urls.push_back(server.url(path));
  }
  FetchOptions options = local_options();
  options.max_parallel = 8;
  options.max_per_host = 2;
  const auto results = fetch_all(urls, options);
  REQUIRE(results.size() == urls.size());
  for (std::size_t i = 0; i < urls.size(); ++i) {
    REQUIRE(results[i].has_value());
    CHECK(results[i]->url == urls[i]);
    CHECK(results[i]->body == photo);
  }
  CHECK(server.max_concurrent() <= 2);
  CHECK(server.max_concurrent() >= 1);

  HttpServer second;
  for (int i = 0; i < 12; ++i) {
    second.route("/" + std::to_string(i), [photo](const HttpRequest&, HttpResponder& out) {
      if (out.wait(std::chrono::milliseconds(50))) out.send(200, "image/jpeg", photo);
    });
  }
  std::vector<std::string> second_urls;
  second_urls.reserve(12);
  for (int i = 0; i < 12; ++i) second_urls.push_back(second.url("/" + std::to_string(i)));
  options.max_parallel = 3;
  options.max_per_host = 8;
  for (const auto& result : fetch_all(second_urls, options)) CHECK(result.has_value());
  CHECK(second.max_concurrent() <= 3);
}

TEST_CASE("fetch_all: one bad URL never affects the others, and hundreds of images finish") {
  HttpServer server;
  server.serve_directory("/", kPageDir);
  const std::string closed = "http://127.0.0.1:" + std::to_string(HttpServer::closed_port()) + "/x.jpg";
  std::vector<std::string> urls{server.url("/bilder/kaffee-pressezentrum.jpg"),
                                "file:///etc/passwd",
                                server.url("/fehlt.jpg"),
                                "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
                                closed,
                                "not a url"};
  for (int i = 0; i < 300; ++i)
    urls.push_back(server.url("/bilder/putin-min-aung-hlaing-klein.jpg?n=" + std::to_string(i)));
  const auto results = fetch_all(urls, local_options());
  REQUIRE(results.size() == urls.size());
  CHECK(results[0].has_value());
  CHECK(results[1].error().code == ErrorCode::kUnsupported);
  CHECK(results[2].error().message == server.url("/fehlt.jpg") + ": HTTP 404");
  CHECK(results[3].has_value());
  CHECK(results[4].error().message == closed + ": connection refused");
  CHECK(results[5].error().code == ErrorCode::kInvalidArgument);
  const std::string klein = read_file(kPageDir / "bilder" / "putin-min-aung-hlaing-klein.jpg");
  std::size_t ok = 0;
  for (std::size_t i = 6; i < results.size(); ++i) ok += results[i].has_value() && results[i]->body == klein ? 1 : 0;
  CHECK(ok == 300);
  CHECK(server.max_concurrent() <= 4);  // the default per-host limit
}

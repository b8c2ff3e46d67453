// Images held in memory were decoded in the main process (serve's uploads, page's fetched images), so a decoder's
// crash on one hostile upload ended the whole server. They now go through the reading workers
// (ReadingPool::read_memory). The crash is stood in for by the test build's fault injection
// (PHOTOAUDIT_FAULT_INJECTION, reading_worker.cpp), which the workers inherit from the environment.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "audit/serve_test_support.hpp"
#include "support/http_server.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::HttpServer;
using photoaudit::test::run_photoaudit;
using photoaudit::test::run_program;
using photoaudit::test::TempDir;
using namespace photoaudit::test::serve;  // NOLINT(google-build-using-namespace): test helpers

namespace {

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;

const json* image_named(const json& report, const std::string& name) {
  for (const auto& image : report["images"]) {
    if (fs::path(image["path"].get<std::string>()).filename() == name) return &image;
  }
  return nullptr;
}

std::string finding_messages(const json& image) {
  std::string all;
  for (const auto& f : image["findings"]) all += f["rule"].get<std::string>() + ": " + f["message"].get<std::string>();
  return all;
}

// A form upload of bytes under the file name `filename` (what the report and the fault injection see).
HttpAnswer upload(int port, const std::string& bytes, const std::string& filename) {
  const std::string boundary = "----photoaudit-test-boundary";
  std::string body = multipart(boundary, bytes);
  body.replace(body.find("filename=\"copy.jpg\""), 19, "filename=\"" + filename + "\"");
  return http_exchange(
      port, request("POST", "/v1/match", bearer() + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n",
                    body));
}

}  // namespace

TEST_CASE("serve: an upload that crashes the decoder is 422 with the reason, and the server keeps serving", "[serve]") {
  TempDir tmp;
  const fs::path db = scanned_catalog(tmp.path);
  // The server (and so its reading workers) inherits this process's environment.
  REQUIRE(setenv("PHOTOAUDIT_FAULT_INJECTION", "crash:hostile", 1) == 0);
  ServeProcess server(db);
  unsetenv("PHOTOAUDIT_FAULT_INJECTION");
  const std::string copy = resized_jpeg("putin-min-aung-hlaing.jpg", 0.6, 70);

  const auto crashed = upload(server.port(), copy, "hostile.jpg");
  INFO(crashed.body.substr(0, 2000));
  REQUIRE(crashed.status == 422);
  const json error = crashed.json()["error"];
  CHECK(error["code"] == "unreadable_image");
  CHECK(error["message"].get<std::string>().find(
            "hostile.jpg: the reading worker died on this file (signal 11 (SIGSEGV))") != std::string::npos);

  // The same server answers on: health, and the same bytes under another name, matched as ever.
  CHECK(http_exchange(server.port(), request("GET", "/healthz", "")).status == 200);
  const auto good = upload(server.port(), copy, "copy.jpg");
  REQUIRE(good.status == 200);
  REQUIRE(good.json()["matches"].size() >= 1);
  CHECK(fs::path(good.json()["matches"][0]["path"].get<std::string>()).filename() == "putin-min-aung-hlaing.jpg");
  CHECK(good.json()["report"]["images"][0]["path"] == "copy.jpg");
  // A crash again, then an answer again: every crash costs one worker, never the server.
  CHECK(upload(server.port(), copy, "hostile-2.jpg").status == 422);
  CHECK(upload(server.port(), copy, "copy.jpg").status == 200);
}

TEST_CASE("serve --isolation none decodes in-process, and a bad --isolation is refused", "[serve]") {
  TempDir tmp;
  const fs::path db = scanned_catalog(tmp.path);
  REQUIRE(setenv("PHOTOAUDIT_FAULT_INJECTION", "crash:hostile", 1) == 0);
  ServeProcess server(db, {"--isolation", "none"});
  unsetenv("PHOTOAUDIT_FAULT_INJECTION");
  // No worker, so the workers' fault injection does not apply: the upload is audited as any other.
  const auto answer = upload(server.port(), resized_jpeg("putin-min-aung-hlaing.jpg", 0.6, 70), "hostile.jpg");
  REQUIRE(answer.status == 200);
  CHECK(answer.json()["matches"].size() >= 1);
  CHECK(run_photoaudit({"serve", "--index", db.string(), "--no-auth", "--isolation", "thread"}).exit_code == 2);
}

TEST_CASE("page: a fetched image that crashes the decoder is a finding for that image, and the others are read") {
  HttpServer server;
  server.serve_directory("/", kFixtures / "page");
  const std::vector<std::string> args = {
      PHOTOAUDIT_BINARY, "page",       "--allow-private",          "--format", "json",
      "--date",          "2026-11-27", server.url("/article.html")};
  const auto clean = run_photoaudit(std::vector<std::string>(args.begin() + 1, args.end()));
  std::vector<std::string> with_fault = {"PHOTOAUDIT_FAULT_INJECTION=crash:kaffee"};
  with_fault.insert(with_fault.end(), args.begin(), args.end());
  const auto crashed = run_program("env", with_fault);
  INFO(crashed.err);
  REQUIRE(clean.exit_code != 2);
  REQUIRE(crashed.exit_code == 1);  // metadata-unreadable is an error finding
  const json a = json::parse(clean.out);
  const json b = json::parse(crashed.out);
  const json* kaffee = image_named(b, "kaffee-pressezentrum.jpg");
  REQUIRE(kaffee != nullptr);
  CHECK(finding_messages(*kaffee).find("the reading worker died on this file (signal 11 (SIGSEGV))") !=
        std::string::npos);
  CHECK((*kaffee)["fingerprints"].is_null());
  const json* teaser = image_named(b, "raumfahrt-teaser.jpg");
  REQUIRE(teaser != nullptr);
  CHECK_FALSE((*teaser)["fingerprints"].is_null());
  CHECK((*teaser)["fingerprints"] == (*image_named(a, "raumfahrt-teaser.jpg"))["fingerprints"]);
}

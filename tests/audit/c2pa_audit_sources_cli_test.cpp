// audit and page read Content Credentials the way `photoaudit c2pa` does (issue 15, item 4): a sidecar NAME.c2pa
// beside the file, --trust and --tsa-trust, and --allow-remote (a remote manifest fetched only with it, through the
// page fetcher's guards). Every run goes through the reading workers (the CLI's default isolation), so the options
// and what the worker found travel through the worker protocol.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/c2pa_copies.hpp"
#include "support/files.hpp"
#include "support/http_server.hpp"
#include "support/run_binary.hpp"

namespace {

using photoaudit::test::run_photoaudit;
using namespace photoaudit::test::c2pa_copies;  // NOLINT(google-build-using-namespace): the test's helpers

std::vector<std::string> rules_of(const nlohmann::json& image) {
  std::vector<std::string> rules;
  for (const auto& f : image["findings"]) rules.push_back(f["rule"].get<std::string>());
  return rules;
}

bool has(const std::vector<std::string>& rules, const char* rule) {
  return std::find(rules.begin(), rules.end(), rule) != rules.end();
}

nlohmann::json audit_json(std::vector<std::string> args) {
  args.insert(args.begin(), {"audit", "--format", "json"});
  const auto run = run_photoaudit(args);
  INFO(run.err);
  REQUIRE((run.exit_code == 0 || run.exit_code == 1));
  return nlohmann::json::parse(run.out);
}

}  // namespace

TEST_CASE("audit: a sidecar NAME.c2pa beside a file without a store is read, as photoaudit c2pa reads it", "[c2pa]") {
  photoaudit::test::TempDir dir;
  write(dir.path / "photo.jpg", without_store(""));
  const std::string photo = (dir.path / "photo.jpg").string();
  CHECK_FALSE(audit_json({photo})["images"][0].contains("content_credentials"));

  write(dir.path / "photo.c2pa", app11_of(bytes_of(kC2pa / "C.jpg")).store);
  const auto image = audit_json({photo})["images"][0];
  REQUIRE(image.contains("content_credentials"));
  CHECK(image["content_credentials"]["container"] == "sidecar");
  CHECK(image["content_credentials"]["state"] == "Valid");
  CHECK(image["content_credentials"]["signer"] == "C2PA Signer");
  CHECK(has(rules_of(image), "c2pa-untrusted"));

  const auto trusted = audit_json({"--trust", (kC2pa / "test_cert_root_bundle.pem").string(), photo})["images"][0];
  CHECK(trusted["content_credentials"]["state"] == "Trusted");
  CHECK_FALSE(has(rules_of(trusted), "c2pa-untrusted"));
}

TEST_CASE("audit: --tsa-trust reaches the reading worker, and a file without certificates is refused", "[c2pa]") {
  const std::string c = (kC2pa / "C.jpg").string();
  const auto codes = [](const nlohmann::json& image) {
    return image["content_credentials"]["chain"][0]["informational"].get<std::vector<std::string>>();
  };
  const auto without = audit_json({c})["images"][0];
  CHECK(has(codes(without), "timeStamp.untrusted"));
  const auto with = audit_json({"--tsa-trust", (kC2pa / "digicert_tsa_ca.pem").string(), c})["images"][0];
  CHECK_FALSE(has(codes(with), "timeStamp.untrusted"));
  CHECK(with["content_credentials"]["state"] == "Valid");  // the signer is still not trusted
  const auto bad = run_photoaudit({"audit", "--tsa-trust", c, c});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("C.jpg") != std::string::npos);
}

TEST_CASE("audit: a remote manifest is fetched only with --allow-remote, through the page fetcher's guards", "[c2pa]") {
  photoaudit::test::HttpServer server;
  const Bytes store = app11_of(bytes_of(kC2pa / "C.jpg")).store;
  server.route("/manifests/c.c2pa", [&](const photoaudit::test::HttpRequest&, photoaudit::test::HttpResponder& out) {
    out.send(200, "application/c2pa", std::string(store.begin(), store.end()));
  });
  photoaudit::test::TempDir dir;
  write(dir.path / "remote.jpg", without_store(server.url("/manifests/c.c2pa")));
  const std::string photo = (dir.path / "remote.jpg").string();

  const auto unread = audit_json({photo})["images"][0];
  CHECK_FALSE(unread.contains("content_credentials"));
  CHECK(server.requests().empty());
  // Not fetched, but said: the reference is a c2pa-unread note naming the URL and the flag.
  bool said = false;
  for (const auto& f : unread["findings"]) {
    if (f["rule"] != "c2pa-unread") continue;
    said = true;
    CHECK(f["severity"] == "info");
    CHECK(f["message"].get<std::string>().find(server.url("/manifests/c.c2pa")) != std::string::npos);
    CHECK(f["message"].get<std::string>().find("--allow-remote") != std::string::npos);
  }
  CHECK(said);

  // 127.0.0.1 is a private address: refused without --allow-private, as for pages; the store is then inaccessible.
  const auto refused = audit_json({"--allow-remote", photo})["images"][0];
  CHECK(refused["content_credentials"]["state"] == "Invalid");
  CHECK(refused["content_credentials"]["failures"][0] == "manifest.inaccessible");
  CHECK(server.requests().empty());

  const auto fetched = audit_json({"--allow-remote", "--allow-private", photo})["images"][0];
  for (const auto& f : fetched["findings"]) CHECK(f["rule"] != "c2pa-unread");
  CHECK(fetched["content_credentials"]["container"] == "remote");
  CHECK(fetched["content_credentials"]["state"] == "Valid");
  CHECK(server.requests().size() == 1);
}

TEST_CASE("page: a local page's images get their credentials with --trust, and their sidecars", "[c2pa]") {
  photoaudit::test::TempDir dir;
  std::filesystem::copy_file(kC2pa / "C.jpg", dir.path / "signed.jpg");
  write(dir.path / "kept.jpg", without_store(""));
  write(dir.path / "kept.c2pa", app11_of(bytes_of(kC2pa / "C.jpg")).store);
  {
    std::ofstream page(dir.path / "page.html");
    page << "<html><body><figure><img src=\"signed.jpg\"><figcaption>A. Foto: dpa</figcaption></figure>"
            "<figure><img src=\"kept.jpg\"><figcaption>B. Foto: dpa</figcaption></figure></body></html>";
  }
  const std::string page = (dir.path / "page.html").string();
  const auto states = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> args{"page", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(page);
    const auto run = run_photoaudit(args);
    INFO(run.err);
    const auto report = nlohmann::json::parse(run.out);
    std::vector<std::string> out;
    for (const auto& image : report["images"]) {
      out.push_back(image.contains("content_credentials") ? image["content_credentials"]["state"].get<std::string>()
                                                          : std::string("none"));
    }
    return out;
  };
  CHECK(states({}) == std::vector<std::string>{"Valid", "Valid"});
  CHECK(states({"--trust", (kC2pa / "test_cert_root_bundle.pem").string()}) ==
        std::vector<std::string>{"Trusted", "Trusted"});
}

TEST_CASE("audit: a registry with content_credentials.accept_any_signer has no c2pa-untrusted, c2pa-invalid stays",
          "[c2pa]") {
  photoaudit::test::TempDir dir;
  const std::string example = photoaudit::test::read_file(std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) /
                                                          "registry.yaml");
  const auto registry_with = [&](const char* value) {
    const auto path = dir.path / (std::string(value) + ".yaml");
    std::ofstream(path) << example << "\ncontent_credentials:\n  accept_any_signer: " << value << "\n";
    return path.string();
  };
  const std::string c = (kC2pa / "C.jpg").string();
  const std::string xca = (kC2pa / "XCA.jpg").string();
  const auto accepting = audit_json({"--registry", registry_with("true"), c, xca})["images"];
  CHECK_FALSE(has(rules_of(accepting[0]), "c2pa-untrusted"));
  CHECK(accepting[0]["content_credentials"]["state"] == "Valid");
  CHECK(has(rules_of(accepting[1]), "c2pa-invalid"));
  const auto warning = audit_json({"--registry", registry_with("false"), c})["images"];
  CHECK(has(rules_of(warning[0]), "c2pa-untrusted"));
  const auto malformed = run_photoaudit({"audit", "--registry", registry_with("yes"), c});
  CHECK(malformed.exit_code == 2);
  CHECK(malformed.err.find("accept_any_signer must be true or false") != std::string::npos);
}

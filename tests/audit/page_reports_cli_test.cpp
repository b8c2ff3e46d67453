// Pages as a reader and a report see them (issue 17, "Pages"): the page's URL and title in every report format,
// figures numbered as a reader counts them, the printed credit as licensing evidence, root-relative paths of a
// local page read from --site-root only, and each page or image audited once however it is reached. Through the
// built binary, on the real photos of fixtures/page, served by the test's own server on 127.0.0.1.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "report_samples.hpp"
#include "support/files.hpp"
#include "support/http_server.hpp"
#include "support/run_binary.hpp"

using nlohmann::json;
using namespace photoaudit::test;  // NOLINT(google-build-using-namespace): test helpers

namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;
const std::string kTitle = "Putin empfängt Myanmars Militärchef im Kreml | Beispiel-Zeitung";

std::string file_name(const std::string& url) { return url.substr(url.rfind('/') + 1); }

const json& image_named(const json& report, const std::string& name) {
  const json& images = report["images"];
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (file_name(images[i]["path"].get<std::string>()) == name) return images[i];
  }
  FAIL("no image " << name << " in " << images.dump());
  throw std::logic_error("unreachable");
}

std::set<std::string> rules_of(const json& image) {
  std::set<std::string> out;
  const json& findings = image["findings"];
  for (std::size_t i = 0; i < findings.size(); ++i) out.insert(findings[i]["rule"].get<std::string>());
  return out;
}

std::string message_of(const json& image, const std::string& rule) {
  const json& findings = image["findings"];
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (findings[i]["rule"] == rule) return findings[i]["message"].get<std::string>();
  }
  return {};
}

RunResult run_ok(const std::vector<std::string>& args, int expected_exit) {
  auto r = run_photoaudit(args);
  INFO(r.err);
  CHECK(r.exit_code == expected_exit);
  return r;
}

json run_json(const std::vector<std::string>& args, int expected_exit) {
  return json::parse(run_ok(args, expected_exit).out);
}

// A site laid out as a web server serves it: DIR/site/artikel/article.html (fixtures/page/article.html plus
// `figures` at the end of <main>) and the photos in DIR/site/bilder, where article.html's "/bilder/..." point.
fs::path site_with(const TempDir& dir, const std::string& figures) {
  fs::path site = dir.path / "site";
  fs::create_directories(site / "artikel");
  fs::copy(kFixtures / "page" / "bilder", site / "bilder", fs::copy_options::recursive);
  std::string html = read_file(kFixtures / "page" / "article.html");
  html.replace(html.find("</main>"), 7, figures + "</main>");
  write_text_file(site / "artikel" / "article.html", html);
  return site;
}

}  // namespace

TEST_CASE("page: the page's URL and title are in every report format (issue 17: the HTML named neither)") {
  HttpServer server;
  server.serve_directory("/", kFixtures / "page");
  const std::string url = server.url("/article.html");
  const std::vector<std::string> base = {"page", "--allow-private", "--date", "2026-11-27", url, "--format"};
  auto with = [&](const std::string& format) {
    auto args = base;
    args.push_back(format);
    return run_ok(args, 1).out;
  };

  const std::string text = with("text");
  CHECK(text.starts_with("photoaudit page: "));
  CHECK(text.find("  page: " + url + " — " + kTitle + "\n") != std::string::npos);
  CHECK(text.find("6 image uses, 4 distinct images") != std::string::npos);

  const json report = json::parse(with("json"));
  CHECK(report["context"]["command"] == "page");
  REQUIRE(report["pages"].size() == 1);
  CHECK(report["pages"][0]["url"] == url);
  CHECK(report["pages"][0]["title"] == kTitle);

  const json sarif = json::parse(with("sarif"));
  const json& pages = sarif["runs"][0]["properties"]["pages"];
  REQUIRE(pages.size() == 1);
  CHECK(pages[0]["url"] == url);
  CHECK(pages[0]["title"] == kTitle);

  const std::string csv = with("csv");
  CHECK(
      csv.starts_with("path,severity,rule,message,credit,organizations,photographers,licensor,contract,"
                      "license_status,sha256,pdq,cluster,error,verdict,page,page_title,"));
  // Every image of the page names it; the title has no comma, so it is not quoted. After it, the columns added
  // in issue 16 (date_created ... contract_note).
  const std::string coffee_row_end = "," + url + "," + kTitle + ",";
  CHECK(csv.find(server.url("/bilder/kaffee-pressezentrum.jpg")) != std::string::npos);
  CHECK(csv.find(coffee_row_end) != std::string::npos);

  const std::string html = with("html");
  const auto header_end = html.find("<section");
  REQUIRE(header_end != std::string::npos);
  const std::string header = html.substr(0, header_end);
  CHECK(header.find("Page <span class=\"v\">" + url + "</span> — <span class=\"v\">" + kTitle + "</span>") !=
        std::string::npos);
}

TEST_CASE("page: figures are numbered as a reader counts them, og:image and JSON-LD are not (issue 17: #5)") {
  HttpServer server;
  server.serve_directory("/", kFixtures / "page");
  const json report = run_json(
      {"page", "--allow-private", "--format", "json", "--date", "2026-11-27", server.url("/article.html")}, 1);

  // The coffee photo is the third picture a reader sees (lead figure, second figure, coffee); the page's
  // og:image and JSON-LD image come before it in the document but are not shown.
  const json& coffee = image_named(report, "kaffee-pressezentrum.jpg");
  const std::string missing = message_of(coffee, "caption-credit-missing");
  INFO(missing);
  CHECK(missing.find("figure #3") != std::string::npos);
  CHECK(missing.find("#5") == std::string::npos);
  CHECK(coffee["uses"][0]["number"] == 3);
  CHECK(coffee["uses"][0]["position"] == 4);  // the index among all image references, unchanged

  // The lead photo: named by og:image and JSON-LD (no number), shown as the first figure.
  const json& lead = image_named(report, "putin-min-aung-hlaing.jpg");
  std::set<std::string> unnumbered;
  for (std::size_t i = 0; i < lead["uses"].size(); ++i) {
    const json& use = lead["uses"][i];
    if (use["number"].is_null()) {
      unnumbered.insert(use["context"].get<std::string>());
    } else {
      CHECK(use["context"] == "figure");
      CHECK(use["number"] == 1);
    }
  }
  CHECK(unnumbered == std::set<std::string>{"og:image", "json-ld"});
  CHECK(image_named(report, "raumfahrt-teaser.jpg")["uses"][0]["number"] == 4);
}

TEST_CASE(
    "page: a printed distributor whose contract covers the embedded agency licenses the photo (issue 17: "
    "license-unknown for AFP under a printed Getty Images credit)") {
  const fs::path photo = kFixtures / "page" / "bilder" / "afp-getty.jpg";
  // The file alone names only AFP, which has no contract of its own.
  const json alone = run_json(
      {"audit", "--format", "json", "--date", "2026-06-15", "--channel", "online", photo.string()}, 0);
  CHECK(alone["images"][0]["license"]["status"] == "unknown");
  CHECK(rules_of(alone["images"][0]).count("license-unknown") == 1);

  HttpServer server;
  server.serve_directory("/bilder/", kFixtures / "page" / "bilder");
  server.route("/getty.html", [](const HttpRequest&, HttpResponder& out) {
    out.send(200, "text/html; charset=utf-8",
             "<!DOCTYPE html><html><head><title>Kamera</title></head><body><figure>"
             "<img src=\"/bilder/afp-getty.jpg\" alt=\"Ein Fotograf\">"
             "<figcaption>Ein Fotograf. <span class=\"credit\">© Getty Images/AFP/John MacDougall</span>"
             "</figcaption></figure></body></html>");
  });
  const json report = run_json({"page", "--allow-private", "--format", "json", "--date", "2026-06-15", "--channel",
                                "online", server.url("/getty.html")},
                               0);
  const json& image = image_named(report, "afp-getty.jpg");
  INFO(image.dump(2));
  CHECK(image["license"]["status"] == "licensed");
  CHECK(image["license"]["licensor"] == "getty-images");
  CHECK(image["license"]["contract"] == "GETTY-SINGLE-2026");
  CHECK(rules_of(image).count("license-unknown") == 0);
  CHECK(rules_of(image).count("caption-credit-conflict") == 0);

  // A printed credit that names another agency is no licensing evidence: still unknown, and a conflict.
  server.route("/other.html", [](const HttpRequest&, HttpResponder& out) {
    out.send(200, "text/html; charset=utf-8",
             "<!DOCTYPE html><html><head><title>Kamera</title></head><body><figure>"
             "<img src=\"/bilder/afp-getty.jpg\" alt=\"Ein Fotograf\">"
             "<figcaption>Ein Fotograf. <span class=\"credit\">Foto: picture alliance</span>"
             "</figcaption></figure></body></html>");
  });
  const json other = run_json({"page", "--allow-private", "--format", "json", "--date", "2026-06-15", "--channel",
                               "online", server.url("/other.html")},
                              0);
  const json& conflicting = image_named(other, "afp-getty.jpg");
  CHECK(conflicting["license"]["status"] == "unknown");
  CHECK(rules_of(conflicting).count("caption-credit-conflict") == 1);
}

TEST_CASE("page: a local page's root-relative paths are refused without --site-root, read inside it with it") {
  const TempDir dir("page-site-root");
  const fs::path outside = dir.path / "outside";
  fs::create_directories(outside);
  fs::copy_file(kFixtures / "article" / "rocket-launch-epa.jpg", outside / "secret.jpg");
  const fs::path site = site_with(dir,
                                  "<figure><img src=\"/../outside/secret.jpg\"><figcaption>Foto: dpa</figcaption>"
                                  "</figure><figure><img src=\"/bilder/leak.jpg\"><figcaption>Foto: dpa</figcaption>"
                                  "</figure>");
  fs::create_symlink(outside / "secret.jpg", site / "bilder" / "leak.jpg");
  const std::string page = (site / "artikel" / "article.html").string();

  // Without --site-root: each root-relative path is a finding naming it and saying what to pass.
  const json refused = run_json({"page", "--format", "json", "--date", "2026-11-27", page}, 1);
  const json& coffee = image_named(refused, "kaffee-pressezentrum.jpg");
  CHECK(rules_of(coffee).count("metadata-unreadable") == 1);
  const std::string why = coffee["error"].get<std::string>();
  CHECK(why.starts_with("/bilder/kaffee-pressezentrum.jpg: "));
  CHECK(why.find("pass --site-root") != std::string::npos);

  // With it: the photos are read from the site's /bilder; nothing outside the site is.
  for (const std::string& command : {std::string("page"), std::string("audit")}) {
    INFO(command);
    const json report = run_json(
        {command, "--format", "json", "--date", "2026-11-27", "--site-root", site.string(), page}, 1);
    REQUIRE(report["pages"].size() == 1);
    const json& read = image_named(report, "kaffee-pressezentrum.jpg");
    CHECK(read["error"].is_null());
    CHECK(read["fingerprints"]["width"] == 600);
    CHECK(image_named(report, "raumfahrt-teaser.jpg")["license"]["licensor"] == "dpa");
    const json& escaped = image_named(report, "secret.jpg");
    CHECK(escaped["fingerprints"].is_null());
    CHECK(escaped["error"].get<std::string>().find("leaves the --site-root folder") != std::string::npos);
    const json& linked = image_named(report, "leak.jpg");
    CHECK(linked["fingerprints"].is_null());
    CHECK(linked["error"].get<std::string>().find("leaves the --site-root folder through a symbolic link") !=
          std::string::npos);
  }

  // A --site-root that is no directory is a usage error.
  const auto bad = run_photoaudit({"page", "--site-root", (dir.path / "nowhere").string(), page});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--site-root") != std::string::npos);
}

TEST_CASE(
    "audit: the same URL given twice is audited once, and an image URL beside the page that shows it is one image "
    "(issue 17: it was an exact copy of itself, and the run was called \"photoaudit page\")") {
  HttpServer server;
  server.serve_directory("/", kFixtures / "page");
  const std::string page = server.url("/article.html");
  const std::string teaser = server.url("/bilder/raumfahrt-teaser.jpg");

  const json twice = run_json(
      {"audit", "--allow-private", "--format", "json", "--date", "2026-11-27", page, page, teaser, teaser}, 1);
  CHECK(twice["context"]["command"] == "audit");
  CHECK(twice["pages"].size() == 1);
  CHECK(twice["summary"]["images"] == 4);  // the page's four; the teaser URL is one of them
  std::set<std::string> paths;
  for (std::size_t i = 0; i < twice["images"].size(); ++i) {
    CHECK(paths.insert(twice["images"][i]["path"].get<std::string>()).second);
  }
  // The teaser keeps what the page knows about it (printed credit, where it is shown) and is no copy of itself.
  const json& image = image_named(twice, "raumfahrt-teaser.jpg");
  CHECK(image["credit"]["printed"] == "Foto: Kay Nietfeld/dpa");
  CHECK(image["uses"].size() == 1);
  CHECK(image["cluster"].is_null());
  CHECK(rules_of(image).count("duplicate") == 0);
  for (std::size_t c = 0; c < twice["clusters"].size(); ++c) {
    std::set<std::string> members;
    const json& cluster_members = twice["clusters"][c]["members"];
    for (std::size_t m = 0; m < cluster_members.size(); ++m) {
      CHECK(members.insert(cluster_members[m]["path"].get<std::string>()).second);
    }
  }

  const auto text = run_ok({"audit", "--allow-private", "--date", "2026-11-27", teaser, page}, 1);
  CHECK(text.out.starts_with("photoaudit audit: 4 images"));
  CHECK(text.out.find("photoaudit page") == std::string::npos);
}

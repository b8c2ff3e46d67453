// `photoaudit page` (and `audit URL`) end to end: the article page this project started from, served by the
// test's own server on 127.0.0.1, and pages that misbehave in every way a stranger's page can.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <set>
#include <string>

#include "report_samples.hpp"
#include "support/files.hpp"
#include "support/http_server.hpp"
#include "support/run_binary.hpp"

using nlohmann::json;
using namespace photoaudit::test;  // NOLINT(google-build-using-namespace): test helpers

namespace {

const std::filesystem::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;
const std::string kCredit = "© picture alliance / ASSOCIATED PRESS | Valery Sharifulin";

using photoaudit::test::read_file;

std::string file_name(const std::string& url) { return url.substr(url.rfind('/') + 1); }

const json& image_named(const json& report, const std::string& name) {
  for (const auto& img : report["images"]) {
    if (file_name(img["path"].get<std::string>()) == name) return img;
  }
  FAIL("no image " << name << " in " << report["images"].dump());
  throw std::logic_error("unreachable");
}

std::set<std::string> rules_of(const json& image) {
  std::set<std::string> out;
  for (const auto& f : image["findings"]) out.insert(f["rule"].get<std::string>());
  return out;
}

std::string message_of(const json& image, const std::string& rule) {
  for (const auto& f : image["findings"]) {
    if (f["rule"] == rule) return f["message"].get<std::string>();
  }
  return {};
}

json run_json(const std::vector<std::string>& args, int expected_exit) {
  const auto r = run_photoaudit(args);
  INFO(r.err);
  CHECK(r.exit_code == expected_exit);
  return json::parse(r.out);
}

// A page showing each of `images` (names under /bilder/) in a figure credited to EPA-EFE.
std::string rocket_page(const std::vector<std::string>& images) {
  std::string html = "<html><head><title>Raumfahrt</title></head><body><main>";
  for (const auto& image : images) {
    html += "<figure><img src=\"/bilder/" + image + "\"><figcaption>Start. Foto: EPA-EFE</figcaption></figure>";
  }
  return html + "</main></body></html>";
}

// A fresh copy of fixtures/page in a temporary folder named after `name`, with `figures` added to the end of
// article.html's <main>. Returns the folder; the caller removes it.
std::filesystem::path local_page_with(const std::string& name, const std::string& figures) {
  auto dir = photoaudit::test::fresh_temp_dir(name);
  std::filesystem::copy(kFixtures / "page", dir, std::filesystem::copy_options::recursive);
  std::string html = read_file(dir / "article.html");
  html.replace(html.find("</main>"), 7, figures + "</main>");
  photoaudit::test::write_text_file(dir / "article.html", html);
  return dir;
}

}  // namespace

TEST_CASE("page: the article page, served locally: each image once, with the credit the page prints") {
  HttpServer server;
  server.serve_directory("/", kFixtures / "page");
  const std::string url = server.url("/article.html");

  const json report = run_json(
      {"page", "--allow-private", "--format", "json", "--date", "2026-11-27", "--channel", "online", url}, 1);
  REQUIRE(report["pages"].size() == 1);
  CHECK(report["pages"][0]["url"] == url);
  CHECK(report["pages"][0]["title"] == "Putin empfängt Myanmars Militärchef im Kreml | Beispiel-Zeitung");
  CHECK(report["pages"][0]["images"] == 6);  // og:image, JSON-LD, three figures, the teaser
  // Four distinct image URLs; the 800 px photo and its 400 px copy are one photo.
  CHECK(report["summary"]["images"] == 4);
  CHECK(report["summary"]["photos"] == 3);

  // The photo of Putin and Min Aung Hlaing: og:image, JSON-LD and the lead figure use the same URL.
  const json& lead = image_named(report, "putin-min-aung-hlaing.jpg");
  CHECK(lead["uses"].size() == 3);
  CHECK(lead["credit"]["printed"] == kCredit);
  CHECK(lead["license"]["status"] == "licensed");
  CHECK(lead["license"]["licensor"] == "picture-alliance");
  CHECK(rules_of(lead).count("caption-credit-missing") == 0);
  CHECK(rules_of(lead).count("caption-credit-conflict") == 0);

  // Its smaller copy in the second figure: metadata stripped, the credit printed under it.
  const json& copy = image_named(report, "putin-min-aung-hlaing-klein.jpg");
  CHECK(copy["credit"]["printed"] == kCredit);
  CHECK(copy["uses"].size() == 1);
  CHECK(copy["uses"][0]["context"] == "figure");
  CHECK(copy["uses"][0]["caption"] == "Händedruck vor den Gesprächen: Putin und Min Aung Hlaing im Kreml.");
  REQUIRE(copy["cluster"].is_number());
  CHECK(copy["cluster"] == lead["cluster"]);
  CHECK(rules_of(copy).count("duplicate") == 1);
  CHECK(rules_of(copy).count("caption-credit-missing") == 0);
  // Licensed through what the page prints, though the file itself says nothing.
  CHECK(copy["license"]["licensor"] == "picture-alliance");

  // The coffee photo: shown without any printed credit.
  const json& coffee = image_named(report, "kaffee-pressezentrum.jpg");
  CHECK(rules_of(coffee).count("caption-credit-missing") == 1);
  // The third picture a reader sees (og:image and JSON-LD are not counted: issue 17).
  CHECK(message_of(coffee, "caption-credit-missing").find("figure #3") != std::string::npos);
  CHECK(coffee["credit"]["printed"].is_null());

  // The teaser: printed "Foto: Kay Nietfeld/dpa", embedded dpa / Kay Nietfeld: no conflict, no missing credit.
  const json& teaser = image_named(report, "raumfahrt-teaser.jpg");
  CHECK(teaser["uses"][0]["context"] == "teaser");
  CHECK(teaser["uses"][0]["link"].get<std::string>().ends_with("/politik/anderer-artikel.html"));
  CHECK(teaser["credit"]["printed"] == "Foto: Kay Nietfeld/dpa");
  CHECK(rules_of(teaser).count("caption-credit-conflict") == 0);
  CHECK(rules_of(teaser).count("caption-credit-missing") == 0);

  // Every image was fetched once, though the page names the lead photo three times.
  std::map<std::string, int> fetched;
  for (const auto& request : server.requests()) ++fetched[request.path];
  CHECK(fetched["/bilder/putin-min-aung-hlaing.jpg"] == 1);
  CHECK(fetched["/bilder/putin-min-aung-hlaing-klein.jpg"] == 1);

  // The text report names the page and says the two copies count once.
  const auto text = run_photoaudit({"page", "--allow-private", "--date", "2026-11-27", url});
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("caption-credit-missing") != std::string::npos);
  CHECK(text.out.find("4 images (3 distinct photos)") != std::string::npos);
  CHECK(text.out.find("printed: " + kCredit) != std::string::npos);
}

TEST_CASE("page: a local HTML file is read with its images relative to it, file: URLs are never followed") {
  // A draft with an image reference that points out of its folder and one file: URL.
  const auto dir = local_page_with(
      "page-local",
      "<figure><img src=\"file:///etc/passwd\"><figcaption>Foto: dpa</figcaption></figure>"
      "<figure><img src=\"../../../etc/hostname\"><figcaption>Foto: dpa</figcaption></figure>");

  const json report = run_json({"page", "--format", "json", "--date", "2026-11-27", "--site-root", dir.string(),
                                (dir / "article.html").string()},
                               1);
  const json& lead = image_named(report, "putin-min-aung-hlaing.jpg");
  CHECK(lead["license"]["licensor"] == "picture-alliance");
  CHECK(lead["fingerprints"]["width"] == 800);
  const json& passwd = image_named(report, "passwd");
  CHECK(rules_of(passwd).count("metadata-unreadable") == 1);
  CHECK(passwd["error"].get<std::string>().find("never followed") != std::string::npos);
  const json& hostname = image_named(report, "hostname");
  CHECK(hostname["error"].get<std::string>().find("leaves the page's folder") != std::string::npos);
  CHECK(hostname["fingerprints"].is_null());
  std::filesystem::remove_all(dir);
}

TEST_CASE(
    "page: a local page does not read a file outside its folder through a symbolic link, to a file or to a folder "
    "(issue 18: it did), a link that stays inside is read") {
  const auto outside = photoaudit::test::fresh_temp_dir("page-outside");
  std::filesystem::copy_file(kFixtures / "article" / "rocket-launch-epa.jpg", outside / "secret.jpg");
  const auto dir = local_page_with("page-links",
                                   "<figure><img src=\"leak.jpg\"><figcaption>Foto: dpa</figcaption></figure>"
                                   "<figure><img src=\"linked/secret.jpg\"><figcaption>Foto: dpa</figcaption></figure>"
                                   "<figure><img src=\"alias.jpg\"><figcaption>Foto: dpa</figcaption></figure>");
  std::filesystem::create_symlink(outside / "secret.jpg", dir / "leak.jpg");
  std::filesystem::create_directory_symlink(outside, dir / "linked");
  // A link inside the page's folder to a photo the page does not show otherwise (a link to one it shows would be
  // the same image, listed once).
  std::filesystem::create_directories(dir / "archiv");
  std::filesystem::copy_file(kFixtures / "article" / "motorcycle-dpa.jpg", dir / "archiv" / "motorrad.jpg");
  std::filesystem::create_symlink(dir / "archiv" / "motorrad.jpg", dir / "alias.jpg");

  const json report = run_json({"page", "--format", "json", "--date", "2026-11-27", "--site-root", dir.string(),
                                (dir / "article.html").string()},
                               1);
  for (const char* name : {"leak.jpg", "secret.jpg"}) {
    INFO(name);
    const json& image = image_named(report, name);
    CHECK(rules_of(image).count("metadata-unreadable") == 1);
    CHECK(image["error"].get<std::string>().find("leaves the page's folder through a symbolic link") !=
          std::string::npos);
    CHECK(image["fingerprints"].is_null());
  }
  const json& alias = image_named(report, "motorrad.jpg");  // reported at the path the link resolves to
  CHECK(alias["error"].is_null());
  CHECK(alias["fingerprints"]["width"] == cv::imread((kFixtures / "article" / "motorcycle-dpa.jpg").string()).cols);
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(outside);
}

TEST_CASE("page: a printed credit that names another agency than the file is caption-credit-conflict") {
  HttpServer server;
  server.serve_directory("/bilder/", kFixtures / "page" / "bilder");
  server.route("/conflict.html", [](const HttpRequest&, HttpResponder& out) {
    out.send(200, "text/html; charset=utf-8",
             "<!DOCTYPE html><html><head><title>Konflikt</title></head><body><figure>"
             "<img src=\"/bilder/raumfahrt-teaser.jpg\" alt=\"Rakete\">"
             "<figcaption>Ein Start. <span class=\"credit\">Foto: REUTERS/Joe Skipper</span></figcaption>"
             "</figure></body></html>");
  });
  // A warning: exit status 0 by default, 1 with --fail-on warning.
  const json report = run_json({"page", "--allow-private", "--format", "json", "--date", "2026-11-27", "--fail-on",
                                "warning", server.url("/conflict.html")},
                               1);
  CHECK(run_photoaudit({"page", "--allow-private", "--date", "2026-11-27", server.url("/conflict.html")}).exit_code ==
        0);
  const json& image = image_named(report, "raumfahrt-teaser.jpg");
  CHECK(rules_of(image).count("caption-credit-conflict") == 1);
  const std::string message = message_of(image, "caption-credit-conflict");
  CHECK(message.find("REUTERS/Joe Skipper") != std::string::npos);
}

TEST_CASE("page: bad pages and bad images are findings or clear errors, never a crash or a hang") {
  HttpServer server;
  server.serve_directory("/bilder/", kFixtures / "page" / "bilder");
  server.route("/error-page.jpg", [](const HttpRequest&, HttpResponder& out) {
    out.send(200, "image/jpeg", "<!DOCTYPE html><html><body>Not found</body></html>");
  });
  server.route("/loop.jpg", [](const HttpRequest&, HttpResponder& out) {
    out.send(302, "text/plain", "", {{"Location", "/loop.jpg"}});
  });
  server.route("/stall.jpg", [](const HttpRequest&, HttpResponder& out) {
    out.send_head(200, {{"Content-Type", "image/jpeg"}, {"Content-Length", "100000"}});
    out.wait(std::chrono::seconds(20));
  });
  server.route("/server-error.jpg",
               [](const HttpRequest&, HttpResponder& out) { out.send(500, "text/plain", "boom"); });
  std::string page = "<!DOCTYPE html><html><head><meta charset=\"iso-8859-1\"><title>Kaputt</title></head><body>";
  for (const char* src : {"/error-page.jpg", "/loop.jpg", "/stall.jpg", "/server-error.jpg", "/missing.jpg",
                          "file:///etc/passwd", "javascript:alert(1)"}) {
    page += std::string("<figure><img src=\"") + src + "\"><figcaption>Foto: dpa</figcaption></figure>";
  }
  page += "<figure><img src=\"data:image/png;base64,AAAA\"><figcaption>Foto: dpa</figcaption></figure>";
  // Hundreds of images: the same picture under 200 query strings, so each is fetched as its own URL.
  for (int i = 0; i < 200; ++i) {
    // Latin-1 text in a page that says so; an unclosed <b> and a stray </div> (malformed HTML).
    page += "<figure><img src=\"/bilder/kaffee-pressezentrum.jpg?v=" + std::to_string(i) +
            "\"><figcaption>Kaffee \xE4 <b>unclosed</div></figcaption></figure>";
  }
  page += "<figure><img src=\"/bilder/raumfahrt-teaser.jpg\"><figcaption>Foto: Kay Nietfeld/dpa</figcaption></figure>";
  server.route("/bad.html", [page](const HttpRequest&, HttpResponder& out) { out.send(200, "text/html", page); });

  const auto r = run_photoaudit({"page", "--allow-private", "--format", "json", "--timeout", "3", "--date",
                                 "2026-11-27", server.url("/bad.html")});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  const json report = json::parse(r.out);
  CHECK(report["summary"]["images"] == 8 + 200 + 1);
  // The good image at the end is audited in full.
  const json& good = image_named(report, "raumfahrt-teaser.jpg");
  CHECK(good["license"]["licensor"] == "dpa");
  CHECK(good["fingerprints"]["pdq"].get<std::string>().size() == 64);
  // The 200 copies of one photo: one cluster, each copy without a printed credit.
  const json& first_copy = image_named(report, "kaffee-pressezentrum.jpg?v=0");
  REQUIRE(first_copy["cluster"].is_number());
  CHECK(report["clusters"][first_copy["cluster"].get<std::size_t>()]["members"].size() == 200);
  CHECK(report["summary"]["photos"] == 8 + 1 + 1);  // 8 bad ones, the coffee photo once, the teaser
  CHECK(rules_of(first_copy).count("caption-credit-missing") == 1);

  std::map<std::string, std::string> errors;
  for (const auto& img : report["images"]) {
    if (img["error"].is_string()) errors[file_name(img["path"].get<std::string>())] = img["error"].get<std::string>();
  }
  CHECK(errors.at("error-page.jpg").find("not an image") != std::string::npos);
  CHECK(errors.at("loop.jpg").find("too many redirects") != std::string::npos);
  CHECK(errors.at("stall.jpg").find("timed out") != std::string::npos);
  CHECK(errors.at("server-error.jpg").find("HTTP 500") != std::string::npos);
  CHECK(errors.at("missing.jpg").find("HTTP 404") != std::string::npos);
  CHECK(errors.at("passwd").find("never followed") != std::string::npos);
  CHECK(errors.at("javascript:alert(1)").find("never followed") != std::string::npos);
  CHECK(report["pages"][0]["charset"] == "windows-1252");
}

TEST_CASE("page: an unreachable or private page is a clear error with exit status 2") {
  HttpServer server;
  server.serve_directory("/", kFixtures / "page");
  const auto refused = run_photoaudit({"page", server.url("/article.html")});  // no --allow-private
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("private address") != std::string::npos);
  CHECK(refused.err.find("--allow-private") != std::string::npos);

  const std::string closed = "http://127.0.0.1:" + std::to_string(HttpServer::closed_port()) + "/article.html";
  const auto down = run_photoaudit({"page", "--allow-private", closed});
  CHECK(down.exit_code == 2);
  CHECK(down.err.find("connection refused") != std::string::npos);

  const auto missing = run_photoaudit({"page", "--allow-private", server.url("/no-such-page.html")});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("HTTP 404") != std::string::npos);

  const auto image = run_photoaudit({"page", "--allow-private", server.url("/bilder/kaffee-pressezentrum.jpg")});
  CHECK(image.exit_code == 2);
  CHECK(image.err.find("is an image, not a page") != std::string::npos);
}

TEST_CASE("audit URL: an image URL is audited as that image, a page URL as its images") {
  HttpServer server;
  server.serve_directory("/", kFixtures / "page");
  const json report = run_json({"audit", "--allow-private", "--format", "json", "--date", "2026-11-27",
                                server.url("/bilder/raumfahrt-teaser.jpg"), server.url("/article.html"),
                                (kFixtures / "article" / "teaser-putin.jpg").string()},
                               1);
  // The local file, then the teaser image URL, which the page shows too: one image (issue 17: it was reported
  // as an exact copy of itself), then the page's other three.
  CHECK(report["summary"]["images"] == 1 + 4);
  CHECK(report["pages"].size() == 1);
  CHECK(report["images"][0]["path"] == (kFixtures / "article" / "teaser-putin.jpg").string());
  const json& direct = report["images"][1];
  CHECK(direct["path"] == server.url("/bilder/raumfahrt-teaser.jpg"));
  CHECK(direct["uses"].size() == 1);  // what the page knows about it joins it
  CHECK(direct["license"]["licensor"] == "dpa");
  CHECK(direct["cluster"].is_null());
}

TEST_CASE(
    "audit URL: an image URL that serves HTML is a metadata-unreadable finding, not a page with no images that "
    "passes (issue 18)") {
  // Declared before the server, so it outlives the server's threads (which may still be sending it).
  const std::string soft_404 = "<!DOCTYPE html><html><head><title>Not found</title></head><body>Gone</body></html>";
  HttpServer server;
  server.route("/photos/moto.jpg",
               [&](const HttpRequest&, HttpResponder& out) { out.send(200, "text/html; charset=utf-8", soft_404); });
  // HTML without a Content-Type saying so: sniffed.
  server.route("/photos/cat.jpg",
               [&](const HttpRequest&, HttpResponder& out) { out.send(200, "application/octet-stream", soft_404); });
  // A URL that does not promise an image, serving a page without images: nothing to audit, which must not pass.
  server.route("/story", [&](const HttpRequest&, HttpResponder& out) { out.send(200, "text/html", soft_404); });
  const auto run = run_photoaudit({"audit", "--allow-private", "--format", "json", "--date", "2026-11-27",
                                   server.url("/photos/moto.jpg"), server.url("/photos/cat.jpg"),
                                   server.url("/story")});
  INFO(run.err);
  REQUIRE(run.exit_code == 1);
  const json report = json::parse(run.out);
  CHECK(report["pages"].empty());
  REQUIRE(report["images"].size() == 3);
  for (const auto& image : report["images"]) {
    INFO(image.dump());
    CHECK(rules_of(image).count("metadata-unreadable") == 1);
    CHECK(image["error"].get<std::string>().find("not an image") != std::string::npos);
  }
  CHECK(image_named(report, "moto.jpg")["error"].get<std::string>().find("text/html") != std::string::npos);
  CHECK(image_named(report, "story")["error"].get<std::string>().find("shows no images") != std::string::npos);
}

// Regression: page_images.cpp dropped every note of a local page that contained the words " is relative and
// the page has no http(s) base URL", also a note about another URL that merely contains them; extraction now
// leaves the relative-URL note out for a local page by an option, and keeps all other notes.
TEST_CASE("page: a local page keeps every note but the relative-URL one, whatever the URLs say") {
  const auto dir = local_page_with(
      "page-notes",
      "<figure><img src=\"javascript:void(' is relative and the page has no http(s) base URL')\">"
      "<figcaption>Foto: dpa</figcaption></figure>");

  const json report = run_json({"page", "--format", "json", "--date", "2026-11-27", "--site-root", dir.string(),
                                (dir / "article.html").string()},
                               1);
  std::filesystem::remove_all(dir);
  REQUIRE(report["pages"].size() == 1);
  bool scheme_note = false;
  for (const auto& note : report["pages"][0]["notes"]) {
    const std::string text = note.get<std::string>();
    INFO(text);
    CHECK_FALSE(text.starts_with("image URL is relative"));  // the page's own relative images: no note
    scheme_note = scheme_note || text.find("with scheme \"javascript\" kept as written") != std::string::npos;
  }
  CHECK(scheme_note);
}

// A page's images are fetched, not files: their bytes are gone when the grey zone runs, so their local features
// are computed while the bytes are here (in a reading worker). Before, a fetched image cropped off-centre (58 PDQ
// bits from its photo: the grey zone) was found neither beside its photo on the page nor in the archive.
TEST_CASE(
    "page and audit URL: fetched images cropped off-centre are found by local features, on the page and in "
    "the archive") {
  const auto dir = photoaudit::test::fresh_temp_dir("page-fetched-features");
  std::filesystem::create_directories(dir / "site" / "bilder");
  std::filesystem::create_directories(dir / "archive");
  const auto rocket = kFixtures / "article" / "rocket-launch-epa.jpg";
  const auto crop = kFixtures / "catalog" / "rocket-crop-offcentre.jpg";
  std::filesystem::copy_file(rocket, dir / "site" / "bilder" / "rocket.jpg");
  std::filesystem::copy_file(crop, dir / "site" / "bilder" / "rocket-crop.jpg");
  std::filesystem::copy_file(crop, dir / "archive" / "rocket-crop.jpg");
  photoaudit::test::write_text_file(dir / "site" / "one.html", rocket_page({"rocket.jpg"}));
  photoaudit::test::write_text_file(dir / "site" / "both.html", rocket_page({"rocket.jpg", "rocket-crop.jpg"}));
  const std::string db = (dir / "archive.db").string();
  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", db, (dir / "archive").string()}).exit_code == 0);
  {
    HttpServer server;
    server.serve_directory("/", dir / "site");
    const std::vector<std::string> common{"--allow-private", "--format", "json", "--date", "2026-11-27"};
    const auto with = [&](std::vector<std::string> head, const std::vector<std::string>& tail) {
      head.insert(head.end(), common.begin(), common.end());
      head.insert(head.end(), tail.begin(), tail.end());
      return head;
    };

    // The archive holds the crop: the page's photo names it as an earlier use, by local features. In reading
    // workers (the default) and in this process alike.
    for (const std::vector<std::string>& isolation : {std::vector<std::string>{}, {"--isolation", "none"}}) {
      INFO("isolation: " << (isolation.empty() ? "workers" : "none"));
      const json report = run_json(with({"page"},
                                        [&] {
                                          auto t = isolation;
                                          t.insert(t.end(), {"--index", db, server.url("/one.html")});
                                          return t;
                                        }()),
                                   1);
      REQUIRE(report["images"].size() == 1);
      REQUIRE(report["clusters"].size() == 1);
      const json& members = report["clusters"][0]["members"];
      REQUIRE(members.size() == 2);
      CHECK(members[1]["in_archive"] == true);
      CHECK(std::filesystem::path(members[1]["path"].get<std::string>()).filename() == "rocket-crop.jpg");
      CHECK(members[1]["distance"] == 58);
      // How the archive copy matched: in the cluster, and in the finding's message.
      CHECK(members[1]["method"] == "local-features");
      CHECK(members[1]["relation"] == "near");
      CHECK_THAT(message_of(report["images"][0], "duplicate"), Catch::Contains("PDQ distance 58, local-features"));
    }

    // The page shows the photo and its crop: one photo, the crop joined by local features.
    const json both = run_json(with({"page"}, {server.url("/both.html")}), 1);
    REQUIRE(both["images"].size() == 2);
    CHECK(both["summary"]["photos"] == 1);
    REQUIRE(both["clusters"].size() == 1);
    REQUIRE(both["clusters"][0]["members"].size() == 2);
    CHECK(both["clusters"][0]["members"][1]["method"] == "local-features");

    // The two images given to audit by URL: the same.
    const json urls = run_json(
        with({"audit"}, {server.url("/bilder/rocket.jpg"), server.url("/bilder/rocket-crop.jpg")}), 1);
    REQUIRE(urls["clusters"].size() == 1);
    REQUIRE(urls["clusters"][0]["members"].size() == 2);
    CHECK(urls["clusters"][0]["members"][1]["method"] == "local-features");

    // Each image was fetched once: the features come from the bytes already fetched.
    std::map<std::string, int> fetched;
    for (const auto& request : server.requests()) ++fetched[request.path];
    CHECK(fetched["/bilder/rocket-crop.jpg"] == 2);  // both.html and the URL
    CHECK(fetched["/bilder/rocket.jpg"] == 4);       // one.html twice, both.html and the URL
  }
  std::filesystem::remove_all(dir);
}

// A fetched image carries the mirror image's keypoints too, as a file's second read does in the folder's grey
// zone: a copy both mirrored and cropped off-centre (no PDQ variant is near: the grey zone) is found only through
// them. Before, the page showed "two photos" where the folder audit of the same files found one, and the
// archive's mirrored crop was no earlier use of the page's photo.
TEST_CASE("page: the mirrored off-centre crop of a fetched photo is found, on the page and in the archive") {
  const auto dir = photoaudit::test::fresh_temp_dir("page-fetched-mirror");
  std::filesystem::create_directories(dir / "site" / "bilder");
  std::filesystem::create_directories(dir / "archive");
  std::filesystem::copy_file(kFixtures / "article" / "rocket-launch-epa.jpg", dir / "site" / "bilder" / "rocket.jpg");
  cv::Mat crop = cv::imread((kFixtures / "catalog" / "rocket-crop-offcentre.jpg").string());
  REQUIRE_FALSE(crop.empty());
  cv::Mat mirrored;
  cv::flip(crop, mirrored, 1);
  REQUIRE(cv::imwrite((dir / "site" / "bilder" / "rocket-mirrored.jpg").string(), mirrored,
                      {cv::IMWRITE_JPEG_QUALITY, 90}));
  std::filesystem::copy_file(dir / "site" / "bilder" / "rocket-mirrored.jpg", dir / "archive" / "rocket-mirrored.jpg");
  photoaudit::test::write_text_file(dir / "site" / "one.html", rocket_page({"rocket.jpg"}));
  photoaudit::test::write_text_file(dir / "site" / "both.html", rocket_page({"rocket.jpg", "rocket-mirrored.jpg"}));
  const std::string db = (dir / "archive.db").string();
  REQUIRE(run_photoaudit({"scan", "--quiet", "--index", db, (dir / "archive").string()}).exit_code == 0);
  // The folder's own verdict on the two files, for reference: one photo, by local features.
  const json folder = run_json(
      {"audit", "--format", "json", "--date", "2026-11-27", "--fail-on", "never", (dir / "site" / "bilder").string()},
      0);
  REQUIRE(folder["clusters"].size() == 1);
  CHECK(folder["clusters"][0]["members"][1]["method"] == "local-features");

  HttpServer server;
  server.serve_directory("/", dir / "site");
  for (const std::vector<std::string>& isolation : {std::vector<std::string>{}, {"--isolation", "none"}}) {
    INFO("isolation: " << (isolation.empty() ? "workers" : "none"));
    const auto page = [&](const std::vector<std::string>& tail) {
      std::vector<std::string> args{"page",   "--allow-private", "--format",  "json",
                                    "--date", "2026-11-27",      "--fail-on", "never"};
      args.insert(args.end(), isolation.begin(), isolation.end());
      args.insert(args.end(), tail.begin(), tail.end());
      return run_json(args, 0);
    };
    // The page shows the photo and its mirrored crop: one photo.
    const json both = page({server.url("/both.html")});
    REQUIRE(both["images"].size() == 2);
    CHECK(both["summary"]["photos"] == 1);
    REQUIRE(both["clusters"].size() == 1);
    REQUIRE(both["clusters"][0]["members"].size() == 2);
    CHECK(both["clusters"][0]["members"][1]["method"] == "local-features");
    // The archive holds the mirrored crop: the page's photo names it as an earlier use.
    const json one = page({"--index", db, server.url("/one.html")});
    REQUIRE(one["clusters"].size() == 1);
    const json& members = one["clusters"][0]["members"];
    REQUIRE(members.size() == 2);
    CHECK(members[1]["in_archive"] == true);
    CHECK(std::filesystem::path(members[1]["path"].get<std::string>()).filename() == "rocket-mirrored.jpg");
    CHECK(members[1]["method"] == "local-features");
  }
  std::filesystem::remove_all(dir);
}

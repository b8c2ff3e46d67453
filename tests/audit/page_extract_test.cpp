// extract_page on the article fixture and on hostile pages (charsets, malformed HTML, caps, odd URLs).
#include "photoaudit/audit/page_extract.hpp"
#include "support/files.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "photoaudit/audit/fetch.hpp"
#include "support/http_server.hpp"

namespace {

using namespace photoaudit::audit;

const std::filesystem::path kPageDir = std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "page";
const std::string kSite = "https://www.beispiel-zeitung.de";
const std::string kCredit = "© picture alliance / ASSOCIATED PRESS | Valery Sharifulin";

using photoaudit::test::read_file;

PageExtract extract(std::string_view html, std::string_view url = "https://www.beispiel-zeitung.de/politik/a.html",
                    const ExtractOptions& options = {}) {
  auto result = extract_page(html, url, options);
  REQUIRE(result.has_value());
  return std::move(*result);
}

bool has_note(const PageExtract& page, std::string_view fragment) {
  return std::any_of(page.notes.begin(), page.notes.end(),
                     [&](const std::string& note) { return note.find(fragment) != std::string::npos; });
}

// "Bildunterschrift. Foto: Jürgen Müller" in windows-1252 bytes.
std::string latin1(std::string_view utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c == 0xC3 && i + 1 < utf8.size()) {
      out.push_back(static_cast<char>(static_cast<unsigned char>(utf8[++i]) + 0x40));
    } else if (c == 0xC2 && i + 1 < utf8.size()) {
      out.push_back(utf8[++i]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("page_extract: the article fixture: every image with its caption, printed credit and link") {
  const PageExtract page = extract(read_file(kPageDir / "article.html"), kSite + "/article.html");
  CHECK(page.title == "Putin empfängt Myanmars Militärchef im Kreml | Beispiel-Zeitung");
  CHECK(page.charset == "utf-8");
  CHECK(page.base_url == kSite + "/article.html");
  CHECK(page.og_image == kSite + "/bilder/putin-min-aung-hlaing.jpg");
  CHECK(page.notes.empty());
  REQUIRE(page.images.size() == 6);
  for (std::size_t i = 0; i < page.images.size(); ++i) CHECK(page.images[i].position == i);

  const PageImage& og = page.images[0];
  CHECK(og.context == ImageContext::kOgImage);
  CHECK(og.url == kSite + "/bilder/putin-min-aung-hlaing.jpg");
  CHECK(og.alt == "Wladimir Putin und Min Aung Hlaing geben sich im Kreml die Hand");

  const PageImage& ld = page.images[1];
  CHECK(ld.context == ImageContext::kJsonLd);
  CHECK(ld.url == kSite + "/bilder/putin-min-aung-hlaing.jpg");
  CHECK(ld.credit_text == "picture alliance / ASSOCIATED PRESS | Valery Sharifulin");
  CHECK(ld.copyright_notice == "© picture alliance / ASSOCIATED PRESS");
  CHECK(ld.creator == "Valery Sharifulin");
  CHECK(ld.license == "https://www.beispiel-zeitung.de/bildrechte");
  CHECK(ld.acquire_license_page == "https://www.beispiel-zeitung.de/bildrechte/anfragen");
  CHECK(ld.caption == "Der russische Präsident Wladimir Putin, rechts, und der Oberbefehlshaber Min Aung Hlaing.");

  const PageImage& lead = page.images[2];  // srcset: the 800w candidate, not src's 400 px copy
  CHECK(lead.context == ImageContext::kFigure);
  CHECK(lead.url == kSite + "/bilder/putin-min-aung-hlaing.jpg");
  CHECK(lead.caption == "Der russische Präsident Wladimir Putin, rechts, und der Oberbefehlshaber Min Aung Hlaing.");
  CHECK(lead.printed_credit == kCredit);
  CHECK(lead.alt == "Wladimir Putin und Min Aung Hlaing geben sich im Kreml die Hand");
  CHECK(lead.link_href.empty());
  CHECK(lead.credit_text == ld.credit_text);  // JSON-LD fields joined to the figure showing the same URL
  CHECK(lead.creator == "Valery Sharifulin");

  const PageImage& again = page.images[3];  // the credit is the tail of the figcaption's text
  CHECK(again.context == ImageContext::kFigure);
  CHECK(again.url == kSite + "/bilder/putin-min-aung-hlaing-klein.jpg");
  CHECK(again.caption == "Händedruck vor den Gesprächen: Putin und Min Aung Hlaing im Kreml.");
  CHECK(again.printed_credit == kCredit);
  CHECK(again.credit_text.empty());

  const PageImage& coffee = page.images[4];
  CHECK(coffee.url == kSite + "/bilder/kaffee-pressezentrum.jpg");
  CHECK(coffee.caption == "Warten auf die Pressekonferenz: Kaffee im Pressezentrum des Kreml.");
  CHECK(coffee.printed_credit.empty());

  const PageImage& teaser = page.images[5];  // <picture>: the 640w source wins over img src (320 px)
  CHECK(teaser.context == ImageContext::kTeaser);
  CHECK(teaser.url == kSite + "/bilder/raumfahrt-teaser.jpg");
  CHECK(teaser.link_href == kSite + "/politik/anderer-artikel.html");
  CHECK(teaser.caption == "Raumfahrt: Europa plant eigene Starts für Regierungssatelliten");
  CHECK(teaser.printed_credit == "Foto: Kay Nietfeld/dpa");
  CHECK(teaser.alt == "Start einer Trägerrakete");
  CHECK(photoaudit::audit::to_string(teaser.context) == "teaser");
}

TEST_CASE("page_extract: the fixture fetched from the test's own server, then its images") {
  photoaudit::test::HttpServer server;
  server.serve_directory("/", kPageDir);
  photoaudit::audit::FetchOptions fetch_options;
  fetch_options.allow_private = true;
  const auto fetched = photoaudit::audit::fetch(server.url("/article.html"), fetch_options);
  REQUIRE(fetched.has_value());
  ExtractOptions options;
  options.http_charset = fetched->charset;
  const PageExtract page = extract(fetched->body, fetched->final_url, options);
  REQUIRE(page.images.size() == 6);
  std::vector<std::string> urls;
  urls.reserve(page.images.size());
  for (const PageImage& image : page.images) urls.push_back(image.url);
  CHECK(urls[2] == server.url("/bilder/putin-min-aung-hlaing.jpg"));
  const auto images = photoaudit::audit::fetch_all(urls, fetch_options);
  for (std::size_t i = 0; i < images.size(); ++i) {
    INFO(urls[i]);
    REQUIRE(images[i].has_value());
    CHECK(photoaudit::audit::verify_image_response(*images[i]).value() == "jpeg");
    const std::string path = urls[i].substr(server.url("/").size());
    CHECK(images[i]->body == read_file(kPageDir / path));
  }
  // Extraction fetched nothing: only the page and the six images were requested, never the teaser's link.
  CHECK(server.requests().size() == 7);
}

TEST_CASE("page_extract: srcset, picture, lazy loading and noscript fallbacks") {
  const PageExtract page = extract(R"html(<body>
    <img src="a-1x.jpg" srcset="a-1x.jpg 1x, a-3x.jpg 3x, a-2x.jpg 2x">
    <img srcset="https://img.example/w_400,h_300/b.jpg 400w, https://img.example/w_1200,h_900/b.jpg 1200w,
                 https://img.example/w_800,h_600/b.jpg 800w">
    <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/lazy/c.jpg" alt="lazy">
    <noscript><img src="/lazy/c.jpg" alt="fallback"></noscript>
    <picture><source media="(min-width: 900px)" srcset="d-wide.jpg 1600w"><source srcset="d-mid.jpg 900w">
      <img src="d-small.jpg" alt="art direction"></picture>
    <img alt="no source at all">
    <img src="e.jpg,f.jpg">
  </body>)html");
  REQUIRE(page.images.size() == 5);
  CHECK(page.images[0].url == kSite + "/politik/a-3x.jpg");
  CHECK(page.images[1].url == "https://img.example/w_1200,h_900/b.jpg");
  CHECK(page.images[2].url == kSite + "/lazy/c.jpg");
  CHECK(page.images[2].alt == "lazy");
  CHECK(page.images[3].url == kSite + "/politik/d-wide.jpg");
  CHECK(page.images[4].url == kSite + "/politik/e.jpg,f.jpg");
  CHECK(has_note(page, "1 <img> elements without a usable src skipped"));
}

TEST_CASE("page_extract: <base href>, relative forms, and file:/javascript: URLs kept as written") {
  const PageExtract page = extract(R"html(<head><base href="https://cdn.example.org/assets/v2/"></head><body>
    <img src="../fotos/eins.jpg"><img src="//static.example.net/zwei.jpg"><img src="mit leerzeichen.jpg">
    <img src="file:///etc/passwd"><a href="javascript:alert(1)"><img src="drei.jpg"></a>
    <a href="#oben"><img src="vier.jpg"></a><a href="gross.jpg"><img src="gross-klein.jpg"></a>
    <img src="http://exa mple.com/bad.jpg"></body>)html");
  CHECK(page.base_url == "https://cdn.example.org/assets/v2/");
  REQUIRE(page.images.size() == 8);
  CHECK(page.images[0].url == "https://cdn.example.org/assets/fotos/eins.jpg");
  CHECK(page.images[1].url == "https://static.example.net/zwei.jpg");
  CHECK(page.images[2].url == "https://cdn.example.org/assets/v2/mit%20leerzeichen.jpg");
  CHECK(page.images[3].url == "file:///etc/passwd");
  CHECK(has_note(page, "image URL with scheme \"file\" kept as written, never resolved or opened: file:///etc/passwd"));
  CHECK(page.images[4].link_href == "javascript:alert(1)");
  CHECK(page.images[4].context == ImageContext::kInline);  // a javascript: link is no teaser
  CHECK(page.images[5].link_href == "https://cdn.example.org/assets/v2/#oben");
  CHECK(page.images[5].context == ImageContext::kInline);
  CHECK(page.images[6].link_href == "https://cdn.example.org/assets/v2/gross.jpg");
  CHECK(page.images[6].context == ImageContext::kInline);  // a link to the big image is no teaser either
  CHECK(page.images[7].url == "http://exa mple.com/bad.jpg");
  CHECK(has_note(page, "could not be resolved"));

  const PageExtract local = extract(R"html(<img src="bilder/a.jpg"><img src="https://example.org/b.jpg">)html", "");
  CHECK(local.base_url.empty());
  CHECK(local.images[0].url == "bilder/a.jpg");
  CHECK(local.images[1].url == "https://example.org/b.jpg");
  CHECK(has_note(local, "relative and the page has no http(s) base URL"));

  const PageExtract bad_base = extract(R"html(<base href="file:///home/"><img src="a.jpg">)html",
                                       "https://www.beispiel-zeitung.de/x/");
  CHECK(bad_base.images[0].url == "https://www.beispiel-zeitung.de/x/a.jpg");
  CHECK(has_note(bad_base, "<base href> ignored"));

  const PageExtract fragment = extract(R"html(<a href="#top"><img src="a.jpg"></a>)html",
                                       kSite + "/p/artikel.html?x=1");
  CHECK(fragment.images[0].link_href == kSite + "/p/artikel.html?x=1#top");
}

TEST_CASE("page_extract: a windows-1252 page declared as UTF-8 keeps its umlauts") {
  const std::string html = latin1(
      "<html><head><meta charset=\"utf-8\"><title>Grüße aus Köln</title></head><body><figure><img src=\"a.jpg\">"
      "<figcaption>Straßenfest in Köln. Foto: Jürgen Müller</figcaption></figure></body></html>");
  REQUIRE(html.find('\xFC') != std::string::npos);  // really Latin-1 bytes
  const PageExtract page = extract(html);
  CHECK(page.charset == "windows-1252");
  CHECK(page.title == "Grüße aus Köln");
  REQUIRE(page.images.size() == 1);
  CHECK(page.images[0].caption == "Straßenfest in Köln.");
  CHECK(page.images[0].printed_credit == "Foto: Jürgen Müller");
  CHECK(has_note(page, "declares utf-8 (<meta>) but is not valid UTF-8; decoded as windows-1252"));
}

TEST_CASE("page_extract: a UTF-8 page declared as ISO-8859-1 keeps its umlauts") {
  const std::string html =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"></head><body>"
      "<figure><img src=\"a.jpg\" alt=\"Blick über Köln\"><figcaption>Dom © Jürgen Müller</figcaption></figure>"
      "</body></html>";
  const PageExtract page = extract(html);
  CHECK(page.charset == "utf-8");
  REQUIRE(page.images.size() == 1);
  CHECK(page.images[0].alt == "Blick über Köln");
  CHECK(page.images[0].printed_credit == "© Jürgen Müller");
  CHECK(has_note(page, "declares windows-1252 (<meta>) but is valid UTF-8; decoded as UTF-8"));

  // A real Latin-1 page, declared so, needs no repair and gets no note.
  const PageExtract honest = extract(latin1(html));
  CHECK(honest.charset == "windows-1252");
  CHECK(honest.images[0].alt == "Blick über Köln");
  CHECK_FALSE(has_note(honest, "charset"));
  CHECK_FALSE(has_note(honest, "declares"));
}

TEST_CASE("page_extract: HTTP charset beats <meta>, a byte order mark beats both") {
  const std::string body = "<meta charset=\"utf-8\"><img src=\"a.jpg\" alt=\"Müller\">";
  ExtractOptions options;
  options.http_charset = "ISO-8859-1";
  const PageExtract by_header = extract(latin1(body), kSite + "/", options);
  CHECK(by_header.charset == "windows-1252");
  CHECK(by_header.images[0].alt == "Müller");
  CHECK_FALSE(has_note(by_header, "declares"));

  std::string utf16 = "\xFF\xFE";  // UTF-16LE with BOM, header says Latin-1
  for (char c : std::string("<img src=\"a.jpg\" alt=\"M\xC3\xBCller\">")) {
    if (static_cast<unsigned char>(c) == 0xC3) continue;
    utf16.push_back(static_cast<unsigned char>(c) == 0xBC ? '\xFC' : c);
    utf16.push_back('\0');
  }
  const PageExtract by_bom = extract(utf16, kSite + "/", options);
  CHECK(by_bom.charset == "utf-16le");
  REQUIRE(by_bom.images.size() == 1);
  CHECK(by_bom.images[0].alt == "Müller");

  options.http_charset = "x-no-such-charset";
  const PageExtract unknown = extract(body, kSite + "/", options);
  CHECK(unknown.images[0].alt == "Müller");
  CHECK(has_note(unknown, "unknown charset \"x-no-such-charset\""));
}

TEST_CASE("page_extract: malformed HTML still yields its images") {
  std::string html = "<html><body><div><figure><img src=a.jpg alt=unquoted><figcaption>Erstes Bild";
  html += " <b><i>falsch verschachtelt</b></i> Foto: dpa</figure></div></div></span>";
  html += std::string("\0\x01\xFF\xFE garbage \x80", 14);
  html += "<figure <img src=\"kaputt.jpg\"></figure><img src='b.jpg' <p>text<img src=\"c.jpg\"";
  html += "<table><tr><td><figure><img src=d.jpg><figcaption>In der Tabelle. Bild: Reuters</table>";
  html += "<!-- unclosed comment <img src=\"hidden.jpg\">";
  const PageExtract page = extract(html);
  REQUIRE(page.images.size() >= 3);
  CHECK(page.images[0].url == kSite + "/politik/a.jpg");
  CHECK(page.images[0].alt == "unquoted");
  CHECK(page.images[0].printed_credit == "Foto: dpa");
  CHECK(page.images[0].caption == "Erstes Bild falsch verschachtelt");
  const auto d = std::find_if(page.images.begin(), page.images.end(),
                              [](const PageImage& i) { return i.url.ends_with("/d.jpg"); });
  REQUIRE(d != page.images.end());
  CHECK(d->printed_credit == "Bild: Reuters");
  CHECK(std::none_of(page.images.begin(), page.images.end(),
                     [](const PageImage& i) { return i.url.find("hidden") != std::string::npos; }));
  CHECK(has_note(page, "parse errors"));
}

TEST_CASE("page_extract: deep nesting is flattened, not quadratic, the images inside are kept") {
  std::string html = "<body><img src=\"vorher.jpg\">";
  for (int i = 0; i < 100'000; ++i) html += "<div>";
  html += "<img src=\"tief.jpg\">";
  for (int i = 0; i < 100'000; ++i) html += "<span></i>";
  html += "<figure><img src=\"nachher.jpg\"><figcaption>Foto: AP</figcaption></figure></body>";
  const PageExtract page = extract(html);
  REQUIRE(page.images.size() == 3);
  CHECK(page.images[1].url == kSite + "/politik/tief.jpg");
  CHECK(page.images[2].url == kSite + "/politik/nachher.jpg");
  CHECK(has_note(page, "HTML nested deeper than 512 elements"));
}

TEST_CASE("page_extract: hundreds of images are capped with a note") {
  std::string html = "<body>";
  for (int i = 0; i < 800; ++i) html += "<figure><img src=\"/b/" + std::to_string(i) + ".jpg\"></figure>";
  const PageExtract page = extract(html);
  REQUIRE(page.images.size() == 500);
  CHECK(page.images[499].url == kSite + "/b/499.jpg");
  CHECK(page.images[499].position == 499);
  CHECK(has_note(page, "300 further images not extracted (limit 500)"));

  ExtractOptions options;
  options.max_images = 10;
  CHECK(extract(html, kSite + "/", options).images.size() == 10);
}

TEST_CASE("page_extract: data: URLs are kept (and decodable), never resolved against the page") {
  const std::string gif = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
  const PageExtract page = extract("<figure><img src=\"" + gif +
                                   "\"><figcaption>Pixel. Foto: privat</figcaption></figure>");
  REQUIRE(page.images.size() == 1);
  CHECK(page.images[0].url == gif);
  CHECK(page.images[0].printed_credit == "Foto: privat");
  const auto decoded = photoaudit::audit::decode_data_url(page.images[0].url, 1024);
  REQUIRE(decoded.has_value());
  CHECK(photoaudit::audit::looks_like_image(decoded->body));
}

TEST_CASE("page_extract: credits outside <figure>: next to the image, not the article's byline") {
  const PageExtract page = extract(R"html(<body><article><p class="byline">Von Anna Beispiel</p>
    <div class="image"><img src="a.jpg"><span class="image-credit">Foto: Michael Kappeler/dpa</span></div>
    <div class="bild"><img src="b.jpg"><p>Bild: Reuters</p></div>
    <div><img src="c.jpg"><img src="d.jpg"><span class="credit">Fotos: AP</span></div>
    <p class="byline">Von Anna Beispiel</p><img src="e.jpg"></article></body>)html");
  REQUIRE(page.images.size() == 5);
  CHECK(page.images[0].printed_credit == "Foto: Michael Kappeler/dpa");
  CHECK(page.images[0].context == ImageContext::kInline);
  CHECK(page.images[1].printed_credit == "Bild: Reuters");
  CHECK(page.images[2].printed_credit.empty());  // the credit's container holds two images: whose is it?
  CHECK(page.images[3].printed_credit.empty());
  CHECK(page.images[4].printed_credit.empty());  // a byline before the image is the author's
}

TEST_CASE("page_extract: JSON-LD: @graph, creator lists, and bounded, hostile blocks") {
  std::string deep(5000, '[');
  const PageExtract page = extract(R"html(<head>
    <script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, {"@type": ["ImageObject", "Thing"],
      "contentUrl": "/bilder/x.jpg", "creditText": "REUTERS", "creator": [{"name": "Nadja Wohlleben"}, "Pool"],
      "license": {"@id": "https://example.org/lizenz"}}]}</script>
    <script type="application/ld+json">{"image": ["/bilder/y.jpg", "/bilder/z.jpg"]}</script>
    <script type="application/ld+json">{ not json </script>
    <script type="application/ld+json">)html" +
                                   deep + R"html(</script></head>)html");
  REQUIRE(page.images.size() == 3);
  CHECK(page.images[0].url == kSite + "/bilder/x.jpg");
  CHECK(page.images[0].credit_text == "REUTERS");
  CHECK(page.images[0].creator == "Nadja Wohlleben, Pool");
  CHECK(page.images[0].license == "https://example.org/lizenz");
  CHECK(page.images[1].url == kSite + "/bilder/y.jpg");
  CHECK(page.images[2].url == kSite + "/bilder/z.jpg");
  CHECK(has_note(page, "JSON-LD block is not valid JSON"));
  CHECK(has_note(page, "JSON-LD block nested deeper than 32 levels skipped"));

  ExtractOptions small;
  small.max_json_ld_bytes = 100;
  const PageExtract limited = extract(
      R"html(<script type="application/ld+json">{"@type": "ImageObject", "url": "/a.jpg", "creditText": ")html" +
          std::string(200, 'x') + R"html("}</script>)html",
      kSite + "/", small);
  CHECK(limited.images.empty());
  CHECK(has_note(limited, "skipped (limit 100)"));
}

TEST_CASE("page_extract: size bounds: the page and its texts") {
  ExtractOptions options;
  options.max_html_bytes = 1000;
  const auto too_big = extract_page(std::string(1001, 'x'), kSite + "/gross.html", options);
  REQUIRE_FALSE(too_big.has_value());
  CHECK(too_big.error().code == photoaudit::ErrorCode::kLimitExceeded);
  CHECK(too_big.error().message == kSite + "/gross.html: page exceeds 1000 bytes limit");

  const std::string long_caption(10'000, 'a');
  const PageExtract page = extract("<figure><img src=a.jpg alt=\"" + std::string(5000, 'b') + "\"><figcaption>ä" +
                                   long_caption + " Foto: dpa</figcaption></figure>");
  REQUIRE(page.images.size() == 1);
  CHECK(page.images[0].alt.size() <= 4096 + 3);
  CHECK(page.images[0].caption.size() <= 4096 + 3);
  CHECK(page.images[0].caption.ends_with("…"));
  CHECK(has_note(page, "texts longer than 4096 bytes were cut"));
}

TEST_CASE(
    "page_extract: images are numbered as a reader counts them: og:image and JSON-LD not at all (issue 17: the "
    "third figure was \"figure #5\")") {
  const PageExtract page = extract(read_file(kPageDir / "article.html"), kSite + "/article.html");
  std::vector<std::size_t> shown;
  for (const PageImage& image : page.images) {
    INFO(image.url << " " << to_string(image.context));
    if (image.context == ImageContext::kOgImage || image.context == ImageContext::kJsonLd) {
      CHECK(image.number == 0);
    } else {
      shown.push_back(image.number);
    }
  }
  // Three figures and the teaser, in document order, after the og:image and JSON-LD entries of the <head>.
  CHECK(shown == std::vector<std::size_t>{1, 2, 3, 4});
  CHECK(page.images.size() == 6);
  CHECK(page.images[4].url == kSite + "/bilder/kaffee-pressezentrum.jpg");
  CHECK(page.images[4].position == 4);
  CHECK(page.images[4].number == 3);
}

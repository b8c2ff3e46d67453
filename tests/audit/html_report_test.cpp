// write_html_report: one self-contained page; hostile metadata stays text; checked in a real headless Chromium.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "audit/report_samples.hpp"
#include "photoaudit/audit/report_writers.hpp"
#include "support/chromium.hpp"
#include "support/run_binary.hpp"

namespace {

using photoaudit::audit::AuditReport;
using photoaudit::audit::Severity;

const std::string kImgPayload = "<img src=x onerror=\"document.title='pwned'\">";
const std::string kScriptPayload = "<script>document.title='pwned'</script>";
const std::string kSvgPayload = "\"><svg onload=\"document.title='pwned'\">";
const std::string kStylePayload = "</style><script>document.title='pwned'</script>";
// Thumbnail bytes that try to end the src attribute.
const std::string kSmuggledThumbnail = "AAAA\"><script>document.title='pwned'</script>";

std::string html_of(const AuditReport& report) {
  std::ostringstream out;
  photoaudit::audit::write_html_report(out, report);
  return out.str();
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

// Metadata written by an attacker: in the caption, credit, path, chain, photographer, message,
// registry path, and thumbnail bytes that are not a JPEG.
AuditReport hostile_report() {
  AuditReport report;
  photoaudit::audit::AuditContext& c = report.context;
  c.registry = kStylePayload;
  c.registry_is_example = true;
  c.channel = kScriptPayload;
  c.date = "2024-03-15";
  c.territory = "javascript:alert(1)";
  c.fail_on = "error";
  c.root = "/photos";
  c.tool_version = "0.1.0";
  c.duplicates_note = kImgPayload;
  photoaudit::audit::ImageAudit image;
  image.path = "/photos/" + kSvgPayload + ".jpg";
  image.display = kSvgPayload + ".jpg";
  image.caption = kImgPayload;
  image.creator = "javascript:alert(1)";
  image.credit.text = kScriptPayload;
  image.credit.chain = {{kStylePayload, "<b>AP</b>"}};
  image.credit.photographers = {"javascript:alert(document.cookie)"};
  image.credit.modifiers = {"<i>pool</i>"};
  image.license = {photoaudit::registry::LicenseStatus::kLicensed, kImgPayload, "O'Brien & Sons", false, true,
                   photoaudit::registry::DigitalSource::kCaptured, "2024-03-15"};
  image.thumbnail_jpeg = kSvgPayload;
  image.findings = {{.rule = photoaudit::registry::Rule::kSourceBlocked,
                     .severity = Severity::kError,
                     .organization = kImgPayload + " & " + kScriptPayload,
                     .detail = photoaudit::registry::SourceBlock{}},
                    {.rule = photoaudit::registry::Rule::kCreditConflict,
                     .severity = Severity::kWarning,
                     .detail = photoaudit::registry::BlockReadings{{{"iptc", "'AP' &"}, {"xmp", "dpa"}}}}};
  image.cluster = 0;

  photoaudit::audit::ImageAudit copy = image;
  copy.display = "copy.jpg";
  copy.thumbnail_jpeg = std::string(800 * 1024, 'x');  // over kMaxThumbnailDataUri once in base64
  copy.findings = {{.rule = photoaudit::registry::Rule::kDuplicate,
                    .severity = Severity::kInfo,
                    .related = {{.path = kSvgPayload, .relation = photoaudit::registry::Relation::kExact}},
                    .detail = photoaudit::registry::CopiesInSet{.others = 1}}};

  photoaudit::audit::ImageAudit smuggler;
  smuggler.display = "smuggler.jpg";
  smuggler.thumbnail_jpeg = kSmuggledThumbnail;
  photoaudit::audit::ImageAudit scheme;
  scheme.display = "scheme.jpg";
  scheme.thumbnail_jpeg = "javascript:document.title='pwned'//data:image/png;base64,AAAA";

  report.images = {image, copy, smuggler, scheme};
  photoaudit::audit::DuplicateCluster cluster;
  cluster.members = {{0, "", 0, photoaudit::registry::Relation::kExact, kScriptPayload, ""},
                     {1, "", 0, photoaudit::registry::Relation::kExact, "", "content-hash"},
                     {0, kImgPayload, 3, photoaudit::registry::Relation::kNear, "", ""}};
  cluster.credit_lost = true;
  report.clusters = {cluster};
  photoaudit::test::fill_summary(report);
  return report;
}

std::filesystem::path write_page(const std::filesystem::path& dir, const std::string& name, const AuditReport& report) {
  auto file = dir / name;
  photoaudit::test::write_text_file(file, html_of(report));
  return file;
}

// Opening tags of articles in DOM order: (id, whole tag).
std::vector<std::pair<std::string, std::string>> articles(const std::string& dom) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto at = dom.find("<article "); at != std::string::npos; at = dom.find("<article ", at + 1)) {
    const auto end = dom.find('>', at);
    if (end == std::string::npos) break;
    const std::string tag = dom.substr(at, end - at + 1);
    const auto id_at = tag.find(" id=\"image-");
    if (id_at == std::string::npos) continue;
    const auto value = id_at + 5;
    out.emplace_back(tag.substr(value, tag.find('"', value) - value), tag);
  }
  return out;
}

// Opening tags of finding list items: (severity, hidden).
std::vector<std::pair<std::string, bool>> finding_items(const std::string& dom) {
  std::vector<std::pair<std::string, bool>> out;
  const std::string open = "<li data-severity=\"";
  for (auto at = dom.find(open); at != std::string::npos; at = dom.find(open, at + 1)) {
    const auto value = at + open.size();
    const auto quote = dom.find('"', value);
    const auto end = dom.find('>', value);
    if (quote == std::string::npos || end == std::string::npos) break;
    const std::string rest = dom.substr(quote + 1, end - quote - 1);
    out.emplace_back(dom.substr(value, quote - value), rest == " hidden=\"\"");
  }
  return out;
}

}  // namespace

TEST_CASE("HTML report escapes every value from the data and allows only its own script", "[html]") {
  const std::string page = html_of(hostile_report());
  // Exactly one script and one style element: the report's own.
  CHECK(count(page, "<script") == 1);
  CHECK(count(page, "<style") == 1);
  CHECK(count(page, "<svg") == 0);
  CHECK(page.find("<b>AP") == std::string::npos);
  CHECK(page.find("<i>pool") == std::string::npos);
  CHECK(page.find("onerror=\"") == std::string::npos);
  CHECK(page.find("onload=\"") == std::string::npos);
  CHECK(page.find("href=\"javascript") == std::string::npos);
  // The payloads are there, as text.
  CHECK(page.find("&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;") != std::string::npos);
  CHECK(page.find("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;") != std::string::npos);
  CHECK(page.find("&quot;&gt;&lt;svg onload=") != std::string::npos);
  CHECK(page.find("O&#39;Brien &amp; Sons") != std::string::npos);
  // The writer makes every thumbnail's data: URI itself: whatever bytes the model holds (an SVG, a smuggled
  // quote, a javascript: URI) go into the page only as base64 of image/jpeg (the SVG image on its card and in
  // the cluster); the one too large for the report gets the placeholder (on its card and in the cluster).
  CHECK(count(page, "<img ") == 4);
  CHECK(count(page, "<img class=\"thumb\" src=\"data:image/jpeg;base64,") == 4);
  CHECK(count(page, "src=\"data:image/jpeg;base64," +
                        photoaudit::test::report_samples_detail::base64(kSmuggledThumbnail) + "\"") == 1);
  CHECK(page.find("svg+xml") == std::string::npos);
  CHECK(count(page, "No preview") == 2);
  // The example registry is announced.
  CHECK(page.find("class=\"banner\"") != std::string::npos);

  // The Content-Security-Policy allows exactly the inline script and style by hash, images only as data:.
  const std::string csp_open = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
  const auto csp_at = page.find(csp_open);
  REQUIRE(csp_at != std::string::npos);
  const auto policy_at = csp_at + csp_open.size();
  const std::string policy = page.substr(policy_at, page.find('"', policy_at) - policy_at);
  CHECK(policy.starts_with("default-src 'none'; img-src data:;"));
  const auto dir = photoaudit::test::fresh_temp_dir("html-csp");
  const auto file = write_page(dir, "report.html", hostile_report());
  // Python's hashlib computes the hashes of what is between the tags, independently of the writer.
  const auto hashes = photoaudit::test::run_program(
      "python3", {"-c",
                  "import base64,hashlib,re,sys; p=open(sys.argv[1],encoding='utf-8').read(); "
                  "h=lambda t: base64.b64encode(hashlib.sha256(t.encode()).digest()).decode(); "
                  "print(h(re.search(r'<script>(.*?)</script>',p,re.S).group(1))); "
                  "print(h(re.search(r'<style>(.*?)</style>',p,re.S).group(1)))",
                  file.string()});
  std::filesystem::remove_all(dir);
  REQUIRE(hashes.exit_code == 0);
  std::istringstream lines(hashes.out);
  std::string script_hash, style_hash;
  std::getline(lines, script_hash);
  std::getline(lines, style_hash);
  CHECK(policy.find("script-src 'sha256-" + script_hash + "'") != std::string::npos);
  CHECK(policy.find("style-src 'sha256-" + style_hash + "'") != std::string::npos);
}

TEST_CASE("HTML report in headless Chromium: injected markup stays text and never runs", "[html][chromium]") {
  const auto dir = photoaudit::test::fresh_temp_dir("html-hostile");
  const auto file = write_page(dir, "hostile.html", hostile_report());
  const auto run = photoaudit::test::chromium_dump_dom("file://" + file.string());
  std::filesystem::remove_all(dir);
  INFO(run.err.substr(0, 2000));
  REQUIRE(run.exit_code == 0);
  const std::string& dom = run.out;
  REQUIRE(dom.find("</html>") != std::string::npos);
  // The title is the report's own: no payload set it.
  CHECK(dom.find("<title>photoaudit report</title>") != std::string::npos);
  CHECK(dom.find("pwned</title>") == std::string::npos);
  // The report's own script ran (the Content-Security-Policy hash matched) and nothing else became markup.
  CHECK(dom.find("data-filters=\"ready\"") != std::string::npos);
  CHECK(count(dom, "<script") == 1);
  CHECK(count(dom, "<svg") == 0);
  CHECK(dom.find("<img src=\"x\"") == std::string::npos);
  CHECK(dom.find("<img src=x") == std::string::npos);
  CHECK(count(dom, "<img ") == 4);
  // The payloads are in the DOM as text nodes (serialized with &lt;).
  CHECK(dom.find("&lt;img src=x onerror=\"document.title='pwned'\"&gt;") != std::string::npos);
  CHECK(dom.find("&lt;script&gt;document.title='pwned'&lt;/script&gt;") != std::string::npos);
  CHECK(dom.find("\"&gt;&lt;svg onload=\"document.title='pwned'\"&gt;.jpg") != std::string::npos);
}

TEST_CASE("HTML report in headless Chromium: most severe first, clusters side by side, severity filter",
          "[html][chromium]") {
  const auto dir = photoaudit::test::fresh_temp_dir("html-sample");
  const auto file = write_page(dir, "report.html", photoaudit::test::sample_report(true));
  // "#only=error" asks the page's filter to show errors only.
  const auto run = photoaudit::test::chromium_dump_dom("file://" + file.string() + "#only=error");
  std::filesystem::remove_all(dir);
  INFO(run.err.substr(0, 2000));
  REQUIRE(run.exit_code == 0);
  const std::string& dom = run.out;
  REQUIRE(dom.find("data-filters=\"ready\"") != std::string::npos);

  // One card per image, most severe first: the two errors with a warning (report order kept between them),
  // the unreadable file, the two warnings, the note, the clean photo.
  const auto cards = articles(dom);
  std::vector<std::string> order;
  order.reserve(cards.size());
  for (const auto& [id, tag] : cards) order.push_back(id);
  CHECK(order == std::vector<std::string>{"image-3", "image-4", "image-5", "image-2", "image-1", "image-0"});
  // The filter hid every card without an error.
  for (const auto& [id, tag] : cards) {
    INFO(tag);
    const bool has_error = tag.find("data-severities=\"error") != std::string::npos;
    CHECK((tag.find(" hidden") == std::string::npos) == has_error);
  }
  CHECK(dom.find("<span id=\"shown-count\">3</span>") != std::string::npos);
  // Inside a card the filter shows, every finding stays: the warnings and notes of an error card carry its fix
  // hints (issue 17: "#only=error" hid them).
  const auto findings = finding_items(dom);
  for (const auto& [severity, hidden] : findings) {
    INFO(severity);
    CHECK((severity == "error" || severity == "warning" || severity == "info"));
    CHECK_FALSE(hidden);
  }
  CHECK(findings.size() == 10);

  // The cluster shows its three copies side by side, the archive copy included, and flags the credits.
  const auto cluster_at = dom.find("id=\"cluster-0\"");
  REQUIRE(cluster_at != std::string::npos);
  const std::string cluster = dom.substr(cluster_at, dom.find("</section>", cluster_at) - cluster_at);
  CHECK(count(cluster, "<figure class=\"member\">") == 3);
  CHECK(cluster.find("href=\"#image-3\"") != std::string::npos);
  CHECK(cluster.find("href=\"#image-4\"") != std::string::npos);
  CHECK(cluster.find("/archive/2023/parade.jpg") != std::string::npos);
  CHECK(cluster.find("credits disagree") != std::string::npos);
  CHECK(cluster.find("a copy lost its credit") != std::string::npos);
  // Each copy says how it matched: its PDQ distance and the method (an archive copy found by its keypoints).
  CHECK(cluster.find("near, PDQ distance 8, <span class=\"v\">pdq</span>") != std::string::npos);
  CHECK(cluster.find("near, PDQ distance 61, <span class=\"v\">local-features</span>") != std::string::npos);
  // Credit chain of the agency photo: distributor, agency, photographer in that order.
  const auto chain = dom.find("picture alliance</span></span>");
  REQUIRE(chain != std::string::npos);
  CHECK(dom.find("ASSOCIATED PRESS", chain) < dom.find("Valery Sharifulin", chain));
  // Thumbnails: five cards and two cluster copies; the unreadable file shows the placeholder.
  CHECK(count(dom, "<img class=\"thumb\" src=\"data:image/jpeg;base64,") == 7);
  CHECK(count(dom, "No preview") == 1);
  CHECK(dom.find("class=\"banner\"") == std::string::npos);  // a real registry: no example warning
}

TEST_CASE("HTML report renders in headless Chromium (screenshot)", "[html][chromium]") {
  // Set PHOTOAUDIT_KEEP_SCREENSHOT=/some/file.png to keep the picture for a look.
  const char* keep = std::getenv("PHOTOAUDIT_KEEP_SCREENSHOT");
  const auto dir = photoaudit::test::fresh_temp_dir("html-screenshot");
  const auto file = write_page(dir, "report.html", photoaudit::test::sample_report(true));
  const auto png = keep ? std::filesystem::path(keep) : dir / "report.png";
  const auto run = photoaudit::test::chromium_screenshot("file://" + file.string(), png.string(), 1280, 1800);
  INFO(run.err.substr(0, 2000));
  REQUIRE(run.exit_code == 0);
  const std::string bytes = photoaudit::test::read_file(png);
  std::filesystem::remove_all(dir);
  REQUIRE(bytes.size() > 24);
  CHECK(bytes.substr(0, 8) == "\x89PNG\r\n\x1a\n");
  const auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned>(static_cast<unsigned char>(bytes[at])) << 24) |
           (static_cast<unsigned>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
           (static_cast<unsigned>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
           static_cast<unsigned>(static_cast<unsigned char>(bytes[at + 3]));
  };
  CHECK(be32(16) == 1280);
  CHECK(be32(20) == 1800);
  // Photos and text, not a blank page: a blank 1280x1800 PNG compresses to a few kilobytes.
  CHECK(bytes.size() > std::size_t{100} * 1024);
}

// Regression: html_report compared f.message == *image.error, which never held (the message wraps the error in
// a sentence), so an unreadable file's error was printed twice; the sample faked the equal shape.
TEST_CASE("HTML report: an unreadable file's error is said once, in its metadata-unreadable finding", "[html]") {
  const std::string page = html_of(photoaudit::test::sample_report(false));
  const std::string error = "inbox/truncated.jpg: truncated JPEG (no end-of-image marker)";
  CHECK(count(page, error) == 1);
  CHECK(page.find("Could not read the file") == std::string::npos);

  // The same through the real pipeline: a file that does not exist.
  const auto dir = photoaudit::test::fresh_temp_dir("html-missing");
  const std::string missing = (dir / "missing.jpg").string();
  const auto run = photoaudit::test::run_photoaudit({"audit", "--format", "html", missing});
  std::filesystem::remove_all(dir);
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("Could not read the file") == std::string::npos);
  CHECK(count(run.out, "Cannot read this image: ") == 1);
}

// Where a C2PA manifest store comes from besides a JPEG's APP11 segments: an update manifest appended to the store,
// an XMP dcterms:provenance reference (reported; fetched only with --allow-remote, from a server the test starts
// on 127.0.0.1), a sidecar NAME.c2pa, a WebP RIFF "C2PA" chunk; and the size bound on a 300 MB sidecar.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "photoaudit/audit/c2pa.hpp"
#include "support/files.hpp"
#include "support/http_server.hpp"
#include "support/run_binary.hpp"

namespace {

using namespace photoaudit::audit;  // NOLINT(google-build-using-namespace): the API under test
using Bytes = std::vector<std::uint8_t>;

const std::filesystem::path kC2pa = std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "c2pa";

Bytes bytes_of(const std::filesystem::path& path) {
  const std::string s = photoaudit::test::read_file(path);
  return {s.begin(), s.end()};
}

void write(const std::filesystem::path& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

// Certificates without a time-stamp (update_manifest.jpg's) are judged at `now`: pinned, so that the test signing
// certificates' expiry never changes a result.
constexpr std::int64_t kNow = 1'796'515'200;  // 2026-12-06T00:00:00Z

C2paReport read(const Bytes& file) {
  auto report = read_c2pa(file, {.now = kNow});
  REQUIRE(report.has_value());
  return *report;
}

bool has_code(const std::vector<C2paStatus>& list, std::string_view code) {
  return std::any_of(list.begin(), list.end(), [&](const C2paStatus& s) { return s.code == code; });
}

// C.jpg's APP11 segments: where they are, and the manifest store they carry (continuations' repeated 8-byte box
// header dropped).
struct App11 {
  std::size_t start = 0;
  std::size_t end = 0;
  Bytes store;
};

App11 app11_of(const Bytes& jpeg) {
  App11 out;
  std::size_t pos = 2;
  bool first = true;
  while (pos + 4 <= jpeg.size() && jpeg[pos] == 0xFF && jpeg[pos + 1] != 0xDA) {
    const std::size_t length = (std::size_t{jpeg[pos + 2]} << 8) | jpeg[pos + 3];
    if (jpeg[pos + 1] == 0xEB) {
      if (first) out.start = pos;
      const std::size_t skip = 4 + 8 + (first ? 0 : 8);
      out.store.insert(out.store.end(), jpeg.begin() + static_cast<std::ptrdiff_t>(pos + skip),
                       jpeg.begin() + static_cast<std::ptrdiff_t>(pos + 2 + length));
      out.end = pos + 2 + length;
      first = false;
    }
    pos += 2 + length;
  }
  REQUIRE_FALSE(out.store.empty());
  return out;
}

void segment(Bytes& out, std::uint8_t marker, const std::string& payload) {
  const std::size_t length = payload.size() + 2;
  REQUIRE(length <= 0xFFFF);
  out.insert(out.end(), {0xFF, marker, static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)});
  out.insert(out.end(), payload.begin(), payload.end());
}

// C.jpg as a tool that keeps the manifest elsewhere writes it: the APP11 segments replaced, byte for byte in the same
// span (which C.jpg's data hash excludes), by an XMP APP1 segment naming `provenance` (none when "") and a comment
// that pads to the same length. The data hash of C.jpg's manifest still matches this file.
Bytes without_store(const std::string& provenance) {
  const Bytes c = bytes_of(kC2pa / "C.jpg");
  const App11 app11 = app11_of(c);
  Bytes span;
  if (!provenance.empty()) {
    const std::string xmp = std::string("http://ns.adobe.com/xap/1.0/") + '\0' +
                            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
                            "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description "
                            "xmlns:dcterms=\"http://purl.org/dc/terms/\" dcterms:provenance=\"" +
                            provenance + "\"/></rdf:RDF></x:xmpmeta>";
    segment(span, 0xE1, xmp);
  }
  const std::size_t want = app11.end - app11.start;
  REQUIRE(want >= span.size() + 4);
  segment(span, 0xFE, std::string(want - span.size() - 4, ' '));
  Bytes out(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(app11.start));
  out.insert(out.end(), span.begin(), span.end());
  out.insert(out.end(), c.begin() + static_cast<std::ptrdiff_t>(app11.end), c.end());
  REQUIRE(out.size() == c.size());
  return out;
}

}  // namespace

TEST_CASE("c2pa: an update manifest is active, and the asset's hard binding is its parent's", "[c2pa]") {
  const Bytes original = bytes_of(kC2pa / "update_manifest.jpg");
  const C2paReport r = read(original);
  REQUIRE(r.manifests.size() == 2);
  CHECK(r.active_manifest.ends_with(":update_manifest_vendor"));
  CHECK(r.state == C2paState::kValid);
  // The store grew when the update manifest was appended: the parent's exclusion stands for the whole store.
  CHECK(has_code(r.manifests[0].success, "assertion.dataHash.match"));
  CHECK(r.active()->failure.empty());
  auto changed = original;
  changed[changed.size() - 100] ^= 0x01;  // the image data
  const C2paReport bad = read(changed);
  CHECK(has_code(bad.active()->failure, "assertion.dataHash.mismatch"));
  CHECK(bad.state == C2paState::kInvalid);
}

TEST_CASE("c2pa: an XMP dcterms:provenance reference without a store is reported, never fetched by itself", "[c2pa]") {
  const C2paReport gone = read(bytes_of(kC2pa / "no_manifest.jpg"));
  CHECK_FALSE(gone.found);
  CHECK(gone.provenance == "self#jumbf=/c2pa/adobe:urn:uuid:5f5bba8c-9184-44c6-b9a7-62cfda37b343/c2pa.claim");
  CHECK(read(bytes_of(kC2pa / "C-stripped.jpg")).provenance.empty());

  photoaudit::test::HttpServer server;
  const Bytes store = app11_of(bytes_of(kC2pa / "C.jpg")).store;
  server.route("/manifests/c.c2pa", [&](const photoaudit::test::HttpRequest&, photoaudit::test::HttpResponder& out) {
    out.send(200, "application/c2pa", std::string(store.begin(), store.end()));
  });
  const std::string url = server.url("/manifests/c.c2pa");
  photoaudit::test::TempDir dir;
  const auto file = dir.path / "remote.jpg";
  write(file, without_store(url));
  CHECK(read(bytes_of(file)).provenance == url);

  using photoaudit::test::run_photoaudit;
  const auto reported = run_photoaudit({"c2pa", file.string()});
  CHECK(reported.exit_code == 0);
  CHECK(reported.out.find("remote manifest, not fetched") != std::string::npos);
  CHECK(server.requests().empty());

  const auto refused = run_photoaudit({"c2pa", "--json", "--allow-remote", file.string()});
  CHECK(refused.exit_code == 1);  // 127.0.0.1 is refused without --allow-private, as for pages
  const auto refused_json = nlohmann::json::parse(refused.out);
  const auto& refused_failure = refused_json[0]["store_failures"][0];
  CHECK(refused_failure["code"] == "manifest.inaccessible");
  CHECK(refused_failure["explanation"].get<std::string>().find("private address") != std::string::npos);
  CHECK(server.requests().empty());

  const auto fetched = run_photoaudit({"c2pa", "--json", "--allow-remote", "--allow-private", file.string()});
  CHECK(fetched.exit_code == 0);
  const auto json = nlohmann::json::parse(fetched.out);
  const auto& record = json[0];
  CHECK(record["found"] == true);
  CHECK(record["container"] == "remote");
  CHECK(record["provenance"] == url);
  CHECK(record["state"] == "Valid");
  CHECK(server.requests().size() == 1);
}

TEST_CASE("c2pa: a sidecar NAME.c2pa beside a file without a store is read and verified against the file", "[c2pa]") {
  photoaudit::test::TempDir dir;
  write(dir.path / "photo.jpg", without_store(""));
  write(dir.path / "photo.c2pa", app11_of(bytes_of(kC2pa / "C.jpg")).store);
  using photoaudit::test::run_photoaudit;
  const auto valid = run_photoaudit({"c2pa", "--json", (dir.path / "photo.jpg").string()});
  CHECK(valid.exit_code == 0);
  const auto json = nlohmann::json::parse(valid.out);
  const auto& record = json[0];
  CHECK(record["container"] == "sidecar");
  CHECK(record["state"] == "Valid");
  const auto& manifests = record["manifests"];
  REQUIRE(manifests.size() == 1);
  const auto& success = manifests[0]["validation"]["success"];
  CHECK(std::any_of(success.begin(), success.end(),
                    [](const nlohmann::json& s) { return s["code"] == "assertion.dataHash.match"; }));

  // The file changed after signing: the sidecar's data hash says so.
  Bytes changed = without_store("");
  changed[changed.size() - 100] ^= 0x01;
  write(dir.path / "photo.jpg", changed);
  CHECK(run_photoaudit({"c2pa", (dir.path / "photo.jpg").string()}).exit_code == 1);

  // A 300 MB sidecar (sparse) is refused by its size before a byte of it is read.
  std::filesystem::resize_file(dir.path / "photo.c2pa", 300ull << 20);
  const auto huge = run_photoaudit({"c2pa", "--json", (dir.path / "photo.jpg").string()});
  CHECK(huge.exit_code == 1);
  const auto huge_json = nlohmann::json::parse(huge.out);
  const auto& failure = huge_json[0]["store_failures"][0];
  CHECK(failure["code"] == "manifest.inaccessible");
  CHECK(failure["explanation"].get<std::string>().find("over the limit") != std::string::npos);
}

TEST_CASE("c2pa: a WebP's RIFF C2PA chunk is its store", "[c2pa]") {
  const Bytes webp = bytes_of(std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "hashing" / "coffee.webp");
  REQUIRE(webp.size() > 12);
  const Bytes store = app11_of(bytes_of(kC2pa / "C.jpg")).store;
  Bytes out = webp;
  out.insert(out.end(), {'C', '2', 'P', 'A'});
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(store.size() >> (8 * i)));
  out.insert(out.end(), store.begin(), store.end());
  if (store.size() % 2 == 1) out.push_back(0);
  const std::uint32_t riff = static_cast<std::uint32_t>(out.size() - 8);
  for (int i = 0; i < 4; ++i) out[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(riff >> (8 * i));
  const C2paReport r = read(out);
  CHECK(r.found);
  CHECK(r.container == "webp-riff");
  REQUIRE(r.active() != nullptr);
  CHECK(has_code(r.active()->success, "claimSignature.validated"));
  // C.jpg's data hash binds C.jpg's bytes, not this WebP's.
  CHECK(has_code(r.active()->failure, "assertion.dataHash.mismatch"));
  // Two C2PA chunks: two stores.
  Bytes twice = out;
  twice.insert(twice.end(), out.begin() + static_cast<std::ptrdiff_t>(webp.size()), out.end());
  CHECK_FALSE(read(twice).store_failures.empty());
}

TEST_CASE("c2pa: a TIFF's tag 0xCD41 is its store", "[c2pa]") {
  const Bytes store = app11_of(bytes_of(kC2pa / "C.jpg")).store;
  // A little-endian TIFF whose IFD0 holds one entry, 0xCD41 UNDEFINED, pointing at the store after the IFD.
  Bytes tiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x41, 0xCD, 7, 0};
  for (int i = 0; i < 4; ++i) tiff.push_back(static_cast<std::uint8_t>(store.size() >> (8 * i)));
  const std::uint32_t offset = 8 + 2 + 12 + 4;
  for (int i = 0; i < 4; ++i) tiff.push_back(static_cast<std::uint8_t>(offset >> (8 * i)));
  tiff.insert(tiff.end(), {0, 0, 0, 0});  // no next IFD
  REQUIRE(tiff.size() == offset);
  tiff.insert(tiff.end(), store.begin(), store.end());
  const C2paReport r = read(tiff);
  CHECK(r.found);
  CHECK(r.container == "tiff-cd41");
  REQUIRE(r.active() != nullptr);
  CHECK(has_code(r.active()->success, "claimSignature.validated"));
  CHECK(has_code(r.active()->failure, "assertion.dataHash.mismatch"));  // C.jpg's binding, not this file's
  // The tag pointing past the end: a store failure, nothing read.
  Bytes cut(tiff.begin(), tiff.begin() + static_cast<std::ptrdiff_t>(offset) + 100);
  const C2paReport short_read = read(cut);
  REQUIRE_FALSE(short_read.store_failures.empty());
  CHECK(short_read.store_failures[0].explanation.find("past the end") != std::string::npos);
}

// The general box hash (c2pa.hash.boxes): no sample uses one, so the manifests here are built and signed by the test
// (c2pa_builder.hpp, ES256 with certificates made for the test) over a real photo, fixtures/metadata/utf8-iim.jpg.
#include <catch2/catch.hpp>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <string>

#include "c2pa_builder.hpp"
#include "photoaudit/audit/c2pa.hpp"
#include "support/files.hpp"

namespace {

using namespace photoaudit::audit;       // NOLINT(google-build-using-namespace): the API under test
using namespace photoaudit::test::c2pa;  // NOLINT(google-build-using-namespace): the builder

constexpr std::time_t kNow = 1'796'515'200;  // 2026-12-06T00:00:00Z, the pinned verification time
constexpr std::time_t kDay = 86'400;

Bytes photo() {
  const std::string s = photoaudit::test::read_file(std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "metadata" /
                                                    "utf8-iim.jpg");
  return {s.begin(), s.end()};
}

// The photo with a signed manifest whose only hard binding is a box hash of the photo.
Bytes signed_photo() {
  const Credential root = make_credential(CertKind::kRoot, "Test Root", nullptr, kNow - kDay, kNow + 365 * kDay);
  const Credential signer = make_credential(CertKind::kSigner, "Box Signer", &root, kNow - kDay, kNow + 365 * kDay);
  const Bytes original = photo();
  ManifestSpec spec;
  spec.assertions = {{"c2pa.hash.boxes", box_hash_for_jpeg(original)}};
  spec.signer = &signer;
  spec.chain = {&root};
  return insert_into_jpeg(original, build_store(spec));
}

C2paReport read(const Bytes& file) {
  auto report = read_c2pa(file, {.now = kNow});
  REQUIRE(report.has_value());
  return *report;
}

// The active manifest (the store's last); the test fails when there is none.
const C2paManifest& active_of(const C2paReport& r) {
  REQUIRE_FALSE(r.manifests.empty());
  return r.manifests.back();
}

const C2paStatus* find(const std::vector<C2paStatus>& list, std::string_view code) {
  const auto at = std::find_if(list.begin(), list.end(), [&](const C2paStatus& s) { return s.code == code; });
  return at == list.end() ? nullptr : &*at;
}

// The offset of the first byte after the last 0xFF 0xDA (start of scan) segment's header.
std::size_t scan_data(const Bytes& file) {
  for (std::size_t i = file.size() - 2; i > 0; --i) {
    if (file[i] == 0xFF && file[i + 1] == 0xDA) return i + 2 + ((std::size_t{file[i + 2]} << 8) | file[i + 3]);
  }
  FAIL("no SOS");
  return 0;
}

}  // namespace

TEST_CASE("c2pa box hash: an untouched photo matches its box hash and the manifest is Valid", "[c2pa]") {
  const C2paReport r = read(signed_photo());
  INFO((active_of(r).failure.empty() ? "" : active_of(r).failure[0].code + ": " + active_of(r).failure[0].explanation));
  CHECK(active_of(r).failure.empty());
  const C2paStatus* match = find(active_of(r).success, "assertion.boxesHash.match");
  REQUIRE(match != nullptr);
  CHECK(match->url == "self#jumbf=/c2pa/urn:c2pa:11111111-2222-3333-4444-555555555555/c2pa.assertions/c2pa.hash.boxes");
  CHECK(find(active_of(r).success, "claimSignature.validated") != nullptr);
  CHECK(find(active_of(r).success, "assertion.hashedURI.match") != nullptr);
  CHECK(r.state == C2paState::kValid);
  CHECK(active_of(r).signer == "Box Signer");
  CHECK(active_of(r).algorithm == "ES256");
}

TEST_CASE("c2pa box hash: a flipped byte in a hashed segment is assertion.boxesHash.mismatch", "[c2pa]") {
  const Bytes good = signed_photo();
  SECTION("in the entropy-coded data after SOS") {
    Bytes file = good;
    file[scan_data(file) + 100] ^= 0x01;
    const C2paReport r = read(file);
    const C2paStatus* mismatch = find(active_of(r).failure, "assertion.boxesHash.mismatch");
    REQUIRE(mismatch != nullptr);
    CHECK(mismatch->explanation.find("SOS") != std::string::npos);
    CHECK(r.state == C2paState::kInvalid);
  }
  SECTION("in a quantization table, inside an entry of several boxes") {
    Bytes file = good;
    const Bytes dqt = {0xFF, 0xDB};
    const auto at = std::search(file.begin(), file.end(), dqt.begin(), dqt.end());
    REQUIRE(at != file.end());
    *(at + 10) ^= 0x01;
    const C2paReport r = read(file);
    CHECK(find(active_of(r).failure, "assertion.boxesHash.mismatch") != nullptr);
    CHECK(r.state == C2paState::kInvalid);
  }
}

TEST_CASE("c2pa box hash: a box the hash does not list is assertion.boxesHash.unknownBox", "[c2pa]") {
  const Bytes good = signed_photo();
  SECTION("a comment segment inserted before the scan") {
    Bytes file = good;
    const Bytes sos = {0xFF, 0xDA};
    const auto at = std::search(file.begin(), file.end(), sos.begin(), sos.end());
    REQUIRE(at != file.end());
    file.insert(at, {0xFF, 0xFE, 0x00, 0x05, 'h', 'i', '!'});
    const C2paReport r = read(file);
    const C2paStatus* unknown = find(active_of(r).failure, "assertion.boxesHash.unknownBox");
    REQUIRE(unknown != nullptr);
    CHECK(unknown->explanation.find("COM") != std::string::npos);
    CHECK(r.state == C2paState::kInvalid);
  }
  SECTION("bytes appended after EOI") {
    Bytes file = good;
    file.insert(file.end(), {'t', 'r', 'a', 'i', 'l', 'e', 'r'});
    const C2paReport r = read(file);
    const C2paStatus* unknown = find(active_of(r).failure, "assertion.boxesHash.unknownBox");
    REQUIRE(unknown != nullptr);
    CHECK(unknown->explanation.find("c2pa.after") != std::string::npos);
    CHECK(r.state == C2paState::kInvalid);
  }
}

TEST_CASE("c2pa box hash: a PNG's chunks with the caBX chunk as C2PA", "[c2pa]") {
  const std::string s = photoaudit::test::read_file(std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "metadata" /
                                                    "credit.png");
  const Bytes original(s.begin(), s.end());
  const Credential root = make_credential(CertKind::kRoot, "Test Root", nullptr, kNow - kDay, kNow + 365 * kDay);
  const Credential signer = make_credential(CertKind::kSigner, "PNG Signer", &root, kNow - kDay, kNow + 365 * kDay);
  ManifestSpec spec;
  spec.assertions = {{"c2pa.hash.boxes", box_hash_for_png(original)}};
  spec.signer = &signer;
  spec.chain = {&root};
  const Bytes file = insert_into_png(original, build_store(spec));
  const C2paReport r = read(file);
  CHECK(active_of(r).failure.empty());
  CHECK(find(active_of(r).success, "assertion.boxesHash.match") != nullptr);
  CHECK(r.state == C2paState::kValid);
  Bytes tampered = file;
  const Bytes idat = {'I', 'D', 'A', 'T'};
  // The last "IDAT" is the chunk (the store before it names IDAT too, in its box hash).
  const auto at = std::find_end(tampered.begin(), tampered.end(), idat.begin(), idat.end());
  REQUIRE(at != tampered.end());
  *(at + 20) ^= 0x01;
  const C2paReport t = read(tampered);
  const C2paStatus* mismatch = find(active_of(t).failure, "assertion.boxesHash.mismatch");
  REQUIRE(mismatch != nullptr);
  CHECK(mismatch->explanation.find("IDAT") != std::string::npos);
  CHECK(t.state == C2paState::kInvalid);
}

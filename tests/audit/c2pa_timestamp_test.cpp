// C2PA time-stamps (RFC 3161, sigTst v1 and sigTst2 v2) verified against the signature they stamp, the TSA trust
// store (--tsa-trust), the signing time they give the certificate's validity, and the x5chain bound. Real samples
// (fixtures/c2pa: C.jpg has a v1 sigTst, ../shared/data/c2pa/CACA.jpg v2 sigTst2 tokens) and copies tampered here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "photoaudit/audit/c2pa.hpp"
#include "support/files.hpp"

namespace {

using namespace photoaudit::audit;  // NOLINT(google-build-using-namespace): the API under test

const std::filesystem::path kC2pa = std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "c2pa";

std::vector<std::uint8_t> bytes_of(const std::filesystem::path& path) {
  const std::string s = photoaudit::test::read_file(path);
  return {s.begin(), s.end()};
}

C2paReport read(const std::vector<std::uint8_t>& file, const C2paOptions& options = {}) {
  auto report = read_c2pa(file, options);
  REQUIRE(report.has_value());
  return *report;
}

bool has_code(const std::vector<C2paStatus>& list, std::string_view code) {
  return std::any_of(list.begin(), list.end(), [&](const C2paStatus& s) { return s.code == code; });
}

const C2paStatus* find_code(const std::vector<C2paStatus>& list, std::string_view code) {
  const auto at = std::find_if(list.begin(), list.end(), [&](const C2paStatus& s) { return s.code == code; });
  return at == list.end() ? nullptr : &*at;
}

// The offset of the message imprint's digest in the first time-stamp token: the SHA-256 AlgorithmIdentifier (with or
// without NULL parameters) followed by an OCTET STRING of 32 bytes.
std::size_t imprint_digest(const std::vector<std::uint8_t>& file) {
  const std::vector<std::uint8_t> with_null = {0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
  const std::vector<std::uint8_t> without = {0x04, 0x02, 0x01, 0x04, 0x20};
  const std::string_view tokens = "tstTokens";
  const auto start = std::search(file.begin(), file.end(), tokens.begin(), tokens.end());
  REQUIRE(start != file.end());
  auto at = std::search(start, file.end(), with_null.begin(), with_null.end());
  std::size_t skip = with_null.size();
  const auto other = std::search(start, file.end(), without.begin(), without.end());
  if (other < at) {
    at = other;
    skip = without.size();
  }
  REQUIRE(at != file.end());
  return static_cast<std::size_t>(at - file.begin()) + skip;
}

std::string pem(const std::string& name) { return photoaudit::test::read_file(kC2pa / name); }

}  // namespace

TEST_CASE("c2pa time-stamp: v1 and v2 tokens match the signature they stamp", "[c2pa]") {
  const C2paReport c = read(bytes_of(kC2pa / "C.jpg"));  // sigTst: stamps the claim
  REQUIRE(c.active() != nullptr);
  CHECK(has_code(c.active()->success, "timeStamp.validated"));
  CHECK(has_code(c.active()->informational, "timeStamp.untrusted"));  // no --tsa-trust: as c2pa-rs says
  CHECK(c.active()->time == "2024-08-06T21:53:37+00:00");
  const C2paReport v2 = read(bytes_of(kC2pa / "CACA.jpg"));  // sigTst2: stamps the signature
  REQUIRE(v2.manifests.size() == 2);
  for (const C2paManifest& m : v2.manifests) {
    INFO(m.label);
    CHECK(has_code(m.success, "timeStamp.validated"));
    CHECK_FALSE(has_code(m.failure, "timeStamp.mismatch"));
    CHECK(m.state == C2paState::kValid);
  }
}

TEST_CASE("c2pa time-stamp: a flipped byte in the message imprint is timeStamp.mismatch", "[c2pa]") {
  auto file = bytes_of(kC2pa / "C.jpg");
  file[imprint_digest(file) + 5] ^= 0x01;  // inside the store: neither the data hash nor a hashed URI sees it
  const C2paReport r = read(file);
  REQUIRE(r.active() != nullptr);
  CHECK(has_code(r.active()->failure, "timeStamp.mismatch"));
  CHECK(has_code(r.active()->success, "claimSignature.validated"));
  CHECK(has_code(r.active()->success, "assertion.dataHash.match"));
  CHECK(r.state == C2paState::kInvalid);
}

TEST_CASE("c2pa time-stamp: the TSA is trusted under --tsa-trust anchors, untrusted under others", "[c2pa]") {
  const auto file = bytes_of(kC2pa / "C.jpg");
  // digicert_tsa_ca.pem: the intermediate CA of C.jpg's time-stamp authority, taken from its token.
  const C2paReport trusted = read(file, {.tsa_anchors_pem = pem("digicert_tsa_ca.pem")});
  CHECK(has_code(trusted.active()->success, "timeStamp.trusted"));
  CHECK_FALSE(has_code(trusted.active()->informational, "timeStamp.untrusted"));
  const C2paReport other = read(file, {.tsa_anchors_pem = pem("unrelated_root.pem")});
  const C2paStatus* untrusted = find_code(other.active()->informational, "timeStamp.untrusted");
  REQUIRE(untrusted != nullptr);
  CHECK(untrusted->explanation.find("not trusted") != std::string::npos);
  CHECK_FALSE(has_code(other.active()->success, "timeStamp.trusted"));
  CHECK_FALSE(read_c2pa(file, {.tsa_anchors_pem = "no certificate"}).has_value());
}

TEST_CASE("c2pa time-stamp: the certificate's validity is judged at the usable time-stamp's time, else now", "[c2pa]") {
  const auto file = bytes_of(kC2pa / "C.jpg");
  constexpr std::int64_t kYear2200 = 7'258'118'400;  // long after the test signing certificate expires
  // The time-stamp (validated, TSA not checked) says when it signed: inside the certificate's validity.
  const C2paReport stamped = read(file, {.now = kYear2200});
  CHECK(has_code(stamped.active()->success, "claimSignature.insideValidity"));
  CHECK(stamped.state == C2paState::kValid);
  // Its TSA not under the --tsa-trust anchors: its time is not used, and in 2200 the certificate has expired.
  const C2paReport judged_now = read(file, {.tsa_anchors_pem = pem("unrelated_root.pem"), .now = kYear2200});
  const C2paStatus* outside = find_code(judged_now.active()->failure, "claimSignature.outsideValidity");
  REQUIRE(outside != nullptr);
  CHECK(outside->explanation.find("(now)") != std::string::npos);
  CHECK(judged_now.state == C2paState::kInvalid);
  // A tampered time-stamp gives no time either.
  auto tampered = file;
  tampered[imprint_digest(tampered) + 5] ^= 0x01;
  CHECK(has_code(read(tampered, {.now = kYear2200}).active()->failure, "claimSignature.outsideValidity"));
}

TEST_CASE("c2pa: the samples' real signing certificates follow the C2PA certificate profile", "[c2pa]") {
  for (const char* name : {"C.jpg", "CA.jpg", "CACA.jpg", "update_manifest.jpg"}) {
    // update_manifest.jpg has no time-stamp: judged at a pinned now (2026-12-06), not at the clock.
    const C2paReport r = read(bytes_of(kC2pa / name), {.now = 1'796'515'200});
    INFO(name);
    REQUIRE_FALSE(r.manifests.empty());
    for (const C2paManifest& m : r.manifests) {
      CHECK_FALSE(has_code(m.failure, "signingCredential.invalid"));
      CHECK(has_code(m.success, "claimSignature.insideValidity"));
    }
  }
}

// Stapled OCSP (COSE unprotected header rVals/ocspVals), checked offline: responses made here with OpenSSL (good,
// revoked, about another certificate, expired, signed by a stranger) stapled to manifests signed by the test
// (c2pa_builder.hpp), and c2pa-rs's sample ocsp.jpg.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>

#include "c2pa_builder.hpp"
#include "photoaudit/audit/c2pa.hpp"
#include "support/files.hpp"

namespace {

using namespace photoaudit::audit;       // NOLINT(google-build-using-namespace): the API under test
using namespace photoaudit::test::c2pa;  // NOLINT(google-build-using-namespace): the builder

constexpr std::time_t kNow = 1'796'515'200;  // 2026-12-06T00:00:00Z: the signing time (no time-stamp: now, pinned)
constexpr std::time_t kDay = 86'400;

struct Pki {
  Credential root = make_credential(CertKind::kRoot, "OCSP Test Root", nullptr, kNow - 30 * kDay, kNow + 365 * kDay);
  Credential signer = make_credential(CertKind::kSigner, "OCSP Signer", &root, kNow - 30 * kDay, kNow + 365 * kDay);
  Credential responder = make_credential(CertKind::kOcspResponder, "OCSP Responder", &root, kNow - 30 * kDay,
                                         kNow + 365 * kDay);
};

// A photo signed by pki.signer, with `responses` stapled.
Bytes signed_with(const Pki& pki, const std::vector<Bytes>& responses) {
  const std::string s = photoaudit::test::read_file(std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "metadata" /
                                                    "utf8-iim.jpg");
  const Bytes photo(s.begin(), s.end());
  ManifestSpec spec;
  spec.assertions = {{"c2pa.hash.boxes", box_hash_for_jpeg(photo)}};
  spec.signer = &pki.signer;
  spec.chain = {&pki.root};
  if (!responses.empty()) spec.unprotected = stapled_ocsp(responses);
  return insert_into_jpeg(photo, build_store(spec));
}

C2paReport read_with(const Pki& pki, const std::vector<Bytes>& responses) {
  auto report = read_c2pa(signed_with(pki, responses), {.now = kNow});
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

}  // namespace

TEST_CASE("c2pa ocsp: a good response from the issuer or its delegated responder is notRevoked", "[c2pa]") {
  const Pki pki;
  for (const Credential* by : {&pki.root, &pki.responder}) {
    INFO((by == &pki.root ? "signed by the issuer" : "signed by a delegated responder"));
    const Bytes good = make_ocsp_response(pki.signer, pki.root, *by, OcspStatus::kGood, kNow - kDay, kNow + 7 * kDay);
    const C2paReport r = read_with(pki, {good});
    CHECK(find(active_of(r).success, "signingCredential.ocsp.notRevoked") != nullptr);
    CHECK(find(active_of(r).informational, "signingCredential.ocsp.skipped") == nullptr);
    CHECK(active_of(r).failure.empty());
    CHECK(r.state == C2paState::kValid);
  }
}

TEST_CASE("c2pa ocsp: revoked before the signing time is signingCredential.ocsp.revoked, Invalid", "[c2pa]") {
  const Pki pki;
  const Bytes revoked = make_ocsp_response(pki.signer, pki.root, pki.responder, OcspStatus::kRevoked, kNow - kDay,
                                           kNow + 7 * kDay, kNow - 2 * kDay);
  const C2paReport r = read_with(pki, {revoked});
  CHECK(find(active_of(r).failure, "signingCredential.ocsp.revoked") != nullptr);
  CHECK(r.state == C2paState::kInvalid);
  // Revoked only after it signed: the signature stands.
  const Bytes later = make_ocsp_response(pki.signer, pki.root, pki.responder, OcspStatus::kRevoked, kNow + 2 * kDay,
                                         kNow + 9 * kDay, kNow + kDay);
  const C2paReport after = read_with(pki, {later});
  const C2paStatus* fine = find(active_of(after).success, "signingCredential.ocsp.notRevoked");
  REQUIRE(fine != nullptr);
  CHECK(fine->explanation.find("after the signing time") != std::string::npos);
  CHECK(after.state == C2paState::kValid);
}

TEST_CASE("c2pa ocsp: a response that cannot be used for this signer is disregarded (ocsp.skipped)", "[c2pa]") {
  const Pki pki;
  const Pki stranger;
  const auto disregarded = [&](const Bytes& response, std::string_view why) {
    const C2paReport r = read_with(pki, {response});
    const C2paStatus* skipped = find(active_of(r).informational, "signingCredential.ocsp.skipped");
    REQUIRE(skipped != nullptr);
    INFO(skipped->explanation);
    CHECK(skipped->explanation.find(why) != std::string::npos);
    CHECK(find(active_of(r).success, "signingCredential.ocsp.notRevoked") == nullptr);
    CHECK(r.state == C2paState::kValid);
  };
  SECTION("its CertID is another certificate's") {
    disregarded(make_ocsp_response(pki.responder, pki.root, pki.root, OcspStatus::kGood, kNow - kDay, kNow + kDay),
                "another certificate");
  }
  SECTION("it expired before the signing time") {
    disregarded(
        make_ocsp_response(pki.signer, pki.root, pki.responder, OcspStatus::kGood, kNow - 9 * kDay, kNow - 2 * kDay),
        "holds only until");
  }
  SECTION("it is signed by a responder of another CA") {
    disregarded(
        make_ocsp_response(pki.signer, pki.root, stranger.responder, OcspStatus::kGood, kNow - kDay, kNow + kDay),
        "does not verify");
  }
  SECTION("it is not an OCSP response") { disregarded(Bytes{0x30, 0x03, 0x0A, 0x01, 0x00}, "disregarded"); }
}

TEST_CASE("c2pa ocsp: no stapled response is signingCredential.ocsp.skipped, informational", "[c2pa]") {
  const Pki pki;
  const C2paReport r = read_with(pki, {});
  const C2paStatus* skipped = find(active_of(r).informational, "signingCredential.ocsp.skipped");
  REQUIRE(skipped != nullptr);
  CHECK(skipped->explanation.find("no OCSP response") != std::string::npos);
  CHECK(r.state == C2paState::kValid);
}

TEST_CASE("c2pa ocsp: c2pa-rs's ocsp.jpg staples a good response for its signer, checked at its time-stamp's time",
          "[c2pa]") {
  const std::string s = photoaudit::test::read_file(std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "c2pa" /
                                                    "ocsp.jpg");
  const Bytes file(s.begin(), s.end());
  auto report = read_c2pa(file, {.now = kNow});
  REQUIRE(report.has_value());
  const C2paStatus* good = find(active_of(*report).success, "signingCredential.ocsp.notRevoked");
  INFO((active_of(*report).informational.empty() ? "" : active_of(*report).informational.back().explanation));
  REQUIRE(good != nullptr);
  CHECK(report->state == C2paState::kValid);
}

// Not a test: `audit_tests "[.seed]"` with PHOTOAUDIT_C2PA_SEEDS=DIR writes the fuzzer's seeds with a box hash and
// stapled OCSP responses (tests/regressions/c2pa/box-hash-*.jpg).
TEST_CASE("c2pa seeds: box hash and stapled OCSP files for the fuzzer", "[.seed]") {
  const char* dir = std::getenv("PHOTOAUDIT_C2PA_SEEDS");
  REQUIRE(dir != nullptr);
  const Pki pki;
  const auto write = [&](const char* name, const Bytes& bytes) {
    std::ofstream out(std::filesystem::path(dir) / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
  };
  write("box-hash-ocsp-good.jpg", signed_with(pki, {make_ocsp_response(pki.signer, pki.root, pki.responder,
                                                                       OcspStatus::kGood, kNow - kDay, kNow + kDay)}));
  write("box-hash-ocsp-revoked.jpg",
        signed_with(pki, {make_ocsp_response(pki.signer, pki.root, pki.root, OcspStatus::kRevoked, kNow - kDay,
                                             kNow + kDay, kNow - 2 * kDay)}));
}

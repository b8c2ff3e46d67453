// Content Credentials: c2pa-rs's sample files give c2pa-rs's readings (fixtures/c2pa/C.json, CA.json, made with
// trust checking off), tampered copies give the specification's failure codes, and hostile stores give a status,
// never a crash.
#include <catch2/catch.hpp>

#include <algorithm>
#include <barrier>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "photoaudit/audit/c2pa.hpp"
#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace {

using namespace photoaudit::audit;  // NOLINT(google-build-using-namespace): the API under test

const std::filesystem::path kC2pa = std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "c2pa";

std::vector<std::uint8_t> bytes_of(const std::filesystem::path& path) {
  const std::string s = photoaudit::test::read_file(path);
  return {s.begin(), s.end()};
}

C2paReport read(const std::vector<std::uint8_t>& file, const std::string& trust = "") {
  auto report = read_c2pa(file, {.trust_anchors_pem = trust});
  REQUIRE(report.has_value());
  return *report;
}

bool has_code(const std::vector<C2paStatus>& list, std::string_view code) {
  return std::any_of(list.begin(), list.end(), [&](const C2paStatus& s) { return s.code == code; });
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Field by field against c2pa-rs's reading of the same file.
void check_against_known_good(const C2paReport& report, const nlohmann::json& expected) {
  REQUIRE(report.found);
  CHECK(report.active_manifest == expected["active_manifest"].get<std::string>());
  const C2paManifest& m = *report.active();
  const nlohmann::json& e = expected["manifests"][report.active_manifest];
  CHECK(m.claim_generator == e["claim_generator"].get<std::string>());
  CHECK(m.title == e["title"].get<std::string>());
  CHECK(m.format == e["format"].get<std::string>());
  CHECK(m.instance_id == e["instance_id"].get<std::string>());
  const nlohmann::json& sig = e["signature_info"];
  CHECK(lower(m.algorithm) == lower(sig["alg"].get<std::string>()));
  CHECK(m.signer == sig["common_name"].get<std::string>());
  CHECK(m.signer_organization == sig["issuer"].get<std::string>());  // c2pa-rs's "issuer" is the subject's O
  CHECK(m.time == sig["time"].get<std::string>());
  std::vector<nlohmann::json> actions;
  for (const auto& a : e["assertions"]) {
    if (a["label"].get<std::string>().starts_with("c2pa.actions")) {
      for (const auto& one : a["data"]["actions"]) actions.push_back(one);
    }
  }
  REQUIRE(m.actions.size() == actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) {
    CHECK(m.actions[i].action == actions[i]["action"].get<std::string>());
    CHECK(m.actions[i].software_agent == actions[i].value("softwareAgent", ""));
    CHECK(m.actions[i].digital_source_type == actions[i].value("digitalSourceType", ""));
  }
  REQUIRE(m.ingredients.size() == e["ingredients"].size());
  for (std::size_t i = 0; i < m.ingredients.size(); ++i) {
    CHECK(m.ingredients[i].title == e["ingredients"][i]["title"].get<std::string>());
    CHECK(m.ingredients[i].relationship == e["ingredients"][i]["relationship"].get<std::string>());
  }
  // Every success code c2pa-rs lists is ours too, its time-stamp and validity codes included.
  for (const auto& s : expected["validation_results"]["activeManifest"]["success"]) {
    const std::string code = s["code"].get<std::string>();
    const bool found = std::any_of(m.success.begin(), m.success.end(), [&](const C2paStatus& ours) {
      return ours.code == code && ours.url == s["url"].get<std::string>();
    });
    INFO(code << " " << s["url"]);
    CHECK(found);
  }
  // And its informational codes (the time-stamp authority, not trusted without --tsa-trust).
  for (const auto& s : expected["validation_results"]["activeManifest"]["informational"]) {
    const std::string code = s["code"].get<std::string>();
    INFO(code);
    CHECK(std::any_of(m.informational.begin(), m.informational.end(),
                      [&](const C2paStatus& ours) { return ours.code == code; }));
  }
  // And exactly its failure codes, each about the same box.
  const nlohmann::json failures = expected["validation_results"]["activeManifest"].value("failure",
                                                                                         nlohmann::json::array());
  REQUIRE(m.failure.size() == failures.size());
  for (std::size_t i = 0; i < failures.size(); ++i) {
    CHECK(m.failure[i].code == failures[i]["code"].get<std::string>());
    CHECK(m.failure[i].url == failures[i]["url"].get<std::string>());
  }
  CHECK(to_string(m.state) == expected["validation_state"].get<std::string>());
}

// The offset of the first byte of the CBOR content box that follows `label` in the file.
std::size_t content_after(const std::vector<std::uint8_t>& file, std::string_view label) {
  const auto at = std::search(file.begin(), file.end(), label.begin(), label.end());
  REQUIRE(at != file.end());
  const std::string_view kCbor = "cbor";
  const auto box = std::search(at, file.end(), kCbor.begin(), kCbor.end());
  REQUIRE(box != file.end());
  return static_cast<std::size_t>(box - file.begin()) + 4;
}

// A JPEG holding `store` in APP11 segments of box instance 1, sequence from 1; each continuation repeats the
// store's 8-byte box header, as C2PA says.
std::vector<std::uint8_t> jpeg_with_store(const std::vector<std::uint8_t>& store) {
  std::vector<std::uint8_t> out = {0xFF, 0xD8};
  constexpr std::size_t kChunk = 60000;
  std::uint32_t sequence = 1;
  for (std::size_t at = 0; at < store.size(); at += kChunk, ++sequence) {
    const std::size_t n = std::min(kChunk, store.size() - at);
    const std::size_t repeat = at == 0 ? 0 : 8;
    const std::size_t length = 2 + 8 + repeat + n;
    out.insert(out.end(), {0xFF, 0xEB, static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)});
    out.insert(out.end(), {'J', 'P', 0, 1});
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(sequence >> (8 * i)));
    out.insert(out.end(), store.begin(), store.begin() + static_cast<std::ptrdiff_t>(repeat));
    out.insert(out.end(), store.begin() + static_cast<std::ptrdiff_t>(at),
               store.begin() + static_cast<std::ptrdiff_t>(at + n));
  }
  out.insert(out.end(), {0xFF, 0xD9});
  return out;
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// A superbox labelled `label` around `content` (already boxes).
std::vector<std::uint8_t> superbox(const std::string& label, const std::vector<std::uint8_t>& content) {
  std::vector<std::uint8_t> jumd;
  put32(jumd, static_cast<std::uint32_t>(8 + 16 + 1 + label.size() + 1));
  jumd.insert(jumd.end(), {'j', 'u', 'm', 'd'});
  jumd.insert(jumd.end(), 16, 0x11);
  jumd.push_back(0x03);
  jumd.insert(jumd.end(), label.begin(), label.end());
  jumd.push_back(0);
  std::vector<std::uint8_t> out;
  put32(out, static_cast<std::uint32_t>(8 + jumd.size() + content.size()));
  out.insert(out.end(), {'j', 'u', 'm', 'b'});
  out.insert(out.end(), jumd.begin(), jumd.end());
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

}  // namespace

TEST_CASE("c2pa: C.jpg, CA.jpg and XCA.jpg read as c2pa-rs reads them, field by field", "[c2pa]") {
  const auto expected_c = nlohmann::json::parse(photoaudit::test::read_file(kC2pa / "C.json"));
  check_against_known_good(read(bytes_of(kC2pa / "C.jpg")), expected_c);
  const auto expected_ca = nlohmann::json::parse(photoaudit::test::read_file(kC2pa / "CA.json"));
  check_against_known_good(read(bytes_of(kC2pa / "CA.jpg")), expected_ca);
  // XCA.jpg, CA.jpg with its pixels changed: the same fields, and c2pa-rs's one failure.
  const auto expected_xca = nlohmann::json::parse(photoaudit::test::read_file(kC2pa / "XCA.json"));
  check_against_known_good(read(bytes_of(kC2pa / "XCA.jpg")), expected_xca);
}

TEST_CASE("c2pa: the other samples give the results ../shared/data/c2pa/README.md lists", "[c2pa]") {
  const C2paReport cawg = read(bytes_of(kC2pa / "C_with_CAWG_data.jpg"));  // C.jpg plus a CAWG identity assertion
  REQUIRE(cawg.active() != nullptr);
  CHECK(cawg.active()->failure.empty());
  CHECK(has_code(cawg.active()->success, "claimSignature.validated"));
  CHECK(has_code(cawg.active()->success, "assertion.dataHash.match"));
  CHECK(cawg.state == C2paState::kValid);
  const C2paReport plain = read(bytes_of(kC2pa / "earth_apollo17.jpg"));  // a photo without credentials
  CHECK_FALSE(plain.found);
  CHECK(plain.manifests.empty());
}

TEST_CASE("c2pa: the signer is trusted with the test root bundle, untrusted with another root", "[c2pa]") {
  const auto file = bytes_of(kC2pa / "C.jpg");
  const C2paReport trusted = read(file, photoaudit::test::read_file(kC2pa / "test_cert_root_bundle.pem"));
  CHECK(trusted.state == C2paState::kTrusted);
  CHECK(has_code(trusted.active()->success, "signingCredential.trusted"));
  const C2paReport other = read(file, photoaudit::test::read_file(kC2pa / "unrelated_root.pem"));
  CHECK(other.state == C2paState::kValid);  // intact and well signed, by a signer nobody here trusts
  CHECK(has_code(other.active()->failure, "signingCredential.untrusted"));
  CHECK(read(file).state == C2paState::kValid);  // no anchors given: nothing is trusted, nothing is checked
  CHECK_FALSE(read_c2pa(file, {.trust_anchors_pem = "not a certificate"}).has_value());
}

TEST_CASE("c2pa: c2pa-rs's damaged samples give the specification's codes", "[c2pa]") {
  const C2paReport xca = read(bytes_of(kC2pa / "XCA.jpg"));  // pixels changed
  CHECK(xca.state == C2paState::kInvalid);
  CHECK(has_code(xca.active()->failure, "assertion.dataHash.mismatch"));
  const C2paReport esig = read(bytes_of(kC2pa / "E-sig-CA.jpg"));  // bytes in the signed claim changed
  CHECK(esig.state == C2paState::kInvalid);
  CHECK(has_code(esig.active()->failure, "claimSignature.mismatch"));
  const C2paReport ct = read(bytes_of(kC2pa / "CA_ct.jpg"));  // broken time-stamp: informational only
  CHECK(ct.state == C2paState::kValid);
  CHECK(has_code(ct.active()->informational, "timeStamp.malformed"));
  const C2paReport no_alg = read(bytes_of(kC2pa / "no_alg.jpg"));  // v2 claim naming no hash algorithm
  CHECK(no_alg.state == C2paState::kInvalid);
  CHECK(has_code(no_alg.active()->failure, "algorithm.unsupported"));
  const C2paReport none = read(bytes_of(kC2pa / "no_manifest.jpg"));  // store removed, XMP still points to one
  CHECK_FALSE(none.found);
}

TEST_CASE("c2pa: each tampered copy gives its own code", "[c2pa]") {
  const auto original = bytes_of(kC2pa / "CA.jpg");
  SECTION("a flipped byte in the image data") {
    auto file = original;
    file[file.size() - 100] ^= 0x01;
    CHECK(has_code(read(file).active()->failure, "assertion.dataHash.mismatch"));
  }
  SECTION("a flipped byte in the signature") {
    auto file = original;
    const std::size_t sig = content_after(file, "c2pa.signature");
    file[sig + 200] ^= 0x01;  // inside the x5chain certificate: the key or its signature no longer verifies
    const C2paReport r = read(file);
    CHECK(r.state == C2paState::kInvalid);
    CHECK(has_code(r.active()->failure, "claimSignature.mismatch"));
  }
  SECTION("a flipped byte in an assertion") {
    auto file = original;
    file[content_after(file, "c2pa.actions") + 10] ^= 0x01;
    const C2paReport r = read(file);
    CHECK(has_code(r.active()->failure, "assertion.hashedURI.mismatch"));
    CHECK(r.state == C2paState::kInvalid);
  }
  SECTION("a flipped byte in the claim") {
    auto file = original;
    const std::size_t claim = content_after(file, "c2pa.claim");
    file[claim + 40] ^= 0x01;
    const C2paReport r = read(file);
    CHECK(r.state == C2paState::kInvalid);
    CHECK((has_code(r.active()->failure, "claimSignature.mismatch") ||
           has_code(r.active()->failure, "claim.cbor.invalid")));
  }
  SECTION("APP11 segments reordered, or one dropped") {
    // CA.jpg's store spans two APP11 segments; find them.
    std::vector<std::pair<std::size_t, std::size_t>> segments;
    for (std::size_t pos = 2; pos + 4 < original.size() && original[pos] == 0xFF && original[pos + 1] != 0xDA;) {
      const std::size_t length = (std::size_t{original[pos + 2]} << 8) | original[pos + 3];
      if (original[pos + 1] == 0xEB) segments.emplace_back(pos, 2 + length);
      pos += 2 + length;
    }
    REQUIRE(segments.size() == 2);
    const auto segment = [&](std::size_t i) {
      return std::vector<std::uint8_t>(
          original.begin() + static_cast<std::ptrdiff_t>(segments[i].first),
          original.begin() + static_cast<std::ptrdiff_t>(segments[i].first + segments[i].second));
    };
    std::vector<std::uint8_t> reordered(original.begin(),
                                        original.begin() + static_cast<std::ptrdiff_t>(segments[0].first));
    const auto second = segment(1);
    const auto first = segment(0);
    reordered.insert(reordered.end(), second.begin(), second.end());
    reordered.insert(reordered.end(), first.begin(), first.end());
    reordered.insert(reordered.end(),
                     original.begin() + static_cast<std::ptrdiff_t>(segments[1].first + segments[1].second),
                     original.end());
    const C2paReport r1 = read(reordered);
    CHECK(r1.found);
    CHECK(has_code(r1.store_failures, "general.error"));
    std::vector<std::uint8_t> dropped(original.begin(),
                                      original.begin() + static_cast<std::ptrdiff_t>(segments[1].first));
    dropped.insert(dropped.end(),
                   original.begin() + static_cast<std::ptrdiff_t>(segments[1].first + segments[1].second),
                   original.end());
    const C2paReport r2 = read(dropped);
    CHECK(r2.found);
    CHECK(!r2.store_failures.empty());  // the store is cut short: its boxes run past the end
  }
  SECTION("two stores") {
    const auto store_file = bytes_of(kC2pa / "C.jpg");
    // C.jpg's single APP11 segment, moved to box instance 2, inserted after CA.jpg's SOI.
    const std::size_t length = (std::size_t{store_file[22]} << 8) | store_file[23];
    std::vector<std::uint8_t> extra(store_file.begin() + 20, store_file.begin() + 20 + 2 + static_cast<long>(length));
    extra[6] = 0;
    extra[7] = 0x7F;  // instance
    auto file = original;
    file.insert(file.begin() + 2, extra.begin(), extra.end());
    CHECK(has_code(read(file).store_failures, "general.error"));
  }
}

TEST_CASE("c2pa: hostile stores give a status, never a crash", "[c2pa]") {
  SECTION("a box length past the end, and 1 GB") {
    std::vector<std::uint8_t> store = superbox("c2pa", {});
    store[3] = 0xFF;  // LBox larger than the data
    CHECK(!read(jpeg_with_store(store)).store_failures.empty());
    std::vector<std::uint8_t> huge = superbox("c2pa", {});
    huge[0] = 0x40;  // 1 GiB
    CHECK(!read(jpeg_with_store(huge)).store_failures.empty());
  }
  SECTION("an XLBox that overflows") {
    std::vector<std::uint8_t> store = {0, 0, 0, 1, 'j', 'u', 'm', 'b', 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0};
    CHECK(!read(jpeg_with_store(store)).store_failures.empty());
  }
  SECTION("deep nesting") {
    std::vector<std::uint8_t> box;
    for (int i = 0; i < 200; ++i) box = superbox("n", box);
    CHECK(!read(jpeg_with_store(superbox("c2pa", box))).store_failures.empty());
  }
  SECTION("malformed CBOR in the claim, and a count of 2^32 entries in 10 bytes") {
    const std::vector<std::uint8_t> cbor_box = {0, 0, 0, 14, 'c', 'b', 'o', 'r', 0x9B, 0, 0, 0, 1, 0};
    const auto claim = superbox("c2pa.claim", cbor_box);
    const auto manifest = superbox("urn:uuid:test", claim);
    const C2paReport r = read(jpeg_with_store(superbox("c2pa", manifest)));
    REQUIRE(r.manifests.size() == 1);
    CHECK(has_code(r.manifests[0].failure, "claim.cbor.invalid"));
    CHECK(r.state == C2paState::kInvalid);
  }
  SECTION("an x5chain of 100 certificates is refused by its count, before any is parsed") {
    const auto head = [](std::vector<std::uint8_t>& out, std::uint8_t major, std::size_t n) {
      if (n < 24) {
        out.push_back(static_cast<std::uint8_t>(major << 5 | n));
      } else {
        out.push_back(static_cast<std::uint8_t>(major << 5 | 25));
        out.push_back(static_cast<std::uint8_t>(n >> 8));
        out.push_back(static_cast<std::uint8_t>(n));
      }
    };
    std::vector<std::uint8_t> protected_header = {0xA2, 0x01, 0x26, 0x18, 0x21};  // {1: -7 (ES256), 33: [...]}
    head(protected_header, 4, 100);
    for (int i = 0; i < 100; ++i) {
      head(protected_header, 2, 300);
      protected_header.insert(protected_header.end(), 300, 0x30);
    }
    std::vector<std::uint8_t> cose = {0xD2, 0x84};
    head(cose, 2, protected_header.size());
    cose.insert(cose.end(), protected_header.begin(), protected_header.end());
    cose.insert(cose.end(), {0xA0, 0xF6});
    head(cose, 2, 64);
    cose.insert(cose.end(), 64, 0);
    std::vector<std::uint8_t> cose_box;
    put32(cose_box, static_cast<std::uint32_t>(8 + cose.size()));
    cose_box.insert(cose_box.end(), {'c', 'b', 'o', 'r'});
    cose_box.insert(cose_box.end(), cose.begin(), cose.end());
    const std::vector<std::uint8_t> claim_box = {0, 0, 0, 9, 'c', 'b', 'o', 'r', 0xA0};
    auto content = superbox("c2pa.claim", claim_box);
    const auto signature = superbox("c2pa.signature", cose_box);
    content.insert(content.end(), signature.begin(), signature.end());
    const C2paReport r = read(jpeg_with_store(superbox("c2pa", superbox("urn:uuid:test", content))));
    REQUIRE(r.manifests.size() == 1);
    const auto& failure = r.manifests[0].failure;
    const auto invalid = std::find_if(failure.begin(), failure.end(),
                                      [](const C2paStatus& f) { return f.code == "signingCredential.invalid"; });
    REQUIRE(invalid != failure.end());
    CHECK(invalid->explanation.find("100 certificates") != std::string::npos);
    CHECK(r.state == C2paState::kInvalid);
  }
  SECTION("10,000 assertions that the claim does not reference") {
    std::vector<std::uint8_t> assertions;
    const std::vector<std::uint8_t> cbor_box = {0, 0, 0, 9, 'c', 'b', 'o', 'r', 0xA0};
    for (int i = 0; i < 10000; ++i) {
      const auto one = superbox("a" + std::to_string(i), cbor_box);
      assertions.insert(assertions.end(), one.begin(), one.end());
    }
    const auto manifest = superbox("urn:uuid:test", superbox("c2pa.assertions", assertions));
    const C2paReport r = read(jpeg_with_store(superbox("c2pa", manifest)));
    REQUIRE(r.manifests.size() == 1);
    CHECK(has_code(r.manifests[0].failure, "claim.missing"));
  }
}

TEST_CASE("c2pa: the command exits 1 for invalid credentials and 0 for valid ones or none", "[c2pa]") {
  using photoaudit::test::run_photoaudit;
  const auto valid = run_photoaudit({"c2pa", (kC2pa / "C.jpg").string(), (kC2pa / "no_manifest.jpg").string()});
  CHECK(valid.exit_code == 0);
  CHECK(valid.out.find("C.jpg: Valid") != std::string::npos);
  CHECK(valid.out.find("no Content Credentials") != std::string::npos);
  const auto invalid = run_photoaudit({"c2pa", "--json", (kC2pa / "XCA.jpg").string()});
  CHECK(invalid.exit_code == 1);
  const auto json = nlohmann::json::parse(invalid.out);
  REQUIRE(json.size() == 1);
  CHECK(json[0]["state"] == "Invalid");
  CHECK(json[0]["manifests"][0]["validation"]["failure"][0]["code"] == "assertion.dataHash.mismatch");
  const auto trusted = run_photoaudit(
      {"c2pa", "--trust", (kC2pa / "test_cert_root_bundle.pem").string(), (kC2pa / "C.jpg").string()});
  CHECK(trusted.exit_code == 0);
  CHECK(trusted.out.find("C.jpg: Trusted") != std::string::npos);
  const auto bad_trust = run_photoaudit({"c2pa", "--trust", (kC2pa / "C.jpg").string(), (kC2pa / "C.jpg").string()});
  CHECK(bad_trust.exit_code == 2);
}

TEST_CASE("c2pa: the audit reports credentials per image, with c2pa-invalid, c2pa-untrusted and signed ai-generated",
          "[c2pa]") {
  using photoaudit::test::run_photoaudit;
  const std::string c = (kC2pa / "C.jpg").string();
  const std::string xca = (kC2pa / "XCA.jpg").string();
  const std::string none = (kC2pa / "no_manifest.jpg").string();
  const auto rules_of = [](const nlohmann::json& image) {
    std::vector<std::string> rules;
    for (const auto& f : image["findings"]) rules.push_back(f["rule"].get<std::string>());
    return rules;
  };
  const auto has = [](const std::vector<std::string>& v, const char* s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  const auto run = run_photoaudit({"audit", "--format", "json", c, xca, none});
  REQUIRE(run.exit_code == 1);  // c2pa-invalid and credit-missing are errors
  const auto report = nlohmann::json::parse(run.out);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& image : report["images"]) {
    by_name[std::filesystem::path(image["path"].get<std::string>()).filename().string()] = image;
  }
  const auto& signed_image = by_name.at("C.jpg");
  CHECK(signed_image["content_credentials"]["state"] == "Valid");
  CHECK(signed_image["content_credentials"]["signer"] == "C2PA Signer");
  CHECK(signed_image["content_credentials"]["digital_source_type"] ==
        "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia");
  CHECK(has(rules_of(signed_image), "c2pa-untrusted"));
  CHECK(has(rules_of(signed_image), "ai-generated"));  // said only by the signed actions
  const auto& tampered = by_name.at("XCA.jpg");
  CHECK(tampered["content_credentials"]["state"] == "Invalid");
  CHECK(tampered["content_credentials"]["failures"][0] == "assertion.dataHash.mismatch");
  CHECK(has(rules_of(tampered), "c2pa-invalid"));
  CHECK_FALSE(by_name.at("no_manifest.jpg").contains("content_credentials"));

  const auto trusted = run_photoaudit(
      {"audit", "--format", "json", "--trust", (kC2pa / "test_cert_root_bundle.pem").string(), c});
  const auto trusted_report = nlohmann::json::parse(trusted.out);
  CHECK(trusted_report["images"][0]["content_credentials"]["state"] == "Trusted");
  CHECK_FALSE(has(rules_of(trusted_report["images"][0]), "c2pa-untrusted"));

  const auto bad_trust = run_photoaudit({"audit", "--trust", c, c});
  CHECK(bad_trust.exit_code == 2);
}

// OpenSSL 3.0 builds its algorithm tables on first use, and threads that race to do it can be handed nothing: a
// valid signature then read as "the signing certificate's key cannot be read" (X509_PUBKEY_get0: decode error),
// in CI on 2026-12-07 and once before. The tables are cold only in a fresh process, so the hidden case below runs
// in processes of its own: eight threads verify at the same instant. Without prepare_openssl (openssl_ready.hpp)
// about one such process in seven failed; twenty of them all passing is the test.
TEST_CASE("c2pa race child: eight threads verify at the same instant", "[.][c2pa-race-child]") {
  const std::vector<std::vector<std::uint8_t>> files{bytes_of(kC2pa / "CA.jpg"), bytes_of(kC2pa / "ocsp.jpg")};
  constexpr std::size_t kThreads = 8;
  std::barrier start(static_cast<std::ptrdiff_t>(kThreads));
  std::vector<std::string> states(kThreads);
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        const auto report = read_c2pa(files[i % files.size()], {});
        states[i] = report ? std::string(to_string(report->state)) : report.error().message;
      });
    }
  }
  for (std::size_t i = 0; i < kThreads; ++i) {
    INFO("thread " << i);
    CHECK(states[i] == "Valid");
  }
}

TEST_CASE("c2pa: threads verifying at once in a fresh process all read the valid signatures", "[c2pa]") {
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  for (int round = 0; round < 20; ++round) {
    const auto run = photoaudit::test::run_program(self, {"[c2pa-race-child]"});
    INFO("round " << round << "\n" << run.out << run.err);
    REQUIRE(run.exit_code == 0);
    REQUIRE(run.out.find("All tests passed (8 assertions in 1 test case)") != std::string::npos);
  }
}

TEST_CASE("c2pa: inspect shows a file's Content Credentials, and nothing for a file without them", "[c2pa]") {
  using photoaudit::test::run_photoaudit;
  const auto run = run_photoaudit(
      {"inspect", "--json", (kC2pa / "CA.jpg").string(), (kC2pa / "no_manifest.jpg").string()});
  REQUIRE(run.exit_code == 0);
  const auto records = nlohmann::json::parse(run.out);
  REQUIRE(records.size() == 2);
  INFO(records[0]["content_credentials"]["manifests"].dump());
  CHECK(records[0]["content_credentials"]["state"] == "Valid");
  CHECK(records[0]["content_credentials"]["manifests"][0]["ingredients"][0]["title"] == "A.jpg");
  CHECK_FALSE(records[1].contains("content_credentials"));
  const auto text = run_photoaudit({"inspect", (kC2pa / "XCA.jpg").string()});
  CHECK(text.out.find("Content Credentials  Invalid") != std::string::npos);
  CHECK(text.out.find("assertion.dataHash.mismatch") != std::string::npos);
}

TEST_CASE("c2pa: a copy that lost its Content Credentials is told where the credentialed original is", "[c2pa]") {
  const auto run = photoaudit::test::run_photoaudit(
      {"audit", "--format", "json", (kC2pa / "C.jpg").string(), (kC2pa / "C-stripped.jpg").string()});
  const auto report = nlohmann::json::parse(run.out);
  bool told = false;
  for (const auto& image : report["images"]) {
    const bool stripped = image["path"].get<std::string>().ends_with("C-stripped.jpg");
    for (const auto& f : image["findings"]) {
      if (f["rule"] != "duplicate-credit") continue;
      CHECK(stripped);  // only the copy without credentials is told
      const std::string message = f["message"].get<std::string>();
      CHECK(message.find("lost its Content Credentials") != std::string::npos);
      CHECK(message.find("C.jpg carries Valid credentials signed by C2PA Signer") != std::string::npos);
      told = true;
    }
  }
  CHECK(told);
}

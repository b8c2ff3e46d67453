// Hostile manifest stores built and signed by the test (c2pa_builder.hpp) over a real photo: a claim that references
// itself, ingredients in a cycle, 10,000 signed assertions, a store cut short, and stores of 300 MB by their
// declared size. Each gives a clear status, never a crash or a hang (the CI build runs them under ASan and UBSan).
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <string>

#include "c2pa_builder.hpp"
#include "photoaudit/audit/c2pa.hpp"
#include "support/files.hpp"

namespace {

using namespace photoaudit::audit;       // NOLINT(google-build-using-namespace): the API under test
using namespace photoaudit::test::c2pa;  // NOLINT(google-build-using-namespace): the builder

constexpr std::time_t kNow = 1'796'515'200;  // 2026-12-06T00:00:00Z
constexpr std::time_t kDay = 86'400;

Bytes photo() {
  const std::string s = photoaudit::test::read_file(std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "metadata" /
                                                    "utf8-iim.jpg");
  return {s.begin(), s.end()};
}

struct Keys {
  Credential root = make_credential(CertKind::kRoot, "Hostile Root", nullptr, kNow - kDay, kNow + kDay);
  Credential signer = make_credential(CertKind::kSigner, "Hostile Signer", &root, kNow - kDay, kNow + kDay);
};

ManifestSpec spec_for(const Keys& keys, const std::string& label) {
  ManifestSpec spec;
  spec.label = label;
  spec.assertions = {{"c2pa.hash.boxes", box_hash_for_jpeg(photo())}};
  spec.signer = &keys.signer;
  spec.chain = {&keys.root};
  return spec;
}

C2paReport read(const Bytes& file, std::size_t max_store_bytes = 64u << 20) {
  auto report = read_c2pa(file, {.max_store_bytes = max_store_bytes, .now = kNow});
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

TEST_CASE("c2pa hostile: a claim that references itself", "[c2pa]") {
  const Keys keys;
  SECTION("a hashed URI to its own claim box cannot match (the hash would be inside what it hashes)") {
    ManifestSpec spec = spec_for(keys, "urn:c2pa:self");
    spec.extra_references = {cbor_map(
        {{cbor_text("url"), cbor_text("self#jumbf=c2pa.claim.v2")}, {cbor_text("hash"), cbor_bytes(Bytes(32, 0xAB))}})};
    const C2paReport r = read(insert_into_jpeg(photo(), build_store(spec)));
    CHECK(find(active_of(r).failure, "assertion.hashedURI.mismatch") != nullptr);
    CHECK(r.state == C2paState::kInvalid);
  }
  SECTION("an ingredient whose manifest is the manifest it is in") {
    ManifestSpec spec = spec_for(keys, "urn:c2pa:self");
    spec.assertions.emplace_back("c2pa.ingredient", ingredient_assertion("me", "parentOf", "urn:c2pa:self"));
    const C2paReport r = read(insert_into_jpeg(photo(), build_store(spec)));
    const C2paStatus* cycle = find(active_of(r).failure, "general.error");
    REQUIRE(cycle != nullptr);
    CHECK(cycle->explanation.find("the manifest it is in") != std::string::npos);
    CHECK(r.state == C2paState::kInvalid);
  }
  SECTION("an update manifest whose parent is itself: the search for the hard binding ends") {
    ManifestSpec spec = spec_for(keys, "urn:c2pa:self");
    spec.update = true;
    spec.assertions = {{"c2pa.ingredient", ingredient_assertion("me", "parentOf", "urn:c2pa:self")}};
    const C2paReport r = read(insert_into_jpeg(photo(), build_store(spec)));
    CHECK(find(active_of(r).failure, "general.error") != nullptr);
    CHECK(r.state == C2paState::kInvalid);
  }
}

TEST_CASE("c2pa hostile: ingredients in a cycle are a failure, and reading ends", "[c2pa]") {
  const Keys keys;
  ManifestSpec first = spec_for(keys, "urn:c2pa:first");
  first.assertions.emplace_back("c2pa.ingredient", ingredient_assertion("second", "componentOf", "urn:c2pa:second"));
  ManifestSpec second = spec_for(keys, "urn:c2pa:second");
  second.assertions.emplace_back("c2pa.ingredient", ingredient_assertion("first", "parentOf", "urn:c2pa:first"));
  const C2paReport r = read(insert_into_jpeg(photo(), build_store({first, second})));
  REQUIRE(r.manifests.size() == 2);
  const C2paStatus* cycle = find(r.manifests[0].failure, "general.error");
  REQUIRE(cycle != nullptr);
  CHECK(cycle->explanation.find("cycle") != std::string::npos);
  CHECK(r.manifests[0].state == C2paState::kInvalid);
  // The active manifest's own ingredient comes before it: it is intact.
  CHECK(r.manifests[1].failure.empty());
}

TEST_CASE("c2pa hostile: 10,000 signed assertions are all verified", "[c2pa]") {
  const Keys keys;
  ManifestSpec spec = spec_for(keys, "urn:c2pa:many");
  for (int i = 0; i < 10'000; ++i) {
    spec.assertions.emplace_back("org.example.note__" + std::to_string(i), cbor_map({{cbor_text("n"), cbor_int(i)}}));
  }
  const Bytes file = insert_into_jpeg(photo(), build_store(spec));
  const auto start = std::chrono::steady_clock::now();
  const C2paReport r = read(file);
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(active_of(r).failure.empty());
  CHECK(std::count_if(active_of(r).success.begin(), active_of(r).success.end(),
                      [](const C2paStatus& s) { return s.code == "assertion.hashedURI.match"; }) == 10'001);
  CHECK(r.state == C2paState::kValid);
  CHECK(seconds < 10.0);  // generous for the sanitizer build (the release build takes a fraction of a second)
}

TEST_CASE("c2pa hostile: a truncated store is a store failure, never a file without credentials", "[c2pa]") {
  const Keys keys;
  const Bytes store = build_store(spec_for(keys, "urn:c2pa:cut"));
  SECTION("the store's boxes cut short inside a whole APP11 segment") {
    const Bytes cut(store.begin(), store.end() - 100);
    const C2paReport r = read(insert_into_jpeg(photo(), cut));
    CHECK(r.found);
    CHECK(find(r.store_failures, "general.error") != nullptr);
    CHECK(r.state == C2paState::kInvalid);
  }
  SECTION("the file cut inside the APP11 segment") {
    const Bytes whole = insert_into_jpeg(photo(), store);
    const Bytes cut(whole.begin(), whole.begin() + 2 + static_cast<long>(store.size()) / 2);
    const C2paReport r = read(cut);
    CHECK(r.found);
    const C2paStatus* failure = find(r.store_failures, "general.error");
    REQUIRE(failure != nullptr);
    CHECK(failure->explanation.find("cut short") != std::string::npos);
    CHECK(r.state == C2paState::kInvalid);
  }
}

TEST_CASE("c2pa hostile: a 300 MB store is refused by its size before it is assembled", "[c2pa]") {
  SECTION("a PNG caBX chunk that declares 300 MB") {
    Bytes png = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    const std::uint32_t length = 300u << 20;
    for (int i = 3; i >= 0; --i) png.push_back(static_cast<std::uint8_t>(length >> (8 * i)));
    png.insert(png.end(), {'c', 'a', 'B', 'X'});
    png.insert(png.end(), 4096, 0);
    const C2paReport r = read(png);
    CHECK(r.found);
    REQUIRE_FALSE(r.store_failures.empty());
    CHECK(r.state == C2paState::kInvalid);
  }
  SECTION("APP11 segments past the store bound (here 1 MiB) stop being assembled at the bound") {
    const Keys keys;
    ManifestSpec spec = spec_for(keys, "urn:c2pa:big");
    spec.assertions.emplace_back("org.example.blob", cbor_bytes(Bytes(3u << 20, 0x5A)));
    const C2paReport r = read(insert_into_jpeg(photo(), build_store(spec)), 1u << 20);
    CHECK(r.found);
    const C2paStatus* failure = find(r.store_failures, "general.error");
    REQUIRE(failure != nullptr);
    CHECK(failure->explanation.find("larger than the limit") != std::string::npos);
  }
}

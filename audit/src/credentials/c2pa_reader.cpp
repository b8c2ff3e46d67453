// Reading and verifying a C2PA manifest store (see c2pa.hpp).
#include <openssl/evp.h>

#include <algorithm>
#include <ctime>
#include <optional>
#include <string>

#include "credentials/action_rules.hpp"
#include "credentials/box_hash.hpp"
#include "credentials/c2pa_store.hpp"
#include "credentials/cbor_tree.hpp"
#include "credentials/cose_signature.hpp"
#include "credentials/digest.hpp"
#include "credentials/jumbf.hpp"
#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/common/enum_names.hpp"
#include "photoaudit/common/openssl_ready.hpp"

namespace photoaudit::audit {
namespace {

using credentials::digest_named;
using credentials::digest_of;
using credentials::JumbfBox;

constexpr std::string_view kStateNames[] = {"Invalid", "Valid", "Trusted"};
static_assert(names_cover(kStateNames, C2paState::kTrusted));

std::string rfc3339(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
  return buf;
}

// The label without a "__N" instance suffix ("c2pa.ingredient__1" -> "c2pa.ingredient").
std::string_view base_label(std::string_view label) {
  const std::size_t at = label.rfind("__");
  return at == std::string_view::npos ? label : label.substr(0, at);
}

struct ManifestReader {
  const JumbfBox& store;
  const JumbfBox& box;  // the manifest superbox
  std::span<const std::uint8_t> file;
  const credentials::StoreSearch& search;
  const credentials::TrustAnchors* anchors;  // null: trust is not checked
  const credentials::TrustAnchors* tsa;      // null: time-stamp authorities are not checked
  std::time_t now;
  C2paManifest m;
  // Filled by read(), for the store-level rules that follow it.
  bool update = false;                  // an update manifest (description type c2um)
  const JumbfBox* data_hash = nullptr;  // its c2pa.hash.data assertion, when the hashed URI matched
  const JumbfBox* box_hash = nullptr;   // its c2pa.hash.boxes assertion, likewise
  std::string hash_alg{};               // the claim's hash algorithm
  std::vector<std::string> parents{};   // labels of the manifests of its parentOf ingredients
  std::string other_binding{};          // the label of a hard binding other than c2pa.hash.data (not verified)

  std::string url(std::string_view path) const { return "self#jumbf=/c2pa/" + box.label + "/" + std::string(path); }
  void fail(std::string code, std::string_view path, std::string why) {
    m.failure.push_back({std::move(code), url(path), std::move(why)});
  }
  void succeed(std::string code, std::string_view path, std::string why) {
    m.success.push_back({std::move(code), url(path), std::move(why)});
  }
  void inform(std::string code, std::string_view path, std::string why) {
    m.informational.push_back({std::move(code), url(path), std::move(why)});
  }

  // The box a hashed URI names: "self#jumbf=c2pa.assertions/x" (this manifest) or "self#jumbf=/c2pa/label/...".
  const JumbfBox* resolve(std::string_view uri, const JumbfBox** manifest_out = nullptr) const {
    constexpr std::string_view kPrefix = "self#jumbf=";
    if (uri.starts_with(kPrefix)) uri.remove_prefix(kPrefix.size());
    const JumbfBox* at = &box;
    if (uri.starts_with("/")) {
      uri.remove_prefix(1);
      const std::size_t slash = uri.find('/');
      if (uri.substr(0, slash) != store.label) return nullptr;
      at = &store;
      uri = slash == std::string_view::npos ? std::string_view() : uri.substr(slash + 1);
      const std::size_t next = uri.find('/');
      at = at->child(uri.substr(0, next));
      if (at == nullptr) return nullptr;
      if (manifest_out != nullptr) *manifest_out = at;
      uri = next == std::string_view::npos ? std::string_view() : uri.substr(next + 1);
    }
    while (!uri.empty()) {
      const std::size_t slash = uri.find('/');
      at = at->child(uri.substr(0, slash));
      if (at == nullptr) return nullptr;
      uri = slash == std::string_view::npos ? std::string_view() : uri.substr(slash + 1);
    }
    return at;
  }

  // Checks one hashed URI ({url, alg, hash}); returns the box when it matches.
  const JumbfBox* check_hashed_uri(const cbor_item_t* ref, std::string_view claim_alg) {
    const auto uri = credentials::text_of(credentials::map_get(ref, "url"));
    const auto hash = credentials::bytes_of(credentials::map_get(ref, "hash"));
    const auto alg = credentials::text_of(credentials::map_get(ref, "alg"));
    if (!uri || !hash) {
      fail("claim.cbor.invalid", "c2pa.claim", "a hashed URI without url or hash");
      return nullptr;
    }
    const std::string path = uri->substr(std::min(uri->size(), std::string_view("self#jumbf=").size()));
    const JumbfBox* target = resolve(*uri);
    if (target == nullptr) {
      fail("assertion.missing", path, "the claim references " + *uri + ", which is not in the store");
      return nullptr;
    }
    const std::string named = alg ? *alg : std::string(claim_alg);
    const EVP_MD* md = digest_named(named);
    if (md == nullptr) {
      fail("algorithm.unsupported", path,
           named.empty() ? "no hash algorithm is named for " + *uri : "hash algorithm " + named + " is not supported");
      return nullptr;
    }
    const std::span<const std::uint8_t> parts[] = {target->contents()};
    if (digest_of(md, parts) != *hash) {
      fail("assertion.hashedURI.mismatch", path, "hash of " + *uri + " does not match the claim");
      return nullptr;
    }
    succeed("assertion.hashedURI.match", path, "hashed uri matched: " + *uri);
    return target;
  }

  void read_actions(const JumbfBox& assertion) {
    auto cbor = credentials::load_cbor(assertion.data(), assertion.label);
    if (!cbor) {
      fail("assertion.cbor.invalid", "c2pa.assertions/" + assertion.label, cbor.error().message);
      return;
    }
    for (const cbor_item_t* a : credentials::array_of(credentials::map_get(cbor->get(), "actions"))) {
      m.actions.push_back({credentials::text_of(credentials::map_get(a, "action")).value_or(""),
                           credentials::name_of_agent(credentials::map_get(a, "softwareAgent")),
                           credentials::text_of(credentials::map_get(a, "digitalSourceType")).value_or("")});
    }
  }

  void read_ingredient(const JumbfBox& assertion) {
    auto cbor = credentials::load_cbor(assertion.data(), assertion.label);
    if (!cbor) {
      fail("assertion.cbor.invalid", "c2pa.assertions/" + assertion.label, cbor.error().message);
      return;
    }
    C2paIngredient ingredient{credentials::text_of(credentials::map_get(cbor->get(), "dc:title")).value_or(""),
                              credentials::text_of(credentials::map_get(cbor->get(), "relationship")).value_or(""), ""};
    const cbor_item_t* ref = credentials::map_get(cbor->get(), "c2pa_manifest");
    if (ref == nullptr) ref = credentials::map_get(cbor->get(), "activeManifest");
    if (ref != nullptr) {
      const JumbfBox* manifest = nullptr;
      const auto uri = credentials::text_of(credentials::map_get(ref, "url"));
      if (uri && resolve(*uri, &manifest) != nullptr && manifest != nullptr) {
        ingredient.manifest = manifest->label;
        if (ingredient.relationship == "parentOf") parents.push_back(manifest->label);
      } else {
        fail("claim.missing", "c2pa.assertions/" + assertion.label,
             "the ingredient's manifest " + uri.value_or("(no url)") + " is not in the store");
      }
    }
    m.ingredients.push_back(std::move(ingredient));
  }

  void check_data_hash(const JumbfBox& assertion, const std::string& claim_alg) {
    const std::string path = "c2pa.assertions/" + assertion.label;
    auto cbor = credentials::load_cbor(assertion.data(), assertion.label);
    if (!cbor) {
      fail("assertion.cbor.invalid", path, cbor.error().message);
      return;
    }
    const auto expected = credentials::bytes_of(credentials::map_get(cbor->get(), "hash"));
    const EVP_MD* md = digest_named(credentials::text_of(credentials::map_get(cbor->get(), "alg")).value_or(claim_alg));
    if (!expected || md == nullptr) {
      fail(md == nullptr ? "algorithm.unsupported" : "assertion.cbor.invalid", path, "data hash without a usable hash");
      return;
    }
    std::vector<std::pair<std::size_t, std::size_t>> exclusions;
    for (const cbor_item_t* e : credentials::array_of(credentials::map_get(cbor->get(), "exclusions"))) {
      const auto start = credentials::int_of(credentials::map_get(e, "start"));
      const auto length = credentials::int_of(credentials::map_get(e, "length"));
      if (!start || !length || *start < 0 || *length < 0 || static_cast<std::uint64_t>(*start) > file.size() ||
          static_cast<std::uint64_t>(*length) > file.size() - static_cast<std::size_t>(*start)) {
        fail("assertion.dataHash.mismatch", path, "an exclusion range lies outside the file");
        return;
      }
      exclusions.emplace_back(static_cast<std::size_t>(*start), static_cast<std::size_t>(*length));
    }
    std::sort(exclusions.begin(), exclusions.end());
    if (!search.external) {
      // The manifest store itself must be excluded, or the hash could never have matched when it was signed. A
      // store that grew after signing (an update manifest appended to it) still starts where the exclusion
      // starts: the exclusion then stands for the whole store as it is now (its contents are verified as boxes).
      bool covers_store = false;
      for (auto& [start, length] : exclusions) {
        if (start == search.span_start && length < search.span_length) length = search.span_length;
        covers_store = covers_store ||
                       (start <= search.span_start && start + length >= search.span_start + search.span_length);
      }
      if (!covers_store) {
        fail("assertion.dataHash.mismatch", path, "the exclusions do not cover the manifest store");
        return;
      }
    }
    std::vector<std::span<const std::uint8_t>> parts;
    std::size_t at = 0;
    for (const auto& [start, length] : exclusions) {
      if (start > at) parts.push_back(file.subspan(at, start - at));
      at = std::max(at, start + length);
    }
    if (at < file.size()) parts.push_back(file.subspan(at));
    if (digest_of(md, parts) != *expected) {
      fail("assertion.dataHash.mismatch", path, "the asset's bytes do not match the data hash");
      return;
    }
    succeed("assertion.dataHash.match", path, "data hash valid");
  }

  void check_box_hash(const JumbfBox& assertion, const std::string& claim_alg) {
    const std::string path = "c2pa.assertions/" + assertion.label;
    credentials::BoxHashVerdict v = credentials::verify_box_hash(assertion.data(), file, search, claim_alg);
    if (v.matched()) {
      succeed(std::move(v.code), path, std::move(v.explanation));
    } else {
      fail(std::move(v.code), path, std::move(v.explanation));
    }
  }

  void read_claim_fields(const cbor_item_t* claim) {
    m.title = credentials::text_of(credentials::map_get(claim, "dc:title")).value_or("");
    m.format = credentials::text_of(credentials::map_get(claim, "dc:format")).value_or("");
    m.instance_id = credentials::text_of(credentials::map_get(claim, "instanceID")).value_or("");
    if (auto generator = credentials::text_of(credentials::map_get(claim, "claim_generator"))) {
      m.claim_generator = *generator;
      return;
    }
    const cbor_item_t* info = credentials::map_get(claim, "claim_generator_info");
    std::vector<const cbor_item_t*> infos;
    if (info != nullptr && cbor_isa_map(info)) infos.push_back(info);
    for (const cbor_item_t* i : credentials::array_of(info)) infos.push_back(i);
    for (const cbor_item_t* i : infos) {
      std::string one = credentials::text_of(credentials::map_get(i, "name")).value_or("");
      if (auto version = credentials::text_of(credentials::map_get(i, "version"))) one += "/" + *version;
      if (!m.claim_generator.empty()) m.claim_generator += " ";
      m.claim_generator += one;
    }
  }

  void read_signature(std::span<const std::uint8_t> claim_bytes, const cbor_item_t* claim) {
    const JumbfBox* signature = box.child("c2pa.signature");
    if (signature == nullptr) {
      fail("claimSignature.missing", "c2pa.signature", "the manifest has no claim signature");
      return;
    }
    const credentials::CoseVerdict v = credentials::verify_claim_signature(signature->data(), claim_bytes, tsa, now);
    m.algorithm = v.algorithm;
    m.signer = v.signer;
    m.signer_organization = v.signer_organization;
    m.issuer = v.issuer;
    m.time = v.time;
    report_time_stamp(v.time_stamp);
    if (v.chain_too_long) {
      fail("signingCredential.invalid", "c2pa.signature", v.problem);
      return;
    }
    if (!v.algorithm_supported) {
      // A v2 claim may name its algorithm only in "alg" of the claim: the COSE header is what is verified.
      (void)claim;
      fail(v.readable ? "algorithm.unsupported" : "claimSignature.mismatch", "c2pa.signature", v.problem);
      return;
    }
    if (!v.signature_valid) {
      fail("claimSignature.mismatch", "c2pa.signature", "claim signature not valid: " + v.problem);
      return;
    }
    succeed("claimSignature.validated", "c2pa.signature", "claim signature valid");
    const std::string signing_time = rfc3339(v.signing_time);
    const std::string at = signing_time + (v.signing_time_from_time_stamp ? " (the time-stamp's time)" : " (now)");
    if (v.profile_checked) {
      if (!v.profile.violations.empty()) {
        std::string why = "the signing certificate does not follow the C2PA certificate profile: ";
        for (std::size_t i = 0; i < v.profile.violations.size(); ++i) {
          why += (i == 0 ? "" : "; ") + v.profile.violations[i];
        }
        fail("signingCredential.invalid", "c2pa.signature", why);
      }
      if (v.profile.inside_validity == false) {
        fail("claimSignature.outsideValidity", "c2pa.signature", "the signing certificate was not valid at " + at);
      } else if (v.profile.inside_validity == true) {
        succeed("claimSignature.insideValidity", "c2pa.signature", "the signing certificate was valid at " + at);
      }
    }
    report_ocsp(v.ocsp);
    if (anchors == nullptr) return;
    std::string why;
    if (anchors->verifies(v.chain, signing_time, &why)) {
      succeed("signingCredential.trusted", "c2pa.signature", "the signing certificate chains to a trust anchor");
    } else {
      fail("signingCredential.untrusted", "c2pa.signature", "signing certificate untrusted: " + why);
    }
  }

  void report_ocsp(const credentials::OcspVerdict& ocsp) {
    using S = credentials::OcspVerdict::Status;
    switch (ocsp.status) {
      case S::kNotRevoked:
        succeed("signingCredential.ocsp.notRevoked", "c2pa.signature", ocsp.explanation);
        break;
      case S::kRevoked:
        fail("signingCredential.ocsp.revoked", "c2pa.signature", ocsp.explanation);
        break;
      case S::kUnknown:
        inform("signingCredential.ocsp.unknown", "c2pa.signature", ocsp.explanation);
        break;
      case S::kNone:
        inform("signingCredential.ocsp.skipped", "c2pa.signature", ocsp.explanation);
        break;
    }
  }

  void report_time_stamp(const credentials::TimeStampVerdict& ts) {
    if (!ts.present) return;
    const std::string path = "c2pa.signature";
    if (ts.malformed) {
      m.informational.push_back({"timeStamp.malformed", url(path), "the time-stamp cannot be read"});
      return;
    }
    if (!ts.validated()) {
      fail("timeStamp.mismatch", path, ts.label + ": " + ts.problem);
      return;
    }
    succeed("timeStamp.validated", path, ts.label + ": the time-stamp matches the signature it stamps");
    if (ts.tsa_trusted) {
      succeed("timeStamp.trusted", path, "the time-stamp authority chains to a --tsa-trust anchor");
    } else {
      m.informational.push_back({"timeStamp.untrusted", url(path),
                                 ts.tsa_checked ? ts.problem : "no time-stamp authority anchors (--tsa-trust) given"});
    }
  }

  void read() {
    m.label = box.label;
    const JumbfBox* claim_box = box.child("c2pa.claim.v2");
    if (claim_box != nullptr) {
      m.claim_version = 2;
    } else {
      claim_box = box.child("c2pa.claim");
    }
    if (claim_box == nullptr) {
      fail("claim.missing", "c2pa.claim", "the manifest has no claim");
      return;
    }
    const std::span<const std::uint8_t> claim_bytes = claim_box->data();
    auto claim = credentials::load_cbor(claim_bytes, "claim");
    if (!claim) {
      fail("claim.cbor.invalid", "c2pa.claim", claim.error().message);
      return;
    }
    read_claim_fields(claim->get());
    read_signature(claim_bytes, claim->get());
    // A v1 claim without "alg" hashes with SHA-256; a v2 claim must name it, here or in each hashed URI.
    hash_alg =
        credentials::text_of(credentials::map_get(claim->get(), "alg")).value_or(m.claim_version == 1 ? "sha256" : "");
    update = box.uuid_hex.starts_with("6332756d");  // "c2um"
    std::vector<const cbor_item_t*> refs;
    for (const char* key : {"assertions", "created_assertions", "gathered_assertions"}) {
      for (const cbor_item_t* r : credentials::array_of(credentials::map_get(claim->get(), key))) refs.push_back(r);
    }
    int hard_bindings = 0;
    for (const cbor_item_t* ref : refs) {
      const JumbfBox* assertion = check_hashed_uri(ref, hash_alg);
      if (assertion == nullptr) continue;
      const std::string_view label = base_label(assertion->label);
      if (label == "c2pa.actions" || label == "c2pa.actions.v2") read_actions(*assertion);
      if (label.starts_with("c2pa.ingredient")) read_ingredient(*assertion);
      if (label.starts_with("c2pa.hash.")) ++hard_bindings;
      if (label == "c2pa.hash.data") {
        data_hash = assertion;
      } else if (label == "c2pa.hash.boxes") {
        box_hash = assertion;
      } else if (label.starts_with("c2pa.hash.") && other_binding.empty()) {
        other_binding = assertion->label;
      }
    }
    if (update) {
      // An update manifest changes no content: no hard binding, and exactly one parentOf ingredient.
      if (hard_bindings > 0) {
        fail("manifest.update.invalid", "c2pa.assertions", "an update manifest carries a hard binding");
      }
      if (parents.size() != 1) {
        fail("manifest.update.wrongParents", "c2pa.assertions",
             "an update manifest needs exactly one parentOf ingredient in the store, it has " +
                 std::to_string(parents.size()));
      }
    } else {
      // The first-action rules are C2PA 2.x's: v2 claims only (c2pa-rs and 1.x signers accept older ones).
      if (m.claim_version >= 2) {
        for (const auto& p : credentials::first_action_problems(m.actions, m.ingredients)) {
          fail(p.code, "c2pa.assertions", p.explanation);
        }
      }
    }
    if (!update && hard_bindings == 0) {
      fail("claim.hardBindings.missing", "c2pa.assertions", "a standard manifest without a hard binding");
    } else if (hard_bindings > 1) {
      fail("assertion.multipleHardBindings", "c2pa.assertions", "more than one hard binding");
    }
  }
};

// An ingredient's manifest comes before the manifest that names it (a store is written oldest first): one that names
// its own manifest or a later one makes the ingredients a cycle, which is a failure of the manifest naming it.
void check_ingredient_order(std::vector<ManifestReader>& readers) {
  for (std::size_t i = 0; i < readers.size(); ++i) {
    for (const C2paIngredient& ingredient : readers[i].m.ingredients) {
      if (ingredient.manifest.empty()) continue;
      const auto at = std::find_if(readers.begin(), readers.end(),
                                   [&](const ManifestReader& r) { return r.box.label == ingredient.manifest; });
      const auto j = static_cast<std::size_t>(at - readers.begin());
      if (j < i) continue;
      readers[i].fail("general.error", "c2pa.assertions",
                      "the ingredient \"" + ingredient.title + "\" names " +
                          (j == i ? std::string("the manifest it is in")
                                  : "the manifest " + ingredient.manifest +
                                        ", which comes after it in the store: the ingredients form a cycle"));
    }
  }
}

// Invalid on any failure but an untrusted signer, which leaves a well-formed, intact manifest Valid.
void settle_state(C2paManifest& m, bool trust_checked) {
  const bool failed = std::any_of(m.failure.begin(), m.failure.end(),
                                  [](const C2paStatus& s) { return s.code != "signingCredential.untrusted"; });
  if (failed) {
    m.state = C2paState::kInvalid;
  } else {
    const bool trusted = std::any_of(m.success.begin(), m.success.end(),
                                     [](const C2paStatus& s) { return s.code == "signingCredential.trusted"; });
    m.state = trust_checked && trusted ? C2paState::kTrusted : C2paState::kValid;
  }
}

}  // namespace

std::string_view to_string(C2paState state) { return name_of(kStateNames, state, "Invalid"); }

struct C2paVerifier::Anchors {
  std::optional<credentials::TrustAnchors> trust;  // signers' anchors
  std::optional<credentials::TrustAnchors> tsa;    // time-stamp authorities' anchors
};

bool C2paVerifier::checks_trust() const { return anchors_ && anchors_->trust.has_value(); }

Result<C2paVerifier> C2paVerifier::create(const C2paOptions& options) {
  prepare_openssl();  // before any thread reads with this verifier
  C2paVerifier verifier;
  verifier.options_ = options;
  Anchors anchors;
  if (!options.trust_anchors_pem.empty()) {
    auto trust = credentials::TrustAnchors::from_pem(options.trust_anchors_pem);
    if (!trust) return std::unexpected(trust.error());
    anchors.trust = std::move(*trust);
  }
  if (!options.tsa_anchors_pem.empty()) {
    auto tsa = credentials::TrustAnchors::from_pem(options.tsa_anchors_pem);
    if (!tsa) return std::unexpected(Error::invalid_argument("time-stamp authorities: " + tsa.error().message));
    anchors.tsa = std::move(*tsa);
  }
  verifier.anchors_ = std::make_shared<const Anchors>(std::move(anchors));
  return verifier;
}

Result<C2paReport> read_c2pa(std::span<const std::uint8_t> file, const C2paOptions& options) {
  auto verifier = C2paVerifier::create(options);
  if (!verifier) return std::unexpected(verifier.error());
  return verifier->read(file);
}

C2paReport C2paVerifier::read(std::span<const std::uint8_t> file) const {
  const C2paOptions& options = options_;
  const credentials::StoreSearch search = credentials::find_c2pa_store(file, options.max_store_bytes);
  if (!search.found) {
    C2paReport report;
    report.provenance = credentials::provenance_reference(file);
    return report;
  }
  return read_store(file, search);
}

C2paReport C2paVerifier::read_external(std::span<const std::uint8_t> file, std::span<const std::uint8_t> store,
                                       std::string container) const {
  credentials::StoreSearch search;
  search.found = true;
  search.container = std::move(container);
  if (store.size() > options_.max_store_bytes) {
    search.problem = "manifest store larger than the limit (" + std::to_string(options_.max_store_bytes) + " bytes)";
  } else {
    search.store.assign(store.begin(), store.end());
  }
  search.external = true;
  return read_store(file, search);
}

C2paReport C2paVerifier::read_store(std::span<const std::uint8_t> file, const credentials::StoreSearch& search) const {
  prepare_openssl();
  const std::time_t now = options_.now != 0 ? static_cast<std::time_t>(options_.now) : std::time(nullptr);
  C2paReport report;
  report.found = search.found;
  report.container = search.container;
  if (!search.problem.empty()) {
    report.store_failures.push_back({"general.error", "self#jumbf=/c2pa", search.problem});
    return report;
  }
  auto store = credentials::parse_jumbf(search.store);
  if (!store) {
    report.store_failures.push_back({"general.error", "self#jumbf=/c2pa", store.error().message});
    return report;
  }
  std::vector<const JumbfBox*> manifests;
  for (const JumbfBox& child : store->children) {
    if (child.is_superbox()) manifests.push_back(&child);
  }
  if (manifests.empty()) {
    report.store_failures.push_back({"claim.missing", "self#jumbf=/c2pa", "the store holds no manifest"});
    return report;
  }
  std::vector<ManifestReader> readers;
  readers.reserve(manifests.size());
  for (std::size_t i = 0; i < manifests.size(); ++i) {
    readers.push_back(ManifestReader{*store,
                                     *manifests[i],
                                     file,
                                     search,
                                     anchors_ && anchors_->trust ? &*anchors_->trust : nullptr,
                                     anchors_ && anchors_->tsa ? &*anchors_->tsa : nullptr,
                                     now,
                                     {}});
    readers.back().read();
  }
  check_ingredient_order(readers);
  // The asset's hard binding is the active manifest's; when that is an update manifest, its parent's (and so on,
  // through update manifests, at most once per manifest).
  std::size_t binding = readers.size() - 1;
  for (std::size_t steps = 0; readers[binding].update && readers[binding].parents.size() == 1 && steps < readers.size();
       ++steps) {
    const std::string& parent_label = readers[binding].parents[0];
    const auto parent = std::find_if(readers.begin(), readers.end(),
                                     [&](const ManifestReader& r) { return r.box.label == parent_label; });
    if (parent == readers.end()) break;
    binding = static_cast<std::size_t>(parent - readers.begin());
  }
  ManifestReader& bound = readers[binding];
  if (bound.data_hash != nullptr) {
    bound.check_data_hash(*bound.data_hash, bound.hash_alg);
  } else if (bound.box_hash != nullptr) {
    bound.check_box_hash(*bound.box_hash, bound.hash_alg);
  } else if (!bound.other_binding.empty()) {
    // c2pa.hash.bmff, .collection: not verified yet. Never Valid with the asset's bytes unchecked.
    bound.fail("general.error", "c2pa.assertions/" + bound.other_binding,
               "the hard binding " + bound.other_binding +
                   " is not verified by this version of photoaudit: the asset's bytes are unchecked");
  }
  if (binding != readers.size() - 1) {
    for (const C2paStatus& f : bound.m.failure) {
      if (f.code.starts_with("assertion.dataHash.") || f.code.starts_with("assertion.boxesHash.") ||
          f.code == "general.error") {
        readers.back().m.failure.push_back(f);
      }
    }
  }
  for (ManifestReader& reader : readers) {
    settle_state(reader.m, checks_trust());
    report.manifests.push_back(std::move(reader.m));
  }
  report.active_manifest = report.manifests.back().label;
  report.state = report.manifests.back().state;
  return report;
}

}  // namespace photoaudit::audit

// Content Credentials: reading and verifying the C2PA manifest store embedded in an image, offline.
//
// read_c2pa() finds the store (JPEG APP11, PNG caBX, WebP C2PA, TIFF 0xCD41), parses its manifests (JUMBF, CBOR
// claims and assertions), and verifies what can be verified from the file alone with OpenSSL: each claim's
// COSE_Sign1 signature against its leaf certificate, the leaf's C2PA certificate profile and validity at the
// signing time, the RFC 3161 time-stamp (imprint, signature, and its TSA when the caller passes TSA anchors), a
// stapled OCSP response (rVals) for the signing certificate, every hashed URI in the claim, the asset's hard
// binding (c2pa.hash.data over the file minus its exclusions, or c2pa.hash.boxes over the JPEG or PNG boxes it
// names, in the active manifest or, for an update manifest, its parent), and, when the caller passes trust anchors,
// the signer's certificate chain. Nothing is fetched and nothing is trusted by default. Status codes are the C2PA
// specification's (validation chapter): "claimSignature.validated", "assertion.dataHash.mismatch", ...
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit {

namespace credentials {
struct StoreSearch;  // private: where the store was found (credentials/c2pa_store.hpp)
}

// One validation status: a specification code, the JUMBF URI it is about, and an explanation for people.
struct C2paStatus {
  std::string code;
  std::string url;
  std::string explanation;

  bool operator==(const C2paStatus&) const = default;
};

// The outcome for a manifest (and for the file, the active manifest's): Invalid (a failure code), Valid
// (signature and bindings good, signer not trusted or no anchors given), Trusted (Valid and the signer chains to
// an anchor the caller passed).
enum class C2paState { kInvalid, kValid, kTrusted };
std::string_view to_string(C2paState state);

struct C2paAction {
  std::string action;               // "c2pa.created", "c2pa.edited", ...
  std::string software_agent;       // its name
  std::string digital_source_type;  // IPTC digital source type URI, "" when not given

  bool operator==(const C2paAction&) const = default;
};

struct C2paIngredient {
  std::string title;
  std::string relationship;  // "parentOf", "componentOf", "inputTo"
  std::string manifest;      // the label of the ingredient's own manifest in this store, "" when none

  bool operator==(const C2paIngredient&) const = default;
};

struct C2paManifest {
  std::string label;  // "contentauth:urn:uuid:..." / "urn:c2pa:..."
  int claim_version = 1;
  std::string claim_generator;  // v1 claim_generator, else the generator infos joined: "name/version ..."
  std::string title;            // dc:title
  std::string format;           // dc:format
  std::string instance_id;
  std::string algorithm;            // "PS256", "ES256", ... ("" when the signature could not be read)
  std::string signer;               // the signing certificate's subject common name
  std::string signer_organization;  // its subject organization
  std::string issuer;               // the issuing CA's organization (or common name)
  std::string time;                 // the time-stamp's generation time (RFC 3339), "" when there is none
  std::vector<C2paAction> actions;
  std::vector<C2paIngredient> ingredients;
  std::vector<C2paStatus> success;
  std::vector<C2paStatus> informational;
  std::vector<C2paStatus> failure;
  C2paState state = C2paState::kInvalid;
};

struct C2paReport {
  bool found = false;  // a store was found (a malformed one included)
  // "jpeg-app11", "png-caBX", "webp-riff", "tiff-cd41"; "sidecar", "remote" (read_external)
  std::string container;
  // When the file carries no store: the manifest its XMP names with dcterms:provenance ("" when none): a remote
  // URL (https://...), or a "self#jumbf=..." URI of a store the file no longer carries. Never fetched here.
  std::string provenance;
  std::string active_manifest;             // the label of the store's last manifest
  std::vector<C2paManifest> manifests;     // store order; the active one last
  std::vector<C2paStatus> store_failures;  // the store itself is malformed (then manifests may be empty)
  C2paState state = C2paState::kInvalid;   // the file's: the active manifest's state, Invalid on store failures

  // The active manifest, or nullptr.
  const C2paManifest* active() const { return manifests.empty() ? nullptr : &manifests.back(); }
};

struct C2paOptions {
  std::string trust_anchors_pem{};  // PEM certificates: roots, intermediates or end-entity certificates to trust
  std::string tsa_anchors_pem{};    // PEM certificates of time-stamp authorities to trust ("": TSAs are not checked)
  std::size_t max_store_bytes = 64u << 20;  // a larger store is a failure, read no further
  std::int64_t now = 0;  // the time a certificate is judged at when no usable time-stamp says when it signed;
                         // 0: the clock (tests pin it)
};

// Reads and verifies stores with one set of options; create() parses the trust anchors once, and read() may be
// called from many threads at once.
class C2paVerifier {
 public:
  // Fails (kInvalidArgument) only when trust_anchors_pem or tsa_anchors_pem is given but holds no certificate.
  static Result<C2paVerifier> create(const C2paOptions& options);

  // Reads `file` (the whole image file's bytes). Never fails: a damaged store is a report with store_failures.
  C2paReport read(std::span<const std::uint8_t> file) const;

  // Reads a manifest store kept outside `file` (a sidecar NAME.c2pa, or a remote manifest the caller fetched) and
  // verifies it against `file` as if it were embedded, except that the data hash needs no exclusion for it.
  // `container` names where it came from ("sidecar", "remote"). Never fails, like read().
  C2paReport read_external(std::span<const std::uint8_t> file, std::span<const std::uint8_t> store,
                           std::string container) const;

  // True when trust anchors were given: signers are checked against them (else nothing is trusted).
  bool checks_trust() const;

  // The options it was created with (a reading worker process re-creates the verifier from them).
  const C2paOptions& options() const { return options_; }

 private:
  struct Anchors;
  C2paReport read_store(std::span<const std::uint8_t> file, const credentials::StoreSearch& search) const;
  C2paOptions options_;
  std::shared_ptr<const Anchors> anchors_;  // never null after create()
};

// C2paVerifier::create(options) and read(file) in one call.
Result<C2paReport> read_c2pa(std::span<const std::uint8_t> file, const C2paOptions& options = {});

}  // namespace photoaudit::audit

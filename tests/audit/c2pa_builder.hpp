// Test-only: building signed C2PA manifest stores (JUMBF, CBOR claims, COSE_Sign1 with ES256) and the
// certificates and OCSP responses they carry, with OpenSSL, so that tests can verify what no sample file has (box
// hashes, stapled OCSP). Written from the specification, independently of the code under test.
#pragma once

#include <openssl/types.h>

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace photoaudit::test::c2pa {

using Bytes = std::vector<std::uint8_t>;

// CBOR (RFC 8949), definite lengths.
Bytes cbor_uint(std::uint64_t n);
Bytes cbor_int(std::int64_t n);
Bytes cbor_text(const std::string& s);
Bytes cbor_bytes(const Bytes& b);
Bytes cbor_array(const std::vector<Bytes>& items);
Bytes cbor_map(const std::vector<std::pair<Bytes, Bytes>>& entries);
Bytes cbor_tag(std::uint64_t tag, const Bytes& item);
Bytes cbor_bool(bool b);
Bytes cbor_null();

// An EC P-256 key and its certificate. Move-only.
struct Credential {
  std::shared_ptr<EVP_PKEY> key;
  std::shared_ptr<X509> cert;
  Bytes der() const;
};

enum class CertKind { kRoot, kSigner, kOcspResponder };

// A certificate for a new key, valid from `not_before` to `not_after`, issued by `issuer` (a root when null, which
// then signs itself). kRoot: CA true, keyCertSign. kSigner: the C2PA claim-signing profile (digitalSignature, critical;
// emailProtection). kOcspResponder: digitalSignature, id-kp-OCSPSigning.
Credential make_credential(CertKind kind, const std::string& common_name, const Credential* issuer,
                           std::time_t not_before, std::time_t not_after);

enum class OcspStatus { kGood, kRevoked, kUnknown };

// A DER OCSPResponse (successful) about `subject` issued by `issuer`, signed by `responder` (the issuer itself or a
// delegated responder, whose certificate it carries), thisUpdate..nextUpdate, revoked at `revoked_at` when kRevoked.
Bytes make_ocsp_response(const Credential& subject, const Credential& issuer, const Credential& responder,
                         OcspStatus status, std::time_t this_update, std::time_t next_update,
                         std::time_t revoked_at = 0);

// One manifest to sign: its assertions (label, CBOR) are referenced from a v2 claim's created_assertions with
// SHA-256 hashed URIs; the COSE_Sign1 (ES256, x5chain = signer then chain) carries `unprotected` as its
// unprotected header.
struct ManifestSpec {
  std::string label = "urn:c2pa:11111111-2222-3333-4444-555555555555";
  std::vector<std::pair<std::string, Bytes>> assertions;
  std::vector<Bytes> extra_references;  // more hashed URIs (CBOR maps) for created_assertions, as given
  bool update = false;                  // an update manifest (description type c2um) rather than a standard one
  Bytes unprotected = cbor_map({});
  const Credential* signer = nullptr;
  std::vector<const Credential*> chain;  // the certificates after the signer's
};

// The manifest store (a "c2pa" superbox) holding the one manifest, or the manifests in order (the last active).
Bytes build_store(const ManifestSpec& spec);
Bytes build_store(const std::vector<ManifestSpec>& specs);

// A c2pa.ingredient assertion: {"dc:title", "relationship", "c2pa_manifest": {"url": "self#jumbf=/c2pa/LABEL",
// "hash": <none>}}.
Bytes ingredient_assertion(const std::string& title, const std::string& relationship, const std::string& manifest);

// `jpeg` with `store` in APP11 segments (CI "JP", instance 1, sequence from 1) right after SOI.
Bytes insert_into_jpeg(const Bytes& jpeg, const Bytes& store);

// A c2pa.hash.boxes assertion for `jpeg` (without a store) as it will be once the store is inserted after SOI:
// {"SOI"}, {"C2PA"}, one entry for all segments before the first SOS, then one per segment (SOS with its entropy-
// coded data) up to EOI, SHA-256. The box names are the specification's (APPn, DQT, SOFn, DHT, SOS, EOI).
Bytes box_hash_for_jpeg(const Bytes& jpeg);

// `png` with `store` in a caBX chunk right after IHDR.
Bytes insert_into_png(const Bytes& png, const Bytes& store);

// A c2pa.hash.boxes assertion for `png` (without a store) as it will be once the store is inserted after IHDR:
// {"PNGh"} (the signature), {"IHDR"}, {"C2PA"}, then one entry per chunk by its type, SHA-256.
Bytes box_hash_for_png(const Bytes& png);

// The unprotected header {"rVals": {"ocspVals": [responses...]}}.
Bytes stapled_ocsp(const std::vector<Bytes>& responses);

}  // namespace photoaudit::test::c2pa

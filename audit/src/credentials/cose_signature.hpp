// Private: a C2PA claim signature (COSE_Sign1, RFC 9052, with a detached payload), verified with OpenSSL.
#pragma once

#include <openssl/types.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "credentials/certificate_profile.hpp"
#include "credentials/ocsp.hpp"
#include "credentials/time_stamp.hpp"
#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::credentials {

// The longest x5chain read; a longer one is a signingCredential.invalid, its certificates never parsed.
inline constexpr std::size_t kMaxChainCertificates = 32;

struct CoseVerdict {
  bool readable = false;                         // the COSE_Sign1 structure parsed
  std::string algorithm;                         // "ES256", "PS256", "Ed25519", ...; "" when none is named
  bool algorithm_supported = false;              // one of ES256/384/512, PS256/384/512, Ed25519
  bool signature_valid = false;                  // the signature verifies with the leaf certificate's key
  std::string problem;                           // why it is not valid (for the explanation), "" when valid
  std::vector<std::vector<std::uint8_t>> chain;  // x5chain certificates (DER), leaf first
  bool chain_too_long = false;                   // x5chain holds more than kMaxChainCertificates: not verified
  std::string signer;                            // leaf subject CN
  std::string signer_organization;               // leaf subject O
  std::string issuer;                            // leaf issuer O, else CN
  std::string time;                              // RFC 3339 time of the time-stamp token (sigTst/sigTst2), "" when none
  TimeStampVerdict time_stamp;                   // the time-stamp, verified (see time_stamp.hpp)
  std::time_t signing_time = 0;                  // the validated time-stamp's time when it may be used, else `now`
  bool signing_time_from_time_stamp = false;     // signing_time came from the time-stamp
  bool profile_checked = false;                  // the leaf certificate was read and its profile checked
  ProfileVerdict profile;                        // the signing-certificate profile at signing_time
  OcspVerdict ocsp;                              // the stapled OCSP response (rVals) at signing_time
};

// Verifies `cose` (the c2pa.signature box's CBOR) over `claim` (the claim box's original bytes): the signature,
// the time-stamp (against `tsa`, borrowed, null: TSA trust is not checked), the leaf certificate's profile and a
// stapled OCSP response.
// The signing time is the time-stamp's when it validates and, when `tsa` is given, its TSA is trusted; else
// `now`.
CoseVerdict verify_claim_signature(std::span<const std::uint8_t> cose, std::span<const std::uint8_t> claim,
                                   const TrustAnchors* tsa, std::time_t now);

// The COSE Sig_structure [context, protected header bytes, external_aad = h'', payload] (RFC 9052 4.4), CBOR.
std::vector<std::uint8_t> sig_structure(std::string_view context, std::span<const std::uint8_t> protected_bytes,
                                        std::span<const std::uint8_t> payload);

// Certificates a caller trusts as signers' anchors, parsed once; verifies() may be called from many threads.
class TrustAnchors {
 public:
  // Fails (kInvalidArgument) when `pem` holds no certificate.
  static Result<TrustAnchors> from_pem(const std::string& pem);

  // True when the leaf of `chain` verifies up to one of the anchors (partial chains allowed, so an intermediate
  // or the end-entity certificate itself may be the anchor), at `time` when non-empty (RFC 3339) else now.
  // `why` gets OpenSSL's reason on failure.
  bool verifies(const std::vector<std::vector<std::uint8_t>>& chain, const std::string& time, std::string* why) const;

 private:
  std::shared_ptr<x509_store_st> store_;
};

}  // namespace photoaudit::audit::credentials

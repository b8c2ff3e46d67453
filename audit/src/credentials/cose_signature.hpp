// Private: a C2PA claim signature (COSE_Sign1, RFC 9052, with a detached payload), verified with OpenSSL.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace photoaudit::audit::credentials {

struct CoseVerdict {
  bool readable = false;                         // the COSE_Sign1 structure parsed
  std::string algorithm;                         // "ES256", "PS256", "Ed25519", ...; "" when none is named
  bool algorithm_supported = false;              // one of ES256/384/512, PS256/384/512, Ed25519
  bool signature_valid = false;                  // the signature verifies with the leaf certificate's key
  std::string problem;                           // why it is not valid (for the explanation), "" when valid
  std::vector<std::vector<std::uint8_t>> chain;  // x5chain certificates (DER), leaf first
  std::string signer;                            // leaf subject CN
  std::string signer_organization;               // leaf subject O
  std::string issuer;                            // leaf issuer O, else CN
  std::string time;                              // RFC 3339 time of the time-stamp token (sigTst/sigTst2), "" when none
  bool time_stamp_malformed = false;             // a time-stamp is present but cannot be read
};

// Verifies `cose` (the c2pa.signature box's CBOR) over `claim` (the claim box's original bytes).
CoseVerdict verify_claim_signature(std::span<const std::uint8_t> cose, std::span<const std::uint8_t> claim);

// True when the leaf of `chain` verifies up to one of the PEM certificates in `anchors_pem` (partial chains
// allowed, so an intermediate or the end-entity certificate itself may be the anchor), at `time` when non-empty
// (RFC 3339) else now. `why` gets OpenSSL's reason on failure.
bool chain_is_trusted(const std::vector<std::vector<std::uint8_t>>& chain, const std::string& anchors_pem,
                      const std::string& time, std::string* why);

// The number of certificates in `pem` (0 when it holds none).
std::size_t count_pem_certificates(const std::string& pem);

}  // namespace photoaudit::audit::credentials

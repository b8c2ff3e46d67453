// Private: a stapled OCSP response for the claim signer (COSE unprotected header "rVals": {"ocspVals": [response,
// ...]}, C2PA 2.x "Validate the Credential Revocation Information"), checked offline with OpenSSL.
//
// A response counts only when it can be interpreted for this certificate: an OCSPResponse with status successful;
// its BasicOCSPResponse signed by the signer's issuer (the second certificate of x5chain) or by a responder the
// issuer delegated (id-kp-OCSPSigning), the responder's chain checked at the signing time; a SingleResponse whose
// CertID (with the hash algorithm it names) is the signer's. A response that cannot be interpreted is treated as
// if it did not exist, as the specification says.
#pragma once

#include <cbor.h>

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

namespace photoaudit::audit::credentials {

struct OcspVerdict {
  // kNone: no response is stapled, or none that can be interpreted (the explanation says why it was disregarded).
  // kNotRevoked: good, and the signing time is not after nextUpdate (thisUpdate itself may come after it); or
  // revoked only after the signing time. kRevoked: revoked at or before the signing time. kUnknown: the responder
  // does not know the certificate.
  enum class Status { kNone, kNotRevoked, kRevoked, kUnknown } status = Status::kNone;
  bool stapled = false;     // rVals carries at least one OCSP response
  std::string explanation;  // for the status report
};

// Checks the responses in `unprotected` (the COSE_Sign1's unprotected header map, borrowed) for the leaf of `chain`
// (x5chain, DER, leaf first) at `signing_time`. At most 8 responses of at most 64 KiB each are read. Never fails.
OcspVerdict check_stapled_ocsp(const cbor_item_t* unprotected, const std::vector<std::vector<std::uint8_t>>& chain,
                               std::time_t signing_time);

}  // namespace photoaudit::audit::credentials

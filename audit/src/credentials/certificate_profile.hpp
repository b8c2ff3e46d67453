// Private: the C2PA signing-certificate profile (C2PA 2.x, "X.509 certificates" in the trust model chapter),
// checked on the leaf of a claim signature's x5chain.
#pragma once

#include <openssl/types.h>

#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace photoaudit::audit::credentials {

struct ProfileVerdict {
  std::vector<std::string> violations;  // each a reason for signingCredential.invalid; empty: the profile holds
  std::optional<bool> inside_validity;  // the certificate was valid at the signing time; nullopt: unreadable dates
};

// Checks `leaf` (borrowed) against the claim-signing certificate profile:
// - X.509 version 3, no issuer/subject unique identifiers;
// - key usage present, critical, digitalSignature asserted, keyCertSign/cRLSign not asserted;
// - extended key usage present and non-empty, without anyExtendedKeyUsage; it contains id-kp-emailProtection,
//   id-kp-documentSigning or C2PA's claim-signing purpose (1.3.6.1.4.1.62558.2.1); id-kp-timeStamping and
//   id-kp-OCSPSigning, which belong to TSAs and OCSP responders, are violations in a claim signer;
// - basicConstraints absent or cA false;
// - the key: RSA of at least 2048 bits (or RSA-PSS), EC on P-256, P-384 or P-521, or Ed25519;
// - the certificate's validity (notBefore..notAfter) includes `signing_time` (inside_validity).
ProfileVerdict check_signing_certificate(X509* leaf, std::time_t signing_time);

}  // namespace photoaudit::audit::credentials

// Private: the RFC 3161 time-stamp of a C2PA claim signature (COSE unprotected header "sigTst" or "sigTst2"),
// verified with OpenSSL: the token's message imprint against what it stamps, the token's own signature, and
// optionally its TSA's chain against a separate trust store.
#pragma once

#include <cbor.h>

#include <cstdint>
#include <ctime>
#include <span>
#include <string>

namespace photoaudit::audit::credentials {

class TrustAnchors;

struct TimeStampVerdict {
  bool present = false;          // the header carries sigTst or sigTst2
  bool malformed = false;        // present, but no token can be read (timeStamp.malformed)
  std::string label;             // "sigTst2" or "sigTst"
  std::string time;              // the token's genTime, RFC 3339 ("" when unreadable)
  std::time_t when = 0;          // the same, as a time
  bool imprint_matches = false;  // the message imprint is the hash of what the specification says it stamps
  bool signature_valid = false;  // the token's CMS signature verifies with its signer's certificate
  bool tsa_checked = false;      // TSA anchors were given
  bool tsa_trusted = false;      // ... and the token's signer chains to one, at the token's time
  std::string problem;           // why it is not validated or not trusted
  bool validated() const { return imprint_matches && signature_valid; }
};

// Reads the time-stamp in `unprotected` (the COSE_Sign1's unprotected header map) and verifies it:
// - sigTst2 (v2, a bare TimeStampToken) stamps the COSE signature: its imprint is the hash of the CBOR array
//   ["CounterSignature", protected header bytes, h'', payload] whose payload is the signature as a CBOR byte string
//   (its CBOR header and bytes);
// - sigTst (v1, a TimeStampResp or a token) stamps the payload: ["CounterSignature", protected, h'', claim].
// `tsa` (borrowed, may be null) is the TSA trust store. Never fails: problems are in the verdict.
TimeStampVerdict verify_time_stamp(const cbor_item_t* unprotected, std::span<const std::uint8_t> protected_bytes,
                                   std::span<const std::uint8_t> claim, std::span<const std::uint8_t> signature,
                                   const TrustAnchors* tsa);

}  // namespace photoaudit::audit::credentials

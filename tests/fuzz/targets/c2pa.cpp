// Fuzz target: the C2PA reader (store search, JUMBF, CBOR through libcbor, COSE, time-stamps, stapled OCSP, data and
// box hashes over the asset's JPEG segments or PNG chunks) on a whole file, and the same bytes read as a store from
// outside the file (a sidecar) bound to themselves. Seeds with a box hash and stapled OCSP responses:
// tests/regressions/c2pa/box-hash-*.jpg (written by the builder of tests/audit/c2pa_builder.hpp).
#include <cstddef>
#include <cstdint>
#include <span>

#include "photoaudit/audit/c2pa.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto verifier = photoaudit::audit::C2paVerifier::create({});
  const std::span<const std::uint8_t> bytes(data, size);
  (void)verifier->read(bytes);
  (void)verifier->read_external(bytes, bytes, "sidecar");
  return 0;
}

// Private: verifying a general box hash assertion (c2pa.hash.boxes, C2PA 2.x "General Box Hash" and "Validating a
// general box hash") against the asset's boxes (asset_boxes.hpp).
//
// The assertion is {"boxes": [{"names": [+ name], ? "alg", "hash", ? "excluded", "pad", ? "exclusions"}, ...]}.
// The entries name the asset's boxes in file order, each box exactly once, an entry a run of consecutive boxes whose
// bytes are hashed together. The "C2PA" box (the manifest store) stands alone in its entry and is not hashed, nor is
// an entry marked "excluded": true. A PNG assertion may leave out the "PNGh" signature box (as c2pa-rs writes them).
// "pad" is filler and is ignored.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace photoaudit::audit::credentials {

struct StoreSearch;

struct BoxHashVerdict {
  // "assertion.boxesHash.match"; or a failure: "assertion.boxesHash.mismatch" (a hashed run's bytes differ),
  // "assertion.boxesHash.unknownBox" (a box of the asset is not named where the assertion says, or not at all),
  // "assertion.boxesHash.malformed" (the assertion's structure), "assertion.cbor.invalid", "algorithm.unsupported",
  // "general.error" (a format whose boxes photoaudit does not know, or exclusions inside a box, not verified).
  std::string code;
  std::string explanation;
  bool matched() const { return code == "assertion.boxesHash.match"; }
};

// Verifies `assertion` (the assertion's CBOR) over `file`, whose store `search` located (a store from outside the file
// has no "C2PA" box in the asset: the assertion's "C2PA" entry then stands for no bytes). `claim_alg` is the
// algorithm of an entry without its own "alg". Never fails: the verdict says why.
BoxHashVerdict verify_box_hash(std::span<const std::uint8_t> assertion, std::span<const std::uint8_t> file,
                               const StoreSearch& search, std::string_view claim_alg);

}  // namespace photoaudit::audit::credentials

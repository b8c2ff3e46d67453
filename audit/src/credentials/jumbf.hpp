// Private: JUMBF boxes (ISO/IEC 19566-5), the container C2PA stores its manifests in.
//
// A box is LBox (4 bytes, big-endian: the box's whole size), TBox (4 characters), an XLBox (8 bytes) when LBox
// is 1, and its payload. A superbox ("jumb") holds a description box ("jumd": a 16-byte type UUID, a toggles
// byte, then, by the toggles, a label, an id, a hash and a private box) followed by content boxes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::credentials {

// Bounds the parser enforces before it reads anything a length field promises.
struct JumbfLimits {
  std::size_t max_depth = 16;      // superboxes inside superboxes
  std::size_t max_boxes = 50'000;  // boxes in the whole store (10,000 assertions of 3 boxes each fit)
};

struct JumbfBox {
  std::string type;                     // TBox: "jumb", "jumd", "cbor", "json", "bfdb", "bidb", "uuid", ...
  std::span<const std::uint8_t> whole;  // the box, header included
  std::span<const std::uint8_t> payload;

  // Superboxes ("jumb") only: the description and the content boxes.
  std::string uuid_hex;            // the description's type UUID, 32 hex digits ("" for other boxes)
  std::string label;               // the description's label ("c2pa", "c2pa.claim", "contentauth:urn:uuid:...")
  std::vector<JumbfBox> children;  // content boxes after the description, in file order

  bool is_superbox() const { return type == "jumb"; }
  // The first content box's payload (a superbox's data), or empty.
  std::span<const std::uint8_t> data() const;
  // A superbox's content for hashing: the description and content boxes, without the superbox's own header.
  std::span<const std::uint8_t> contents() const { return payload; }
  // The child superbox with this label, or nullptr.
  const JumbfBox* child(std::string_view child_label) const;
};

// Parses `data` as one JUMBF superbox (a C2PA manifest store). Fails with kCorruption naming the offset when a
// length runs past its parent, a superbox has no description, or a bound of `limits` is exceeded. The result
// views `data`, which must outlive it.
Result<JumbfBox> parse_jumbf(std::span<const std::uint8_t> data, const JumbfLimits& limits = {});

}  // namespace photoaudit::audit::credentials

// Private: an asset's "boxes" as the C2PA general box hash (c2pa.hash.boxes, C2PA 2.x "General Box Hash") names
// them, in file order.
//
// JPEG: "SOI", each marker segment by its marker's name ("APP0".."APP15", "DQT", "DHT", "SOF0".."SOF15", "DRI",
// "COM", "DAC", "JPG0".."JPG13", "DNL", "DHP", "EXP"), the manifest store's APP11 segments together as one box "C2PA",
// "SOS" with the entropy-coded data that follows it (restart markers included) up to the next marker, and "EOI".
// Bytes after EOI are one box "c2pa.after" (the name C2PA gives what follows the last box). PNG: the signature as
// "PNGh", then each chunk by its type ("IHDR", "IDAT", ...), the caBX chunk as "C2PA". Each box's bytes are the
// whole segment or chunk: marker or length field, header and payload.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace photoaudit::audit::credentials {

struct StoreSearch;

struct AssetBox {
  std::string name;
  std::size_t start = 0;   // offset in the file
  std::size_t length = 0;  // bytes
};

// The boxes of `file` (a JPEG or PNG; `search` says where its store is: its span is the "C2PA" box). nullopt for
// another format, or when the structure cannot be walked to its end (a segment or chunk length past the end of the
// file, or a JPEG byte where a marker must be): the caller reports the box hash as not verifiable. The boxes cover
// the file without gaps, from offset 0 to its end.
std::optional<std::vector<AssetBox>> asset_boxes(std::span<const std::uint8_t> file, const StoreSearch& search);

}  // namespace photoaudit::audit::credentials

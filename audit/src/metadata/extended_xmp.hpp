// Extended XMP in JPEG (XMP Specification Part 3, 1.1.3.1): XMP too large for one 64 KB APP1 segment is split
// into a main packet (APP1 "http://ns.adobe.com/xap/1.0/") that names a GUID in xmpNote:HasExtendedXMP, and an
// extended packet cut into portions, each in an APP1 "http://ns.adobe.com/xmp/extension/" segment with the GUID,
// the full length and the portion's offset. Exiv2 0.27 reads the main packet only; a label (DigitalSourceType)
// or a credit in the extended one was ignored (issue 18).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::metadata {

struct ExtendedXmpPortion {
  std::string guid;               // 32 characters as stored (the MD5 of the whole extended packet, in hex)
  std::uint32_t full_length = 0;  // of the whole extended packet, as this portion declares it
  std::uint32_t offset = 0;       // of this portion in the packet
  std::string_view data;          // the portion's bytes (a view into the JPEG given)
};

// The extended XMP portions of the JPEG in data[0, size), in file order, from the marker segments before the
// first scan. Malformed segments end the walk; what was found so far is returned. Views stay valid as long as
// data does.
std::vector<ExtendedXmpPortion> jpeg_extended_xmp_portions(const std::uint8_t* data, std::size_t size);

// The extended packet named guid (compared ignoring ASCII case; REQUIRES: no surrounding white space), put together
// from the portions with that GUID in any order. Portions of other GUIDs are ignored, as the specification requires.
// Fails with (a note for the reader; the file itself is not damaged by it):
//   kNotFound       "extended XMP GUID: no portion of it in the file"
//   kLimitExceeded  "extended XMP GUID: declares N bytes, over the limit of M" (checked before any allocation)
//   kCorruption     "extended XMP GUID: portions disagree on its length", "... a portion runs past its end",
//                   "... incomplete: N of M bytes present"
Result<std::string> reassemble_extended_xmp(const std::vector<ExtendedXmpPortion>& portions, std::string_view guid,
                                            std::uint64_t max_bytes);

}  // namespace photoaudit::audit::metadata

// The lengths a PNG's chunks declare, checked before libpng (inside OpenCV) sees the data. libpng
// allocates a chunk's declared length before reading it: a 685-byte PNG whose tEXt chunk declared 0x7FFFFFF0
// bytes made it allocate 2 GB per worker (issue 18). The metadata reader applies the same check before Exiv2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "photoaudit/common/error.hpp"

namespace photoaudit::hashing {

// Walks the chunks of the PNG in data[0, size) from the signature to IEND (or to the end of the data).
// Returns nothing when every chunk's length fits, or fails with (NAME is name):
//   kCorruption     "NAME: PNG chunk TYPE declares N bytes, over the PNG limit of 2147483647 (2^31-1)"
//                   "NAME: PNG chunk TYPE declares N bytes, but only M bytes of the file follow it"
//   kLimitExceeded  "NAME: PNG chunk TYPE declares N bytes, over the limit of M for a metadata chunk"
//                   (an ancillary chunk, whose type starts with a lower-case letter: tEXt, zTXt, iTXt, iCCP,
//                   eXIf ...; the image data chunks are bounded by the file size alone)
// REQUIRES: data starts with the PNG signature (sniff_image_format() said kPng).
Result<void> check_png_chunks(const std::uint8_t* data, std::size_t size, std::string_view name,
                              std::uint64_t max_metadata_block_bytes);

}  // namespace photoaudit::hashing

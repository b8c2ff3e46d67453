// Private: a progressive JPEG's DC scans alone, for decoding at 1/8 size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace photoaudit::hashing {

// The stream of a progressive JPEG without its AC scans: SOI, every segment in file order except the scans
// whose spectral selection starts above 0, then EOI. At 1/8 size each decoded pixel is one block's DC term
// alone (the 1x1 inverse DCT), and DC scans never depend on AC scans, so decoding this stream at 1/8 gives
// the same pixels as decoding the whole file at 1/8, for a fraction of the entropy decoding (the AC scans
// hold nearly all of a progressive file's bits).
// Returns nothing, and the caller decodes the original, unless the stream is progressive (SOF2 or SOF10), its
// segments are sound, it reaches EOI (a truncated file is decoded as it is, so the truncation is reported),
// and it has at least one DC scan and one AC scan.
std::optional<std::vector<std::uint8_t>> progressive_dc_stream(const std::uint8_t* data, std::size_t size);

}  // namespace photoaudit::hashing

// Private: the scans of a progressive JPEG that a greyscale decode at a given size needs, and no others.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace photoaudit::hashing {

// Which scans a progressive decode keeps.
enum class ScanSubset {
  // The DC scans alone, for decoding at 1/8 size: there each decoded pixel is one block's DC term alone (the
  // 1x1 inverse DCT), and DC scans never depend on AC scans.
  kDcOnly,
  // The DC scans and the AC scans of the frame's first component, for decoding a YCbCr file to greyscale at
  // any size: the output is the Y channel alone, and in a progressive file every AC scan codes one component
  // (T.81 G.1.1.1.1), so the chroma AC scans can go without touching a bit of Y's coefficients.
  kLumaOnly,
};

// The stream of a progressive JPEG without the scans `subset` leaves out: SOI, every segment in file order
// except those scans, then EOI. Decoding it (with block smoothing off: libjpeg-turbo would otherwise guess the
// missing coefficients) gives the same pixels as decoding the whole file, for a fraction of the entropy
// decoding.
// Returns nothing, and the caller decodes the original, unless the stream is progressive (SOF2 or SOF10), its
// segments are sound, it reaches EOI (a truncated file is decoded as it is, so the truncation is reported),
// and at least one scan is left out and one kept.
std::optional<std::vector<std::uint8_t>> progressive_scan_subset(const std::uint8_t* data, std::size_t size,
                                                                 ScanSubset subset);

}  // namespace photoaudit::hashing

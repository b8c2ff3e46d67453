// Private: walks the marker segments of a JPEG stream (ITU-T T.81 annex B) without decoding anything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace photoaudit::hashing {

// One marker segment. For SOS, the entropy-coded data that follows it (restart markers included) as well.
struct JpegSegment {
  std::uint8_t marker = 0;                // the byte after 0xFF: 0xC0 SOF0, 0xC4 DHT, 0xDA SOS, 0xE1 APP1, ...
  const std::uint8_t* body = nullptr;     // the segment from its two length bytes on
  std::size_t length = 0;                 // the value of the length field: bytes at body, length bytes included
  const std::uint8_t* entropy = nullptr;  // SOS only: the scan's entropy-coded data
  std::size_t entropy_size = 0;
};

// SOF0..SOF15 (a frame header: precision, height, width, components), without DHT (C4), JPG (C8) and DAC (CC),
// which share the range.
inline bool is_frame_header(std::uint8_t marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// Reads the segments after SOI in file order, up to EOI. Fill bytes are skipped, and so are stand-alone
// markers outside a scan (RSTn, TEM), which carry nothing. Bounds every read by the data's size.
class JpegSegmentReader {
 public:
  // REQUIRES: data holds size bytes and starts with SOI (FF D8).
  JpegSegmentReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size), pos_(2) {}

  // The next segment into `out`; false at EOI, at the end of the data (truncated stream), or when the structure
  // is broken (then error() says how).
  bool next(JpegSegment& out);

  bool reached_eoi() const { return reached_eoi_; }
  // Empty unless next() stopped at a structural error: "expected a marker at offset N", ...
  const std::string& error() const { return error_; }

 private:
  std::size_t entropy_end(std::size_t from) const;

  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_;
  bool reached_eoi_ = false;
  std::string error_;
};

}  // namespace photoaudit::hashing

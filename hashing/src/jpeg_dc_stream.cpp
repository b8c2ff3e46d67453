// A progressive JPEG's DC scans alone (see jpeg_dc_stream.hpp).
#include "jpeg_dc_stream.hpp"

#include "jpeg_segments.hpp"

namespace photoaudit::hashing {
namespace {

constexpr std::uint8_t kSof2 = 0xC2;   // progressive, Huffman coding
constexpr std::uint8_t kSof10 = 0xCA;  // progressive, arithmetic coding
constexpr std::uint8_t kSos = 0xDA;

// The first coefficient (zig-zag index) a scan codes: Ss, after the component list of the SOS header;
// -1 when the header is too short to hold it.
int spectral_start(const JpegSegment& sos) {
  if (sos.length < 3) return -1;
  const std::size_t components = sos.body[2];
  const std::size_t at = 3 + 2 * components;
  return at < sos.length ? sos.body[at] : -1;
}

void append(std::vector<std::uint8_t>& out, const JpegSegment& segment) {
  out.push_back(0xFF);
  out.push_back(segment.marker);
  out.insert(out.end(), segment.body, segment.body + segment.length);
  if (segment.entropy != nullptr) out.insert(out.end(), segment.entropy, segment.entropy + segment.entropy_size);
}

}  // namespace

std::optional<std::vector<std::uint8_t>> progressive_dc_stream(const std::uint8_t* data, std::size_t size) {
  if (size < 4 || data[0] != 0xFF || data[1] != 0xD8) return std::nullopt;
  std::vector<std::uint8_t> out;
  out.reserve(size / 4);
  out.push_back(0xFF);
  out.push_back(0xD8);
  JpegSegmentReader reader(data, size);
  JpegSegment segment;
  bool progressive = false;
  bool kept_dc = false;
  bool dropped_ac = false;
  while (reader.next(segment)) {
    if (segment.marker == kSof2 || segment.marker == kSof10) progressive = true;
    if (segment.marker == kSos) {
      const int start = spectral_start(segment);
      if (start < 0) return std::nullopt;
      if (start > 0) {
        dropped_ac = true;
        continue;
      }
      kept_dc = true;
    }
    append(out, segment);
  }
  if (!reader.reached_eoi() || !progressive || !kept_dc || !dropped_ac) return std::nullopt;
  out.push_back(0xFF);
  out.push_back(0xD9);
  return out;
}

}  // namespace photoaudit::hashing

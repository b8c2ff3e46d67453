// The scans of a progressive JPEG that a greyscale decode needs (see jpeg_scan_subset.hpp).
#include "jpeg_scan_subset.hpp"

#include "jpeg_segments.hpp"

namespace photoaudit::hashing {
namespace {

constexpr std::uint8_t kSof2 = 0xC2;   // progressive, Huffman coding
constexpr std::uint8_t kSof10 = 0xCA;  // progressive, arithmetic coding
constexpr std::uint8_t kSos = 0xDA;

// The identifier of a frame's first component (body: length, P, Y, X, Nf, then C1); -1 when too short.
int first_component(const JpegSegment& sof) { return sof.length >= 9 && sof.body[7] >= 1 ? sof.body[8] : -1; }

struct ScanHeader {
  int spectral_start = -1;  // Ss, the first coefficient (zig-zag index) the scan codes
  int only_component = -1;  // the component's identifier when the scan codes exactly one, else -1
};

// body: length, Ns, Ns x (Cs, Td/Ta), Ss, Se, Ah/Al. Ss is -1 when the header is too short to hold it.
ScanHeader scan_header(const JpegSegment& sos) {
  ScanHeader header;
  if (sos.length < 3) return header;
  const std::size_t components = sos.body[2];
  const std::size_t at = 3 + 2 * components;
  if (at >= sos.length) return header;
  header.spectral_start = sos.body[at];
  if (components == 1) header.only_component = sos.body[3];
  return header;
}

bool keep_scan(const ScanHeader& scan, ScanSubset subset, int luma) {
  if (scan.spectral_start == 0) return true;
  if (subset == ScanSubset::kDcOnly) return false;
  // An AC scan that does not code exactly one component is invalid; it is kept, for the decoder to refuse.
  return scan.only_component < 0 || scan.only_component == luma;
}

void append(std::vector<std::uint8_t>& out, const JpegSegment& segment) {
  out.push_back(0xFF);
  out.push_back(segment.marker);
  out.insert(out.end(), segment.body, segment.body + segment.length);
  if (segment.entropy != nullptr) out.insert(out.end(), segment.entropy, segment.entropy + segment.entropy_size);
}

}  // namespace

std::optional<std::vector<std::uint8_t>> progressive_scan_subset(const std::uint8_t* data, std::size_t size,
                                                                 ScanSubset subset) {
  if (size < 4 || data[0] != 0xFF || data[1] != 0xD8) return std::nullopt;
  std::vector<std::uint8_t> out;
  out.reserve(subset == ScanSubset::kDcOnly ? size / 4 : size);
  out.push_back(0xFF);
  out.push_back(0xD8);
  JpegSegmentReader reader(data, size);
  JpegSegment segment;
  int luma = -1;
  bool kept = false;
  bool dropped = false;
  while (reader.next(segment)) {
    if (is_frame_header(segment.marker)) {
      // Only one progressive frame is a stream to edit.
      if (luma >= 0 || (segment.marker != kSof2 && segment.marker != kSof10)) return std::nullopt;
      luma = first_component(segment);
      if (luma < 0) return std::nullopt;
    }
    if (segment.marker == kSos) {
      const ScanHeader scan = scan_header(segment);
      if (scan.spectral_start < 0 || luma < 0) return std::nullopt;
      if (!keep_scan(scan, subset, luma)) {
        dropped = true;
        continue;
      }
      kept = true;
    }
    append(out, segment);
  }
  if (!reader.reached_eoi() || luma < 0 || !kept || !dropped) return std::nullopt;
  out.push_back(0xFF);
  out.push_back(0xD9);
  return out;
}

}  // namespace photoaudit::hashing

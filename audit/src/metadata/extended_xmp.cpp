#include "metadata/extended_xmp.hpp"

#include <algorithm>

#include "photoaudit/common/ascii_text.hpp"

namespace photoaudit::audit::metadata {
namespace {

constexpr std::string_view kExtensionSignature{"http://ns.adobe.com/xmp/extension/\0", 35};
constexpr std::size_t kGuidBytes = 32;
constexpr std::size_t kPortionHeader = kExtensionSignature.size() + kGuidBytes + 8;  // + full length, offset

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

bool same_guid(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::vector<ExtendedXmpPortion> jpeg_extended_xmp_portions(const std::uint8_t* data, std::size_t size) {
  std::vector<ExtendedXmpPortion> out;
  if (size < 4 || data[0] != 0xFF || data[1] != 0xD8) return out;
  std::size_t pos = 2;
  while (pos + 4 <= size) {
    if (data[pos] != 0xFF) break;
    const std::uint8_t marker = data[pos + 1];
    if (marker == 0xFF) {  // fill byte
      ++pos;
      continue;
    }
    if (marker == 0xD9 || marker == 0xDA) break;  // end of image, start of scan: no more metadata segments
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
      pos += 2;
      continue;
    }
    const std::size_t length = (std::size_t{data[pos + 2]} << 8) | data[pos + 3];
    if (length < 2 || length > size - pos - 2) break;
    const std::uint8_t* payload = data + pos + 4;
    const std::size_t payload_size = length - 2;
    if (marker == 0xE1 && payload_size >= kPortionHeader &&
        std::string_view(reinterpret_cast<const char*>(payload), kExtensionSignature.size()) == kExtensionSignature) {
      const std::uint8_t* p = payload + kExtensionSignature.size();
      ExtendedXmpPortion portion;
      portion.guid.assign(reinterpret_cast<const char*>(p), kGuidBytes);
      portion.full_length = be32(p + kGuidBytes);
      portion.offset = be32(p + kGuidBytes + 4);
      portion.data = std::string_view(reinterpret_cast<const char*>(payload + kPortionHeader),
                                      payload_size - kPortionHeader);
      out.push_back(std::move(portion));
    }
    pos += 2 + length;
  }
  return out;
}

Result<std::string> reassemble_extended_xmp(const std::vector<ExtendedXmpPortion>& portions, std::string_view guid,
                                            std::uint64_t max_bytes) {
  const std::string label = "extended XMP " + std::string(guid);
  std::vector<const ExtendedXmpPortion*> mine;
  for (const auto& p : portions) {
    if (same_guid(p.guid, guid)) mine.push_back(&p);
  }
  if (mine.empty()) return fail(Error::not_found(label + ": no portion of it in the file"));
  const std::uint32_t full = mine.front()->full_length;
  if (full > max_bytes) {
    return fail(Error::limit_exceeded(label + ": declares " + std::to_string(full) + " bytes, over the limit of " +
                                      std::to_string(max_bytes)));
  }
  std::sort(mine.begin(), mine.end(), [](const auto* a, const auto* b) { return a->offset < b->offset; });
  std::string packet;
  packet.reserve(full);
  for (const auto* p : mine) {
    if (p->full_length != full) return fail(Error::corruption(label + ": portions disagree on its length"));
    if (p->offset > full || p->data.size() > full - p->offset) {
      return fail(Error::corruption(label + ": a portion runs past its end"));
    }
    // Portions are contiguous in a sound file; a repeated portion is skipped, a gap leaves the packet short.
    if (p->offset != packet.size()) {
      if (p->offset < packet.size()) continue;
      break;
    }
    packet.append(p->data);
  }
  if (packet.size() != full) {
    return fail(Error::corruption(label + ": incomplete: " + std::to_string(packet.size()) + " of " +
                                  std::to_string(full) + " bytes present"));
  }
  return packet;
}

}  // namespace photoaudit::audit::metadata

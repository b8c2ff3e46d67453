// The IPTC digest check of the Metadata Working Group: Photoshop stores an MD5 of the IIM block (image
// resource 0x0425) whenever it writes IIM and XMP together. If the IIM block still hashes to that value,
// XMP and IIM are in sync and XMP wins; if not, a tool that knows only IIM changed it after, and IIM wins.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace photoaudit::audit::metadata {

enum class IptcDigestState {
  kNoIim,     // no IIM block at all
  kNoDigest,  // IIM present, no stored digest
  kMatches,   // stored digest equals the MD5 of the IIM block
  kMismatch,  // stored digest differs: IIM was edited by a tool that does not know XMP
};

struct PhotoshopResources {
  std::optional<std::string> iim_block;      // raw bytes of resource 0x0404 (IPTC-NAA)
  std::optional<std::string> stored_digest;  // 16 raw bytes of resource 0x0425
};

// Parses a Photoshop image resource block ("8BIM" records). Bounded by data's size; malformed records
// end the parse without error (what was read so far is returned).
PhotoshopResources parse_photoshop_resources(std::string_view irb);

// Collects the APP13 "Photoshop 3.0" payloads of a JPEG held in memory (concatenated, as a split IRB must be)
// by walking its marker segments up to the first scan. Returns nullopt when the data is not a JPEG.
std::optional<std::string> jpeg_photoshop_irb_from_memory(const std::uint8_t* data, std::size_t size);

IptcDigestState iptc_digest_state(const PhotoshopResources& resources);

// Lower-case hex MD5 of bytes.
std::string md5_hex(std::string_view bytes);

}  // namespace photoaudit::audit::metadata

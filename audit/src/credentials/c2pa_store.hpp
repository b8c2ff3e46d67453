// Private: finding a C2PA manifest store inside an image file, without decoding the image.
//
// JPEG: APP11 segments with common identifier "JP", a 2-byte box instance and a 4-byte sequence number from 1;
// the first segment of an instance carries the start of the JUMBF superbox, each continuation repeats its 8-byte
// box header, so its payload starts 16 bytes into the segment. PNG: one "caBX" chunk holding the superbox. WebP: one
// RIFF "C2PA" chunk. TIFF: IFD0's tag 0xCD41.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace photoaudit::audit::credentials {

struct StoreSearch {
  bool found = false;
  std::vector<std::uint8_t> store;  // the reassembled JUMBF superbox
  std::string container;            // "jpeg-app11", "png-caBX", "webp-riff", "tiff-cd41"
  std::size_t span_start = 0;       // the file bytes the store occupies (APP11 segments, markers included)
  std::size_t span_length = 0;
  std::string problem;    // non-empty: the store is malformed (two stores, a gap in the sequence, cut short)
  bool external = false;  // the store came from outside the file (sidecar, remote): no span to exclude
};

// Looks for the store in `file` (a JPEG, PNG, WebP or TIFF; other formats: not found). Reads no more than the file's
// bytes; a store larger than max_store_bytes is a problem, not an allocation.
StoreSearch find_c2pa_store(std::span<const std::uint8_t> file, std::size_t max_store_bytes);

// The manifest an XMP packet in the first 4 MiB of `file` points to with dcterms:provenance (attribute or element
// form), or "" when there is none. At most 2,048 characters; the XML entities &amp; &lt; &gt; &quot; &apos; are
// decoded.
std::string provenance_reference(std::span<const std::uint8_t> file);

}  // namespace photoaudit::audit::credentials

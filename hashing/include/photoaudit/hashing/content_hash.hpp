// The coded-data hash: a SHA-256 over the parts of an image file that decide its pixels, and nothing else.
//
// Two files that differ only in metadata (EXIF, IPTC, XMP, ICC profile, comments, a rewritten caption or a
// stripped credit) get the same value; a re-encoded file gets a different one. Per format:
//   jpeg: the frame, Huffman/arithmetic, quantisation and restart-interval segments, each scan header and its
//         entropy-coded data, in file order (APPn and COM segments are skipped).
//   png:  IHDR, PLTE and tRNS, then the IDAT payloads concatenated (so re-chunking the IDAT stream does not
//         change the value); text, time, colour-profile and eXIf chunks are skipped.
//   webp: the VP8/VP8L/ALPH bitstreams and animation frames (ANIM/ANMF); EXIF, XMP and ICCP are skipped.
//   gif:  screen descriptor, colour tables, image descriptors and LZW data, graphic-control extensions;
//         comment and application extensions (XMP lives there) are skipped.
// Other formats (TIFF, BMP, ...) have no coded-data hash here: the fingerprint then hashes decoded pixels.
// Note: EXIF orientation is metadata, so a copy whose orientation tag was edited has the same value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "photoaudit/common/error.hpp"
#include "photoaudit/hashing/digest.hpp"

namespace photoaudit::hashing {

enum class ContentHashMethod {
  kJpegScan,    // "jpeg-scan"
  kPngIdat,     // "png-idat"
  kWebpStream,  // "webp-bitstream"
  kGifLzw,      // "gif-lzw"
  kPixels,      // "pixels": SHA-256 of the decoded greyscale pixels and their size (fallback, see fingerprint.hpp)
};

// Stable name of a method, as written in JSON ("jpeg-scan", ...).
std::string_view to_string(ContentHashMethod method);

struct ContentHash {
  Digest256 digest;
  ContentHashMethod method = ContentHashMethod::kPixels;
};

// Hashes the coded image data of the file held in data[0..size). name is used in messages only.
// Returns kUnsupported for a format without a coded-data hash (TIFF, BMP, ...: use pixels), kCorruption when
// the structure is broken (truncated segment, no image data). Does not decode pixels.
// REQUIRES: data points to size readable bytes.
Result<ContentHash> coded_data_hash(const std::uint8_t* data, std::size_t size, std::string_view name);

}  // namespace photoaudit::hashing

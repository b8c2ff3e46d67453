// What an image file is, from its first bytes and never its name: the one sniffer of photoaudit. The walker
// (which files of a folder to audit), the fetcher (is a response an image?), the metadata reader (the format it
// reports) and the decoders all ask it, so they agree on what is an image.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace photoaudit::hashing {

enum class ImageFormat {
  kUnknown,
  kJpeg,  // FF D8 FF
  kPng,   // 89 "PNG" 0D 0A 1A 0A
  kGif,   // "GIF87a", "GIF89a"
  kWebp,  // "RIFF" size "WEBP"
  kTiff,  // "II*\0", "MM\0*": TIFF and the TIFF-based raws (CR2, NEF, DNG, ARW, ...)
  kBmp,   // "BM", at least the 14-byte file header, its two reserved fields zero
  kHeif,  // ISO BMFF "ftyp" box whose major brand is a HEIF or AVIF brand (is_heif_brand)
  kCr3,   // ISO BMFF "ftyp" box with major brand "crx " (Canon raw 3)
  kJxl,   // JPEG XL codestream (FF 0A) or container (the 12-byte "JXL " signature box)
  kSvg,   // text starting (after a BOM and white space) with "<svg", or "<?xml" then "<svg" within 1 KiB
};

// The format of the bytes at data (size bytes; data may be null when size is 0). Looks at most at the first
// 1 KiB (SVG), otherwise at the first 16 bytes: 32 bytes of a file are enough for every format but SVG.
ImageFormat sniff_image_format(const std::uint8_t* data, std::size_t size);
ImageFormat sniff_image_format(std::string_view bytes);

// True for the major brands of ISO/IEC 23008-12 (HEIF: "mif1", "msf1", and the HEVC ones "heic", "heix", "hevc",
// "hevx", "heim", "heis", "hevm", "hevs") and of the AV1 Image File Format ("avif", "avis").
bool is_heif_brand(std::string_view brand);

// "jpeg", "png", "gif", "webp", "tiff", "bmp", "heif", "cr3", "jxl", "svg"; "unknown" for kUnknown. Static storage.
std::string_view format_name(ImageFormat format);

// The formats whose pixels photoaudit decodes and fingerprints: JPEG, PNG, GIF, WebP, TIFF, BMP, and HEIF (HEIC,
// AVIF) through libheif. A HEIF file whose codec libheif lacks still fails to decode, as kUnsupported.
bool is_decodable(ImageFormat format);

}  // namespace photoaudit::hashing

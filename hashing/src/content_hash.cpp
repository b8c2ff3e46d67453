// The coded-data hash: walks the container and feeds only pixel-deciding parts to SHA-256 (see content_hash.hpp).
#include "photoaudit/hashing/content_hash.hpp"

#include <string>

#include "byte_reader.hpp"
#include "image_format.hpp"
#include "jpeg_segments.hpp"
#include "photoaudit/common/enum_names.hpp"
#include "sha256_stream.hpp"

namespace photoaudit::hashing {
namespace {

Error broken(std::string_view name, std::string_view what) {
  return Error::corruption(std::string(name) + ": " + std::string(what));
}

// JPEG: every segment except APPn and COM, and each scan's entropy-coded data, up to the first EOI.
Result<ContentHash> hash_jpeg(const std::uint8_t* data, std::size_t size, std::string_view name) {
  Sha256Stream sha;
  JpegSegmentReader reader(data, size);
  JpegSegment segment;
  bool saw_frame = false;
  bool saw_scan = false;
  while (reader.next(segment)) {
    const std::uint8_t marker = segment.marker;
    const bool metadata = (marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE;
    if (!metadata) {
      sha.update(&marker, 1);
      sha.update(segment.body, segment.length);
    }
    if (is_frame_header(marker)) saw_frame = true;
    if (marker == 0xDA) {
      saw_scan = true;
      sha.update(segment.entropy, segment.entropy_size);
    }
  }
  if (!reader.error().empty()) return fail(broken(name, "JPEG: " + reader.error()));
  if (!saw_frame || !saw_scan) return fail(broken(name, "JPEG: no frame or no scan data"));
  return ContentHash{sha.finish(), ContentHashMethod::kJpegScan};
}

// PNG: IHDR, PLTE, tRNS and the animation chunks as they are; IDAT payloads as one stream.
Result<ContentHash> hash_png(const std::uint8_t* data, std::size_t size, std::string_view name) {
  Sha256Stream sha;
  std::size_t pos = 8;
  bool saw_header = false;
  bool saw_data = false;
  while (pos + 8 <= size) {
    const std::size_t length = read_be32(data + pos);
    const std::uint8_t* type = data + pos + 4;
    if (length > size || pos + 12 + length > size)
      return fail(broken(name, "PNG: chunk runs past the end of the file"));
    const std::uint8_t* payload = data + pos + 8;
    const std::string_view tag(reinterpret_cast<const char*>(type), 4);
    if (tag == "IHDR") saw_header = true;
    if (tag == "IDAT") {
      if (!saw_data) sha.update(type, 4);
      saw_data = true;
      sha.update(payload, length);
    } else if (tag == "IHDR" || tag == "PLTE" || tag == "tRNS" || tag == "acTL" || tag == "fcTL" || tag == "fdAT") {
      sha.update(type, 4);
      sha.update(data + pos, 4);  // length, so chunk boundaries of these chunks are unambiguous
      sha.update(payload, length);
    }
    pos += 12 + length;
    if (tag == "IEND") break;
  }
  if (!saw_header || !saw_data) return fail(broken(name, "PNG: no IHDR or no IDAT chunk"));
  return ContentHash{sha.finish(), ContentHashMethod::kPngIdat};
}

// WebP: bitstream chunks and animation frames; the VP8X canvas size but not its metadata flags.
Result<ContentHash> hash_webp(const std::uint8_t* data, std::size_t size, std::string_view name) {
  Sha256Stream sha;
  std::size_t pos = 12;
  bool saw_stream = false;
  while (pos + 8 <= size) {
    const std::string_view tag(reinterpret_cast<const char*>(data + pos), 4);
    const std::size_t length = read_le32(data + pos + 4);
    if (length > size || pos + 8 + length > size)
      return fail(broken(name, "WebP: chunk runs past the end of the file"));
    const std::uint8_t* payload = data + pos + 8;
    if (tag == "VP8X" && length >= 10) {
      sha.update(data + pos, 4);
      sha.update(payload + 4, 6);
    } else if (tag == "VP8 " || tag == "VP8L" || tag == "ALPH" || tag == "ANIM" || tag == "ANMF") {
      saw_stream = saw_stream || tag != "ANIM";
      sha.update(data + pos, 8);
      sha.update(payload, length);
    }
    pos += 8 + length + (length & 1);
  }
  if (!saw_stream) return fail(broken(name, "WebP: no image bitstream"));
  return ContentHash{sha.finish(), ContentHashMethod::kWebpStream};
}

// GIF: skips a sub-block chain starting at pos; returns the position after its terminator, or 0 when truncated.
std::size_t skip_sub_blocks(const std::uint8_t* data, std::size_t size, std::size_t pos, Sha256Stream* sha) {
  while (pos < size) {
    const std::size_t n = data[pos];
    if (pos + 1 + n > size) return 0;
    if (sha != nullptr) sha->update(data + pos, 1 + n);
    pos += 1 + n;
    if (n == 0) return pos;
  }
  return 0;
}

Result<ContentHash> hash_gif(const std::uint8_t* data, std::size_t size, std::string_view name) {
  if (size < 13) return fail(broken(name, "GIF: truncated header"));
  Sha256Stream sha;
  sha.update(data + 6, 7);  // logical screen descriptor (not the version, which rewriting tools may change)
  std::size_t pos = 13;
  auto table_bytes = [](std::uint8_t flags) -> std::size_t {
    return (flags & 0x80) ? 3 * (std::size_t{2} << (flags & 7)) : 0;
  };
  const std::size_t global = table_bytes(data[10]);
  if (pos + global > size) return fail(broken(name, "GIF: truncated colour table"));
  sha.update(data + pos, global);
  pos += global;
  bool saw_image = false;
  while (pos < size && data[pos] != 0x3B) {
    if (data[pos] == 0x2C) {
      if (pos + 10 > size) return fail(broken(name, "GIF: truncated image descriptor"));
      const std::size_t local = table_bytes(data[pos + 9]);
      if (pos + 11 + local > size) return fail(broken(name, "GIF: truncated image"));
      sha.update(data + pos, 11 + local);  // descriptor, local table, LZW minimum code size
      pos = skip_sub_blocks(data, size, pos + 11 + local, &sha);
      saw_image = true;
    } else if (data[pos] == 0x21 && pos + 2 <= size) {
      const bool control = data[pos + 1] == 0xF9;
      if (control) sha.update(data + pos, 2);
      pos = skip_sub_blocks(data, size, pos + 2, control ? &sha : nullptr);
    } else {
      return fail(broken(name, "GIF: unknown block at offset " + std::to_string(pos)));
    }
    if (pos == 0) return fail(broken(name, "GIF: data runs past the end of the file"));
  }
  if (!saw_image) return fail(broken(name, "GIF: no image"));
  return ContentHash{sha.finish(), ContentHashMethod::kGifLzw};
}

}  // namespace

constexpr std::string_view kContentHashMethodNames[] = {"jpeg-scan", "png-idat", "webp-bitstream", "gif-lzw", "pixels"};
static_assert(names_cover(kContentHashMethodNames, ContentHashMethod::kPixels));

std::string_view to_string(ContentHashMethod method) { return name_of(kContentHashMethodNames, method, "unknown"); }

Result<ContentHash> coded_data_hash(const std::uint8_t* data, std::size_t size, std::string_view name) {
  switch (sniff_image_format(data, size)) {
    case ImageFormat::kJpeg:
      return hash_jpeg(data, size, name);
    case ImageFormat::kPng:
      return hash_png(data, size, name);
    case ImageFormat::kWebp:
      return hash_webp(data, size, name);
    case ImageFormat::kGif:
      return hash_gif(data, size, name);
    default:
      return fail(Error::unsupported(std::string(name) + ": no coded-data hash for this format"));
  }
}

}  // namespace photoaudit::hashing

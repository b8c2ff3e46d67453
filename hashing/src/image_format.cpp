#include "image_format.hpp"

#include <cstring>

#include "byte_reader.hpp"

namespace photoaudit::hashing {
namespace {

bool starts_with(const std::uint8_t* data, std::size_t size, std::string_view magic, std::size_t offset = 0) {
  return size >= offset + magic.size() && std::memcmp(data + offset, magic.data(), magic.size()) == 0;
}

// A TIFF structure (a TIFF file or an EXIF payload): reads one SHORT/LONG tag of IFD0.
std::optional<std::uint32_t> tiff_ifd0_value(const std::uint8_t* data, std::size_t size, std::uint16_t wanted) {
  if (size < 8) return std::nullopt;
  const bool little = data[0] == 'I' && data[1] == 'I';
  if (!little && !(data[0] == 'M' && data[1] == 'M')) return std::nullopt;
  auto u16 = [&](std::size_t at) { return little ? read_le16(data + at) : read_be16(data + at); };
  auto u32 = [&](std::size_t at) { return little ? read_le32(data + at) : read_be32(data + at); };
  const std::size_t ifd = u32(4);
  if (ifd > size || ifd + 2 > size) return std::nullopt;
  const std::size_t count = u16(ifd);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t entry = ifd + 2 + 12 * i;
    if (entry + 12 > size) return std::nullopt;
    if (u16(entry) != wanted) continue;
    const std::uint32_t type = u16(entry + 2);
    if (type == 3) return u16(entry + 8);  // SHORT, left-justified in the value field
    if (type == 4) return u32(entry + 8);  // LONG
    return std::nullopt;
  }
  return std::nullopt;
}

// The TIFF payload of the first JPEG APP1 "Exif\0\0" segment.
std::optional<std::pair<std::size_t, std::size_t>> jpeg_exif(const std::uint8_t* data, std::size_t size) {
  std::size_t pos = 2;
  while (pos + 4 <= size && data[pos] == 0xFF) {
    const std::uint8_t marker = data[pos + 1];
    if (marker == 0xDA || marker == 0xD9) break;
    const std::size_t length = read_be16(data + pos + 2);
    if (length < 2 || pos + 2 + length > size) break;
    if (marker == 0xE1 && length >= 8 && starts_with(data, size, std::string_view("Exif\0\0", 6), pos + 4)) {
      return std::pair{pos + 10, length - 8};
    }
    pos += 2 + length;
  }
  return std::nullopt;
}

std::optional<std::pair<std::size_t, std::size_t>> png_exif(const std::uint8_t* data, std::size_t size) {
  std::size_t pos = 8;
  while (pos + 12 <= size) {
    const std::size_t length = read_be32(data + pos);
    if (length > size || pos + 12 + length > size) break;
    if (starts_with(data, size, "eXIf", pos + 4)) return std::pair{pos + 8, length};
    if (starts_with(data, size, "IDAT", pos + 4)) break;
    pos += 12 + length;
  }
  return std::nullopt;
}

std::optional<std::pair<std::size_t, std::size_t>> webp_exif(const std::uint8_t* data, std::size_t size) {
  std::size_t pos = 12;
  while (pos + 8 <= size) {
    const std::size_t length = read_le32(data + pos + 4);
    if (length > size || pos + 8 + length > size) break;
    if (starts_with(data, size, "EXIF", pos)) {
      std::size_t start = pos + 8;
      std::size_t n = length;
      if (n >= 6 && starts_with(data, size, std::string_view("Exif\0\0", 6), start)) {
        start += 6;
        n -= 6;
      }
      return std::pair{start, n};
    }
    pos += 8 + length + (length & 1);
  }
  return std::nullopt;
}

}  // namespace

std::optional<DeclaredSize> declared_size(ImageFormat format, const std::uint8_t* data, std::size_t size) {
  switch (format) {
    case ImageFormat::kPng:
      if (size < 24) return std::nullopt;
      return DeclaredSize{read_be32(data + 16), read_be32(data + 20)};
    case ImageFormat::kBmp: {
      if (size < 26) return std::nullopt;  // the sniffer needs only the 14-byte file header
      const auto w = static_cast<std::int32_t>(read_le32(data + 18));
      const auto h = static_cast<std::int32_t>(read_le32(data + 22));
      auto magnitude = [](std::int32_t v) { return v < 0 ? -static_cast<std::int64_t>(v) : std::int64_t{v}; };
      return DeclaredSize{static_cast<std::uint64_t>(magnitude(w)), static_cast<std::uint64_t>(magnitude(h))};
    }
    case ImageFormat::kTiff: {
      const auto w = tiff_ifd0_value(data, size, 256);
      const auto h = tiff_ifd0_value(data, size, 257);
      if (!w || !h) return std::nullopt;
      return DeclaredSize{*w, *h};
    }
    default:
      return std::nullopt;  // JPEG, GIF and WebP are checked by their decoders before allocating
  }
}

int exif_orientation(ImageFormat format, const std::uint8_t* data, std::size_t size) {
  std::optional<std::pair<std::size_t, std::size_t>> tiff;
  switch (format) {
    case ImageFormat::kJpeg:
      tiff = jpeg_exif(data, size);
      break;
    case ImageFormat::kPng:
      tiff = png_exif(data, size);
      break;
    case ImageFormat::kWebp:
      tiff = webp_exif(data, size);
      break;
    case ImageFormat::kTiff:
      tiff = std::pair{std::size_t{0}, size};
      break;
    default:
      return 1;
  }
  if (!tiff) return 1;
  const auto value = tiff_ifd0_value(data + tiff->first, tiff->second, 274);
  return value && *value >= 1 && *value <= 8 ? static_cast<int>(*value) : 1;
}

}  // namespace photoaudit::hashing

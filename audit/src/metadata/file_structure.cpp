#include "metadata/file_structure.hpp"

#include <zlib.h>

#include <algorithm>

namespace photoaudit::audit::metadata {
namespace {

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

bool jpeg_has_end_marker(const std::uint8_t* data, std::size_t size) {
  const std::size_t window = std::min<std::size_t>(size, 64);
  for (std::size_t i = size - window; i + 1 < size; ++i) {
    if (data[i] == 0xFF && data[i + 1] == 0xD9) return true;
  }
  return false;
}

std::vector<std::string> png_damage(const std::uint8_t* data, std::size_t size, bool complete) {
  std::vector<std::string> out;
  std::size_t pos = 8;  // after the signature
  bool seen_iend = false;
  while (pos + 12 <= size && out.size() < 8) {
    const std::uint32_t length = be32(data + pos);
    const std::string type(reinterpret_cast<const char*>(data + pos + 4), 4);
    if (length > size - pos - 12) {
      if (complete) out.push_back("truncated PNG: chunk " + type + " runs past the end of the file");
      return out;
    }
    const auto crc = static_cast<std::uint32_t>(crc32(0L, data + pos + 4, static_cast<uInt>(length + 4)));
    if (crc != be32(data + pos + 8 + length)) out.push_back("corrupt PNG chunk " + type + " (CRC mismatch)");
    pos += std::size_t{length} + 12;
    if (type == "IEND") {
      seen_iend = true;
      break;
    }
  }
  if (complete && !seen_iend && out.empty()) out.push_back("truncated PNG: no IEND chunk");
  return out;
}

}  // namespace

std::vector<std::string> structural_damage(const std::uint8_t* data, std::size_t size, const std::string& format) {
  if (format == "jpeg") {
    if (size < 4 || !jpeg_has_end_marker(data, size)) return {"truncated JPEG: no end-of-image marker"};
    return {};
  }
  if (format == "png") return png_damage(data, size, true);
  return {};
}

}  // namespace photoaudit::audit::metadata

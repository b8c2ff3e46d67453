#include "photoaudit/hashing/png_chunks.hpp"

#include <string>

namespace photoaudit::hashing {
namespace {

constexpr std::size_t kSignatureBytes = 8;
constexpr std::size_t kChunkOverhead = 12;                // length, type, CRC
constexpr std::uint64_t kPngMaxChunkLength = 0x7FFFFFFF;  // PNG specification, 5.3: at most 2^31-1

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// The four type bytes, printable (a hostile type may hold any byte).
std::string type_of(const std::uint8_t* p) {
  std::string out;
  for (int i = 0; i < 4; ++i) {
    const auto c = static_cast<char>(p[i]);
    out += (c >= 0x21 && c <= 0x7E) ? std::string(1, c) : "?";
  }
  return out;
}

}  // namespace

Result<void> check_png_chunks(const std::uint8_t* data, std::size_t size, std::string_view name,
                              std::uint64_t max_metadata_block_bytes) {
  std::size_t pos = kSignatureBytes;
  while (pos + 8 <= size) {  // a length and a type
    const std::uint64_t length = be32(data + pos);
    const std::string type = type_of(data + pos + 4);
    const std::string declared = std::string(name) + ": PNG chunk " + type + " declares " + std::to_string(length) +
                                 " bytes";
    if (length > kPngMaxChunkLength) {
      return fail(Error::corruption(declared + ", over the PNG limit of 2147483647 (2^31-1)"));
    }
    const std::uint64_t follow = size - pos - 8;  // bytes after the length and the type
    if (length > follow) {
      return fail(
          Error::corruption(declared + ", but only " + std::to_string(follow) + " bytes of the file follow it"));
    }
    const bool ancillary = (data[pos + 4] & 0x20) != 0;
    if (ancillary && length > max_metadata_block_bytes) {
      return fail(Error::limit_exceeded(declared + ", over the limit of " + std::to_string(max_metadata_block_bytes) +
                                        " for a metadata chunk"));
    }
    if (type == "IEND") break;
    pos += static_cast<std::size_t>(length) + kChunkOverhead;
  }
  return {};
}

}  // namespace photoaudit::hashing

// Private: big- and little-endian integer reads from a byte buffer. REQUIRES: the bytes are in bounds.
#pragma once

#include <cstdint>

namespace photoaudit::hashing {

inline std::uint32_t read_be16(const std::uint8_t* p) { return static_cast<std::uint32_t>(p[0] << 8 | p[1]); }
inline std::uint32_t read_le16(const std::uint8_t* p) { return static_cast<std::uint32_t>(p[1] << 8 | p[0]); }
inline std::uint32_t read_be32(const std::uint8_t* p) { return read_be16(p) << 16 | read_be16(p + 2); }
inline std::uint32_t read_le32(const std::uint8_t* p) { return read_le16(p + 2) << 16 | read_le16(p); }

}  // namespace photoaudit::hashing

// Digest256: a 32-byte cryptographic digest (SHA-256) with hex output, and SHA-256 of bytes and of files.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "photoaudit/common/error.hpp"

namespace photoaudit::hashing {

struct Digest256 {
  std::array<std::uint8_t, 32> bytes{};

  friend bool operator==(const Digest256&, const Digest256&) = default;

  // 64 lower-case hex digits, first byte first (the usual sha256sum form).
  std::string to_hex() const;
  // Parses 64 hex digits (either case); nullopt on any other input.
  static std::optional<Digest256> from_hex(std::string_view hex);
};

// SHA-256 of size bytes at data. REQUIRES: data points to size readable bytes (data may be null when size is 0).
Digest256 sha256_bytes(const std::uint8_t* data, std::size_t size);

// SHA-256 of the file at path, read in 1 MiB chunks (the file is never held whole in memory).
// Returns kNotFound (missing), kIOError (unreadable, a directory, a FIFO or device: check_regular_file()).
// Messages start with the path.
Result<Digest256> sha256_file(const std::filesystem::path& path);

}  // namespace photoaudit::hashing

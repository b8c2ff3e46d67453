// Hash256: a 256-bit perceptual hash (PDQ) as four 64-bit words, with Hamming distance and hex I/O.
//
// Bit order follows PDQ's published hex form: the hex string is the words from most significant to least,
// i.e. to_hex() of the reference hashes reproduces the strings in ../shared/data/pdq/expected.tsv.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace photoaudit::hashing {

struct Hash256 {
  // words[0] holds the least significant 64 bits (bits 0..63); words[3] the most significant.
  std::array<std::uint64_t, 4> words{};

  bool bit(int i) const { return (words[static_cast<std::size_t>(i) / 64] >> (i % 64)) & 1U; }
  void set_bit(int i) { words[static_cast<std::size_t>(i) / 64] |= std::uint64_t{1} << (i % 64); }

  friend bool operator==(const Hash256&, const Hash256&) = default;

  // 64 lower-case hex digits, most significant first.
  std::string to_hex() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(64, '0');
    for (int w = 3, pos = 0; w >= 0; --w) {
      for (int shift = 60; shift >= 0; shift -= 4) {
        out[static_cast<std::size_t>(pos++)] = kDigits[(words[static_cast<std::size_t>(w)] >> shift) & 0xF];
      }
    }
    return out;
  }

  // Parses 64 hex digits (either case). Returns nullopt on any other input.
  static std::optional<Hash256> from_hex(std::string_view hex) {
    if (hex.size() != 64) return std::nullopt;
    Hash256 h;
    for (std::size_t i = 0; i < 64; ++i) {
      const char c = hex[i];
      std::uint64_t v = 0;
      if (c >= '0' && c <= '9') v = static_cast<std::uint64_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v = static_cast<std::uint64_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v = static_cast<std::uint64_t>(c - 'A' + 10);
      else return std::nullopt;
      const std::size_t word = 3 - i / 16;
      const int shift = static_cast<int>(60 - 4 * (i % 16));
      h.words[word] |= v << shift;
    }
    return h;
  }
};

// Number of differing bits, 0..256.
inline int hamming_distance(const Hash256& a, const Hash256& b) {
  int d = 0;
  for (std::size_t i = 0; i < 4; ++i) d += std::popcount(a.words[i] ^ b.words[i]);
  return d;
}

}  // namespace photoaudit::hashing

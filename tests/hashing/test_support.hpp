// Shared helpers of the hashing tests: fixture paths and bytes, and fingerprinting that must succeed.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "photoaudit/hashing/fingerprint.hpp"
#include "support/files.hpp"

namespace photoaudit::hashing::test {

inline std::filesystem::path fixture(const std::string& relative) {
  return std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / relative;
}

// The bytes of fixtures/`relative`. Throws std::runtime_error naming the path when it cannot be read.
inline std::vector<std::uint8_t> fixture_bytes(const std::string& relative) {
  const std::string bytes = photoaudit::test::read_file(fixture(relative));
  return {bytes.begin(), bytes.end()};
}

inline Fingerprints must_fingerprint(const std::string& relative, const HashOptions& options = {}) {
  auto fp = fingerprint_file(fixture(relative), options);
  INFO(relative << ": " << (fp ? std::string("ok") : fp.error().message));
  REQUIRE(fp.has_value());
  return *fp;
}

}  // namespace photoaudit::hashing::test

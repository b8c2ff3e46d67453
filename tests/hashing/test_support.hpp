// Shared helpers of the hashing tests: fixture paths and fingerprinting that must succeed.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "photoaudit/hashing/fingerprint.hpp"

namespace photoaudit::hashing::test {

inline std::filesystem::path fixture(const std::string& relative) {
  return std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / relative;
}

inline Fingerprints must_fingerprint(const std::string& relative, const HashOptions& options = {}) {
  auto fp = fingerprint_file(fixture(relative), options);
  INFO(relative << ": " << (fp ? std::string("ok") : fp.error().message));
  REQUIRE(fp.has_value());
  return *fp;
}

}  // namespace photoaudit::hashing::test

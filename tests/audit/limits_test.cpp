// One file size limit (photoaudit/common/limits.hpp), taken by every option struct: it was defined six times,
// as 512 MiB (audit, scan, evidence, grey zone) and as 1 GiB (hash, metadata).
#include "photoaudit/common/limits.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "photoaudit/audit/audit_pipeline.hpp"
#include "photoaudit/audit/catalog_scan.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/hashing/fingerprint.hpp"

using photoaudit::ErrorCode;
using photoaudit::Limits;

TEST_CASE("limits: every option struct defaults to Limits::max_file_bytes, 512 MiB") {
  constexpr std::uint64_t k512MiB = std::uint64_t{512} << 20;
  CHECK(Limits{}.max_file_bytes == k512MiB);
  CHECK(photoaudit::audit::AuditOptions{}.max_file_bytes == k512MiB);
  CHECK(photoaudit::audit::ScanOptions{}.max_file_bytes == k512MiB);
  CHECK(photoaudit::audit::MetadataOptions{}.max_file_bytes == k512MiB);  // was 1 GiB
  CHECK(photoaudit::hashing::HashOptions{}.max_file_bytes == k512MiB);    // was 1 GiB
}

TEST_CASE("limits: a file over the limit is an error naming it, from the metadata reader and the hasher alike") {
  const std::filesystem::path photo = std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "article" / "teaser-putin.jpg";
  const std::uint64_t size = std::filesystem::file_size(photo);
  const auto metadata = photoaudit::audit::read_provenance(photo, {.max_file_bytes = size - 1});
  REQUIRE_FALSE(metadata.has_value());
  CHECK(metadata.error().code == ErrorCode::kLimitExceeded);
  CHECK(metadata.error().message.rfind(photo.string() + ": file is " + std::to_string(size) + " bytes", 0) == 0);
  photoaudit::hashing::HashOptions hash;
  hash.max_file_bytes = size - 1;
  const auto fingerprints = photoaudit::hashing::fingerprint_file(photo, hash);
  REQUIRE_FALSE(fingerprints.has_value());
  CHECK(fingerprints.error().code == ErrorCode::kLimitExceeded);
  CHECK(fingerprints.error().message == metadata.error().message);
  CHECK(photoaudit::audit::read_provenance(photo, {.max_file_bytes = size}).has_value());
}

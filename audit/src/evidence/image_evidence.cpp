#include "photoaudit/audit/image_evidence.hpp"

#include "photoaudit/hashing/thumbnail.hpp"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>
#include <system_error>
#include <vector>

namespace photoaudit::audit::pipeline {
namespace {

Result<std::vector<std::uint8_t>> read_bytes(const std::string& path, std::uint64_t max_bytes) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory) {
    return fail(Error::io_error(path + ": cannot access: " + ec.message()));
  }
  if (ec || !std::filesystem::exists(status)) return fail(Error::not_found(path + ": no such file"));
  if (std::filesystem::is_directory(status)) return fail(Error::io_error(path + ": is a directory, not an image"));
  if (!std::filesystem::is_regular_file(status)) return fail(Error::io_error(path + ": not a regular file"));
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail(Error::io_error(path + ": cannot read size: " + ec.message()));
  if (size == 0) return fail(Error::corruption(path + ": empty file (0 bytes)"));
  if (size > max_bytes) {
    return fail(Error::limit_exceeded(path + ": file is " + std::to_string(size) + " bytes, over the limit of " +
                                      std::to_string(max_bytes)));
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return fail(Error::io_error(path + ": cannot open: " + std::generic_category().message(errno)));
  std::vector<std::uint8_t> bytes(size);
  const std::size_t n = std::fread(bytes.data(), 1, bytes.size(), file.get());
  if (n != bytes.size()) return fail(Error::io_error(path + ": read failed (file changed while reading?)"));
  return bytes;
}

std::string make_thumbnail(std::span<const std::uint8_t> bytes, int side) {
  const std::vector<std::uint8_t> jpeg = hashing::jpeg_thumbnail(bytes.data(), bytes.size(), side, 75);
  return {jpeg.begin(), jpeg.end()};
}

}  // namespace

ImageEvidence gather_evidence(const std::string& path, const EvidenceOptions& options) {
  auto bytes = read_bytes(path, options.max_file_bytes);
  if (!bytes) {
    ImageEvidence ev;
    ev.path = path;
    ev.read_error = bytes.error();
    return ev;
  }
  return gather_evidence_from_memory(path, *bytes, options);
}

ImageEvidence gather_evidence_from_memory(const std::string& name, std::span<const std::uint8_t> bytes,
                                          const EvidenceOptions& options) {
  ImageEvidence ev;
  ev.path = name;
  if (bytes.empty()) {
    ev.read_error = Error::corruption(name + ": empty (0 bytes)");
    return ev;
  }
  if (bytes.size() > options.max_file_bytes) {
    ev.read_error = Error::limit_exceeded(name + ": " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                                          std::to_string(options.max_file_bytes));
    return ev;
  }
  auto provenance = read_provenance_from_memory(bytes.data(), bytes.size(), name,
                                                MetadataOptions{.max_file_bytes = options.max_file_bytes});
  if (provenance) {
    ev.provenance = std::move(*provenance);
  } else {
    ev.metadata_error = provenance.error();
  }
  hashing::HashOptions hash_options;
  hash_options.max_file_bytes = options.max_file_bytes;
  auto fingerprints = hashing::fingerprint_memory(bytes.data(), bytes.size(), name, hash_options);
  if (fingerprints) {
    ev.fingerprints = std::move(*fingerprints);
  } else {
    ev.fingerprint_error = fingerprints.error();
  }
  if (options.thumbnail && ev.fingerprints) ev.thumbnail_jpeg = make_thumbnail(bytes, options.thumbnail_side);
  return ev;
}

}  // namespace photoaudit::audit::pipeline

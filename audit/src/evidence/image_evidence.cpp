#include "photoaudit/audit/image_evidence.hpp"

#include "photoaudit/audit/credentials_source.hpp"
#include "photoaudit/audit/reading_pool.hpp"
#include "photoaudit/common/file_read.hpp"
#include "photoaudit/hashing/local_features_codec.hpp"
#include "photoaudit/hashing/thumbnail.hpp"

#include <span>
#include <vector>

namespace photoaudit::audit::pipeline {
namespace {

std::string make_thumbnail(std::span<const std::uint8_t> bytes, int side) {
  const std::vector<std::uint8_t> jpeg = hashing::jpeg_thumbnail(bytes.data(), bytes.size(), side, 75);
  return {jpeg.begin(), jpeg.end()};
}

// The catalog's blob of the extractor's features; "" only if encoding failed, which it never does for the
// extractor's own output (at most max_local_features, 500, keypoints per set).
std::string blob_of(const hashing::LocalFeatures& features) {
  auto blob = hashing::encode_local_features(features);
  return blob ? std::move(*blob) : std::string();
}

// EvidenceOptions::features_only: the local features of `bytes` (the mirror image's with local_features_mirror),
// nothing else.
ImageEvidence features_from_bytes(const std::string& name, std::span<const std::uint8_t> bytes,
                                  const EvidenceOptions& options) {
  ImageEvidence ev;
  ev.path = name;
  hashing::HashOptions hash_options;
  hash_options.max_file_bytes = options.max_file_bytes;
  auto features = hashing::local_features_memory(bytes.data(), bytes.size(), name, hash_options,
                                                 options.local_features_mirror);
  if (!features) {
    ev.fingerprint_error = features.error();
    return ev;
  }
  ev.local_features = blob_of(*features);
  return ev;
}

// Where gather_from_bytes's bytes come from: a file at a path, whose sidecar NAME.c2pa is read when the bytes carry
// no credentials; or memory (no sidecar).
struct BytesSource {
  std::string sidecar_of;  // "" = none
  bool from_memory = false;
};

// The evidence of `bytes`, read from `source`.
ImageEvidence gather_from_bytes(const std::string& name, std::span<const std::uint8_t> bytes, const BytesSource& source,
                                const EvidenceOptions& options);

}  // namespace

ImageEvidence gather_evidence(const std::string& path, const EvidenceOptions& options) {
  if (options.pool) return options.pool->read(path);
  auto bytes = read_file_bounded<std::vector<std::uint8_t>>(path, options.max_file_bytes);
  if (bytes && bytes->empty()) bytes = fail(Error::corruption(path + ": empty file (0 bytes)"));
  if (!bytes) {
    ImageEvidence ev;
    ev.path = path;
    ev.read_error = bytes.error();
    return ev;
  }
  return gather_from_bytes(path, *bytes, BytesSource{.sidecar_of = path, .from_memory = false}, options);
}

ImageEvidence gather_evidence_from_memory(const std::string& name, std::span<const std::uint8_t> bytes,
                                          const EvidenceOptions& options) {
  if (options.pool) return options.pool->read_memory(name, bytes);
  return gather_from_bytes(name, bytes, BytesSource{.sidecar_of = "", .from_memory = true}, options);
}

namespace {

ImageEvidence gather_from_bytes(const std::string& name, std::span<const std::uint8_t> bytes, const BytesSource& source,
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
  if (options.features_only && options.local_features) return features_from_bytes(name, bytes, options);
  auto provenance = read_provenance_from_memory(bytes.data(), bytes.size(), name,
                                                MetadataOptions{.max_file_bytes = options.max_file_bytes});
  if (provenance) {
    ev.provenance = std::move(*provenance);
  } else {
    ev.metadata_error = provenance.error();
  }
  hashing::HashOptions hash_options;
  hash_options.max_file_bytes = options.max_file_bytes;
  hash_options.local_features = options.local_features || (source.from_memory && options.memory_local_features);
  // `scan` stores no mirror image's keypoints: they would add half to the stored blob (docs/hashing.md, "Local
  // evidence in the catalog"); find's probe carries its own. A fetched image keeps them, as the folder's grey zone
  // reads them for a file: its features are all the grey zone and the archive search will have of it, and a copy
  // both mirrored and cropped or turned is found only through them. They cost the description alone (the plain
  // set's keypoints mirrored), and 16 KB more an image while the audit runs.
  hash_options.local_features_mirror = !options.local_features && source.from_memory && options.memory_local_features;
  auto fingerprints = hashing::fingerprint_memory(bytes.data(), bytes.size(), name, hash_options);
  if (fingerprints) {
    if (fingerprints->local_features) {
      ev.local_features = blob_of(*fingerprints->local_features);
      fingerprints->local_features.reset();
    }
    ev.fingerprints = std::move(*fingerprints);
  } else {
    ev.fingerprint_error = fingerprints.error();
  }
  if (options.thumbnail && ev.fingerprints) ev.thumbnail_jpeg = make_thumbnail(bytes, options.thumbnail_side);
  if (options.credentials) {
    C2paReport credentials = read_credentials(*options.credentials, bytes, source.sidecar_of);
    if (credentials.found) {
      ev.credentials = std::move(credentials);
    } else {
      ev.credentials_reference = std::move(credentials.provenance);
    }
  }
  return ev;
}

}  // namespace

}  // namespace photoaudit::audit::pipeline

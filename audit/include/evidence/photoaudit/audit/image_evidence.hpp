// Evidence of one image file: its bytes read once, then its metadata (Exiv2, from memory) and its
// fingerprints (one decode) taken from those bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/common/limits.hpp"
#include "photoaudit/hashing/fingerprint.hpp"

namespace photoaudit::audit::pipeline {

class ReadingPool;

struct EvidenceOptions {
  std::uint64_t max_file_bytes = Limits{}.max_file_bytes;  // Default: Limits::max_file_bytes (512 MiB)
  bool thumbnail = false;                                  // Default: false (HTML reports set it)
  int thumbnail_side = 240;                                // Default: 240 pixels on the longer side
  // Reads and verifies the image's Content Credentials (C2PA) with this verifier. Default: null = not read.
  std::shared_ptr<const C2paVerifier> credentials;
  // Reads each file in a worker process of this pool (reading_pool.hpp) instead of in this one. Default: null.
  std::shared_ptr<ReadingPool> pool;
  // Computes the image's local features from the fingerprints' decode (HashOptions::local_features) and keeps
  // them as ImageEvidence::local_features. Default: false (`scan` sets it).
  bool local_features = false;
  // With local_features: the local features alone (ImageEvidence::local_features, or fingerprint_error when the
  // image does not decode), for an image whose other evidence is known already (serve's grey zone): no metadata,
  // no hashes, no credentials, no thumbnail, the decode hashing::local_features_memory makes. Default: false.
  bool features_only = false;
  // With features_only: the mirror image's keypoints too (the folder's grey zone tries the first image of a pair
  // mirrored). Not sent to a reading worker with the options: ReadingPool::read asks for it per file. Default:
  // false (as `scan` stores them).
  bool local_features_mirror = false;
  // For an image read from memory (gather_evidence_from_memory: a page's fetched image, an image URL's), its local
  // features too, as local_features computes them, from the same decode, with the mirror image's keypoints (as a
  // file's second read has them for the grey zone): its bytes are not kept to be read again as a file's are.
  // Default: false.
  bool memory_local_features = false;
};

struct ImageEvidence {
  std::string path;
  std::optional<Error> read_error;  // the file could not be read at all
  std::optional<Provenance> provenance;
  std::optional<Error> metadata_error;
  std::optional<hashing::Fingerprints> fingerprints;
  std::optional<Error> fingerprint_error;
  std::string thumbnail_jpeg;  // the preview's JPEG bytes; "" unless options.thumbnail and the image decodes
  // The C2PA manifest store, when options.credentials and the file carries one or (read from a path) has a sidecar
  // NAME.c2pa (credentials_source.hpp).
  std::optional<C2paReport> credentials;
  // When options.credentials and the file carries no store: the manifest its XMP names with dcterms:provenance
  // (a remote URL or a "self#jumbf=" URI), never fetched here; "" when none.
  std::string credentials_reference{};
  // What the decoders (libpng, libtiff, OpenCV) wrote to stderr while this file was read, line by line: captured
  // by a reading worker (kept out of the terminal), bounded by kMaxDecoderMessages of kMaxDecoderMessageBytes.
  // Empty when nothing was said, and when the file was read in-process (--isolation none).
  std::vector<std::string> decoder_messages;
  // With EvidenceOptions::local_features and fingerprints: their local features as a blob
  // (hashing/local_features_codec.hpp); "" otherwise. Fingerprints::local_features stays null.
  std::string local_features;
};

inline constexpr std::size_t kMaxDecoderMessages = 8;
inline constexpr std::size_t kMaxDecoderMessageBytes = 300;

// Never fails as a whole: each part records its own error. Thread-safe after initialize_metadata(). With
// options.pool, the file is read in one of its workers. The credentials come from the file, else its sidecar.
ImageEvidence gather_evidence(const std::string& path, const EvidenceOptions& options);

// The same for bytes already in memory (a fetched image); name is what messages and the report call it (the
// URL). Larger than options.max_file_bytes or empty: a read_error. No sidecar is looked for. With options.pool,
// the bytes are read in one of its workers (ReadingPool::read_memory: a decoder's crash is a read_error).
ImageEvidence gather_evidence_from_memory(const std::string& name, std::span<const std::uint8_t> bytes,
                                          const EvidenceOptions& options);

}  // namespace photoaudit::audit::pipeline

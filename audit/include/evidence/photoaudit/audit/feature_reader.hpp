// Local features read for the grey zone, in a worker process when the audit reads in workers: a file's read again
// (the folder's grey zone, the archive search of `audit --index`), or an image's held in memory (a server's
// upload, when its archive search needs them). Computed as hashing::local_features_memory computes them, from a
// decode bounded as the first read's. A worker that crashes or hangs on such a read ends that worker, not the audit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include "photoaudit/audit/image_evidence.hpp"
#include "photoaudit/audit/reading_pool.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/hashing/file_verifier.hpp"
#include "photoaudit/hashing/local_features.hpp"

namespace photoaudit::audit::pipeline {

class FeatureReader {
 public:
  // evidence: the audit's evidence options (their limits are kept; credentials, thumbnail and pool are not).
  // isolation: the audit's; with a worker executable, the features are computed in workers of a pool of their own
  // (`workers` of them, at least 1), started on first use.
  FeatureReader(const EvidenceOptions& evidence, ReadingIsolation isolation, unsigned workers);

  // The local features of bytes, called `name` in messages, with the mirror image's (as find's probe has them:
  // serve's upload is the probe of its archive search, and a copy mirrored and cropped is found only through them).
  std::shared_ptr<const hashing::LocalFeatures> read(const std::string& name,
                                                     std::span<const std::uint8_t> bytes) const;
  // The local features of the file at path, read again; with the mirror image's keypoints when mirror.
  std::shared_ptr<const hashing::LocalFeatures> read_file(const std::string& path, bool mirror) const;

  // Both: null when the image does not decode (any more), yields no features, its worker crashed or ran out of
  // time, or no worker could be started (never computed in this process instead: isolation was asked for).
  // Thread-safe.

  // Reads that failed (the file unreadable now, its decode failing, its worker crashed or stopped, no worker):
  // how many, and the first one's message.
  struct Failures {
    std::size_t count = 0;
    std::string first;
    // What a report says of them: "1 file could not be read again for local features and was matched on hashes
    // alone (first: MESSAGE)"; "" when count is 0.
    std::string note() const;
  };
  Failures failures() const;

 private:
  std::shared_ptr<const hashing::LocalFeatures> features_of(const ImageEvidence& evidence) const;
  // The pool, started on first use; false when it could not be (start_error_).
  bool started() const;

  EvidenceOptions options_;
  ReadingIsolation isolation_;
  unsigned workers_;
  mutable std::once_flag started_;  // pool_ and start_error_ are written once, under it
  mutable std::shared_ptr<ReadingPool> pool_;
  mutable std::optional<Error> start_error_;
  mutable std::mutex failures_mu_;
  mutable Failures failures_;
};

// reader's read_file as the grey zone's file reader (hashing/file_verifier.hpp); it keeps reader alive.
hashing::FileFeatureReader file_feature_reader(std::shared_ptr<const FeatureReader> reader);

}  // namespace photoaudit::audit::pipeline

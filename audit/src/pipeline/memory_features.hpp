// The local features of an image held in memory (a server's upload), for the archive search's grey zone,
// computed only when that search needs them, as a file's second read computes them (hashing::local_features_memory,
// without the mirror image's, as `scan` stores them): in a worker of a pool of their own when the audit reads in
// workers.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include "photoaudit/audit/image_evidence.hpp"
#include "photoaudit/audit/reading_pool.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/hashing/local_features.hpp"

namespace photoaudit::audit::pipeline {

class MemoryFeatureReader {
 public:
  // evidence: the audit's evidence options (their limits are kept; credentials, thumbnail and pool are not).
  // isolation: the audit's; with a worker executable, the features are computed in workers (`workers` of them,
  // at least 1), started on first use.
  MemoryFeatureReader(const EvidenceOptions& evidence, ReadingIsolation isolation, unsigned workers);

  // The local features of bytes, called `name` in messages. Null when the image does not decode, yields no
  // features, its worker crashed or ran out of time, or no worker could be started (never computed in this
  // process instead: isolation was asked for). Thread-safe.
  std::shared_ptr<const hashing::LocalFeatures> read(const std::string& name,
                                                     std::span<const std::uint8_t> bytes) const;

 private:
  EvidenceOptions options_;
  ReadingIsolation isolation_;
  unsigned workers_;
  mutable std::once_flag started_;  // pool_ and start_error_ are written once, under it
  mutable std::shared_ptr<ReadingPool> pool_;
  mutable std::optional<Error> start_error_;
};

}  // namespace photoaudit::audit::pipeline

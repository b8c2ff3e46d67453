// MemoryFeatureReader: local features of in-memory images, in workers when isolated (see memory_features.hpp).
#include "pipeline/memory_features.hpp"

#include <algorithm>
#include <utility>

#include "photoaudit/hashing/local_features_codec.hpp"

namespace photoaudit::audit::pipeline {

MemoryFeatureReader::MemoryFeatureReader(const EvidenceOptions& evidence, ReadingIsolation isolation, unsigned workers)
    : options_(evidence), isolation_(std::move(isolation)), workers_(std::max(1U, workers)) {
  options_.local_features = true;
  options_.features_only = true;  // the image's other evidence is the audit's already
  options_.memory_local_features = false;
  options_.credentials = nullptr;
  options_.thumbnail = false;
  options_.pool = nullptr;
}

std::shared_ptr<const hashing::LocalFeatures> MemoryFeatureReader::read(const std::string& name,
                                                                        std::span<const std::uint8_t> bytes) const {
  std::call_once(started_, [this] {
    if (isolation_.worker_executable.empty()) return;
    auto pool = ReadingPool::start(isolation_, options_, workers_);
    if (pool) {
      pool_ = std::move(*pool);
    } else {
      start_error_ = pool.error();
    }
  });
  if (start_error_) return nullptr;
  const auto evidence = pool_ ? pool_->read_memory(name, bytes) : gather_evidence_from_memory(name, bytes, options_);
  if (evidence.local_features.empty()) return nullptr;
  auto decoded = hashing::decode_local_features(evidence.local_features);
  if (!decoded) return nullptr;
  return std::make_shared<const hashing::LocalFeatures>(std::move(*decoded));
}

}  // namespace photoaudit::audit::pipeline

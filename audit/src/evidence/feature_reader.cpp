// FeatureReader: local features read again or from memory, in workers when isolated (see feature_reader.hpp).
#include "photoaudit/audit/feature_reader.hpp"

#include <algorithm>
#include <utility>

#include "photoaudit/hashing/local_features_codec.hpp"

namespace photoaudit::audit::pipeline {

FeatureReader::FeatureReader(const EvidenceOptions& evidence, ReadingIsolation isolation, unsigned workers)
    : options_(evidence), isolation_(std::move(isolation)), workers_(std::max(1U, workers)) {
  options_.local_features = true;
  options_.features_only = true;  // the image's other evidence is the audit's already
  options_.memory_local_features = false;
  options_.local_features_mirror = false;
  options_.credentials = nullptr;
  options_.thumbnail = false;
  options_.pool = nullptr;
}

bool FeatureReader::started() const {
  std::call_once(started_, [this] {
    if (isolation_.worker_executable.empty()) return;
    auto pool = ReadingPool::start(isolation_, options_, workers_);
    if (pool) {
      pool_ = std::move(*pool);
    } else {
      start_error_ = pool.error();
    }
  });
  if (!start_error_) return true;
  std::lock_guard lock(failures_mu_);
  if (failures_.count++ == 0) failures_.first = start_error_->message;
  return false;
}

std::shared_ptr<const hashing::LocalFeatures> FeatureReader::read(const std::string& name,
                                                                  std::span<const std::uint8_t> bytes) const {
  if (!started()) return nullptr;
  if (pool_) return features_of(pool_->read_memory(name, bytes, true));
  EvidenceOptions here = options_;
  here.local_features_mirror = true;
  return features_of(gather_evidence_from_memory(name, bytes, here));
}

std::shared_ptr<const hashing::LocalFeatures> FeatureReader::read_file(const std::string& path, bool mirror) const {
  if (!started()) return nullptr;
  if (pool_) return features_of(pool_->read(path, mirror));
  EvidenceOptions here = options_;
  here.local_features_mirror = mirror;
  return features_of(gather_evidence(path, here));
}

std::shared_ptr<const hashing::LocalFeatures> FeatureReader::features_of(const ImageEvidence& evidence) const {
  const std::optional<Error>& error = evidence.read_error ? evidence.read_error : evidence.fingerprint_error;
  if (error) {
    std::lock_guard lock(failures_mu_);
    if (failures_.count++ == 0) failures_.first = error->message;
    return nullptr;
  }
  if (evidence.local_features.empty()) return nullptr;
  auto decoded = hashing::decode_local_features(evidence.local_features);
  if (!decoded) return nullptr;
  return std::make_shared<const hashing::LocalFeatures>(std::move(*decoded));
}

std::string FeatureReader::Failures::note() const {
  if (count == 0) return {};
  return std::to_string(count) +
         (count == 1 ? " file could not be read again for local features and was"
                     : " files could not be read again for local features and were") +
         " matched on hashes alone (first: " + first + ")";
}

FeatureReader::Failures FeatureReader::failures() const {
  std::lock_guard lock(failures_mu_);
  return failures_;
}

hashing::FileFeatureReader file_feature_reader(std::shared_ptr<const FeatureReader> reader) {
  return [reader = std::move(reader)](const std::filesystem::path& path, bool mirror) {
    return reader->read_file(path.string(), mirror);
  };
}

}  // namespace photoaudit::audit::pipeline

// file_verifier(): local features read from the files on first use (see file_verifier.hpp).
#include "photoaudit/hashing/file_verifier.hpp"

#include <memory>
#include <system_error>
#include <utility>

#include "photoaudit/hashing/feature_verifier.hpp"

namespace photoaudit::hashing {

FileVerifier file_verifier(std::vector<std::filesystem::path> paths, std::span<const Fingerprints* const> items,
                           const SameRule& rule, const HashOptions& options, FileFeatureReader read) {
  if (!read) {
    read = [options](const std::filesystem::path& path, bool mirror) -> std::shared_ptr<const LocalFeatures> {
      auto loaded = local_features_file(path, options, mirror);
      return loaded ? std::make_shared<const LocalFeatures>(std::move(*loaded)) : nullptr;
    };
  }
  FileVerifier verifier;
  verifier.verifiable.resize(paths.size(), false);
  // The items' own local features, shared with the loader (the items need not outlive it for these).
  auto own = std::make_shared<std::vector<std::shared_ptr<const LocalFeatures>>>(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (i >= items.size() || items[i] == nullptr) continue;
    (*own)[i] = items[i]->local_features;
    std::error_code ec;
    verifier.verifiable[i] = (*own)[i] != nullptr || std::filesystem::is_regular_file(paths[i], ec);
  }
  // same_photo(a, b) tries a's mirror image only, so the mirror keypoints are extracted when an item is first
  // asked for as the first of a pair.
  auto shared_paths = std::make_shared<const std::vector<std::filesystem::path>>(std::move(paths));
  FeatureLoader load = [shared_paths, own, read = std::move(read)](
                           std::size_t item, bool mirror) -> std::shared_ptr<const LocalFeatures> {
    if (item >= shared_paths->size()) return nullptr;
    if ((*own)[item]) return (*own)[item];  // without a mirror set when it was computed without one
    return read((*shared_paths)[item], mirror);
  };

  verifier.word_features = [load](std::size_t item) { return load(item, false); };
  verifier.verify = feature_verifier(items, std::move(load), rule);
  return verifier;
}

}  // namespace photoaudit::hashing

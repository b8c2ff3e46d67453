#include "photoaudit/audit/photo_clusters.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "photoaudit/hashing/file_verifier.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"

namespace photoaudit::audit::catalog {

// The engine's clusters with the members' credits compared. The grey zone reads the items' files again, as the
// audit does; files that are offline are not verified.
std::vector<PhotoCluster> cluster_photos(const std::vector<PhotoItem>& items, const hashing::SameRule& rule,
                                         unsigned threads) {
  std::vector<const hashing::Fingerprints*> fingerprints(items.size(), nullptr);
  std::vector<std::filesystem::path> paths;
  paths.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].fingerprints) fingerprints[i] = &*items[i].fingerprints;
    // A record of a past use (moved, replaced, missing) must not be verified against whatever sits at its path now.
    paths.emplace_back(items[i].history.state == CopyState::kPresent ? items[i].path : std::string());
  }
  hashing::FileVerifier verifier = hashing::file_verifier(std::move(paths), fingerprints, rule);
  hashing::EngineOptions options;
  options.rule = rule;
  options.threads = threads;
  options.verify = std::move(verifier.verify);
  options.verifiable = std::move(verifier.verifiable);
  std::vector<PhotoCluster> out;
  for (const hashing::SamePhotoCluster& c : hashing::cluster_same_photos(fingerprints, options).clusters) {
    PhotoCluster cluster;
    std::set<std::vector<std::string>> credited_orgs;
    bool any_credit = false;
    bool any_missing = false;
    for (const hashing::SamePhotoMember& member : c.members) {
      PhotoClusterMember m;
      m.item = member.item;
      m.relation = std::string(hashing::to_string(member.relation));
      if (member.relation == hashing::Relation::kNear) m.distance = std::max(0, member.verdict.distance);
      const PhotoItem& item = items[member.item];
      if (item.credit.empty()) {
        any_missing = true;
      } else {
        any_credit = true;
        if (!item.organizations.empty()) credited_orgs.insert(item.organizations);
      }
      cluster.members.push_back(std::move(m));
    }
    cluster.kind = std::string(hashing::to_string(c.kind));
    cluster.credit_lost = any_credit && any_missing;
    cluster.credit_disagreement = credited_orgs.size() > 1;
    out.push_back(std::move(cluster));
  }
  return out;
}

}  // namespace photoaudit::audit::catalog

#include "photoaudit/audit/photo_clusters.hpp"

#include <algorithm>
#include <set>

#include "catalog/stored_features.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"

namespace photoaudit::audit::catalog {

// The engine's clusters with the members' credits compared. The grey zone uses the catalog's stored local
// features, else reads the items' files again, as the audit does; files that are offline and rows without
// stored features are not verified.
std::vector<PhotoCluster> cluster_photos(const std::vector<PhotoItem>& items, const hashing::SameRule& rule,
                                         unsigned threads, Catalog* catalog, std::vector<std::string>* errors,
                                         const hashing::FileFeatureReader& read) {
  std::vector<const hashing::Fingerprints*> fingerprints(items.size(), nullptr);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].fingerprints) fingerprints[i] = &*items[i].fingerprints;
  }
  StoredFeatureErrors load_errors;
  hashing::EngineOptions options;
  options.rule = rule;
  options.threads = threads;
  const hashing::FeatureLoader load = stored_feature_loader(items, catalog, load_errors, read);
  options.verify = hashing::feature_verifier(fingerprints, load, rule);
  // Above the grey zone's all-pairs limit its close pairs come from visual words over the same features.
  options.word_features = [load](std::size_t i) { return load(i, false); };
  options.verifiable = stored_feature_verifiable(items, catalog);
  const hashing::EngineResult result = hashing::cluster_same_photos(fingerprints, options);
  if (errors != nullptr) {
    for (auto& e : load_errors.take()) errors->push_back(std::move(e));
  }
  std::vector<PhotoCluster> out;
  for (const hashing::SamePhotoCluster& c : result.clusters) {
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

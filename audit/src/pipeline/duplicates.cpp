#include "pipeline/duplicates.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <string>

#include "photoaudit/hashing/clustering.hpp"
#include "photoaudit/hashing/pdq_index.hpp"
#include "pipeline/grey_zone.hpp"
#include "pipeline/image_audit.hpp"

namespace photoaudit::audit::pipeline {
namespace {

using hashing::Fingerprints;

struct UnionFind {
  std::vector<std::size_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

// Candidate groups (indexes into images) from the PDQ index; may be larger than the final clusters.
std::vector<std::vector<std::size_t>> candidate_groups(const std::vector<std::optional<Fingerprints>>& fps,
                                                       int max_distance, unsigned threads) {
  // Memory: at 100,000 images these arrays are what the search adds to the report, so keys are views of
  // the digests' bytes (no strings) and every array is sized once.
  hashing::PdqIndex index;
  std::vector<hashing::IdHash> probes;
  std::vector<hashing::IdKey> exact;
  std::vector<hashing::IdKey> content;
  constexpr int kMinQuality = 50;
  std::size_t hashable = 0;
  for (const auto& f : fps) hashable += f && f->pdq_hashable && f->pdq_quality >= kMinQuality ? 1 : 0;
  index.reserve(fps.size() * (1 + hashing::kPdqWindowCount + 1));
  probes.reserve(hashable * (hashing::kDihedralCount - 1));
  exact.reserve(fps.size());
  content.reserve(fps.size());
  const auto bytes_of = [](const hashing::Digest256& d) {
    return std::string_view(reinterpret_cast<const char*>(d.bytes.data()), d.bytes.size());
  };
  for (std::size_t i = 0; i < fps.size(); ++i) {
    if (!fps[i]) continue;
    const Fingerprints& f = *fps[i];
    // Different content-hash methods hash different data: equal digests of two methods cannot happen.
    exact.push_back({i, bytes_of(f.sha256)});
    content.push_back({i, bytes_of(f.content_hash.digest)});
    if (f.pdq_hashable && f.pdq_quality >= kMinQuality) {
      (void)index.add(i, f.pdq);
      for (std::size_t d = 1; d < f.pdq_dihedral.size(); ++d) probes.push_back({i, f.pdq_dihedral[d]});
    }
    for (std::size_t w = 0; w < f.pdq_windows.size(); ++w) {
      if (f.pdq_window_quality[w] >= kMinQuality) (void)index.add(i, f.pdq_windows[w]);
    }
    if (f.trimmed.any() && f.pdq_trimmed_quality >= kMinQuality) (void)index.add(i, f.pdq_trimmed);
  }
  index.build();
  hashing::ClusterInputs inputs;
  inputs.exact_keys = exact;
  inputs.content_keys = content;
  inputs.probes = probes;
  hashing::ClusterOptions options;
  options.max_distance = max_distance;
  options.threads = static_cast<int>(threads);
  auto clusters = hashing::cluster(index, inputs, options);
  std::vector<std::vector<std::size_t>> groups;
  if (!clusters) return groups;
  for (const auto& c : *clusters) {
    std::vector<std::size_t> g;
    for (const auto& m : c.members) g.push_back(static_cast<std::size_t>(m.id));
    groups.push_back(std::move(g));
  }
  return groups;
}

Relation relation_between(const Fingerprints& a, const Fingerprints& b) {
  if (a.sha256 == b.sha256) return Relation::kExact;
  if (a.content_hash.method == b.content_hash.method && a.content_hash.digest == b.content_hash.digest)
    return Relation::kContent;
  return Relation::kNear;
}

// Another member as a finding's related image: its relation and distance to self are known when one of the two
// is the cluster's first member (members are measured against the first, not against each other).
registry::RelatedImage related_member(const AuditReport& report, const DuplicateCluster& cluster,
                                      const ClusterMember& self, const ClusterMember& other) {
  registry::RelatedImage related{.path = report.images.display(other.image), .credit = other.credit};
  const std::size_t first = cluster.members.front().image;
  const ClusterMember* measured = self.image == first ? &other : other.image == first ? &self : nullptr;
  if (measured != nullptr) {
    related.relation = measured->relation;
    related.distance = measured->distance;
  }
  return related;
}

// The other members a duplicate finding names (the first registry::kNamedItems, as its message does).
std::vector<registry::RelatedImage> related_members(const AuditReport& report, const DuplicateCluster& cluster,
                                                    const ClusterMember& self) {
  std::vector<registry::RelatedImage> out;
  for (const auto& other : cluster.members) {
    if (other.image == self.image) continue;
    if (out.size() == registry::kNamedItems) break;
    out.push_back(related_member(report, cluster, self, other));
  }
  return out;
}

// Sets each member's cluster (index into report.clusters) and adds its duplicate findings.
void add_findings(AuditReport& report, const DuplicateCluster& cluster, std::size_t index,
                  const std::vector<std::vector<std::string>>& organizations) {
  // The credit a lost-credit copy should carry: the first member that has one.
  const ClusterMember* credited = nullptr;
  for (const auto& m : cluster.members) {
    if (!m.credit.empty()) {
      credited = &m;
      break;
    }
  }
  for (const auto& m : cluster.members) {
    ImageAudit img = report.images[m.image];
    img.cluster = index;
    img.findings.push_back({.rule = Rule::kDuplicate,
                            .severity = Severity::kInfo,
                            .related = related_members(report, cluster, m),
                            .detail = registry::CopiesInSet{.others = cluster.members.size() - 1,
                                                            .kind = cluster.kind,
                                                            .first = m.image == cluster.members.front().image,
                                                            .relation = m.relation,
                                                            .by_keypoints = m.method == "local-features",
                                                            .distance = m.distance}});
    if (cluster.credit_lost && m.credit.empty() && credited != nullptr) {
      img.findings.push_back({.rule = Rule::kDuplicateCredit,
                              .severity = Severity::kWarning,
                              .related = {related_member(report, cluster, m, *credited)}});
    } else if (cluster.credit_disagreement && !m.credit.empty()) {
      std::vector<registry::RelatedImage> related;
      registry::OtherCredits others;
      for (const auto& o : cluster.members) {
        if (o.image == m.image || o.credit.empty() || organizations[o.image] == organizations[m.image]) continue;
        if (related.size() < registry::kNamedItems) {
          related.push_back(related_member(report, cluster, m, o));
        } else {
          ++others.unnamed;
        }
      }
      if (!related.empty()) {
        img.findings.push_back({.rule = Rule::kDuplicateCredit,
                                .severity = Severity::kWarning,
                                .embedded_credit = m.credit,
                                .related = std::move(related),
                                .detail = others});
      }
    }
    report.images.set(m.image, img);
  }
}

}  // namespace

void find_duplicates(AuditReport& report, const std::vector<std::optional<Fingerprints>>& fps,
                     const std::vector<std::vector<std::string>>& organizations, const hashing::SameRule& rule,
                     const GreyZoneOptions& grey_zone, unsigned threads) {
  const int radius = std::max(rule.max_distance, rule.window_max_distance);
  // Every candidate group from the index is re-checked pair by pair with the rule's hashes.
  hashing::SameRule hashes_only = rule;
  hashes_only.local_features = false;
  UnionFind uf(fps.size());
  for (const auto& group : candidate_groups(fps, radius, threads)) {
    for (std::size_t a = 0; a < group.size(); ++a) {
      for (std::size_t b = a + 1; b < group.size(); ++b) {
        if (hashing::same_photo(*fps[group[a]], *fps[group[b]], hashes_only).same) uf.unite(group[a], group[b]);
      }
    }
  }
  // Then the grey zone, with local features.
  std::map<std::size_t, hashing::SamePhotoVerdict> confirmed;  // image -> a local-feature verdict joining it
  const GreyZoneResult verified = verify_grey_zone(
      report, fps, [&](std::size_t a, std::size_t b) { return uf.find(a) == uf.find(b); }, rule, grey_zone);
  report.context.duplicates_note = verified.skipped;
  for (const auto& m : verified.matches) {
    uf.unite(m.a, m.b);
    confirmed.emplace(m.b, m.verdict);
    confirmed.emplace(m.a, m.verdict);
  }
  std::vector<std::vector<std::size_t>> parts(fps.size());
  for (std::size_t i = 0; i < fps.size(); ++i) {
    if (fps[i]) parts[uf.find(i)].push_back(i);
  }
  for (auto& part : parts) {
    if (part.size() < 2) continue;
    DuplicateCluster cluster;
    const Fingerprints& first = *fps[part.front()];
    Relation weakest = Relation::kExact;
    std::set<std::vector<std::string>> credited_orgs;
    bool any_credit = false;
    bool any_missing = false;
    for (const std::size_t i : part) {
      auto verdict = hashing::same_photo(first, *fps[i], hashes_only);
      if (!verdict.same && confirmed.count(i)) verdict = confirmed.at(i);
      ClusterMember m;
      m.image = i;
      m.relation = i == part.front() ? Relation::kExact : relation_between(first, *fps[i]);
      m.distance = i == part.front() ? 0 : std::max(0, verdict.distance);
      m.method = i == part.front()
                     ? ""
                     : std::string(hashing::to_string(verdict.same ? verdict.method : hashing::MatchMethod::kNone));
      m.credit = carried_credit(report.images[i]);
      weakest = std::max(weakest, m.relation);
      if (m.credit.empty()) {
        any_missing = true;
      } else {
        any_credit = true;
        if (!organizations[i].empty()) credited_orgs.insert(organizations[i]);
      }
      cluster.members.push_back(std::move(m));
    }
    cluster.kind = weakest;
    cluster.credit_lost = any_credit && any_missing;
    cluster.credit_disagreement = credited_orgs.size() > 1;
    add_findings(report, cluster, report.clusters.size(), organizations);
    report.clusters.push_back(std::move(cluster));
  }
}

}  // namespace photoaudit::audit::pipeline

#include "pipeline/duplicates.hpp"

#include <algorithm>
#include <numeric>
#include <set>
#include <string>

#include "photoaudit/hashing/clustering.hpp"
#include "photoaudit/hashing/pdq_index.hpp"
#include "pipeline/image_audit.hpp"
#include "pipeline/short_list.hpp"

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
  hashing::PdqIndex index;
  std::vector<hashing::IdHash> probes;
  std::vector<std::string> sha_keys(fps.size());
  std::vector<std::string> content_keys(fps.size());
  std::vector<hashing::IdKey> exact;
  std::vector<hashing::IdKey> content;
  constexpr int kMinQuality = 50;
  for (std::size_t i = 0; i < fps.size(); ++i) {
    if (!fps[i]) continue;
    const Fingerprints& f = *fps[i];
    sha_keys[i] = f.sha256.to_hex();
    content_keys[i] = std::string(hashing::to_string(f.content_hash.method)) + ":" + f.content_hash.digest.to_hex();
    if (f.pdq_hashable && f.pdq_quality >= kMinQuality) {
      (void)index.add(i, f.pdq);
      for (std::size_t d = 1; d < f.pdq_dihedral.size(); ++d) probes.push_back({i, f.pdq_dihedral[d]});
    }
    for (std::size_t w = 0; w < f.pdq_windows.size(); ++w) {
      if (f.pdq_window_quality[w] >= kMinQuality) (void)index.add(i, f.pdq_windows[w]);
    }
    if (f.trimmed.any() && f.pdq_trimmed_quality >= kMinQuality) (void)index.add(i, f.pdq_trimmed);
  }
  for (std::size_t i = 0; i < fps.size(); ++i) {
    if (!fps[i]) continue;
    exact.push_back({i, sha_keys[i]});
    content.push_back({i, content_keys[i]});
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

std::string relation_between(const Fingerprints& a, const Fingerprints& b) {
  if (a.sha256 == b.sha256) return "exact";
  if (a.content_hash.method == b.content_hash.method && a.content_hash.digest == b.content_hash.digest) return "content";
  return "near";
}

// Names the cluster's other copies; the cluster itself lists them all.
std::string quoted_list(const AuditReport& report, const DuplicateCluster& cluster, std::size_t except) {
  ShortList list(", ");
  for (const auto& m : cluster.members) {
    if (m.image != except) list.add(report.images[m.image].display);
  }
  return list.str();
}

void add_findings(AuditReport& report, const DuplicateCluster& cluster,
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
    ImageAudit& img = report.images[m.image];
    std::string how = m.relation == "exact"     ? "a byte-identical copy"
                      : m.relation == "content" ? "the same image data with different metadata"
                                                : "the same photo (PDQ distance " + std::to_string(m.distance) + ")";
    img.findings.push_back({"duplicate", Severity::kInfo,
                            "Same photo appears " + std::to_string(cluster.members.size() - 1) +
                                " more time(s) in this set: " + quoted_list(report, cluster, m.image) + " (" +
                                cluster.kind + " copies; this one is " + (m.image == cluster.members.front().image ? "the first" : how) + ")."});
    if (cluster.credit_lost && m.credit.empty() && credited != nullptr) {
      img.findings.push_back(
          {"duplicate-credit", Severity::kWarning,
           "This copy carries no credit, but the same photo " + report.images[credited->image].display +
               " is credited \"" + credited->credit + "\". Print that credit with this copy."});
    } else if (cluster.credit_disagreement && !m.credit.empty()) {
      ShortList others("; ");
      for (const auto& o : cluster.members) {
        if (o.image == m.image || o.credit.empty() || organizations[o.image] == organizations[m.image]) continue;
        others.add([&] { return report.images[o.image].display + ": \"" + o.credit + "\""; });
      }
      if (!others.empty()) {
        img.findings.push_back({"duplicate-credit", Severity::kWarning,
                                "Copies of this photo are credited differently. This one: \"" + m.credit +
                                    "\"; " + others.str() + ". Only one credit can be right."});
      }
    }
  }
}

}  // namespace

void find_duplicates(AuditReport& report, const std::vector<std::optional<Fingerprints>>& fps,
                     const std::vector<std::vector<std::string>>& organizations, const hashing::SameRule& rule,
                     unsigned threads) {
  const int radius = std::max(rule.max_distance, rule.window_max_distance);
  for (const auto& group : candidate_groups(fps, radius, threads)) {
    // Re-check every pair of the candidate group with the full rule.
    UnionFind uf(group.size());
    for (std::size_t a = 0; a < group.size(); ++a) {
      for (std::size_t b = a + 1; b < group.size(); ++b) {
        if (hashing::same_photo(*fps[group[a]], *fps[group[b]], rule).same) uf.unite(a, b);
      }
    }
    std::vector<std::vector<std::size_t>> parts(group.size());
    for (std::size_t k = 0; k < group.size(); ++k) parts[uf.find(k)].push_back(group[k]);
    for (auto& part : parts) {
      if (part.size() < 2) continue;
      std::sort(part.begin(), part.end());
      DuplicateCluster cluster;
      const Fingerprints& first = *fps[part.front()];
      int rank = 0;  // 0 exact, 1 content, 2 near
      std::set<std::vector<std::string>> credited_orgs;
      bool any_credit = false;
      bool any_missing = false;
      for (const std::size_t i : part) {
        const auto verdict = hashing::same_photo(first, *fps[i], rule);
        ClusterMember m;
        m.image = i;
        m.relation = i == part.front() ? "exact" : relation_between(first, *fps[i]);
        m.distance = i == part.front() ? 0 : std::max(0, verdict.distance);
        m.credit = carried_credit(report.images[i]);
        rank = std::max(rank, m.relation == "exact" ? 0 : m.relation == "content" ? 1 : 2);
        if (m.credit.empty()) {
          any_missing = true;
        } else {
          any_credit = true;
          if (!organizations[i].empty()) credited_orgs.insert(organizations[i]);
        }
        cluster.members.push_back(std::move(m));
      }
      cluster.kind = rank == 0 ? "exact" : rank == 1 ? "content" : "near";
      cluster.credit_lost = any_credit && any_missing;
      cluster.credit_disagreement = credited_orgs.size() > 1;
      const std::size_t index = report.clusters.size();
      for (const auto& m : cluster.members) report.images[m.image].cluster = index;
      add_findings(report, cluster, organizations);
      report.clusters.push_back(std::move(cluster));
    }
  }
}

}  // namespace photoaudit::audit::pipeline

#include "pipeline/archive_copies.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>

#include "photoaudit/audit/copy_license.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/registry/credit.hpp"
#include "pipeline/image_audit.hpp"

namespace photoaudit::audit::pipeline {
namespace {

std::string absolute_normal(const std::string& path) {
  std::error_code ec;
  const auto p = std::filesystem::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

std::vector<std::string> organizations_of(const std::string& credit, const registry::OrganizationTable& table) {
  std::vector<std::string> ids;
  if (credit.empty()) return ids;
  const auto reading = registry::parse_credit(credit, table);
  if (!reading) return ids;
  for (const auto& org : reading->organizations) ids.push_back(org.canonical);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// The catalog reports how a copy matched, not its SHA-256: identical coded data counts as "content".
Relation relation_of(const CatalogMatch& m) {
  return m.method == hashing::MatchMethod::kContentHash ? Relation::kContent : Relation::kNear;
}

// An archive copy as a finding's related image: its relation and distance are to this image, or, for a copy
// found through another audited image (`through`, its display path), its distance to that image.
registry::RelatedImage related_copy(const CatalogMatch& m, const std::string& through = {}) {
  return {.path = m.path,
          .relation = through.empty() ? std::optional<Relation>(relation_of(m)) : std::nullopt,
          .distance = std::max(0, m.distance),
          .credit = m.credit,
          .in_archive = true,
          .method = std::string(hashing::to_string(m.method)),
          .used_on = registry::format_date(utc_day(first_use(m.history.first_seen, m.mtime_ns))),
          .via = through};
}

// An archive copy found by the search of another audited image of the same duplicate cluster: the copy (its
// distance and method to that image) and that image's display path.
struct CopyThrough {
  CatalogMatch match;
  std::string through;
};

// The copies an image is told through its cluster: at most kMaxCopiesThrough of them (the closest, and the
// earliest used, which single-use-reused names), and how many more there are.
struct CopiesThrough {
  std::vector<CopyThrough> copies;
  std::size_t more = 0;
};
constexpr std::size_t kMaxCopiesThrough = 64;

// For each audited image, the archive copies that the other members of its duplicate cluster found and its own
// search did not: the same photo, as the cluster says it is of them (a copy scaled down too far for its own
// keypoints, found beside the crop it was made from). Each copy once, through the member that found it
// closest; ordered by that distance, then path. `found[i]`: image i's own search; `cluster_of[i]`: its cluster
// as the audit made it, before the archive's members join. Bounded: per image, O(kMaxCopiesThrough + its own
// matches) after the cluster's copies are sorted once, whatever the cluster's size.
std::vector<CopiesThrough> copies_through_clusters(const AuditReport& report,
                                                   const std::vector<std::optional<Catalog::PhotoCopies>>& found,
                                                   const std::vector<std::optional<std::size_t>>& cluster_of) {
  std::vector<CopiesThrough> out(found.size());
  std::unordered_map<std::size_t, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (cluster_of[i] && found[i]) members[*cluster_of[i]].push_back(i);
  }
  using Found = std::pair<const CatalogMatch*, std::size_t>;  // a copy and the member that found it
  for (const auto& [cluster, images] : members) {
    if (images.size() < 2) continue;
    // Every present copy the members found, by catalog row: the member that found it closest.
    std::unordered_map<std::int64_t, Found> closest;
    for (const std::size_t k : images) {
      for (const CatalogMatch& m : found[k]->matches) {
        if (m.missing) continue;
        auto [it, added] = closest.try_emplace(m.id, &m, k);
        if (!added && m.distance < it->second.first->distance) it->second = {&m, k};
      }
    }
    std::vector<Found> by_distance;
    by_distance.reserve(closest.size());
    for (const auto& entry : closest) by_distance.push_back(entry.second);
    std::sort(by_distance.begin(), by_distance.end(), [](const Found& a, const Found& b) {
      return std::tie(a.first->distance, a.first->path, a.first->id) <
             std::tie(b.first->distance, b.first->path, b.first->id);
    });
    std::vector<Found> by_first_use = by_distance;
    std::stable_sort(by_first_use.begin(), by_first_use.end(), [](const Found& a, const Found& b) {
      return first_use(a.first->history.first_seen, a.first->mtime_ns) <
             first_use(b.first->history.first_seen, b.first->mtime_ns);
    });
    std::unordered_map<std::string_view, std::int64_t> id_of_path;
    for (const Found& f : by_distance) id_of_path.emplace(f.first->path, f.first->id);

    for (const std::size_t i : images) {
      // Its own copies (present, each row once) and its own row: never told again.
      std::unordered_set<std::int64_t> skip;
      for (const CatalogMatch& m : found[i]->matches) {
        if (!m.missing) skip.insert(m.id);
      }
      const std::string self = absolute_normal(report.images.path(i));
      if (const auto it = id_of_path.find(self); it != id_of_path.end()) skip.insert(it->second);
      const std::size_t total = by_distance.size() - std::min(by_distance.size(), skip.size());
      CopiesThrough& mine = out[i];
      std::unordered_set<std::int64_t> taken;
      const auto take = [&](const Found& f) {
        mine.copies.push_back({*f.first, report.images.path(f.second)});
        taken.insert(f.first->id);
      };
      // The earliest use first looked for, then the closest: each list is read past at most skip.size() rows.
      for (const Found& f : by_first_use) {
        if (skip.count(f.first->id) == 0) {
          take(f);
          break;
        }
      }
      for (const Found& f : by_distance) {
        if (mine.copies.size() >= kMaxCopiesThrough) break;
        if (skip.count(f.first->id) == 0 && taken.count(f.first->id) == 0) take(f);
      }
      // The earliest use was taken first; keep the order by distance.
      std::stable_sort(mine.copies.begin(), mine.copies.end(), [](const CopyThrough& a, const CopyThrough& b) {
        return std::tie(a.match.distance, a.match.path, a.match.id) <
               std::tie(b.match.distance, b.match.path, b.match.id);
      });
      mine.more = total - std::min(total, mine.copies.size());
    }
  }
  return out;
}

// "Valid" / "Trusted" of the catalog's "valid" / "trusted" (the report's spelling of a state).
std::string report_state(const std::string& column) {
  std::string out = column;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

bool lost_credentials_told(const ImageAudit& img) {
  return std::any_of(img.findings.begin(), img.findings.end(),
                     [](const Finding& f) { return std::holds_alternative<registry::LostCredentials>(f.detail); });
}

// duplicate-credit for an image without Content Credentials when an archive copy of the photo has intact ones (as
// `scan` read them), unless a co-audited copy already told it so.
void add_archive_credentials(ImageAudit& img, const std::vector<CopyThrough>& earlier) {
  if (img.credentials || lost_credentials_told(img)) return;
  for (const auto& [m, through] : earlier) {
    const auto& c = m.provenance.credentials;
    if (!c || c->state == "invalid") continue;
    img.findings.push_back({.rule = Rule::kDuplicateCredit,
                            .severity = Severity::kWarning,
                            .related = {related_copy(m, through)},
                            .detail = registry::LostCredentials{report_state(c->state), c->signer, c->signed_at}});
    return;
  }
}

// archive-search-incomplete when the search of the photo's copies left rows out: its bounds, or rows whose stored
// local features cannot be decoded (its notes, each naming the row: candidates left out, copies searched from on
// their hashes only).
std::optional<Finding> search_limits(const Catalog::PhotoCopies& copies) {
  const std::vector<std::string>& damaged = copies.notes;
  if (copies.not_followed == 0 && copies.unchecked == 0 && damaged.empty()) return std::nullopt;
  return Finding{
      .rule = Rule::kArchiveSearchIncomplete,
      .severity = Severity::kInfo,
      .reason = damaged.empty() ? std::string() : damaged.front(),
      .detail = registry::ArchiveSearchLimits{
          .not_followed = copies.not_followed, .unchecked = copies.unchecked, .damaged = copies.damaged_rows}};
}

// Image i's archive copies (the search's answer): its cluster's archive members and the findings duplicate,
// single-use-reused, duplicate-credit and archive-search-incomplete. `audited`: the audited images by absolute path.
// `through`: the copies the other members of its cluster found (copies_through_clusters), named after its own as
// earlier uses too, but not added to the cluster again (the member that found each adds it).
void add_copies_found(AuditReport& report, std::size_t i, Catalog::PhotoCopies copies, CopiesThrough through,
                      const std::unordered_map<std::string, std::size_t>& audited,
                      const std::vector<std::vector<std::string>>& organizations,
                      const registry::OrganizationTable& table) {
  const std::optional<Finding> limits = search_limits(copies);
  std::vector<CopyThrough> earlier;  // through: "" when found by this image's own search
  const std::string self = absolute_normal(report.images.path(i));
  for (auto& m : copies.matches) {
    if (m.missing || m.path == self) continue;
    earlier.push_back({std::move(m), {}});
  }
  for (auto& c : through.copies) {
    if (c.match.path == self) continue;
    earlier.push_back(std::move(c));
  }
  if (earlier.empty()) {
    if (limits) {
      ImageAudit img = report.images[i];
      img.findings.push_back(*limits);
      report.images.set(i, img);
    }
    return;
  }
  ImageAudit img = report.images[i];  // changed below, stored again at the end

  // The image's cluster, or a new one with the image as its first member.
  if (!img.cluster) {
    DuplicateCluster cluster;
    ClusterMember first;
    first.image = i;
    first.relation = Relation::kExact;
    first.credit = carried_credit(img);
    cluster.members.push_back(std::move(first));
    cluster.kind = Relation::kExact;
    img.cluster = report.clusters.size();
    report.clusters.push_back(std::move(cluster));
  }
  DuplicateCluster& cluster = report.clusters[*img.cluster];
  std::set<std::string> present;
  for (const auto& member : cluster.members) {
    if (!member.archive_path.empty()) present.insert(member.archive_path);
  }

  std::vector<registry::RelatedImage> used;                // the first few earlier uses
  registry::ArchiveCopies unused{through.more};            // how many more (those through the cluster uncopied)
  std::vector<registry::RelatedImage> credited_otherwise;  // the first few credited otherwise
  registry::OtherCredits other_credits;                    // how many more
  bool archive_credited = false;
  const std::string mine = carried_credit(img);
  for (const auto& [m, via] : earlier) {
    const Relation relation = relation_of(m);
    if (used.size() < registry::kNamedItems) {
      used.push_back(related_copy(m, via));
    } else {
      ++unused.unnamed;
    }
    if (!m.credit.empty()) {
      archive_credited = true;
      // The archive copy's credit is read only when there is one of ours to compare it with.
      const bool compare = !mine.empty() && !organizations[i].empty();
      const auto theirs = compare ? organizations_of(m.credit, table) : std::vector<std::string>();
      if (!theirs.empty() && theirs != organizations[i]) {
        if (credited_otherwise.size() < registry::kNamedItems) {
          credited_otherwise.push_back(related_copy(m, via));
        } else {
          ++other_credits.unnamed;
        }
        cluster.credit_disagreement = true;
      }
    }
    if (m.credit.empty() != mine.empty()) cluster.credit_lost = true;
    if (!via.empty()) continue;  // in the cluster through the member that found it
    // An earlier use that is also audited and already in this cluster is listed once, as itself.
    if (const auto it = audited.find(m.path); it != audited.end() && report.images[it->second].cluster == img.cluster) {
      continue;
    }
    if (!present.insert(m.path).second) continue;
    ClusterMember member;
    member.archive_path = m.path;
    member.distance = std::max(0, m.distance);
    member.relation = relation;
    member.credit = m.credit;
    member.method = std::string(hashing::to_string(m.method));
    cluster.kind = std::max(cluster.kind, relation);  // the weakest relation (enumerators strongest first)
    cluster.members.push_back(std::move(member));
  }

  img.findings.push_back(
      {.rule = Rule::kDuplicate, .severity = Severity::kInfo, .related = std::move(used), .detail = unused});
  if (img.license.single_use) {
    // The earliest use names when the single use was spent.
    const auto first = std::min_element(earlier.begin(), earlier.end(), [](const CopyThrough& a, const CopyThrough& b) {
      return first_use(a.match.history.first_seen, a.match.mtime_ns) <
             first_use(b.match.history.first_seen, b.match.mtime_ns);
    });
    img.findings.push_back({.rule = Rule::kSingleUseReused,
                            .severity = Severity::kError,
                            .contract = img.license.contract,
                            .related = {related_copy(first->match, first->through)}});
  }
  if (mine.empty() && archive_credited) {
    const auto credited = std::find_if(earlier.begin(), earlier.end(),
                                       [](const CopyThrough& c) { return !c.match.credit.empty(); });
    img.findings.push_back({.rule = Rule::kDuplicateCredit,
                            .severity = Severity::kWarning,
                            .related = {related_copy(credited->match, credited->through)}});
  } else if (!credited_otherwise.empty()) {
    img.findings.push_back({.rule = Rule::kDuplicateCredit,
                            .severity = Severity::kWarning,
                            .embedded_credit = mine,
                            .related = std::move(credited_otherwise),
                            .detail = other_credits});
  }
  add_archive_credentials(img, earlier);
  if (limits) img.findings.push_back(*limits);
  report.images.set(i, img);
}

}  // namespace

Result<void> find_archive_copies(AuditReport& report, const std::vector<std::optional<hashing::Fingerprints>>& fps,
                                 const std::vector<std::vector<std::string>>& organizations, Catalog& catalog,
                                 const registry::OrganizationTable& table, const hashing::SameRule& rule,
                                 const LocalFeatureSource& features_of, unsigned threads) {
  // Audited images by absolute path: a catalog row at an image's own path is that image, not an earlier use.
  std::unordered_map<std::string, std::size_t> audited;
  for (std::size_t i = 0; i < report.images.size(); ++i) audited.emplace(absolute_normal(report.images.path(i)), i);
  const std::size_t count = std::min(report.images.size(), fps.size());

  // The images whose local features could change their search (asked of the catalog here, on this thread): the
  // paths of those to read (taken before report.images changes), and which of those that carry their features
  // (a fetched image's) search with them. The others search on their hashes, as any image does in a catalog that
  // holds no grey-zone row for it.
  std::vector<std::string> wanted(count);
  std::vector<bool> own_features_used(count, false);
  if (rule.local_features) {
    for (std::size_t i = 0; i < count; ++i) {
      if (!fps[i]) continue;
      const bool carried = fps[i]->local_features != nullptr;
      if (!carried && !features_of) continue;
      auto grey = catalog.has_grey_zone(*fps[i], rule, CatalogRows::kPresent);
      if (!grey) return fail(grey.error());
      if (!*grey) continue;
      if (carried) {
        own_features_used[i] = true;
      } else {
        wanted[i] = report.images.path(i);
      }
    }
  }

  // Image i's search, with its local features when read or carried and needed.
  const auto search = [&](std::size_t i, std::shared_ptr<const hashing::LocalFeatures> features,
                          std::optional<Catalog::PhotoCopies>& copies_found) -> Result<void> {
    if (!fps[i]) return {};
    hashing::Fingerprints probe = *fps[i];
    if (!own_features_used[i]) probe.local_features = nullptr;
    if (features) probe.local_features = std::move(features);
    auto copies = catalog.find_photo_copies(probe, rule, CatalogRows::kPresent);
    if (!copies) return fail(copies.error());
    copies_found = std::move(*copies);
    return {};
  };

  // The features are read on `threads` threads while this one searches the catalog, in image order.
  std::vector<std::optional<Catalog::PhotoCopies>> found(count);
  std::optional<Error> failed;
  std::atomic<bool> stop{false};
  parallel_ordered<std::shared_ptr<const hashing::LocalFeatures>>(
      count, threads,
      [&](std::size_t i) -> std::shared_ptr<const hashing::LocalFeatures> {
        if (wanted[i].empty() || stop.load()) return nullptr;
        return features_of(wanted[i]);
      },
      [&](std::size_t i, std::shared_ptr<const hashing::LocalFeatures> features) {
        if (failed) return;
        if (auto done = search(i, std::move(features), found[i]); !done) {
          failed = done.error();
          stop.store(true);
        }
      });
  if (failed) return fail(*failed);

  // The findings, each image with the copies its cluster's other members found too.
  std::vector<std::optional<std::size_t>> cluster_of(count);
  for (std::size_t i = 0; i < count; ++i) cluster_of[i] = report.images[i].cluster;
  std::vector<CopiesThrough> through = copies_through_clusters(report, found, cluster_of);
  for (std::size_t i = 0; i < count; ++i) {
    if (!found[i]) continue;
    add_copies_found(report, i, std::move(*found[i]), std::move(through[i]), audited, organizations, table);
  }
  return {};
}

}  // namespace photoaudit::audit::pipeline

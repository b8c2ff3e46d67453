#include "pipeline/duplicates.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "photoaudit/hashing/file_verifier.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"
#include "pipeline/grey_zone.hpp"
#include "pipeline/image_audit.hpp"

namespace photoaudit::audit::pipeline {
namespace {

using hashing::Fingerprints;

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

// The first member whose Content Credentials verify (Valid or Trusted), or nullptr.
const ClusterMember* first_with_credentials(const AuditReport& report, const DuplicateCluster& cluster) {
  for (const auto& m : cluster.members) {
    const ImageAudit img = report.images[m.image];
    if (img.credentials && img.credentials->state != C2paState::kInvalid) return &m;
  }
  return nullptr;
}

// duplicate-credit for a copy without Content Credentials when another copy of the photo has intact ones.
void add_lost_credentials(const AuditReport& report, const DuplicateCluster& cluster, const ClusterMember& self,
                          const ClusterMember& original, ImageAudit& img) {
  const ImageAudit holder = report.images[original.image];  // operator[] decodes a copy: keep it alive
  const ContentCredentials& c = *holder.credentials;
  const std::string signer = c.signer_organization.empty() ? c.signer : c.signer + " (" + c.signer_organization + ")";
  img.findings.push_back({.rule = Rule::kDuplicateCredit,
                          .severity = Severity::kWarning,
                          .related = {related_member(report, cluster, self, original)},
                          .detail = registry::LostCredentials{std::string(to_string(c.state)), signer, c.time}});
}

// The kinds of source a copy's credit and metadata claim (the cluster flags two that cannot both be right).
struct SourceKind {
  bool generated = false;      // AI-generated: IPTC Digital Source Type synthetic, or the credit says so
  bool photograph = false;     // not generated, and a captured photo or credited to an organisation or photographer
  bool private_photo = false;  // the credit says "privat", "private photo", ...
  bool agency = false;         // credited to an organisation the registry knows, and not private
};

bool has_modifier(const ImageAudit& img, std::string_view name) {
  return std::find(img.credit.modifiers.begin(), img.credit.modifiers.end(), name) != img.credit.modifiers.end();
}

SourceKind source_kind(const ImageAudit& img) {
  SourceKind kind;
  kind.generated = img.license.digital_source == registry::DigitalSource::kSynthetic ||
                   has_modifier(img, "ai-generated");
  const bool known_org = std::any_of(img.credit.chain.begin(), img.credit.chain.end(),
                                     [](const CreditChainLink& l) { return !l.canonical.empty(); });
  kind.photograph = !kind.generated && (img.license.digital_source == registry::DigitalSource::kCaptured || known_org ||
                                        !img.credit.photographers.empty());
  kind.private_photo = has_modifier(img, "private");
  kind.agency = known_org && !kind.private_photo;
  return kind;
}

// The first member (other than self) for which `pick` holds, or nullptr.
template <typename Pick>
const ClusterMember* first_member(const DuplicateCluster& cluster, const std::vector<SourceKind>& kinds,
                                  const ClusterMember& self, Pick pick) {
  for (std::size_t k = 0; k < cluster.members.size(); ++k) {
    if (cluster.members[k].image != self.image && pick(kinds[k])) return &cluster.members[k];
  }
  return nullptr;
}

// duplicate-credit naming a copy that claims the other kind of source; true if one was added.
bool add_source_kind_finding(const AuditReport& report, const DuplicateCluster& cluster,
                             const std::vector<SourceKind>& kinds, std::size_t k, ImageAudit& img) {
  const ClusterMember& self = cluster.members[k];
  const SourceKind& mine = kinds[k];
  const auto add = [&](const ClusterMember* other, const char* my_kind, const char* other_kind) {
    if (other == nullptr) return false;
    img.findings.push_back({.rule = Rule::kDuplicateCredit,
                            .severity = Severity::kWarning,
                            .embedded_credit = self.credit,
                            .related = {related_member(report, cluster, self, *other)},
                            .detail = registry::SourceKinds{my_kind, other_kind}});
    return true;
  };
  if (cluster.generated_and_photographic) {
    if (mine.generated)
      return add(first_member(cluster, kinds, self, [](const SourceKind& s) { return s.photograph; }), "AI-generated",
                 "a photograph");
    if (mine.photograph)
      return add(first_member(cluster, kinds, self, [](const SourceKind& s) { return s.generated; }), "a photograph",
                 "AI-generated");
  }
  if (cluster.private_and_agency) {
    if (mine.private_photo)
      return add(first_member(cluster, kinds, self, [](const SourceKind& s) { return s.agency; }), "a private photo",
                 "an agency photo");
    if (mine.agency)
      return add(first_member(cluster, kinds, self, [](const SourceKind& s) { return s.private_photo; }),
                 "an agency photo", "a private photo");
  }
  return false;
}

// Sets each member's cluster (index into report.clusters) and adds its duplicate findings.
void add_findings(AuditReport& report, const DuplicateCluster& cluster, std::size_t index,
                  const std::vector<std::vector<std::string>>& organizations, const std::vector<SourceKind>& kinds) {
  const ClusterMember* with_credentials = first_with_credentials(report, cluster);
  // The credit a lost-credit copy should carry: the first member that has one.
  const ClusterMember* credited = nullptr;
  for (const auto& m : cluster.members) {
    if (!m.credit.empty()) {
      credited = &m;
      break;
    }
  }
  for (std::size_t k = 0; k < cluster.members.size(); ++k) {
    const ClusterMember& m = cluster.members[k];
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
    if (with_credentials != nullptr && !img.credentials)
      add_lost_credentials(report, cluster, m, *with_credentials, img);
    if (add_source_kind_finding(report, cluster, kinds, k, img)) {
      // says more than "credited differently", and about the same copies
    } else if (cluster.credit_lost && m.credit.empty() && credited != nullptr) {
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
  std::vector<const Fingerprints*> items(fps.size(), nullptr);
  for (std::size_t i = 0; i < fps.size(); ++i) {
    if (fps[i]) items[i] = &*fps[i];
  }
  std::vector<std::filesystem::path> paths;
  paths.reserve(fps.size());
  for (std::size_t i = 0; i < fps.size(); ++i) paths.emplace_back(report.images.path(i));
  hashing::HashOptions reread;
  reread.max_file_bytes = grey_zone.max_file_bytes;
  hashing::FileVerifier verifier = hashing::file_verifier(std::move(paths), items, rule, reread, grey_zone.read);
  hashing::EngineOptions options;
  options.rule = rule;
  options.threads = threads;
  options.verify = std::move(verifier.verify);
  options.verifiable = std::move(verifier.verifiable);
  options.word_features = std::move(verifier.word_features);  // above grey_zone.max_images: visual words
  options.grey_zone_max_items = grey_zone.max_images;
  const hashing::EngineResult found = hashing::cluster_same_photos(items, options);
  if (found.grey_zone_skipped) {
    report.context.duplicates_note = grey_zone_skipped_note(found.grey_zone_eligible, grey_zone.max_images);
  }
  for (const hashing::SamePhotoCluster& c : found.clusters) {
    DuplicateCluster cluster;
    std::set<std::vector<std::string>> credited_orgs;
    std::vector<SourceKind> kinds;
    bool any_credit = false;
    bool any_missing = false;
    for (const hashing::SamePhotoMember& member : c.members) {
      const bool first = member.item == c.members.front().item;
      const std::size_t i = member.item;
      ClusterMember m;
      m.image = i;
      m.relation = member.relation;
      m.distance = first ? 0 : std::max(0, member.verdict.distance);
      m.method = first ? ""
                       : std::string(hashing::to_string(member.verdict.same ? member.verdict.method
                                                                            : hashing::MatchMethod::kNone));
      const ImageAudit image = report.images[i];
      m.credit = carried_credit(image);
      kinds.push_back(source_kind(image));
      if (m.credit.empty()) {
        any_missing = true;
      } else {
        any_credit = true;
        if (!organizations[i].empty()) credited_orgs.insert(organizations[i]);
      }
      cluster.members.push_back(std::move(m));
    }
    cluster.kind = c.kind;
    cluster.credit_lost = any_credit && any_missing;
    cluster.credit_disagreement = credited_orgs.size() > 1;
    const auto any = [&](bool SourceKind::*field) {
      return std::any_of(kinds.begin(), kinds.end(), [&](const SourceKind& s) { return s.*field; });
    };
    cluster.generated_and_photographic = any(&SourceKind::generated) && any(&SourceKind::photograph);
    cluster.private_and_agency = any(&SourceKind::private_photo) && any(&SourceKind::agency);
    add_findings(report, cluster, report.clusters.size(), organizations, kinds);
    report.clusters.push_back(std::move(cluster));
  }
}

void separate_context(AuditReport& report, std::size_t first_context) {
  std::vector<DuplicateCluster> kept;
  std::vector<std::optional<std::size_t>> renumbered(report.clusters.size());
  for (std::size_t c = 0; c < report.clusters.size(); ++c) {
    DuplicateCluster& cluster = report.clusters[c];
    bool audited = false;
    for (ClusterMember& m : cluster.members) {
      if (!m.archive_path.empty()) continue;
      if (m.image < first_context) {
        audited = true;
        continue;
      }
      m.archive_path = report.images.display(m.image);
      m.context = true;
      m.image = 0;
    }
    if (!audited) continue;
    renumbered[c] = kept.size();
    kept.push_back(std::move(cluster));
  }
  ImageList images;
  images.reserve(first_context);
  for (std::size_t i = 0; i < first_context; ++i) {
    ImageAudit image = report.images[i];
    if (image.cluster) image.cluster = renumbered[*image.cluster];
    images.push_back(image);
  }
  report.images = std::move(images);
  report.clusters = std::move(kept);
}

}  // namespace photoaudit::audit::pipeline

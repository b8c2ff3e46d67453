// CatalogSnapshot: rows copied once, a PDQ index over their searchable hashes, and the same candidate search and
// verification as the catalog's own find_same_photo (the same-photo engine decides, not this file).
#include "photoaudit/audit/catalog_snapshot.hpp"

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

#include "photoaudit/hashing/same_photo_engine.hpp"

namespace photoaudit::audit::serve {
namespace {

std::string key(char kind, const hashing::Digest256& digest) {
  std::string out(1, kind);
  out.append(reinterpret_cast<const char*>(digest.bytes.data()), digest.bytes.size());
  return out;
}

CatalogMatch match_of(const CatalogImage& row, const hashing::SamePhotoVerdict& verdict) {
  CatalogMatch m;
  m.id = row.id;
  m.path = row.path;
  m.credit = !row.provenance.credit.empty() ? row.provenance.credit : row.provenance.copyright;
  m.distance = verdict.method == hashing::MatchMethod::kContentHash ? 0 : std::max(0, verdict.distance);
  m.method = verdict.method;
  m.missing = row.history.state != CopyState::kPresent;
  m.size = row.size;
  m.mtime_ns = row.mtime_ns;
  m.sha256 = row.fingerprints->sha256;
  m.provenance = row.provenance;
  m.history = row.history;
  return m;
}

Result<void> read_only(std::string_view what) {
  return fail(Error::unsupported(std::string(what) + ": a catalog snapshot is read-only"));
}

}  // namespace

Result<std::shared_ptr<CatalogSnapshot>> CatalogSnapshot::load(Catalog& source, std::string name) {
  auto rows = source.images(CatalogRows::kAll);
  if (!rows) return fail(rows.error());
  auto last = source.last_scan();
  if (!last) return fail(last.error());
  std::shared_ptr<CatalogSnapshot> snap(new CatalogSnapshot());
  snap->name_ = std::move(name);
  snap->images_ = std::move(*rows);
  snap->last_scan_ = *last;
  const hashing::Digest256 zero{};
  for (std::size_t i = 0; i < snap->images_.size(); ++i) {
    const CatalogImage& row = snap->images_[i];
    if (row.history.state == CopyState::kPresent) ++snap->present_;
    if (!row.fingerprints) continue;
    hashing::add_searchable_hashes(snap->index_, i, *row.fingerprints, snap->index_min_quality_);
    if (row.fingerprints->sha256 != zero) snap->by_key_.emplace(key('s', row.fingerprints->sha256), i);
    if (row.fingerprints->content_hash.digest != zero) {
      snap->by_key_.emplace(key('c', row.fingerprints->content_hash.digest), i);
    }
  }
  if (snap->index_.size() > hashing::PdqIndex::kMaxEntries) {
    return fail(Error::limit_exceeded(snap->name_ + ": too many hashes for one in-memory index"));
  }
  snap->index_.build();
  return snap;
}

Result<std::vector<CatalogFileState>> CatalogSnapshot::file_states() {
  std::vector<CatalogFileState> out;
  for (const auto& row : images_) {
    if (row.history.state != CopyState::kPresent && row.history.state != CopyState::kMissing) continue;
    CatalogFileState s;
    s.id = row.id;
    s.path = row.path;
    s.size = row.size;
    s.mtime_ns = row.mtime_ns;
    if (row.fingerprints) s.sha256 = row.fingerprints->sha256;
    s.has_fingerprints = row.fingerprints.has_value();
    s.missing = row.history.state == CopyState::kMissing;
    s.first_seen = row.history.first_seen;
    out.push_back(std::move(s));
  }
  return out;
}

Result<void> CatalogSnapshot::write(std::span<const CatalogWrite>) { return read_only("write"); }
Result<void> CatalogSnapshot::mark_seen(std::span<const std::int64_t>, std::int64_t) { return read_only("mark_seen"); }
Result<void> CatalogSnapshot::mark_missing(std::span<const std::int64_t>) { return read_only("mark_missing"); }

Result<std::vector<CatalogImage>> CatalogSnapshot::images(CatalogRows rows) {
  std::vector<CatalogImage> out;
  for (const auto& row : images_) {
    if (rows == CatalogRows::kAll || row.history.state == CopyState::kPresent) out.push_back(row);
  }
  return out;
}

Result<std::int64_t> CatalogSnapshot::count() { return static_cast<std::int64_t>(images_.size()); }

Result<std::int64_t> CatalogSnapshot::last_scan() { return last_scan_; }

std::vector<std::size_t> CatalogSnapshot::candidates(const hashing::Fingerprints& probe,
                                                     const hashing::SameRule& rule) const {
  std::set<std::size_t> out;
  if (rule.min_quality != index_min_quality_) {
    for (std::size_t i = 0; i < images_.size(); ++i) out.insert(i);
    return {out.begin(), out.end()};
  }
  const auto probes = hashing::probe_hashes(probe, rule.min_quality);
  if (auto near = index_.query_any(probes, hashing::search_radius(rule))) {
    for (const auto& m : *near) out.insert(static_cast<std::size_t>(m.id));
  }
  const hashing::Digest256 zero{};
  for (const auto& [kind, digest] : {std::pair{'s', probe.sha256}, std::pair{'c', probe.content_hash.digest}}) {
    if (digest == zero) continue;
    const auto [first, last] = by_key_.equal_range(key(kind, digest));
    for (auto it = first; it != last; ++it) out.insert(it->second);
  }
  return {out.begin(), out.end()};
}

Result<std::vector<CatalogMatch>> CatalogSnapshot::find_same_photo(const hashing::Fingerprints& probe,
                                                                   const hashing::SameRule& rule, CatalogRows rows) {
  std::vector<CatalogMatch> out;
  for (const std::size_t i : candidates(probe, rule)) {
    const CatalogImage& row = images_[i];
    if (!row.fingerprints) continue;
    if (rows == CatalogRows::kPresent && row.history.state != CopyState::kPresent) continue;
    const auto verdict = hashing::same_photo(probe, *row.fingerprints, rule);
    if (verdict.same) out.push_back(match_of(row, verdict));
  }
  std::sort(out.begin(), out.end(), [](const CatalogMatch& a, const CatalogMatch& b) {
    return std::tie(a.distance, a.path, a.id) < std::tie(b.distance, b.path, b.id);
  });
  return out;
}

}  // namespace photoaudit::audit::serve

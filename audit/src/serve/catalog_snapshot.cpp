// CatalogSnapshot: the rows' matching fields copied once, a PDQ index and two sorted digest lists over them, the
// same candidate search and verdicts as the catalog's own find_same_photo (the same-photo engine decides, not
// this file), and the matches' records read from the catalog by id.
#include "photoaudit/audit/catalog_snapshot.hpp"

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

#include "photoaudit/audit/catalog_match.hpp"
#include "photoaudit/hashing/flat_partners.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"

namespace photoaudit::audit::serve {
namespace {

Result<void> read_only(std::string_view what) {
  return fail(Error::unsupported(std::string(what) + ": a catalog snapshot is read-only"));
}

bool by_digest(const auto& a, const auto& b) { return a.digest.bytes < b.digest.bytes; }

}  // namespace

Result<std::shared_ptr<CatalogSnapshot>> CatalogSnapshot::load(std::shared_ptr<CatalogConnections> db,
                                                               std::string name) {
  std::shared_ptr<CatalogSnapshot> snap(new CatalogSnapshot());
  snap->name_ = std::move(name);
  snap->db_ = std::move(db);
  auto read = snap->db_->with<void>([&snap](Catalog& catalog) -> Result<void> {
    auto last = catalog.last_scan();
    if (!last) return fail(last.error());
    snap->last_scan_ = *last;
    // Reserved once: growing the vectors row by row would hold the old and the new copy at once (half as much
    // memory again at the peak of a rebuild).
    auto rows = catalog.count();
    if (!rows) return fail(rows.error());
    const auto n = static_cast<std::size_t>(std::max<std::int64_t>(*rows, 0));
    snap->rows_.reserve(n);
    snap->sha256_.reserve(n);
    snap->content_.reserve(n);
    return catalog.each_image(CatalogRows::kAll, [&snap](CatalogImage&& row) { return snap->add(std::move(row)); });
  });
  if (!read) return fail(read.error());
  snap->finish();
  return snap;
}

Result<void> CatalogSnapshot::add(CatalogImage&& image) {
  ++total_rows_;
  if (image.history.state == CopyState::kPresent) ++present_;
  if (!image.fingerprints) return ok();  // never a match: counted, not kept
  const auto pos = static_cast<std::uint32_t>(rows_.size());
  hashing::add_searchable_hashes(index_, pos, *image.fingerprints, index_min_quality_);
  if (index_.size() > hashing::PdqIndex::kMaxEntries) {
    return fail(Error::limit_exceeded(name_ + ": too many hashes for one in-memory index"));
  }
  const hashing::Digest256 zero{};
  if (image.fingerprints->sha256 != zero) sha256_.push_back({image.fingerprints->sha256, pos});
  if (image.fingerprints->content_hash.digest != zero)
    content_.push_back({image.fingerprints->content_hash.digest, pos});
  image.fingerprints->local_features.reset();
  hashing::SameRule index_rule;
  index_rule.min_quality = index_min_quality_;
  if (hashing::flat_looking(*image.fingerprints, index_rule)) flat_rows_.push_back(pos);
  rows_.push_back(Row{.id = image.id, .state = image.history.state, .fingerprints = std::move(*image.fingerprints)});
  return ok();
}

void CatalogSnapshot::finish() {
  std::sort(sha256_.begin(), sha256_.end(), by_digest<Keyed, Keyed>);
  std::sort(content_.begin(), content_.end(), by_digest<Keyed, Keyed>);
  index_.build();
}

std::size_t CatalogSnapshot::row_bytes() const {
  return rows_.capacity() * sizeof(Row) + (sha256_.capacity() + content_.capacity()) * sizeof(Keyed) +
         flat_rows_.capacity() * sizeof(std::uint32_t);
}

Result<std::vector<CatalogFileState>> CatalogSnapshot::file_states() {
  return db_->with<std::vector<CatalogFileState>>([](Catalog& c) { return c.file_states(); });
}

Result<void> CatalogSnapshot::write(std::span<const CatalogWrite>) { return read_only("write"); }
Result<void> CatalogSnapshot::mark_seen(std::span<const std::int64_t>, std::int64_t) { return read_only("mark_seen"); }
Result<void> CatalogSnapshot::mark_missing(std::span<const std::int64_t>) { return read_only("mark_missing"); }

Result<std::vector<CatalogImage>> CatalogSnapshot::images(CatalogRows rows) {
  return db_->with<std::vector<CatalogImage>>([rows](Catalog& c) { return c.images(rows); });
}

Result<std::vector<CatalogImage>> CatalogSnapshot::images_by_id(std::span<const std::int64_t> ids) {
  return db_->with<std::vector<CatalogImage>>([ids](Catalog& c) { return c.images_by_id(ids); });
}

Result<std::int64_t> CatalogSnapshot::count() { return static_cast<std::int64_t>(total_rows_); }

Result<std::int64_t> CatalogSnapshot::last_scan() { return last_scan_; }

Result<std::optional<std::string>> CatalogSnapshot::local_features(std::int64_t id) {
  return db_->with<std::optional<std::string>>([id](Catalog& c) { return c.local_features(id); });
}

std::vector<std::size_t> CatalogSnapshot::candidates(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                                     int radius) const {
  std::set<std::size_t> out;
  if (rule.min_quality != index_min_quality_) {
    for (std::size_t i = 0; i < rows_.size(); ++i) out.insert(i);
    return {out.begin(), out.end()};
  }
  const auto probes = hashing::probe_hashes_within(probe, rule, radius);
  if (auto near = index_.query_any(probes, radius)) {
    for (const auto& m : *near) out.insert(static_cast<std::size_t>(m.id));
  }
  const hashing::Digest256 zero{};
  for (const auto& [list, digest] :
       {std::pair{&sha256_, probe.sha256}, std::pair{&content_, probe.content_hash.digest}}) {
    if (digest == zero) continue;
    const auto [first, last] = std::equal_range(list->begin(), list->end(), Keyed{digest, 0}, by_digest<Keyed, Keyed>);
    for (auto it = first; it != last; ++it) out.insert(it->row);
  }
  return {out.begin(), out.end()};
}

void CatalogSnapshot::verdicts(const hashing::Fingerprints& probe, const hashing::SameRule& rule, CatalogRows rows,
                               bool grey_zone, const SearchScope* scope, std::vector<Verdict>& same,
                               std::vector<Verdict>& grey) const {
  const auto known = [scope](std::int64_t id) {
    return scope != nullptr && std::binary_search(scope->known.begin(), scope->known.end(), id);
  };
  // The grey zone's own index radius only while the index is small enough for it: a search out to grey_zone_max
  // (90 of 256 bits) visits a large part of every slice, seconds and gigabytes at a million rows.
  const bool wide = grey_zone && rows_.size() <= kGreyZoneSearchRows;
  const int radius = std::max(hashing::search_radius(rule), wide ? rule.grey_zone_max : 0);
  const std::vector<std::size_t> near = candidates(probe, rule, radius);
  for (const std::size_t i : near) {
    const Row& row = rows_[i];
    if ((rows == CatalogRows::kPresent && row.state != CopyState::kPresent) || known(row.id)) continue;
    const auto verdict = hashing::same_photo(probe, row.fingerprints, rule);
    if (verdict.same) {
      same.push_back({row.id, verdict});
    } else if (grey_zone && verdict.distance >= 0 && verdict.distance <= rule.grey_zone_max) {
      grey.push_back({row.id, verdict});
    }
  }
  // The flat picture's partners the index cannot reach (flat_partners.hpp): the flat-looking rows, and for a
  // flat probe the rows of its frame shape too.
  // Another rule than the index's: every row was a candidate already.
  if (scope == nullptr || rule.min_quality != index_min_quality_) return;
  hashing::FlatPartnerRows wanted = hashing::flat_partner_rows(probe, rule);
  if (!scope->flat_rows_of_shape) wanted.flat_rows_shaped = false;
  if (!wanted.want || (!wanted.flat_looking_rows && !wanted.flat_rows_shaped && !wanted.other_rows_shaped)) return;
  hashing::FlatBudget own;
  hashing::FlatPartnerSearch flat(probe, rule, scope->flat_budget != nullptr ? *scope->flat_budget : own);
  const auto visit = [&](std::size_t i) {
    const Row& row = rows_[i];
    if ((rows == CatalogRows::kPresent && row.state != CopyState::kPresent) || known(row.id)) return;
    if (std::binary_search(near.begin(), near.end(), i) || !flat.partner(row.fingerprints)) return;
    const auto verdict = hashing::same_photo(probe, row.fingerprints, rule);
    if (verdict.same) same.push_back({row.id, verdict});
  };
  if (wanted.other_rows_shaped) {
    for (std::size_t i = 0; i < rows_.size(); ++i) visit(i);
  } else {
    for (const std::uint32_t i : flat_rows_) visit(i);
  }
}

bool CatalogSnapshot::grey_zone_of(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                   CatalogRows rows) const {
  if (!rule.local_features) return false;
  std::vector<Verdict> same;
  std::vector<Verdict> grey;
  verdicts(probe, rule, rows, true, nullptr, same, grey);
  return !grey.empty();
}

Result<std::vector<CatalogMatch>> CatalogSnapshot::find_same_photo(const hashing::Fingerprints& probe,
                                                                   const hashing::SameRule& rule, CatalogRows rows,
                                                                   const SearchScope& scope) {
  // With the probe's local features, the grey zone's candidates too (verified with the rows' stored features).
  const bool grey_zone = rule.local_features && probe.local_features != nullptr;
  std::vector<Verdict> same;
  std::vector<Verdict> grey;
  verdicts(probe, rule, rows, grey_zone, &scope, same, grey);
  std::vector<CatalogMatch> out;
  if (same.empty() && grey.empty()) return out;
  std::vector<std::int64_t> ids;
  for (const auto* list : {&same, &grey}) {
    for (const auto& v : *list) ids.push_back(v.id);
  }
  auto found = db_->with<std::vector<CatalogMatch>>([&](Catalog& catalog) -> Result<std::vector<CatalogMatch>> {
    auto records = catalog.images_by_id(ids);
    if (!records) return fail(records.error());
    std::vector<CatalogMatch> matches;
    std::vector<std::string> own;  // a damaged blob keeps the hashes' verdict; its note goes to the scope's notes
    std::vector<std::string>& notes = scope.notes != nullptr ? *scope.notes : own;
    const auto record_of = [&records](std::int64_t id) -> const CatalogImage* {
      const auto it = std::lower_bound(records->begin(), records->end(), id,
                                       [](const CatalogImage& r, std::int64_t v) { return r.id < v; });
      return it != records->end() && it->id == id && it->fingerprints ? &*it : nullptr;
    };
    for (const auto& v : same) {
      if (const CatalogImage* record = record_of(v.id)) matches.push_back(catalog::catalog_match(*record, v.verdict));
    }
    for (const auto& v : grey) {
      const CatalogImage* record = record_of(v.id);
      if (record == nullptr) continue;
      const auto verdict = catalog::verify_with_stored_features(catalog, probe, *record, v.verdict, rule, notes);
      if (verdict.same) matches.push_back(catalog::catalog_match(*record, verdict));
    }
    return matches;
  });
  if (!found) return fail(found.error());
  out = std::move(*found);
  std::sort(out.begin(), out.end(), [](const CatalogMatch& a, const CatalogMatch& b) {
    return std::tie(a.distance, a.path, a.id) < std::tie(b.distance, b.path, b.id);
  });
  return out;
}

}  // namespace photoaudit::audit::serve

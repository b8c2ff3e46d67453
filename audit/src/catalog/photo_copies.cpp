// The default body of Catalog::find_photo_copies (catalog.hpp): the probe's matches, then the matches of each
// copy found, searched with the copy's stored fingerprints, as the same-photo engine joins a folder's copies.
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/hashing/flat_partners.hpp"
#include "photoaudit/hashing/local_features_codec.hpp"

namespace photoaudit::audit {
namespace {

// The copy's row as a probe: its stored fingerprints, with its stored local features when `with_features`.
// nullopt when the row is gone or has no fingerprints. A damaged blob leaves the probe without local features,
// and a message in notes, as find_same_photo words it for a candidate's.
Result<std::optional<hashing::Fingerprints>> stored_probe(Catalog& catalog, std::int64_t id, bool with_features,
                                                          std::vector<std::string>& notes) {
  auto rows = catalog.images_by_id(std::span<const std::int64_t>(&id, 1));
  if (!rows) return fail(rows.error());
  if (rows->empty() || !rows->front().fingerprints) return std::optional<hashing::Fingerprints>();
  hashing::Fingerprints fp = std::move(*rows->front().fingerprints);
  fp.local_features = nullptr;
  if (with_features) {
    auto blob = catalog.local_features(id);
    if (!blob) return fail(blob.error());
    if (*blob) {
      auto decoded = hashing::decode_local_features(**blob);
      if (decoded) {
        fp.local_features = std::make_shared<const hashing::LocalFeatures>(std::move(*decoded));
      } else {
        notes.push_back(rows->front().path + ": catalog row " + std::to_string(id) + ": " + decoded.error().message +
                        "; rescan the file (its copies were searched on its hashes only)");
      }
    }
  }
  return std::optional<hashing::Fingerprints>(std::move(fp));
}

// The row a note names: "PATH: catalog row N" (verify_with_stored_features and stored_probe both start so; no
// message of theirs contains ": catalog row " again, so the last one ends the path).
std::string row_named(const std::string& note) {
  constexpr std::string_view kRow = ": catalog row ";
  const std::size_t at = note.rfind(kRow);
  if (at == std::string::npos) return note;
  std::size_t end = at + kRow.size();
  while (end < note.size() && note[end] >= '0' && note[end] <= '9') ++end;
  return note.substr(0, end);
}

// Notes said once each (a damaged candidate is met by every search that reaches it), and the rows they name.
void settle_notes(Catalog::PhotoCopies& out) {
  std::set<std::string> said;
  std::erase_if(out.notes, [&said](const std::string& note) { return !said.insert(note).second; });
  std::set<std::string> rows;
  for (const auto& note : out.notes) rows.insert(row_named(note));
  out.damaged_rows = rows.size();
}

// Frame shapes (width / height) whose flat rows were compared already (SearchScope::flat_rows_of_shape).
class ShapesAsked {
 public:
  // Whether a search from fp should compare the flat rows of its shape: fp is flat-looking (its flat partners are
  // others), or no copy of its shape (within flat_frames_agree's 2%) was asked yet; records the shape.
  bool ask(const hashing::Fingerprints& fp, const hashing::SameRule& rule) {
    if (hashing::flat_looking(fp, rule) || fp.width == 0 || fp.height == 0) return true;
    const double shape = static_cast<double>(fp.width) / fp.height;
    if (std::ranges::any_of(shapes_, [shape](double s) { return hashing::same_aspect(s, shape); })) return false;
    shapes_.push_back(shape);
    return true;
  }

 private:
  std::vector<double> shapes_;
};

}  // namespace

Result<Catalog::PhotoCopies> Catalog::find_photo_copies(const hashing::Fingerprints& probe,
                                                        const hashing::SameRule& rule, CatalogRows rows) {
  ShapesAsked shapes;
  hashing::FlatBudget budget;  // one for the probe and the copies followed
  PhotoCopies out;
  auto direct = find_same_photo(
      probe, rule, CatalogRows::kAll,
      {.known = {}, .flat_rows_of_shape = shapes.ask(probe, rule), .flat_budget = &budget, .notes = &out.notes});
  if (!direct) return fail(direct.error());
  std::vector<CatalogMatch>& found = out.matches;
  found = std::move(*direct);
  std::vector<std::int64_t> known;  // sorted: the rows found so far, left out of the next searches
  known.reserve(found.size());
  for (const auto& m : found) known.push_back(m.id);
  std::sort(known.begin(), known.end());
  // Bytes already searched from: the same bytes find the same rows.
  std::set<std::array<std::uint8_t, 32>> searched{probe.sha256.bytes};
  const bool with_features = rule.local_features && probe.local_features != nullptr;
  std::size_t followed = 0;
  for (std::size_t next = 0; next < found.size(); ++next) {
    const std::int64_t id = found[next].id;
    const std::string path = found[next].path;
    if (!searched.insert(found[next].sha256.bytes).second) continue;
    if (followed == kMaxCopiesFollowed) {
      ++out.not_followed;
      continue;
    }
    auto copy = stored_probe(*this, id, with_features, out.notes);
    if (!copy) return fail(copy.error());
    if (!*copy) continue;
    ++followed;
    const SearchScope scope{
        .known = known, .flat_rows_of_shape = shapes.ask(**copy, rule), .flat_budget = &budget, .notes = &out.notes};
    auto more = find_same_photo(**copy, rule, CatalogRows::kAll, scope);
    if (!more) return fail(more.error());
    for (auto& m : *more) {
      const auto at = std::lower_bound(known.begin(), known.end(), m.id);
      if (at != known.end() && *at == m.id) continue;
      known.insert(at, m.id);
      m.via_id = id;
      m.via = path;
      found.push_back(std::move(m));
    }
  }
  out.unchecked = budget.unchecked;
  settle_notes(out);
  if (rows == CatalogRows::kPresent) {
    std::erase_if(found, [](const CatalogMatch& m) { return m.missing; });
  }
  std::sort(found.begin(), found.end(), [](const CatalogMatch& a, const CatalogMatch& b) {
    const bool a_via = a.via_id != 0;
    const bool b_via = b.via_id != 0;
    return std::tie(a_via, a.distance, a.path, a.id) < std::tie(b_via, b.distance, b.path, b.id);
  });
  return out;
}

}  // namespace photoaudit::audit

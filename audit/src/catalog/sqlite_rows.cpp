#include "catalog/sqlite_rows.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "catalog/row_codec.hpp"
#include "catalog/sqlite_schema.hpp"

namespace photoaudit::audit::catalog {
namespace {

std::string make_insert() {
  std::string params;
  for (std::size_t i = 0; i < kImageColumns.size(); ++i) params += (i == 0 ? "?" : ", ?") + std::to_string(i + 1);
  return "INSERT INTO images (" + image_column_list() + ") VALUES (" + params + ")";
}

std::string make_update() {
  std::string sets;
  for (std::size_t i = 0; i < kImageColumns.size(); ++i) {
    sets += (i == 0 ? "" : ", ") + std::string(kImageColumns[i]) + " = ?" + std::to_string(i + 1);
  }
  return "UPDATE images SET " + sets + " WHERE id = ?" + std::to_string(kImageParams + 1);
}

std::span<const std::uint8_t> bytes_of(const hashing::Digest256& d) { return d.bytes; }

// The c2pa_* columns (33 .. 37): NULL when the file carries no manifest store.
constexpr int kFirstCredentialColumn = 33;
// local_features: the last column, after the c2pa_* ones (not in kSelectSql's list: read on its own).
constexpr int kLocalFeaturesColumn = kImageParams;
static_assert(kFirstCredentialColumn + 5 == kLocalFeaturesColumn);

void bind_credentials(Statement& stmt, const std::optional<CatalogCredentials>& c) {
  if (!c) {
    for (int i = kFirstCredentialColumn; i < kFirstCredentialColumn + 5; ++i) stmt.bind_null(i);
    return;
  }
  stmt.bind_text(kFirstCredentialColumn, c->state);
  stmt.bind_text(kFirstCredentialColumn + 1, c->signer);
  stmt.bind_text(kFirstCredentialColumn + 2, c->issuer);
  stmt.bind_text(kFirstCredentialColumn + 3, c->signed_at);
  stmt.bind_text(kFirstCredentialColumn + 4, c->generator);
}

std::optional<CatalogCredentials> read_credentials(const Statement& stmt) {
  if (stmt.column_is_null(kFirstCredentialColumn)) return std::nullopt;
  return CatalogCredentials{.state = stmt.column_text(kFirstCredentialColumn),
                            .signer = stmt.column_text(kFirstCredentialColumn + 1),
                            .issuer = stmt.column_text(kFirstCredentialColumn + 2),
                            .signed_at = stmt.column_text(kFirstCredentialColumn + 3),
                            .generator = stmt.column_text(kFirstCredentialColumn + 4)};
}

}  // namespace

std::string image_column_list(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += (out.empty() ? "" : ", ") + std::string(kImageColumns[i]);
  return out;
}

const std::string kInsertSql = make_insert();
const std::string kUpdateSql = make_update();
const std::string kSelectSql = "SELECT id, " + image_column_list(kSelectedParams) + " FROM images";

std::string join_ids(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ";") + id;
  return out;
}

std::vector<std::string> split_ids(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < joined.size()) {
    const std::size_t end = std::min(joined.find(';', start), joined.size());
    if (end > start) out.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

void bind_image(Statement& stmt, const CatalogImage& image) {
  stmt.bind_blob(1, std::string_view(image.path));
  stmt.bind(2, static_cast<std::int64_t>(image.size));
  stmt.bind(3, image.mtime_ns);
  if (image.fingerprints) {
    const hashing::Fingerprints& fp = *image.fingerprints;
    stmt.bind_blob(4, bytes_of(fp.sha256));
    stmt.bind_blob(5, bytes_of(fp.content_hash.digest));
    stmt.bind_text(6, hashing::to_string(fp.content_hash.method));
    stmt.bind_text(7, fp.format);
    stmt.bind(8, fp.width);
    stmt.bind(9, fp.height);
    stmt.bind(10, fp.orientation);
    if (fp.pdq_hashable) stmt.bind_blob(11, std::string_view(hash_blob(fp.pdq)));
    stmt.bind(12, fp.pdq_quality);
    stmt.bind_blob(13, std::string_view(dihedral_blob(fp)));
    stmt.bind_blob(14, std::string_view(windows_blob(fp)));
    stmt.bind_blob(15, std::string_view(trimmed_blob(fp)));
    stmt.bind(16, fp.pdq_trimmed_quality);
    stmt.bind(17, static_cast<std::int64_t>(fp.phash));
  } else {
    for (int i = 4; i <= 17; ++i) stmt.bind_null(i);
  }
  const CatalogProvenance& p = image.provenance;
  stmt.bind_text(18, p.credit);
  stmt.bind_text(19, p.byline);
  stmt.bind_text(20, p.source);
  stmt.bind_text(21, p.copyright);
  stmt.bind_text(22, p.date_created);
  stmt.bind_text(23, p.digital_source_type);
  stmt.bind_text(24, join_ids(p.organizations));
  stmt.bind_text(25, image.error);
  stmt.bind(26, image.scanned_at);
  const CopyHistory& h = image.history;
  stmt.bind(27, state_column(h.state));
  stmt.bind(28, h.first_seen);
  stmt.bind(29, h.last_seen);
  if (h.moved_to.empty()) {
    stmt.bind_null(30);
  } else {
    stmt.bind_blob(30, std::string_view(h.moved_to));
  }
  if (h.moved_from.empty()) {
    stmt.bind_null(31);
  } else {
    stmt.bind_blob(31, std::string_view(h.moved_from));
  }
  stmt.bind_text(32, parse_metadata_date(p.date_created).iso);
  bind_credentials(stmt, p.credentials);
  if (image.fingerprints && !image.local_features.empty()) {
    stmt.bind_blob(kLocalFeaturesColumn, std::string_view(image.local_features));
  } else {
    stmt.bind_null(kLocalFeaturesColumn);
  }
}

CopyState state_from_column(std::int64_t value) {
  switch (value) {
    case kStatePresent:
      return CopyState::kPresent;
    case kStateMoved:
      return CopyState::kMoved;
    case kStateReplaced:
      return CopyState::kReplaced;
    default:
      return CopyState::kMissing;
  }
}

std::int64_t state_column(CopyState state) {
  switch (state) {
    case CopyState::kPresent:
      return kStatePresent;
    case CopyState::kMoved:
      return kStateMoved;
    case CopyState::kReplaced:
      return kStateReplaced;
    case CopyState::kMissing:
      break;
  }
  return kStateMissing;
}

CatalogImage read_image(const Statement& stmt) {
  CatalogImage img;
  img.id = stmt.column_int(0);
  img.path = std::string(stmt.column_blob(1));
  img.size = static_cast<std::uint64_t>(stmt.column_int(2));
  img.mtime_ns = stmt.column_int(3);
  img.error = stmt.column_text(25);
  const auto sha = stmt.column_blob(4);
  const auto content = stmt.column_blob(5);
  if (!sha.empty()) {
    hashing::Fingerprints fp;
    const auto method = content_method_from_name(stmt.column_text(6));
    const bool hashes_ok = sha.size() == 32 && content.size() == 32 && method.has_value() &&
                           dihedral_from_blob(stmt.column_blob(13), fp) &&
                           windows_from_blob(stmt.column_blob(14), fp) && trimmed_from_blob(stmt.column_blob(15), fp);
    const auto pdq = stmt.column_is_null(11) ? std::optional<hashing::Hash256>() : hash_from_blob(stmt.column_blob(11));
    if (hashes_ok && (stmt.column_is_null(11) || pdq)) {
      std::copy(sha.begin(), sha.end(), fp.sha256.bytes.begin());
      std::copy(content.begin(), content.end(), fp.content_hash.digest.bytes.begin());
      fp.content_hash.method = *method;
      fp.format = format_from_name(stmt.column_text(7));
      fp.width = static_cast<std::uint32_t>(stmt.column_int(8));
      fp.height = static_cast<std::uint32_t>(stmt.column_int(9));
      fp.orientation = static_cast<int>(stmt.column_int(10));
      fp.pdq_hashable = pdq.has_value();
      if (pdq) fp.pdq = *pdq;
      fp.pdq_quality = static_cast<int>(stmt.column_int(12));
      fp.pdq_trimmed_quality = static_cast<int>(stmt.column_int(16));
      fp.phash = static_cast<std::uint64_t>(stmt.column_int(17));
      img.fingerprints = fp;
    } else {
      img.error = "catalog row has damaged hashes; rescan the file";
    }
  }
  CatalogProvenance& p = img.provenance;
  p.credit = stmt.column_text(18);
  p.byline = stmt.column_text(19);
  p.source = stmt.column_text(20);
  p.copyright = stmt.column_text(21);
  p.date_created = stmt.column_text(22);
  p.digital_source_type = stmt.column_text(23);
  p.organizations = split_ids(stmt.column_text(24));
  p.credentials = read_credentials(stmt);
  img.scanned_at = stmt.column_int(26);
  CopyHistory& h = img.history;
  h.state = state_from_column(stmt.column_int(27));
  h.first_seen = stmt.column_int(28);
  h.last_seen = stmt.column_int(29);
  h.moved_to = std::string(stmt.column_blob(30));
  h.moved_from = std::string(stmt.column_blob(31));
  return img;
}

}  // namespace photoaudit::audit::catalog

#include "catalog/postgres_rows.hpp"

#include <algorithm>

#include "catalog/row_codec.hpp"
#include "catalog/sqlite_rows.hpp"
#include "catalog/sqlite_schema.hpp"
#include "photoaudit/audit/metadata_date.hpp"
#include "photoaudit/hashing/digest.hpp"

namespace photoaudit::audit::catalog {
namespace {

static_assert(kImageColumns.size() == kPgImageParams - 1);

// The c2pa_* columns, 0-based in a kPgSelectSql row (id first): NULL when the file carries no manifest store.
constexpr int kFirstCredentialColumn = 33;

void add_credential_params(std::vector<PgParam>& p, const std::optional<CatalogCredentials>& c) {
  if (!c) {
    p.resize(p.size() + 5);
    return;
  }
  for (const auto* field : {&c->state, &c->signer, &c->issuer, &c->signed_at, &c->generator}) {
    p.push_back(PgParam::text(pg_safe_text(*field)));
  }
}

std::optional<CatalogCredentials> read_credentials(const PGresult* res, int row) {
  if (pg_null(res, row, kFirstCredentialColumn)) return std::nullopt;
  return CatalogCredentials{.state = pg_text(res, row, kFirstCredentialColumn),
                            .signer = pg_text(res, row, kFirstCredentialColumn + 1),
                            .issuer = pg_text(res, row, kFirstCredentialColumn + 2),
                            .signed_at = pg_text(res, row, kFirstCredentialColumn + 3),
                            .generator = pg_text(res, row, kFirstCredentialColumn + 4)};
}

std::string make_insert() {
  std::string params;
  for (int i = 1; i <= kPgImageParams; ++i) params += (i == 1 ? "$" : ", $") + std::to_string(i);
  return "INSERT INTO images (path_key, " + image_column_list() + ") VALUES (" + params +
         ") ON CONFLICT (path_key, path) WHERE state < 2 DO NOTHING RETURNING id";
}

std::string make_update() {
  std::string sets = "path_key = $1";
  for (std::size_t i = 0; i < kImageColumns.size(); ++i) {
    sets += ", " + std::string(kImageColumns[i]) + " = $" + std::to_string(i + 2);
  }
  return "UPDATE images SET " + sets + " WHERE id = $" + std::to_string(kPgImageParams + 1);
}

std::string digest_param(const hashing::Digest256& d) { return std::string(digest_bytes(d)); }

PgParam bytes_or_null(const std::string& bytes) { return bytes.empty() ? PgParam::null() : PgParam::bytes(bytes); }

void add_fingerprint_params(std::vector<PgParam>& p, const std::optional<hashing::Fingerprints>& fingerprints) {
  if (!fingerprints) {
    p.resize(p.size() + 14);
    return;
  }
  const hashing::Fingerprints& fp = *fingerprints;
  p.push_back(PgParam::bytes(digest_param(fp.sha256)));
  p.push_back(PgParam::bytes(digest_param(fp.content_hash.digest)));
  p.push_back(PgParam::text_or_null(std::string(hashing::to_string(fp.content_hash.method))));
  p.push_back(PgParam::text_or_null(std::string(fp.format)));
  p.push_back(PgParam::integer(fp.width));
  p.push_back(PgParam::integer(fp.height));
  p.push_back(PgParam::integer(fp.orientation));
  p.push_back(fp.pdq_hashable ? PgParam::bytes(hash_blob(fp.pdq)) : PgParam::null());
  p.push_back(PgParam::integer(fp.pdq_quality));
  p.push_back(PgParam::bytes(dihedral_blob(fp)));
  p.push_back(PgParam::bytes(windows_blob(fp)));
  p.push_back(PgParam::bytes(trimmed_blob(fp)));
  p.push_back(PgParam::integer(fp.pdq_trimmed_quality));
  p.push_back(PgParam::integer(static_cast<std::int64_t>(fp.phash)));
}

PgParam text_param(std::string_view text) { return PgParam::text_or_null(pg_safe_text(text)); }

// The fingerprints of a row, or nullopt with img.error set when its hash columns are damaged.
void read_fingerprints(const PGresult* res, int row, CatalogImage& img) {
  const std::string sha = pg_bytes(res, row, 4);
  if (sha.empty()) return;
  const std::string content = pg_bytes(res, row, 5);
  hashing::Fingerprints fp;
  const auto method = content_method_from_name(pg_text(res, row, 6));
  const bool hashes_ok = sha.size() == 32 && content.size() == 32 && method.has_value() &&
                         dihedral_from_blob(pg_bytes(res, row, 13), fp) &&
                         windows_from_blob(pg_bytes(res, row, 14), fp) && trimmed_from_blob(pg_bytes(res, row, 15), fp);
  const bool no_pdq = pg_null(res, row, 11);
  const auto pdq = no_pdq ? std::optional<hashing::Hash256>() : hash_from_blob(pg_bytes(res, row, 11));
  if (!hashes_ok || (!no_pdq && !pdq)) {
    img.error = "catalog row has damaged hashes; rescan the file";
    return;
  }
  std::copy(sha.begin(), sha.end(), fp.sha256.bytes.begin());
  std::copy(content.begin(), content.end(), fp.content_hash.digest.bytes.begin());
  fp.content_hash.method = *method;
  fp.format = format_from_name(pg_text(res, row, 7));
  fp.width = static_cast<std::uint32_t>(pg_int(res, row, 8));
  fp.height = static_cast<std::uint32_t>(pg_int(res, row, 9));
  fp.orientation = static_cast<int>(pg_int(res, row, 10));
  fp.pdq_hashable = pdq.has_value();
  if (pdq) fp.pdq = *pdq;
  fp.pdq_quality = static_cast<int>(pg_int(res, row, 12));
  fp.pdq_trimmed_quality = static_cast<int>(pg_int(res, row, 16));
  fp.phash = static_cast<std::uint64_t>(pg_int(res, row, 17));
  img.fingerprints = fp;
}

}  // namespace

const std::string kPgInsertSql = make_insert();
const std::string kPgUpdateSql = make_update();
const std::string kPgSelectSql = "SELECT id, " + image_column_list(kImageColumns.size() - 1) + " FROM images";

std::int64_t path_key(std::string_view path) {
  const auto digest = hashing::sha256_bytes(reinterpret_cast<const std::uint8_t*>(path.data()), path.size());
  std::uint64_t key = 0;
  for (std::size_t i = 0; i < 8; ++i) key = (key << 8U) | digest.bytes[i];
  return static_cast<std::int64_t>(key);
}

std::vector<PgParam> pg_image_params(const CatalogImage& image) {
  std::vector<PgParam> p;
  p.reserve(kPgImageParams + 1);
  p.push_back(PgParam::integer(path_key(image.path)));
  p.push_back(PgParam::bytes(image.path));
  p.push_back(PgParam::integer(static_cast<std::int64_t>(image.size)));
  p.push_back(PgParam::integer(image.mtime_ns));
  add_fingerprint_params(p, image.fingerprints);
  const CatalogProvenance& prov = image.provenance;
  for (const auto* field :
       {&prov.credit, &prov.byline, &prov.source, &prov.copyright, &prov.date_created, &prov.digital_source_type}) {
    p.push_back(text_param(*field));
  }
  p.push_back(text_param(join_ids(prov.organizations)));
  p.push_back(text_param(image.error));
  p.push_back(PgParam::integer(image.scanned_at));
  const CopyHistory& h = image.history;
  p.push_back(PgParam::integer(state_column(h.state)));
  p.push_back(PgParam::integer(h.first_seen));
  p.push_back(PgParam::integer(h.last_seen));
  p.push_back(bytes_or_null(h.moved_to));
  p.push_back(bytes_or_null(h.moved_from));
  p.push_back(text_param(parse_metadata_date(prov.date_created).iso));
  add_credential_params(p, prov.credentials);
  p.push_back(image.fingerprints ? bytes_or_null(image.local_features) : PgParam::null());
  return p;
}

CatalogImage read_pg_image(const PGresult* res, int row) {
  CatalogImage img;
  img.id = pg_int(res, row, 0);
  img.path = pg_bytes(res, row, 1);
  img.size = static_cast<std::uint64_t>(pg_int(res, row, 2));
  img.mtime_ns = pg_int(res, row, 3);
  img.error = pg_text(res, row, 25);
  read_fingerprints(res, row, img);
  CatalogProvenance& p = img.provenance;
  p.credit = pg_text(res, row, 18);
  p.byline = pg_text(res, row, 19);
  p.source = pg_text(res, row, 20);
  p.copyright = pg_text(res, row, 21);
  p.date_created = pg_text(res, row, 22);
  p.digital_source_type = pg_text(res, row, 23);
  p.organizations = split_ids(pg_text(res, row, 24));
  p.credentials = read_credentials(res, row);
  img.scanned_at = pg_int(res, row, 26);
  CopyHistory& h = img.history;
  h.state = state_from_column(pg_int(res, row, 27));
  h.first_seen = pg_int(res, row, 28);
  h.last_seen = pg_int(res, row, 29);
  h.moved_to = pg_bytes(res, row, 30);
  h.moved_from = pg_bytes(res, row, 31);
  return img;
}

std::vector<hashing::Hash256> stored_hashes(const hashing::Fingerprints& fp) {
  std::vector<hashing::Hash256> out;
  if (fp.pdq_hashable) out.push_back(fp.pdq);
  for (std::size_t w = 0; w < fp.pdq_windows.size(); ++w) {
    if (fp.pdq_window_quality[w] > 0) out.push_back(fp.pdq_windows[w]);
  }
  if (fp.trimmed.any()) out.push_back(fp.pdq_trimmed);
  return out;
}

std::array<int, 16> hash_slices(const hashing::Hash256& hash) {
  std::array<int, 16> out{};
  for (std::size_t k = 0; k < out.size(); ++k) {
    out[k] = static_cast<int>((hash.words[k / 4] >> (16 * (k % 4))) & 0xFFFFU);
  }
  return out;
}

std::string bit_literal(const hashing::Hash256& hash) { return "x" + hash.to_hex(); }

}  // namespace photoaudit::audit::catalog

// Mapping between CatalogImage and a row of the PostgreSQL catalog's images table (the columns of the SQLite
// catalog, sqlite_rows.hpp, in the same order, plus path_key), and the rows of image_hashes that a catalog row
// owns. Hashes, windows and trimmed hashes use the SQLite catalog's blob layouts (row_codec.hpp), so a row
// reads back to the same CatalogImage from either catalog.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/postgres_support.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/hashing/fingerprint.hpp"

namespace photoaudit::audit::catalog {

// Parameters of pg_image_params: $1 path_key, $2 .. $kPgImageParams the columns of the SQLite catalog but id
// (local_features the last).
inline constexpr int kPgImageParams = 39;

// INSERT of a row; RETURNING id. Conflicts on the present path do nothing (and return no row).
extern const std::string kPgInsertSql;
// UPDATE of every column of the row with id $(kPgImageParams + 1).
extern const std::string kPgUpdateSql;
// SELECT of every column but path_key and local_features (tens of kilobytes a row, read on its own), id first,
// FROM images (append WHERE/ORDER BY).
extern const std::string kPgSelectSql;

// The distribution key of a path: the first 8 bytes of its SHA-256, big-endian, as a signed 64-bit number.
std::int64_t path_key(std::string_view path);

// image as the parameters of kPgInsertSql / kPgUpdateSql (text columns made valid UTF-8: pg_safe_text).
std::vector<PgParam> pg_image_params(const CatalogImage& image);

// Reads row `row` of a kPgSelectSql result; damaged hash columns read as no fingerprints, as in the SQLite
// catalog (sqlite_rows.hpp, read_image).
CatalogImage read_pg_image(const PGresult* res, int row);

// The hashes of fp that image_hashes stores for it: its PDQ hash (if pdq_hashable), every window hash and its
// trimmed hash (if anything was trimmed), whatever their quality (a query checks the quality condition of
// hashing::add_searchable_hashes on the candidates it finds).
std::vector<hashing::Hash256> stored_hashes(const hashing::Fingerprints& fp);

// The sixteen 16-bit slices of a hash: slice k is bits 16k .. 16k+15 (words[k / 4] >> 16 * (k % 4)).
std::array<int, 16> hash_slices(const hashing::Hash256& hash);

// The hash as a PostgreSQL bit(256) input ("x" and 64 hex digits).
std::string bit_literal(const hashing::Hash256& hash);

}  // namespace photoaudit::audit::catalog

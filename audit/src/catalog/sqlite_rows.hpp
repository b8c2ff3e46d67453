// Mapping between CatalogImage and a row of the images table: the column list, the statements that write a
// row, and the binder and reader that keep the two in the same order.
#pragma once

#include <string>
#include <string_view>

#include <array>
#include <string>
#include <string_view>

#include "catalog/sqlite_support.hpp"
#include "photoaudit/audit/catalog.hpp"

namespace photoaudit::audit::catalog {

// Parameters bound by bind_image (?1 .. ?kImageParams), every column but id.
inline constexpr int kImageParams = 38;
// Columns kSelectSql reads: every bound one but local_features (the last: tens of kilobytes a row, read on its
// own by SqliteCatalog::local_features).
inline constexpr int kSelectedParams = kImageParams - 1;

// The images table's columns but id, in bind order (both catalogs: postgres_rows.cpp adds path_key before them).
inline constexpr std::array<std::string_view, kImageParams> kImageColumns = {"path",
                                                                             "size",
                                                                             "mtime_ns",
                                                                             "sha256",
                                                                             "content_hash",
                                                                             "content_hash_method",
                                                                             "format",
                                                                             "width",
                                                                             "height",
                                                                             "orientation",
                                                                             "pdq",
                                                                             "pdq_quality",
                                                                             "pdq_dihedral",
                                                                             "pdq_windows",
                                                                             "pdq_trimmed",
                                                                             "pdq_trimmed_quality",
                                                                             "phash",
                                                                             "credit",
                                                                             "byline",
                                                                             "source",
                                                                             "copyright",
                                                                             "date_created",
                                                                             "digital_source_type",
                                                                             "organizations",
                                                                             "error",
                                                                             "scanned_at",
                                                                             "state",
                                                                             "first_seen",
                                                                             "last_seen",
                                                                             "moved_to",
                                                                             "moved_from",
                                                                             "date_created_iso",
                                                                             "c2pa_state",
                                                                             "c2pa_signer",
                                                                             "c2pa_issuer",
                                                                             "c2pa_signed_at",
                                                                             "c2pa_generator",
                                                                             "local_features"};

// The first `count` of kImageColumns joined by ", ".
std::string image_column_list(std::size_t count = kImageColumns.size());

// INSERT of a row (a new id).
extern const std::string kInsertSql;
// UPDATE of every column of the row with id ?(kImageParams + 1).
extern const std::string kUpdateSql;
// SELECT of id and the first kSelectedParams columns FROM images (append WHERE/ORDER BY).
extern const std::string kSelectSql;

// Binds image to ?1 .. ?kImageParams in column order; the history as given, date_created_iso parsed from
// date_created.
void bind_image(Statement& stmt, const CatalogImage& image);

// The CopyState of a state column value (an unknown value reads as kMissing: not at its path).
CopyState state_from_column(std::int64_t value);
std::int64_t state_column(CopyState state);

// Reads a row of kSelectSql. A row whose hash blobs have the wrong length reads as having no fingerprints
// (error says so), never as garbage hashes.
CatalogImage read_image(const Statement& stmt);

// The digest's bytes as a blob column reads (to compare with Statement::column_blob).
inline std::string_view digest_bytes(const hashing::Digest256& d) {
  return {reinterpret_cast<const char*>(d.bytes.data()), d.bytes.size()};
}

// Canonical ids joined by ';' and back.
std::string join_ids(const std::vector<std::string>& ids);
std::vector<std::string> split_ids(const std::string& joined);

}  // namespace photoaudit::audit::catalog

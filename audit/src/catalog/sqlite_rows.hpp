// Mapping between CatalogImage and a row of the images table: the column list, the statements that write a
// row, and the binder and reader that keep the two in the same order.
#pragma once

#include <string>

#include "catalog/sqlite_support.hpp"
#include "photoaudit/audit/catalog.hpp"

namespace photoaudit::audit::catalog {

// Parameters bound by bind_image (?1 .. ?kImageParams), every column but id.
inline constexpr int kImageParams = 27;

// INSERT of a row, or update of the row with the same path (the file was rescanned).
extern const std::string kUpsertSql;
// UPDATE of the row with id ?(kImageParams + 1): a moved file takes over its old row.
extern const std::string kMoveSql;
// SELECT of every column, id first, FROM images (append WHERE/ORDER BY).
extern const std::string kSelectSql;

// Binds image to ?1 .. ?kImageParams in column order; missing is bound as given.
void bind_image(Statement& stmt, const CatalogImage& image);

// Reads a row of kSelectSql. A row whose hash blobs have the wrong length reads as having no fingerprints
// (error says so), never as garbage hashes.
CatalogImage read_image(const Statement& stmt);

// Canonical ids joined by ';' and back.
std::string join_ids(const std::vector<std::string>& ids);
std::vector<std::string> split_ids(const std::string& joined);

}  // namespace photoaudit::audit::catalog

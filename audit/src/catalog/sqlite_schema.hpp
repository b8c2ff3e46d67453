// The SQLite catalog's schema and its migrations. Version n of the schema is reached by applying
// kMigrations[0..n-1] in order, each in the same transaction as the update of schema_version.
#pragma once

#include <array>
#include <string_view>

namespace photoaudit::audit::catalog {

// "PHAU": PRAGMA application_id of a photoaudit catalog.
inline constexpr int kApplicationId = 0x50484155;

inline constexpr std::array<std::string_view, 1> kMigrations = {
    // v1: the images table.
    R"sql(
CREATE TABLE images (
  id INTEGER PRIMARY KEY,
  path BLOB NOT NULL UNIQUE,          -- byte-exact file path (any bytes but NUL)
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  sha256 BLOB,                        -- 32 bytes; NULL when the image did not decode
  content_hash BLOB,                  -- 32 bytes, hash of the coded image data
  content_hash_method TEXT,
  format TEXT,
  width INTEGER,
  height INTEGER,
  orientation INTEGER,
  pdq BLOB,                           -- 32 bytes; NULL when the image is too small for PDQ
  pdq_quality INTEGER,
  pdq_dihedral BLOB,                  -- 8 x 32 bytes
  pdq_windows BLOB,                   -- 7 x 32 bytes + 7 quality bytes (6 + 6 in rows of older versions)
  pdq_trimmed BLOB,                   -- 32 bytes + trim box (4 x 4 bytes)
  pdq_trimmed_quality INTEGER,
  phash INTEGER,                      -- 64 bits, stored as a signed integer
  credit TEXT,
  byline TEXT,
  source TEXT,
  copyright TEXT,
  date_created TEXT,
  digital_source_type TEXT,
  organizations TEXT,                 -- canonical ids joined by ';'
  error TEXT,                         -- why hashes or metadata are missing
  scanned_at INTEGER NOT NULL,        -- seconds since the Unix epoch
  missing INTEGER NOT NULL DEFAULT 0  -- 1: the file was gone at the last scan
);
CREATE INDEX images_sha256 ON images(sha256);
CREATE INDEX images_content_hash ON images(content_hash);
)sql",
};

}  // namespace photoaudit::audit::catalog

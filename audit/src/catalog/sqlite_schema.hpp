// The SQLite catalog's schema and its migrations. Version n of the schema is reached by applying
// kMigrations[0..n-1] in order, all in one transaction with the update of schema_version (and, for version 2,
// the filling of date_created_iso: sqlite_catalog.cpp). docs/catalog.md describes the tables.
#pragma once

#include <array>
#include <string_view>

namespace photoaudit::audit::catalog {

// "PHAU": PRAGMA application_id of a photoaudit catalog.
inline constexpr int kApplicationId = 0x50484155;

inline constexpr std::array<std::string_view, 5> kMigrations = {
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
    // v2: the use history. SQLite cannot drop the inline UNIQUE(path) of v1, and a path may now have several
    // records (the present copy, and moved-away or replaced ones), so the table is rebuilt; ids are kept.
    // state: 0 present, 1 missing, 2 moved, 3 replaced; only present and missing rows hold their path uniquely.
    // v1 kept no history: first_seen and last_seen start at scanned_at (the time the row was last read).
    R"sql(
CREATE TABLE images_v2 (
  id INTEGER PRIMARY KEY,
  path BLOB NOT NULL,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  sha256 BLOB,
  content_hash BLOB,
  content_hash_method TEXT,
  format TEXT,
  width INTEGER,
  height INTEGER,
  orientation INTEGER,
  pdq BLOB,
  pdq_quality INTEGER,
  pdq_dihedral BLOB,
  pdq_windows BLOB,
  pdq_trimmed BLOB,
  pdq_trimmed_quality INTEGER,
  phash INTEGER,
  credit TEXT,
  byline TEXT,
  source TEXT,
  copyright TEXT,
  date_created TEXT,                  -- raw, as read
  digital_source_type TEXT,
  organizations TEXT,
  error TEXT,
  scanned_at INTEGER NOT NULL,        -- seconds since the Unix epoch: when these bytes were read
  state INTEGER NOT NULL DEFAULT 0,   -- 0 present, 1 missing, 2 moved, 3 replaced
  first_seen INTEGER NOT NULL,        -- seconds since the Unix epoch
  last_seen INTEGER NOT NULL,
  moved_to BLOB,                      -- state 2: the path the file was found at
  moved_from BLOB,                    -- the path this copy moved from
  date_created_iso TEXT               -- date_created as ISO 8601 (metadata_date.hpp); NULL when not a date
);
INSERT INTO images_v2 (id, path, size, mtime_ns, sha256, content_hash, content_hash_method, format, width, height,
                       orientation, pdq, pdq_quality, pdq_dihedral, pdq_windows, pdq_trimmed, pdq_trimmed_quality,
                       phash, credit, byline, source, copyright, date_created, digital_source_type, organizations,
                       error, scanned_at, state, first_seen, last_seen)
  SELECT id, path, size, mtime_ns, sha256, content_hash, content_hash_method, format, width, height, orientation,
         pdq, pdq_quality, pdq_dihedral, pdq_windows, pdq_trimmed, pdq_trimmed_quality, phash, credit, byline,
         source, copyright, date_created, digital_source_type, organizations, error, scanned_at,
         CASE WHEN missing != 0 THEN 1 ELSE 0 END, scanned_at, scanned_at
  FROM images;
DROP TABLE images;
ALTER TABLE images_v2 RENAME TO images;
CREATE UNIQUE INDEX images_current_path ON images(path) WHERE state < 2;
CREATE INDEX images_sha256 ON images(sha256);
CREATE INDEX images_content_hash ON images(content_hash);
)sql",
    // v3: Content Credentials (docs/c2pa.md) and the compact local evidence of the same-photo engine
    // (docs/hashing.md). NULL in rows scanned before v3 until a rescan reads them again.
    R"sql(
ALTER TABLE images ADD COLUMN c2pa_state TEXT;      -- active manifest: 'invalid', 'valid', 'trusted'; NULL: none
ALTER TABLE images ADD COLUMN c2pa_signer TEXT;     -- the signing certificate's subject, as `photoaudit c2pa` shows it
ALTER TABLE images ADD COLUMN c2pa_issuer TEXT;     -- its issuer
ALTER TABLE images ADD COLUMN c2pa_signed_at TEXT;  -- ISO 8601: the time-stamp's time, else the claim's
ALTER TABLE images ADD COLUMN c2pa_generator TEXT;  -- the claim generator
ALTER TABLE images ADD COLUMN local_features BLOB;  -- the compact local evidence; NULL when not computed
)sql",
    // v4: PostgreSQL's slice indexes changed (postgres_schema.hpp); the SQLite catalog's tables are unchanged, so
    // a version 3 catalog opened read-only is read as it is.
    R"sql(
SELECT 1;
)sql",
    // v5: the indexes of a flat picture's partners, by frame shape (row_codec.hpp: flat_partner_indexes_sql, run
    // after this step: their expressions are written by the code whose queries use them). Tables unchanged: a
    // version 3 or 4 catalog opened read-only is read as it is (its searches read the table instead).
    R"sql(
SELECT 1;
)sql",
};

// Reading an older catalog opened read-only (it cannot be migrated): a TEMP view named images, which SQLite
// resolves before main.images, shows a schema 1 table with the columns of the newest schema.
inline constexpr std::string_view kReadSchema1AsNewest = R"sql(
CREATE TEMP VIEW images AS
  SELECT id, path, size, mtime_ns, sha256, content_hash, content_hash_method, format, width, height, orientation,
         pdq, pdq_quality, pdq_dihedral, pdq_windows, pdq_trimmed, pdq_trimmed_quality, phash, credit, byline,
         source, copyright, date_created, digital_source_type, organizations, error, scanned_at,
         CASE WHEN missing != 0 THEN 1 ELSE 0 END AS state, scanned_at AS first_seen, scanned_at AS last_seen,
         NULL AS moved_to, NULL AS moved_from, NULL AS date_created_iso, NULL AS c2pa_state, NULL AS c2pa_signer,
         NULL AS c2pa_issuer, NULL AS c2pa_signed_at, NULL AS c2pa_generator, NULL AS local_features
  FROM main.images;
)sql";

// Reading a schema 2 catalog opened read-only: the same kind of TEMP view, with the columns v3 added as NULLs.
inline constexpr std::string_view kReadSchema2AsNewest = R"sql(
CREATE TEMP VIEW images AS
  SELECT *, NULL AS c2pa_state, NULL AS c2pa_signer, NULL AS c2pa_issuer, NULL AS c2pa_signed_at,
         NULL AS c2pa_generator, NULL AS local_features
  FROM main.images;
)sql";

// The state column's values (CopyState in that order).
inline constexpr int kStatePresent = 0;
inline constexpr int kStateMissing = 1;
inline constexpr int kStateMoved = 2;
inline constexpr int kStateReplaced = 3;

}  // namespace photoaudit::audit::catalog

// How the catalog stores fingerprints: fixed-size big-endian BLOBs, so that rows are compact and stable across
// machines. Decoders check the length and report a damaged row instead of reading past the end.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "photoaudit/hashing/fingerprint.hpp"

namespace photoaudit::audit::catalog {

// 32 bytes: the four 64-bit words of the hash, each big-endian, word 0 first.
std::string hash_blob(const hashing::Hash256& hash);
std::optional<hashing::Hash256> hash_from_blob(std::string_view blob);

// 8 x 32 bytes: pdq_dihedral[0..7].
std::string dihedral_blob(const hashing::Fingerprints& fp);
bool dihedral_from_blob(std::string_view blob, hashing::Fingerprints& fp);

// N x 32 bytes of window hashes, then N quality bytes (pdq_windows, pdq_window_quality, by PdqWindow), N being
// kPdqWindowCount (7). Rows written before the "full" window existed hold 6; they read with that window's
// quality 0, so it is never used. Then, when the fingerprint has them, the 256 bytes of grey16 (the flat-image
// rule's pixels; rows written before it existed read with has_grey16 false, so their flat images are not
// matched until the file is scanned again as changed). Then the de-rotated hashes: kPdqDerotatedCount x 32
// bytes and as many quality bytes (rows written before them read with quality 0: never used).
std::string windows_blob(const hashing::Fingerprints& fp);
bool windows_from_blob(std::string_view blob, hashing::Fingerprints& fp);

// An SQL condition, true for a row of a structured image (PDQ quality at least 50, so its central 80% turned
// has a hash of quality above 0) whose pdq_windows blob holds no de-rotated hashes: written before they existed,
// or by a reading worker before 2026-12-07 (whose answers dropped them: evidence_codec.cpp). `scan` reads such
// a row's file once more. `postgres`: PostgreSQL's bytea functions, else SQLite's.
std::string lacks_derotated_sql(bool postgres);

// An SQL condition, true for a row whose pdq_windows blob holds the seven windows and the 16x16 grey image, and
// a window of quality below min_quality (hashing::flat_looking's windows). `postgres` as above.
std::string flat_window_sql(int min_quality, bool postgres);

// An SQL condition, true for a row that is flat-looking by hashing::flat_looking (PDQ quality or a window's below
// min_quality; its windows read as flat_window_sql reads them).
std::string flat_looking_sql(int min_quality, bool postgres);

// The SQL expression of a row's frame shape, width / height (NULL for a height of 0).
std::string aspect_sql(bool postgres);

// Schema 5's indexes for a flat picture's partners (catalog/flat_partner_search.hpp), by frame shape: of the
// rows with a PDQ hash, and of the flat-looking ones by the default rule's min_quality. A query names the same
// expressions (aspect_sql, flat_looking_sql) for the planner to use them.
std::string flat_partner_indexes_sql(bool postgres);

// 32 bytes of pdq_trimmed, then the trim box as four big-endian 32-bit values (top, bottom, left, right).
std::string trimmed_blob(const hashing::Fingerprints& fp);
bool trimmed_from_blob(std::string_view blob, hashing::Fingerprints& fp);

// The stable name of a content-hash method and back ("jpeg-scan", ...); nullopt for an unknown name.
std::optional<hashing::ContentHashMethod> content_method_from_name(std::string_view name);

// The format name as static storage ("jpeg", ...); "" for an unknown name.
std::string_view format_from_name(std::string_view name);

}  // namespace photoaudit::audit::catalog

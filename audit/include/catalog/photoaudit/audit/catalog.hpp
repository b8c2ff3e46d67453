// The archive catalog: one row per image file that a scan has seen (its path, size, mtime, fingerprints and key
// provenance fields), so that an archive can be searched for copies of a photo without re-reading it.
//
// Catalog is an interface: the scan (catalog_scan.hpp) and the query commands only see this class, so a shared
// server database can be added later as another implementation. open_sqlite_catalog() gives the embedded one:
// a single SQLite file in WAL mode (docs/json.md, "scan", describes the schema).
//
// Rows are never dropped: a file that disappeared is marked missing; a file that moved keeps its row (found by
// its SHA-256) and gets its new path. Paths are kept byte-exact (any bytes but NUL, e.g. newlines or invalid
// UTF-8).
//
// Thread safety: one Catalog object is used by one thread at a time. Several processes may open the same catalog;
// writes are serialised by the database (a writer that cannot get the lock in time fails with kBusy).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/common/error.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::audit {

// The provenance fields the catalog keeps (reconciled values; empty = absent).
struct CatalogProvenance {
  std::string credit;
  std::string byline;  // the creator field (IPTC By-line, XMP dc:creator, EXIF Artist)
  std::string source;
  std::string copyright;
  std::string date_created;
  std::string digital_source_type;
  // Canonical organisation ids of the parsed credit (or of the copyright notice when there is no credit),
  // sorted, e.g. {"ap", "picture-alliance"}.
  std::vector<std::string> organizations;
};

// One catalogued image.
struct CatalogImage {
  std::int64_t id = 0;  // row id; 0 for an image not yet written
  std::string path;     // byte-exact
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;  // modification time, nanoseconds since the Unix epoch
  // The fingerprints kept (all but local features and the format); nullopt when the image did not decode.
  std::optional<hashing::Fingerprints> fingerprints;
  CatalogProvenance provenance;
  std::string error;            // why fingerprints or metadata are absent ("" when both were read)
  std::int64_t scanned_at = 0;  // seconds since the Unix epoch
  bool missing = false;         // the file was not found at its path by the last scan that covered it
};

// What an incremental scan needs to know of a row without loading its hashes.
struct CatalogFileState {
  std::int64_t id = 0;
  std::string path;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  hashing::Digest256 sha256;  // zero when the row has no fingerprints
  bool has_fingerprints = false;
  bool missing = false;
};

// One write of a scan: insert the image, or update the row with the same path, or (replaces_id != 0) give the
// row replaces_id this image's path and data (a moved or renamed file).
struct CatalogWrite {
  CatalogImage image;
  std::int64_t replaces_id = 0;
};

// An image of the catalog that is the same photo as a probe.
struct CatalogMatch {
  std::int64_t id = 0;
  std::string path;
  std::string credit;  // the credit line, or the copyright notice when there is no credit ("" if neither)
  int distance = 0;    // the same-photo rule's PDQ distance (0 for identical coded data)
  hashing::MatchMethod method = hashing::MatchMethod::kNone;
  bool missing = false;
};

class Catalog {
 public:
  virtual ~Catalog() = default;

  // Every row (missing ones too) without hashes, ordered by id. Fails with kIOError/kCorruption/kBusy.
  virtual Result<std::vector<CatalogFileState>> file_states() = 0;

  // Applies the writes in one transaction (all or none). Sets scanned_at from the image as given.
  // Fails with kBusy (another writer holds the catalog longer than the busy timeout), kIOError (disk full,
  // read-only, I/O error) or kCorruption; on failure nothing of this call is stored.
  virtual Result<void> write(std::span<const CatalogWrite> writes) = 0;

  // Marks the rows missing (one transaction). Same failures as write().
  virtual Result<void> mark_missing(std::span<const std::int64_t> ids) = 0;

  // Every row, with hashes; missing rows only when include_missing. Ordered by id.
  virtual Result<std::vector<CatalogImage>> images(bool include_missing) = 0;

  // Number of rows (missing ones too).
  virtual Result<std::int64_t> count() = 0;

  // Every non-missing image that is the same photo as `probe` by `rule`, ordered by distance then path.
  // Candidates are rows with the same SHA-256 or coded-data hash, and rows whose stored PDQ hashes (full,
  // windows, trimmed) lie within max(rule.max_distance, rule.window_max_distance) of any of the probe's
  // dihedral variants, windows or trimmed hash; each candidate is then verified with hashing::same_photo().
  // The PDQ index is built on the first call and reused (rebuilt after this object writes).
  virtual Result<std::vector<CatalogMatch>> find_same_photo(const hashing::Fingerprints& probe,
                                                            const hashing::SameRule& rule = {}) = 0;
};

// Newest schema version this build reads and writes.
inline constexpr int kCatalogSchemaVersion = 1;

enum class CatalogMode {
  kReadWrite,  // create the file if needed, migrate an older schema
  kReadOnly,   // the file must exist; nothing is written
};

struct CatalogOptions {
  CatalogMode mode = CatalogMode::kReadWrite;  // Default: kReadWrite
  // How long a statement waits for another process's lock before failing with kBusy. Default: 3000 ms.
  int busy_timeout_ms = 3000;
};

// Opens (and with kReadWrite creates or migrates) the SQLite catalog at path. Every message starts with path.
// Fails with kNotFound (kReadOnly and no file), kCorruption (not an SQLite database, or an SQLite database that
// is not a photoaudit catalog, or integrity damage), kUnsupported (schema newer than kCatalogSchemaVersion),
// kIOError (kReadWrite on a read-only file or directory, cannot create), kBusy (locked during migration).
// A file that is refused is left exactly as it was.
Result<std::unique_ptr<Catalog>> open_sqlite_catalog(const std::string& path, const CatalogOptions& options = {});

}  // namespace photoaudit::audit

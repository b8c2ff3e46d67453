// The archive catalog: one row per image file that a scan has seen (its path, size, mtime, fingerprints and key
// provenance fields), so that an archive can be searched for copies of a photo without re-reading it.
//
// Catalog is an interface: the scan (catalog_scan.hpp) and the query commands only see this class, so a shared
// server database is another implementation. open_sqlite_catalog() gives the embedded one: a single SQLite file
// in WAL mode; open_postgres_catalog() a shared PostgreSQL database; open_catalog() picks one by the spelling of
// --index (docs/catalog.md describes both schemas).
//
// The catalog is a use history: rows are never deleted. Each row is one copy, i.e. one file's bytes at one path,
// with the time a scan first and last saw it there (CopyHistory). A file that disappeared stays as a kMissing row;
// a file that moved (same SHA-256 at a new path, old path gone) leaves its old row as a kMoved record and its new
// row carries the old one's first sighting; a file whose bytes changed in place (recompressed, metadata edited)
// leaves its old row as a kReplaced record and gets a new row. Paths are kept byte-exact (any bytes but NUL, e.g.
// newlines or invalid UTF-8).
//
// Thread safety: one Catalog object is used by one thread at a time. Several processes may open the same catalog;
// writes are serialised by the database (a writer that cannot get the lock in time fails with kBusy).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/audit/metadata_date.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/flat_partners.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::audit {

// The provenance fields the catalog keeps (reconciled values; empty = absent).
// The Content Credentials (C2PA) of a catalogued copy: its active manifest as the scan read and verified it
// (docs/catalog.md, the c2pa_* columns).
struct CatalogCredentials {
  std::string state;      // "invalid", "valid", "trusted" (trust as `scan --trust` gave it)
  std::string signer;     // the signing certificate's subject CN, "CN (Organization)" when it names one
  std::string issuer;     // the issuing CA
  std::string signed_at;  // the time-stamp's time, RFC 3339; "" when none
  std::string generator;  // the claim generator

  bool operator==(const CatalogCredentials&) const = default;
};

struct CatalogProvenance {
  std::string credit;
  std::string byline;  // the creator field (IPTC By-line, XMP dc:creator, EXIF Artist)
  std::string source;
  std::string copyright;
  std::string date_created;  // raw, as read (IIM date and time joined by 'T', EXIF date and its zone joined)
  std::string digital_source_type;
  // Canonical organisation ids of the parsed credit (or of the copyright notice when there is no credit),
  // sorted, e.g. {"ap", "picture-alliance"}.
  std::vector<std::string> organizations;
  // The file's Content Credentials; nullopt when it carries no manifest store (or was scanned before schema 3).
  std::optional<CatalogCredentials> credentials{};
};

// Where a catalogued copy stands, as of the last scan that covered its path.
enum class CopyState {
  kPresent,   // the file is at its path
  kMissing,   // the file is gone from its path and was not found elsewhere
  kMoved,     // the file left this path for CopyHistory::moved_to (same SHA-256): a record of a past use
  kReplaced,  // other bytes (a recompressed or edited file) now sit at this path: a record of the earlier version
};
// "present", "missing", "moved", "replaced".
std::string_view to_string(CopyState state);

// Which rows a query returns.
enum class CatalogRows {
  kPresent,  // only copies whose file is at its path
  kAll,      // every row: missing, moved and replaced records too
};

// When a copy was seen where. Times are seconds since the Unix epoch (UTC), as scans saw them.
struct CopyHistory {
  CopyState state = CopyState::kPresent;
  // The first scan that saw these bytes at this path; a moved copy carries the first sighting of the row it
  // continues (the earliest of a chain of moves). Rows from a schema 1 catalog (which kept no history) have
  // their scanned_at, the time they were last read.
  std::int64_t first_seen = 0;
  std::int64_t last_seen = 0;  // the last scan that found the file at this path (unchanged files too)
  std::string moved_to;        // kMoved: the path the file was found at; "" otherwise
  std::string moved_from;      // a copy that moved here: the path it came from; "" otherwise
};

// The date this copy was first used: the earlier of its first sighting and its file's mtime (a file copied with
// its mtime kept, or an archive scanned years after it was filled, was in use before the scan saw it).
// Seconds since the Unix epoch; 0 when neither is known.
std::int64_t first_use(std::int64_t first_seen, std::int64_t mtime_ns);

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
  std::int64_t scanned_at = 0;  // seconds since the Unix epoch: when these bytes were read
  CopyHistory history;          // for a write: state kPresent, first_seen = last_seen = the scan's time
  // The local features as a blob (hashing/local_features_codec.hpp); "" = none. Written by write(); images()
  // and find_same_photo() leave it "" (tens of kilobytes a row): read it with Catalog::local_features(id).
  std::string local_features;
};

// What an incremental scan needs to know of a row without loading its hashes.
struct CatalogFileState {
  std::int64_t id = 0;
  std::string path;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  hashing::Digest256 sha256;  // zero when the row has no fingerprints
  bool has_fingerprints = false;
  bool missing = false;             // state kMissing (file_states() returns only present and missing rows)
  std::int64_t first_seen = 0;      // CopyHistory::first_seen
  bool has_local_features = false;  // the row stores local features (a rescan adds them to rows without)
  bool lacks_derotated = false;     // a structured image's row without de-rotated hashes (a rescan adds them)
};

// One write of a scan: the image as read now at image.path. The present or missing row of that path is updated in
// place when it holds the same bytes (same SHA-256, or one of them has no fingerprints), keeping its first_seen;
// when it holds other bytes it becomes a kReplaced record and the image gets a new row. With moved_from_id != 0
// (a present or missing row at another path whose file is gone, with the same SHA-256), that row becomes a kMoved
// record pointing here, and the image carries its first_seen and records its path as moved_from.
struct CatalogWrite {
  CatalogImage image;
  std::int64_t moved_from_id = 0;
};

// An image of the catalog that is the same photo as a probe.
struct CatalogMatch {
  std::int64_t id = 0;
  std::string path;
  std::string credit;  // the credit line, or the copyright notice when there is no credit ("" if neither)
  // The same-photo rule's PDQ distance (0 for identical coded data) and the step that matched: to the probe, or
  // for a copy found through another (via_id != 0) to that copy.
  int distance = 0;
  hashing::MatchMethod method = hashing::MatchMethod::kNone;
  // find_photo_copies(): 0 when the copy is the same photo as the probe itself, else the catalog row (and its
  // path) it was found the same photo as.
  std::int64_t via_id = 0;
  std::string via;
  bool missing = false;  // history.state is not kPresent
  // The copy's record: its size, mtime, SHA-256, provenance fields and history.
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  hashing::Digest256 sha256;
  CatalogProvenance provenance;
  CopyHistory history;
};

// What a search of Catalog::find_photo_copies leaves out (Catalog::find_same_photo).
struct SearchScope {
  // Ids (sorted) of rows the caller has already: left out unverified.
  std::span<const std::int64_t> known;
  // Whether a probe that is not flat-looking is compared with the flat rows of its frame shape (step 2c from the
  // photo's side: hashing/flat_partners.hpp). find_photo_copies asks it once per frame shape: a copy of a shape
  // already asked about would find the same flat pictures.
  bool flat_rows_of_shape = true;
  // What the flat partners' checks may still cost, spent by the search, which counts in its `unchecked` the rows
  // it did not check (null: a budget of the search's own). find_photo_copies shares one among its searches.
  hashing::FlatBudget* flat_budget = nullptr;
  // Where the search puts its notes (a candidate's damaged local features blob: Catalog::take_notes' messages);
  // null: the catalog keeps them for take_notes(). find_photo_copies collects them in PhotoCopies::notes.
  std::vector<std::string>* notes = nullptr;
};

class Catalog {
 public:
  virtual ~Catalog() = default;

  // Every present or missing row (not the moved and replaced records) without hashes, ordered by id.
  // Fails with kIOError/kCorruption/kBusy.
  virtual Result<std::vector<CatalogFileState>> file_states() = 0;

  // Applies the writes in one transaction (all or none), as CatalogWrite describes. Sets scanned_at and the
  // history times from the image as given. Fails with kBusy (another writer holds the catalog longer than the
  // busy timeout), kIOError (disk full, read-only, I/O error) or kCorruption; on failure nothing of this call is
  // stored.
  virtual Result<void> write(std::span<const CatalogWrite> writes) = 0;

  // The files of these present or missing rows were found unchanged at their paths at time `seen` (seconds since
  // the epoch): their last_seen becomes seen and their state kPresent (one transaction). Same failures as write().
  virtual Result<void> mark_seen(std::span<const std::int64_t> ids, std::int64_t seen) = 0;

  // Marks these present rows missing (one transaction); their last_seen stays. Same failures as write().
  virtual Result<void> mark_missing(std::span<const std::int64_t> ids) = 0;

  // The rows (kPresent: present ones only; kAll: every record), with hashes, ordered by id.
  virtual Result<std::vector<CatalogImage>> images(CatalogRows rows) = 0;

  // Number of rows (every record).
  virtual Result<std::int64_t> count() = 0;

  // The rows images(rows) returns, in the same order, handed to `visit` one at a time instead of held all at
  // once (an in-memory index built from a large catalog keeps only what it needs of each). Stops at the first
  // error of visit or of the catalog and returns it. Fails with kIOError/kCorruption/kBusy.
  // Default: images(rows), then visit over each.
  virtual Result<void> each_image(CatalogRows rows, const std::function<Result<void>(CatalogImage&&)>& visit);

  // The rows with these ids (any state), with hashes, ordered by id; ids that name no row are left out.
  // Fails with kIOError/kCorruption/kBusy. Default: images(kAll) filtered (a whole read per call).
  virtual Result<std::vector<CatalogImage>> images_by_id(std::span<const std::int64_t> ids);

  // When a scan last saw a file: the latest last_seen of any row, seconds since the Unix epoch; 0 for an empty
  // catalog. What a report names as the catalog's last scan (issue 16). Fails with kIOError/kCorruption/kBusy.
  virtual Result<std::int64_t> last_scan() = 0;
  // The stored local features blob of row `id` (hashing/local_features_codec.hpp; not decoded here), nullopt when
  // the row has none (written before they were stored, not an image, or no such row). Fails with
  // kIOError/kCorruption/kBusy. Default: nullopt for every row (a catalog that stores none).
  // Messages about rows the queries since the last call could not use fully (a damaged local features blob),
  // each starting with the row's path and id; the list is emptied. Default: none.
  virtual std::vector<std::string> take_notes() { return {}; }
  virtual Result<std::optional<std::string>> local_features(std::int64_t id) {
    (void)id;
    return std::optional<std::string>();
  }

  // Every image (kPresent: present ones; kAll: every record) that is the same photo as `probe` by `rule`,
  // ordered by distance, then path, then id.
  // Candidates are rows with the same SHA-256 or coded-data hash, and rows whose stored PDQ hashes (full,
  // windows, trimmed) lie within max(rule.max_distance, rule.window_max_distance) of any of the probe's
  // dihedral variants, windows or trimmed hash; each candidate is then verified with hashing::same_photo().
  // When the probe carries local features (and rule.local_features), candidates within rule.grey_zone_max
  // (serve's snapshot: of at most kGreyZoneSearchRows rows, else within search_radius) are also verified with
  // the rows' stored local features (hashing::verify_with_features, the engine's
  // verifier: the files are never read); a row whose blob is damaged is left out and named in take_notes().
  // The PDQ index is built on the first call and reused (rebuilt after this object writes).
  // `scope`: what a search of find_photo_copies leaves out (SearchScope).
  virtual Result<std::vector<CatalogMatch>> find_same_photo(const hashing::Fingerprints& probe,
                                                            const hashing::SameRule& rule = {},
                                                            CatalogRows rows = CatalogRows::kPresent,
                                                            const SearchScope& scope = {}) = 0;

  // Whether the probe's local features could change find_same_photo's answer: rule.local_features, and a row
  // within rule.grey_zone_max of the probe's hashes that the hashes leave unmatched (the grey zone; beyond
  // kGreyZoneSearchRows rows, within search_radius(rule) only, so that asking costs a million-row archive little). A
  // caller whose probe has no local features yet computes them only then (they cost more CPU than the rest of the
  // fingerprints). Default: rule.local_features (a catalog that cannot tell cheaply says they could). Fails as
  // find_same_photo.
  virtual Result<bool> has_grey_zone(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                     CatalogRows rows) {
    (void)probe;
    (void)rows;
    return rule.local_features;
  }

  // Every catalogued copy of the probe's photo, as the same-photo engine clusters a folder (docs/hashing.md,
  // "find: every copy, not only the probe's neighbours"): the rows find_same_photo(probe) matches, then, copy by
  // copy, the rows find_same_photo matches with a copy's stored fingerprints (and its stored local features when
  // the probe carries some), until no new row is found or kMaxCopiesFollowed copies were searched from (a copy
  // whose bytes equal the probe's or a searched copy's adds nothing and is not counted). The rows found are left
  // out of the later searches, and the flat rows of a frame shape are compared once (SearchScope). A copy found through
  // another carries via_id and via. Ordered: the probe's own matches first, then by distance, path, id. The rows
  // filter applies to what is returned; copies that are not present are searched from too (a past use joins two
  // present ones as a folder's missing file would). Default: over find_same_photo, images_by_id and
  // local_features (a damaged blob: the copy is searched from on its hashes alone, and named in notes; the
  // searches' own notes go to notes too, through SearchScope::notes, not to take_notes()). Fails as
  // find_same_photo.
  static constexpr std::size_t kMaxCopiesFollowed = 64;
  // Rows up to which has_grey_zone (and serve's snapshot, for a probe with local features) searches out to
  // rule.grey_zone_max; beyond, within search_radius(rule) (the windows' and trimmed hashes' reach): a search out
  // to 90 bits visits a large part of the index (serve's snapshot: an upload took over 100 s and 4 GB more at a
  // million rows). find_same_photo in SQLite and PostgreSQL searches out to 90 bits at any size.
  static constexpr std::size_t kGreyZoneSearchRows = 10'000;
  struct PhotoCopies {
    std::vector<CatalogMatch> matches;
    std::size_t not_followed = 0;  // copies found but not searched from (the bound was reached)
    std::size_t unchecked = 0;     // the shared FlatBudget's unchecked after the searches (SearchScope)
    // Rows whose stored local features could not be decoded, one message each starting with the row's path
    // and id: candidates left out (as take_notes() words them) and copies searched from on their hashes only
    // ("PATH: catalog row N: local features blob: ...; rescan the file ..."), each message once.
    std::vector<std::string> notes;
    std::size_t damaged_rows = 0;  // the rows notes name (a row can be both a candidate and a copy followed)
  };
  virtual Result<PhotoCopies> find_photo_copies(const hashing::Fingerprints& probe, const hashing::SameRule& rule,
                                                CatalogRows rows);
};

// Newest schema version this build reads and writes. 2: the use history (state, first_seen, last_seen,
// moved_to, moved_from) and date_created_iso; 3: Content Credentials columns and the compact local evidence; 4:
// PostgreSQL's slice indexes for `find` (no column changes); 5: the indexes of a flat picture's partners by frame
// shape (no column changes). An older catalog is upgraded in place when opened for writing and read as it is
// when opened read-only.
inline constexpr int kCatalogSchemaVersion = 5;

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

// Whether `index` (what --index was given) names a PostgreSQL catalog: it starts with "postgresql://" or
// "postgres://". Anything else is an SQLite catalog file.
bool is_postgres_url(std::string_view index);

// Opens (and with kReadWrite creates or migrates, in one transaction under an advisory lock) the catalog in the
// PostgreSQL database that the libpq URL names; the password comes from PGPASSWORD, a service file
// (PGSERVICE/PGSERVICEFILE) or ~/.pgpass, never from the URL. Messages name the URL without a password.
// Fails with kInvalidArgument (a password in the URL, refused before connecting; authentication failed),
// kNotFound (no such database; kReadOnly and no catalog in it), kBusy (the server cannot be reached now:
// retry), kCorruption (the database holds an images table that is not a photoaudit catalog), kUnsupported
// (schema newer than kCatalogSchemaVersion, left untouched; kReadOnly on an older schema), kIOError (anything
// else the server refuses, e.g. no permission to create tables). See docs/catalog.md, "PostgreSQL".
Result<std::unique_ptr<Catalog>> open_postgres_catalog(const std::string& url, const CatalogOptions& options = {});

// The one way the commands open --index: open_postgres_catalog for a PostgreSQL URL, else open_sqlite_catalog.
Result<std::unique_ptr<Catalog>> open_catalog(const std::string& index, const CatalogOptions& options = {});

// `index` as messages and reports show it: a PostgreSQL URL without its password, a file path as it is.
std::string catalog_display_name(const std::string& index);

}  // namespace photoaudit::audit

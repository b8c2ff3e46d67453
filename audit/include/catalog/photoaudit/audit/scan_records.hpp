// Scan records as NDJSON (docs/scale.md): one JSON object per line for each file a scan read, so that shards can
// run on machines without the catalog and be merged into it later (import_records()).
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/catalog_scan.hpp"
#include "photoaudit/common/error.hpp"

namespace photoaudit::audit {

// Version of the record layout, written as "record": 1 in each line. Readers refuse a newer one.
inline constexpr int kScanRecordVersion = 1;

// One line (without its newline) of JSON: {"record":1, "path", "key", "size", "mtime_ns", "state" ("ok",
// "partial": read in part, "failed": not read), "error", and for a read file "scanned_at", "sha256",
// "fingerprints" {...} (hashes as lower-case hex of the catalog's BLOB layouts, or null when the image did not
// decode) and "provenance" {...}}. A path that is not valid UTF-8 is also written as "path_hex" (its bytes).
std::string scan_record_json(const ScanRecord& record);

// Parses one line written by scan_record_json() back (byte-exact: path_hex is preferred over path). Fails with
// kCorruption ("not JSON", a field missing or of the wrong type, a hash of the wrong length) or kUnsupported (a
// newer "record" version).
Result<ScanRecord> parse_scan_record(std::string_view line);

struct ImportOptions {
  // Records per transaction. Default: 500
  std::size_t batch_size = 500;
  // `scan --import --path-prefix OLD=NEW`: each record's path is rebased as a scan with the same flag stores it
  // (records written by shards that mount the archive at OLD without the flag); a record whose path is not under
  // OLD is not imported (a failed line: "line N: PATH is not under OLD"). Default: empty, paths as recorded.
  PathPrefix path_prefix;
};

// Writes the records of `in` (NDJSON, as scan_record_json() writes; empty lines skipped) into the catalog, keyed
// as a scan writes (Catalog::write: the present or missing row of the same path is updated in place when it
// holds the same bytes, else kept as a kReplaced record), so importing the same records twice, or a shard's
// records after a killed and restarted run, adds no row. Each copy's first_seen and last_seen are the record's
// scanned_at. Imports mark nothing missing and detect no moves (the importing machine may not see the files).
// A record of other bytes than the catalog's row of its path that was read before that row's first_seen (an
// older version, e.g. shards' records imported out of order) is skipped and counted as unchanged: it never
// replaces a later version. Counts: files (records), added, updated, replaced, unchanged; failed with errors for
// "failed" and "partial" records (partial ones are stored) and for lines that do not parse ("LINE N: why", not stored).
// Fails when the catalog fails (kBusy, kIOError, kCorruption; batches written before stay, and importing the
// same input again completes it) or when `in` cannot be read (kIOError). With options.path_prefix, the records'
// paths are rebased first (counts and keys are those of the rebased paths).
Result<ScanResult> import_records(Catalog& catalog, std::istream& in, const ImportOptions& options = {});

}  // namespace photoaudit::audit

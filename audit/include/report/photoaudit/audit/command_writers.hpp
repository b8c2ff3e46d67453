// The results of the subcommands other than audit and page (those render an AuditReport: report_writers.hpp),
// and two writers over each: text for people, JSON for scripts (docs/json.md). The CLI turns flags into options,
// runs the command, which fills these structs without printing, and hands them to a writer.
//
// Writers only format; they decide nothing. Every value from files, images or the command line reaches text
// output through printable() (terminal_text.hpp); JSON output never fails on invalid UTF-8 (it becomes U+FFFD).
// `out` gets the result (standard output), `err` the diagnostics: one line per input that could not be read,
// prefixed "photoaudit: " or "photoaudit COMMAND: " as each command always has. Errors of the streams themselves
// (a full disk) are left in their state for the caller to check.
//
// Commands that may read archives (inspect, license, credit --lines) stream: their writers get one item at a
// time in input order and then the summary, so memory does not grow with the number of inputs. The others
// produce one result and have one function per format.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/catalog_scan.hpp"
#include "photoaudit/audit/copy_license.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"
#include "photoaudit/registry/credit.hpp"
#include "photoaudit/registry/license.hpp"
#include "photoaudit/registry/registry.hpp"

namespace photoaudit::audit {

namespace catalog {
struct DupesReport;
}

// A streaming writer: item() once per input in input order, then finish() once with the command's summary.
template <typename Item, typename Summary>
class ItemWriter {
 public:
  virtual ~ItemWriter() = default;
  virtual void item(const Item& item) = 0;
  virtual void finish(const Summary& summary) = 0;
};

// ---- inspect: the provenance metadata of each file.

struct InspectItem {
  std::size_t index = 0;  // position in the command's file list
  std::string path{};
  Result<Provenance> provenance;            // error: the file could not be read
  std::optional<C2paReport> credentials{};  // the file's Content Credentials (C2PA), when it carries a store
};

struct InspectSummary {
  std::size_t files = 0;
  std::size_t failed = 0;
};

using InspectWriter = ItemWriter<InspectItem, InspectSummary>;

// The JSON record `inspect --json` prints for one file (docs/json.md, "inspect"): provenance_to_json, or
// provenance_error_to_json when it could not be read, with "content_credentials" when it carries a store. The
// evidence bundle keeps the same record per image (issue 16).
nlohmann::json inspect_record(const InspectItem& item);

// Text: write_provenance_text() per readable file, a blank line between files; err: each failure, each damage
// note, and "N of M files read" when there was more than one file. JSON: an array of provenance_to_json /
// provenance_error_to_json records (docs/json.md, "inspect"); err: each failure and damage note.
std::unique_ptr<InspectWriter> make_inspect_text_writer(std::ostream& out, std::ostream& err);
std::unique_ptr<InspectWriter> make_inspect_json_writer(std::ostream& out, std::ostream& err);

// ---- credit: how each credit line reads.

struct CreditItem {
  std::size_t index = 0;  // position among all lines read (arguments first, then --lines)
  std::string input{};
  Result<registry::CreditReading> reading;  // error: the line was refused (empty, too long, not UTF-8)
};

struct CreditTally {
  std::size_t lines = 0;
  std::size_t failed = 0;
  std::size_t with_organization = 0;
  std::size_t with_photographer = 0;
  std::size_t unrecognized = 0;  // read, but nothing in them was recognised
};

using CreditWriter = ItemWriter<CreditItem, CreditTally>;

// Text: each reading (organisations, photographers, modifiers, what was not understood), a blank line between
// lines; with summary_only, one line of counts instead. JSON: an array of credit_reading_to_json records or
// {"input", "error", "error_code"} (docs/json.md, "credit"); with summary_only, one object of counts.
// err, both: each refused line with its first 80 bytes.
std::unique_ptr<CreditWriter> make_credit_text_writer(std::ostream& out, std::ostream& err, bool summary_only);
std::unique_ptr<CreditWriter> make_credit_json_writer(std::ostream& out, std::ostream& err, bool summary_only);

// ---- license: the license verdict of each image.

struct LicenseItem {
  std::size_t index = 0;
  std::string path{};
  Result<registry::LicenseVerdict> verdict;  // error: the image could not be read
};

struct LicenseRunSummary {
  std::string registry{};  // the registry file used
  registry::LicenseQuery query{};
  std::string purpose{};  // "editorial" or "commercial"
  std::size_t failed = 0;
  bool threshold_reached = false;  // a finding reached --fail-on
};

using LicenseWriter = ItemWriter<LicenseItem, LicenseRunSummary>;

// Text: "PATH: status (licensor L, contract C), single use", the credit, one line per finding; a blank line
// between images. JSON: {"registry", "query", "images": [...]} (docs/json.md, "license"), written at finish().
// err, both: each image that could not be read.
std::unique_ptr<LicenseWriter> make_license_text_writer(std::ostream& out, std::ostream& err);
std::unique_ptr<LicenseWriter> make_license_json_writer(std::ostream& out, std::ostream& err);

// ---- registry check: problems of registry files.

struct RegistryCheckItem {
  std::string file{};
  Result<registry::RegistryCheck> check;  // error: the file could not be read at all
};

struct RegistryCheckResult {
  std::vector<RegistryCheckItem> items{};
  bool failed() const;  // some file could not be read or has problems
};

// Text: every problem as file:line:column: message, "FILE: ok (N licensors, ...)" for a sound file. JSON: an
// array of {"file", "ok", "error", "error_code", "problems"} (docs/json.md). err: each unreadable file.
void write_registry_check_text(std::ostream& out, std::ostream& err, const RegistryCheckResult& result);
void write_registry_check_json(std::ostream& out, std::ostream& err, const RegistryCheckResult& result);

// ---- hash: every fingerprint of each file.

struct HashItem {
  std::string path{};
  Result<hashing::Fingerprints> fingerprints;
};

struct HashResult {
  std::vector<HashItem> items{};  // in the order of the files given
  std::size_t failed() const;
};

// Text: per file its path, SHA-256, coded-data hash, PDQ with quality, pHash, size and notes. JSON: an array
// (docs/json.md, "hash"). err: "photoaudit hash: " and each file that could not be read.
void write_hash_text(std::ostream& out, std::ostream& err, const HashResult& result);
void write_hash_json(std::ostream& out, std::ostream& err, const HashResult& result);

// ---- compare: is each image the same photo as the reference.

struct CompareItem {
  std::string path{};
  Result<hashing::SamePhotoVerdict> verdict;  // error: the image could not be read
};

struct CompareResult {
  std::string reference{};
  std::optional<Error> reference_error{};  // the reference could not be read: nothing was compared
  std::vector<CompareItem> items{};
  std::size_t failed() const;  // unreadable images, the reference included
};

// Text: "PATH<TAB>same|different<TAB>distance D<TAB>method" per image. JSON: an array (docs/json.md,
// "compare"). Nothing on out when the reference could not be read. err: "photoaudit compare: " and each failure.
void write_compare_text(std::ostream& out, std::ostream& err, const CompareResult& result);
void write_compare_json(std::ostream& out, std::ostream& err, const CompareResult& result);

// ---- scan: folders into the catalog.

struct ScanRun {
  std::string index{};  // the catalog file
  ScanResult result{};
  double seconds = 0;
  std::optional<Error> stopped{};  // the scan stopped part-way (disk full, catalog busy); the catalog stays sound
};

// Text: one summary line of counts and the read rate (nothing with quiet). JSON: {"index", "files", ...,
// "seconds", "errors"} (docs/json.md, "scan"). err: "photoaudit scan: " and each failed file, or why it stopped.
void write_scan_text(std::ostream& out, std::ostream& err, const ScanRun& run, bool quiet);
void write_scan_json(std::ostream& out, std::ostream& err, const ScanRun& run);

// Progress on err for ScanOptions::progress: a bar redrawn in place when terminal, else a line every 10 s.
std::function<void(const ScanProgress&)> make_scan_progress_writer(std::ostream& err, bool terminal);

// ---- find: every catalogued copy of each image.

struct FindItem {
  std::string path{};
  Result<std::vector<CatalogMatch>> matches;  // error: the image could not be read
  std::vector<CopyLicense> licenses{};        // with a registry: one per match, at its first use; else empty
  std::size_t hidden = 0;                     // matches left out: records not present (without --include-missing)
  // Catalog rows this search could not use fully (a damaged local features blob): Catalog::take_notes().
  std::vector<std::string> notes{};
  // Copies found but not searched from (Catalog::PhotoCopies::not_followed): their own copies may be missing.
  std::size_t not_followed = 0;
  // Rows that could have been a flat picture's copies but were not checked (Catalog::PhotoCopies::unchecked).
  std::size_t unchecked = 0;
};

struct FindResult {
  std::string index{};
  std::vector<FindItem> items{};
  std::optional<Error> stopped{};  // the catalog failed part-way: the images after the last item were not looked up
  std::string registry{};          // the registry the licenses are from; "" = none
  std::size_t failed() const;      // images not read, their notes, and a catalog failure
};

// Text: "PATH: N same photo(s) in the catalog", then a table with a header, one row per match (state, distance,
// method, mtime, first seen, first use, date created, SHA-256, license, credit, path). JSON: {"index",
// "registry", "images"} (docs/json.md, "find"), not written when the catalog failed part-way. err: "photoaudit
// find: " and each failure.
void write_find_text(std::ostream& out, std::ostream& err, const FindResult& result);
void write_find_json(std::ostream& out, std::ostream& err, const FindResult& result);

// ---- dupes: clusters of the same photo.

// Text: each cluster and a table of its members (relation, distance, state, dates, SHA-256, license, credit,
// path), then a count line. JSON: {"images", "hidden", "registry", "clusters", "errors"} (docs/json.md, "dupes").
// err: "photoaudit dupes: " and each file that could not be read.
void write_dupes_text(std::ostream& out, std::ostream& err, const catalog::DupesReport& report);
void write_dupes_json(std::ostream& out, std::ostream& err, const catalog::DupesReport& report);

}  // namespace photoaudit::audit

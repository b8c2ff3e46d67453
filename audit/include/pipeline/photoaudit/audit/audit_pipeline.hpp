// The audit: every image under the given paths read once, its provenance, fingerprints, credit and license
// verdict combined with the duplicates found among the audited images (and, with a catalog, the archive).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/audit/audit_report.hpp"
#include "photoaudit/audit/fetch.hpp"
#include "photoaudit/audit/image_sources.hpp"
#include "photoaudit/audit/reading_pool.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/common/limits.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"
#include "photoaudit/registry/license.hpp"
#include "photoaudit/registry/registry.hpp"

namespace photoaudit::audit {

enum class FailOn { kError, kWarning, kNever };

// How far an audit is: inputs audited of those found. For run_audit an input is an image file, an unreadable
// entry of a walked folder, or a URL (a page's images count as its one input); for run_page_audit, each distinct
// image of the page.
struct AuditProgress {
  std::size_t done = 0;
  std::size_t total = 0;
};

struct AuditOptions {
  // The license registry (--registry). Default: "" = choose_registry(""): PHOTOAUDIT_REGISTRY, the house default
  // or the example registry shipped in fixtures/ (reports say which, and call only the example "the example").
  std::string registry_path;
  // Channel of publication ("print", "online", "social", "app", "tv"). Default: "" = not checked.
  std::string channel;
  // Publication date YYYY-MM-DD. Default: "" = today (UTC).
  std::string date;
  // Judge each image at its own use date instead of `date`: the UTC day of its first use, the earlier of its first
  // sighting in the catalog (index_path, when the image is catalogued at its path) and its file's mtime
  // (docs/catalog.md); images without either (URLs) are judged today. Refused together with `date`.
  // Default: false.
  bool as_used = false;
  // ISO 3166-1 alpha-2 territory of publication. Default: "" = not checked.
  std::string territory;
  // Findings of this severity or worse make the audit fail (exit status 1). Default: kError.
  FailOn fail_on = FailOn::kError;
  // Worker threads. Default: 0 = all cores.
  unsigned threads = 0;
  // Make JPEG thumbnails for the HTML report. Default: false.
  bool thumbnails = false;
  // Paths in SARIF and HTML are shown relative to this directory. Default: "" = the current directory.
  std::string root;
  // Larger files are refused before they are read (a finding). Default: Limits::max_file_bytes (512 MiB).
  std::uint64_t max_file_bytes = Limits{}.max_file_bytes;
  // Archive catalog (photoaudit scan) searched for earlier uses of each photo: single-use-reused, duplicates
  // in the archive. Opened read-only. Default: "" = none.
  std::string index_path;
  // PEM file of trust anchors for the signers of Content Credentials (C2PA): roots, intermediates or signing
  // certificates. Default: "" = no signer is trusted (intact credentials give c2pa-untrusted).
  std::string c2pa_trust_path;
  // PEM file of trust anchors for the time-stamp authorities of Content Credentials (--tsa-trust). Default: "" =
  // a time-stamp that matches its signature is used but reported as timeStamp.untrusted.
  std::string c2pa_tsa_trust_path;
  // Fetch the http(s) manifest an image's XMP names (dcterms:provenance) when the image carries no store and has no
  // sidecar NAME.c2pa, through `fetch`'s guards (--allow-remote). Default: false = such a reference is never fetched.
  bool c2pa_allow_remote = false;
  // Audit only the files that changed in the git work tree since this ref (committed, staged, unstaged,
  // untracked); the other images of the given directories are read as context (duplicates, credits) but not
  // judged. Default: "" = every file.
  std::string changed_since;
  // Audit the staged content (the git index: what `git commit` would record) of the files under the given paths
  // that are staged as added or modified, not their working copies; untracked files are ignored. The unchanged
  // tracked images of the given paths (working copy equal to the index) are read as context. Not with
  // changed_since (run_audit fails with kInvalidArgument). Default: false.
  bool staged = false;
  // Fetching pages and their images (URLs given to the audit, and photoaudit page). allow_private is the
  // CLI's --allow-private. Default: fetch.hpp's defaults.
  FetchOptions fetch;
  // The folder a local page's root-relative image paths ("/bilder/x.jpg") are read from: the site's document
  // root (--site-root). What is read must stay inside it (no "..", no symbolic link out). Default: "" = such
  // paths are refused with a finding that says to pass --site-root. URLs of web pages never use it.
  std::string site_root;
  // The "same photo" rule used for duplicates. Default: hashing's defaults (PDQ <= 31, quality >= 50).
  hashing::SameRule same_rule;
  // Its last stage (local features for pairs the hashes leave close) compares every two audited images; above
  // this many its candidates come from visual words, and without local features to take them from it is skipped
  // and the report says so (context.duplicates_note). Default: 5,000.
  std::size_t grey_zone_max_images = 5'000;
  // A fetched image (a page's, an image URL's) carries its local features into that stage and the archive search
  // (about 40 KB each, kept until the audit ends; a file's are read again instead). Beyond this many fetched
  // images the others are matched on their hashes alone, and context.duplicates_note says how many. Default: 5,000.
  std::size_t fetched_features_max = 5'000;
  WalkOptions walk;
  // Reading each local file in a worker process, so that a decoder's crash or hang on one file is a finding, not
  // the end of the audit (reading_pool.hpp). Default: off (read in this process); the CLI turns it on.
  pipeline::ReadingIsolation isolation;
  // Called on the calling thread (never on a worker) each time an image has been audited, in order, before the
  // duplicate stages run. The library never prints: the CLI draws its progress line from this. Default: none.
  std::function<void(const AuditProgress&)> progress;
};

// Runs the audit over paths: files, directories (walked), http(s) URLs and local HTML pages (a file named
// *.html or *.htm given by name). A URL that serves an image is audited as that image; one that serves a page,
// and a local page, are audited as photoaudit page would (its images with their printed credits). Each path is
// audited once however often it is given, and an image reached twice (its URL given beside a page that shows
// it, or shown on two pages) is one image with all its uses.
// Fails only on what stops the whole audit: an unreadable or invalid registry (kNotFound, kInvalidArgument
// naming the file and its first problems), a bad channel or date (kInvalidArgument), a catalog that cannot be
// opened or queried, a --changed-since ref that git does not know, git failing for --changed-since or --staged
// (or both given), a site_root that is not a directory (kInvalidArgument). With --changed-since or --staged,
// report.images holds only the changed images; the context images are counted in report.context.context_images
// and appear only as cluster members. A file, URL or page that cannot be read becomes a metadata-unreadable
// finding and the audit goes on.
// REQUIRES: initialize_metadata() may be called by it (do not call from a thread pool that already reads
// metadata without it).
Result<AuditReport> run_audit(const std::vector<std::string>& paths, const AuditOptions& options);

// Audits one article page (an http(s) URL, or a local HTML file whose images are read relative to it, its
// root-relative ones from options.site_root): each
// image once, with the credit the page prints for it, caption-credit-missing and caption-credit-conflict,
// duplicates within the page (report.pages has the page; each image lists its uses). Fails like run_audit,
// and when the page itself cannot be fetched or read (kNetwork, kNotFound, kLimitExceeded, ...: the message
// names the page and the reason).
Result<AuditReport> run_page_audit(const std::string& page, const AuditOptions& options);

class Catalog;

// An archive searched by MemoryAuditor::audit for earlier uses of the image: a catalog the caller keeps open (for
// example an in-memory snapshot that many threads query at once). Not owned.
struct MemoryArchive {
  Catalog* catalog = nullptr;  // null: no archive search (a single-use photo gets single-use-unchecked)
  std::string name;            // what the report's context.index says (the --index the catalog came from)
};

struct MemoryAudit {
  AuditReport report;
  std::optional<hashing::Fingerprints> fingerprints;  // the image's as decoded; nullopt when it did not decode
  // Set when the image could not be read at all (its evidence's read_error: with isolation, the reading worker
  // crashed, hung past the deadline or answered garbage; empty or over max_file_bytes). The report has the
  // image's metadata-unreadable finding either way.
  std::optional<Error> read_error;
};

// Audits of images held in memory (uploads to photoaudit serve), prepared once: the registry loaded and checked as
// run_audit loads it (choose_registry(options.registry_path)), the Content Credentials verifier made (trust:
// options.c2pa_trust_path). Each audit() judges one image as run_audit judges one file: its metadata,
// fingerprints (the same decode and bounds: options.max_file_bytes), Content Credentials, credit and license
// verdict at the given publication, and its earlier uses in the archive (single-use-reused, duplicate,
// duplicate-credit). options.channel, date, territory, index_path and as_used are not used (each audit is given
// its publication and archive). With options.isolation, each image is decoded in a worker process of a pool of
// options.threads workers (0 = all cores) started here (reading_pool.hpp): a decoder's crash on a hostile image
// ends that worker, not the caller, and the audit's read_error says so.
// Thread safety: audit() is const and may run on many threads at once (after initialize_metadata(), which
// prepare() calls), when archive.catalog is safe to query so.
class MemoryAuditor {
 public:
  // Fails like run_audit on the registry (kNotFound, kInvalidArgument naming its problems) and the trust file,
  // and with kIOError when options.isolation's first worker cannot be started.
  static Result<std::shared_ptr<const MemoryAuditor>> prepare(const AuditOptions& options);

  // The audit of bytes, called `name` in the report: report.images holds the one image, report.clusters the
  // image with its archive copies, report.context what was checked (context.index = archive.name). Fails only
  // when the archive cannot be queried; an image that does not decode is a finding, not a failure.
  Result<MemoryAudit> audit(const std::string& name, std::span<const std::uint8_t> bytes,
                            const registry::LicenseQuery& query, const MemoryArchive& archive) const;

  // The local features of bytes (as `scan` stores them: hashing's extractor, no mirror image), for the archive
  // search's grey zone when the hashes leave a candidate there: decoded as audit() decodes (with isolation, in a
  // worker of a second pool of workers that compute them, started on first use). Null when the image does not
  // decode or yields no features (a read_error included). Thread-safe as audit().
  std::shared_ptr<const hashing::LocalFeatures> local_features(const std::string& name,
                                                               std::span<const std::uint8_t> bytes) const;

  // The registry loaded by prepare(); valid as long as this object.
  const registry::Registry& registry() const;

  ~MemoryAuditor();
  MemoryAuditor(const MemoryAuditor&) = delete;
  MemoryAuditor& operator=(const MemoryAuditor&) = delete;

 private:
  struct Impl;
  explicit MemoryAuditor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Which registry a run uses, and why.
struct RegistryChoice {
  std::string path;
  RegistrySource source = RegistrySource::kExample;
  bool is_example = false;  // path is the example registry shipped in fixtures/ (the same file)
};

// The first that is not empty: flag (kFlag), environment (kEnvironment), house_default when it is not the example
// file (kDefault), example (kExample). is_example when the chosen file is example, however it was chosen (the
// same file by identity, or by absolute name when one does not exist). Never fails; the file may not exist.
RegistryChoice choose_registry(std::string_view flag, std::string_view environment, std::string_view house_default,
                               std::string_view example);

// choose_registry with $PHOTOAUDIT_REGISTRY and the paths built in: the house default (CMake's
// PHOTOAUDIT_DEFAULT_REGISTRY, by default the example) and fixtures/registry.yaml of the source tree.
RegistryChoice choose_registry(std::string_view flag);

// choose_registry("").path: the registry used when none is given.
std::string default_registry_path();

}  // namespace photoaudit::audit

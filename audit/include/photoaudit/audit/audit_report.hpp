// The result of `photoaudit audit` and `photoaudit page`: what every report writer renders.
//
// Data flow: source -> evidence (provenance, fingerprints, printed credit) -> findings -> AuditReport -> writer.
// The report holds no pixels and no full metadata: per image only the fields a report shows, so 100,000
// images stay within a few hundred megabytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "photoaudit/registry/finding.hpp"

namespace photoaudit::audit {

using registry::Finding;
using registry::Severity;

// One organisation of a credit chain, outermost distributor first.
struct CreditChainLink {
  std::string name;       // as printed ("ASSOCIATED PRESS")
  std::string canonical;  // alias-table id ("AP"); empty when unknown
};

// What the image's credit says, merged over credit line, by-line, source and copyright notice.
struct CreditSummary {
  std::string text;                        // the credit line as embedded (reconciled), or "" when none
  std::vector<CreditChainLink> chain;      // organisations, outermost first
  std::vector<std::string> photographers;  // as printed
  std::vector<std::string> modifiers;      // "pool", "handout", "file", "via", "editorial-only", ...
  std::string printed;                     // the credit printed next to the image on a page ("" for files)
};

// The license verdict in report form.
struct LicenseSummary {
  std::string status;          // "licensed", "unlicensed", "blocked", "unknown"
  std::string licensor;        // registry licensor id, "" when none
  std::string contract;        // decisive contract id, "" when none
  bool single_use = false;
  bool editorial_only = false;
  std::string digital_source;  // "unknown", "captured", "edited", "synthetic", "other"
};

// Fingerprints in report form (hex strings, as `photoaudit hash --json` prints them).
struct FingerprintSummary {
  std::string sha256;
  std::string content_hash;
  std::string pdq;
  int pdq_quality = 0;
  std::string phash;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::string format;
};

// One place a page shows (or names) an image.
struct ImageUse {
  std::string page;            // the page's URL (or local file)
  std::string context;         // "figure", "teaser", "og:image", "json-ld", "inline"
  std::size_t position = 0;    // index among the page's images, document order, 0-based
  std::string caption;         // the caption printed with it, without the credit
  std::string printed_credit;  // the credit printed with it; "" when the page prints none
  std::string alt;             // alt text
  std::string link;            // where a teaser links to ("" when none)
};

struct ImageAudit {
  std::string path;     // as given or found under a given directory; for pages, the image URL
  std::string display;  // path relative to the audit's root (what SARIF and HTML show); == path if none
  std::optional<std::string> error;  // why the file could not be read at all (then most fields are empty)
  std::string caption;               // the embedded caption/description, for people
  std::string creator;               // by-line
  std::string copyright;             // copyright notice
  CreditSummary credit;
  LicenseSummary license;
  std::optional<FingerprintSummary> fingerprints;  // absent when the pixels could not be decoded
  std::vector<Finding> findings;  // most severe first; stable order within a severity
  std::optional<std::size_t> cluster;  // index into AuditReport::clusters
  std::string thumbnail_data_uri;      // "data:image/jpeg;base64,..." (HTML only; "" when not made)
  std::vector<ImageUse> uses;          // where audited pages show it (empty for files)
};

// An audited article page.
struct AuditedPage {
  std::string source;              // as given (URL or file)
  std::string url;                 // after redirects (== source for a file)
  std::string title;
  std::string charset;             // what the page was decoded from
  std::size_t images = 0;          // image references found (uses; one image URL may be used several times)
  std::vector<std::string> notes;  // what extraction remarked (charset fallbacks, skipped URLs, caps hit)
};

struct ClusterMember {
  std::size_t image = 0;        // index into AuditReport::images; for archive members see archive_path
  std::string archive_path;     // set for a catalog image outside the audited set (then image is unused)
  int distance = 0;             // PDQ distance to the cluster's first member (0 for it)
  std::string relation;         // "exact", "content", "near"
  std::string credit;           // the credit the member carries ("" = none)
  std::string method;           // what matched it to the first member (hashing::to_string(MatchMethod));
                                // "" for the first member and for archive members
};

struct DuplicateCluster {
  std::string kind;  // weakest relation of the members: "exact", "content" or "near"
  std::vector<ClusterMember> members;
  bool credit_disagreement = false;  // members name different organisations
  bool credit_lost = false;          // some member carries a credit and another none
};

struct AuditSummary {
  std::size_t images = 0;       // images audited (including unreadable ones)
  std::size_t photos = 0;       // distinct photos: the audited members of one duplicate cluster count once
  std::size_t unreadable = 0;   // images whose file could not be read at all
  std::size_t errors = 0;       // findings of each severity
  std::size_t warnings = 0;
  std::size_t infos = 0;
  std::size_t images_with_errors = 0;
  std::size_t clusters = 0;
  std::map<std::string, std::size_t> by_rule;  // rule id -> count
  bool failed = false;          // something reached --fail-on: exit status 1
};

// What the audit was asked: shown in every report so a reader knows what was checked.
struct AuditContext {
  std::string registry;       // the registry file used
  bool registry_is_example = false;  // the example registry from fixtures/ (no --registry given)
  std::string channel;        // "" = not checked
  std::string date;           // YYYY-MM-DD
  std::string territory;      // "" = not checked
  std::string index;          // catalog file, "" when none
  std::string changed_since;  // git ref of --changed-since, "" when every file was audited
  std::string fail_on;        // "error", "warning", "never"
  std::string root;           // what paths are relative to in SARIF/HTML
  std::string tool_version;
  std::string duplicates_note;  // "" = the whole same-photo rule was applied; else what was left out, and why
};

struct AuditReport {
  AuditContext context;
  std::vector<ImageAudit> images;
  std::vector<DuplicateCluster> clusters;
  std::vector<AuditedPage> pages;  // pages audited (photoaudit page, or a page URL given to audit)
  AuditSummary summary;
};

// Rule ids the audit adds to the registry's (docs/json.md describes every rule):
//   duplicate           info     the same photo appears elsewhere in the audited set or the archive
//   duplicate-credit    warning  copies of one photo carry different credits, or one lost its credit
//   single-use-reused   error    a single-use contract and the photo is already in the catalog
//   metadata-unreadable error    the file could not be read (missing, not an image, damaged) or fetched
//   caption-credit-missing error a page shows the image without printing a credit
//   caption-credit-conflict warning the printed credit names other sources than the image's metadata
//   image-damaged       warning  the file is damaged (truncated, corrupt chunk) but its metadata was read
// One line of help per rule id, for SARIF's rule descriptions and the HTML legend. Unknown ids: "".
std::string rule_help(const std::string& rule);

}  // namespace photoaudit::audit

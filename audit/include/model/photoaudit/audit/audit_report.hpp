// The result of `photoaudit audit` and `photoaudit page`: what every report writer renders.
//
// Data flow: source -> evidence (provenance, fingerprints, printed credit) -> findings -> AuditReport -> writer.
// The report holds no pixels and no full metadata: per image only the fields a report shows, encoded and
// kept in a temporary file (ImageList), so 100,000 images stay within a few hundred megabytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "photoaudit/audit/image_audit.hpp"
#include "photoaudit/audit/image_list.hpp"
#include "photoaudit/registry/finding.hpp"

namespace photoaudit::audit {

using registry::Finding;
using registry::Severity;

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
  ImageList images;
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

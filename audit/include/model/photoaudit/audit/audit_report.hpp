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
#include <string_view>
#include <vector>

#include "photoaudit/audit/image_audit.hpp"
#include "photoaudit/audit/image_list.hpp"
#include "photoaudit/registry/finding.hpp"

namespace photoaudit::audit {

using registry::Finding;
using registry::Relation;
using registry::Rule;
using registry::Severity;

// An audited article page.
struct AuditedPage {
  std::string source;  // as given (URL or file)
  std::string url;     // after redirects (== source for a file)
  std::string title;
  std::string charset;             // what the page was decoded from
  std::size_t images = 0;          // image references found (uses; one image URL may be used several times)
  std::vector<std::string> notes;  // what extraction remarked (charset fallbacks, skipped URLs, caps hit)
};

struct ClusterMember {
  std::size_t image = 0;     // index into AuditReport::images; for archive members see archive_path
  std::string archive_path;  // set for a catalog image outside the audited set (then image is unused),
                             // and for a context image (see context)
  // distance, relation and method: to the cluster's first member; for an archive member, to the audited image
  // whose archive search found it (the first member unless the cluster has several audited images).
  int distance = 0;                      // PDQ distance (0 for the first member)
  Relation relation = Relation::kExact;  // kExact for the first member
  std::string credit;                    // the credit the member carries ("" = none)
  std::string method;                    // what matched it (hashing::to_string(MatchMethod)); "" for the first member
  // A context image: with --changed-since or --staged, an unchanged image of the audited directories, read for
  // duplicates and credits but not judged (archive_path is its path; it is not in AuditReport::images).
  bool context = false;
};

struct DuplicateCluster {
  Relation kind = Relation::kExact;  // the weakest relation of the members
  std::vector<ClusterMember> members;
  bool credit_disagreement = false;  // members name different organisations
  bool credit_lost = false;          // some member carries a credit and another none
  // Members say different kinds of source (issue 17): one AI-generated and another a photograph; one a private
  // photo and another an agency's. One of them is wrong about where the picture comes from.
  bool generated_and_photographic = false;
  bool private_and_agency = false;
};

struct AuditSummary {
  std::size_t images = 0;      // images audited (including unreadable ones)
  std::size_t photos = 0;      // distinct photos: the audited members of one duplicate cluster count once
  std::size_t unreadable = 0;  // images whose file could not be read at all
  std::size_t errors = 0;      // findings of each severity
  std::size_t warnings = 0;
  std::size_t infos = 0;
  std::size_t images_with_errors = 0;
  std::size_t clusters = 0;
  std::map<Rule, std::size_t> by_rule;  // rule -> count (writers print the rule's id)
  bool failed = false;                  // something reached --fail-on: exit status 1
};

// Where the registry an audit used came from (issue 17: a house registry given in PHOTOAUDIT_REGISTRY was called
// "the EXAMPLE" in every report).
enum class RegistrySource {
  kFlag,         // --registry FILE
  kEnvironment,  // PHOTOAUDIT_REGISTRY
  kDefault,      // the house default compiled in (CMake PHOTOAUDIT_DEFAULT_REGISTRY) when it is not the example
  kExample,      // nothing given: the example registry shipped in fixtures/
};

// "flag", "environment", "default", "example": the JSON's registry_source.
std::string_view to_string(RegistrySource source);

// How a reader is told where the registry came from: "given with --registry", "from PHOTOAUDIT_REGISTRY", "the
// house default", "no --registry given".
std::string_view describe(RegistrySource source);

// What the audit was asked: shown in every report so a reader knows what was checked.
struct AuditContext {
  std::string registry;  // the registry file used
  // The file used is the example registry shipped in fixtures/ (the same file, however it was chosen; see
  // registry_source for how). Only then may a report call it "the example".
  bool registry_is_example = false;
  std::string channel;        // "" = not checked
  std::string date;           // YYYY-MM-DD
  std::string territory;      // "" = not checked
  std::string index;          // catalog file, "" when none
  std::string changed_since;  // git ref of --changed-since, "" when every file was audited
  std::string fail_on;        // "error", "warning", "never"
  std::string root;           // what paths are relative to in SARIF/HTML
  std::string tool_version;
  std::string duplicates_note;  // "" = the whole same-photo rule was applied; else what was left out, and why
  RegistrySource registry_source = RegistrySource::kExample;  // how the registry was chosen
  // The command that made the report: "audit" or "page" (issue 17: `audit PAGE_URL IMAGE_URL` was called
  // "photoaudit page" because it audited a page). Default: "audit".
  std::string command = "audit";
  bool staged = false;  // --staged: the staged content (the git index) was audited, not the work tree
  // With --changed-since or --staged: the unchanged images read as context (duplicates and credits only; they are
  // not in AuditReport::images and not counted in the summary).
  std::size_t context_images = 0;
  // What proves what was checked (issue 16, docs/reports.md). A report run twice on the same inputs differs only in
  // generated_at.
  std::string generated_at;           // when the audit ran, UTC, RFC 3339 ("2026-12-06T11:44:48Z")
  std::string registry_sha256;        // SHA-256 of the registry's bytes exactly as read and checked (64 hex digits)
  std::string index_scanned_at;       // the catalog's last scan (Catalog::last_scan), RFC 3339 UTC; "" when none
  bool as_used = false;               // --as-used: each image judged at its own use date (date is then "as-used")
  std::string purpose = "editorial";  // the use the verdicts are for ("editorial"; `license --purpose` knows more)
  // Contract id -> its note (docs/registry.md), for every contract of the registry that has one: what a report
  // prints beside a verdict or finding that names the contract. Not written whole into any report.
  std::map<std::string, std::string, std::less<>> contract_notes;

  // The note of the contract with this id; "" when none (or id is "").
  std::string_view contract_note(std::string_view id) const;
};

// Seconds since the Unix epoch as RFC 3339 UTC, "2026-12-06T11:44:48Z".
std::string utc_rfc3339(std::int64_t seconds);

struct AuditReport {
  AuditContext context;
  ImageList images;
  std::vector<DuplicateCluster> clusters;
  std::vector<AuditedPage> pages;  // pages audited (photoaudit page, or a page URL given to audit)
  AuditSummary summary;
};

}  // namespace photoaudit::audit

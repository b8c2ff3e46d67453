// The images of one article page (a URL or a local HTML file), each fetched once and audited with the credit
// the page prints for it, plus what only the page knows: caption-credit-missing (a shown image with no printed
// credit) and the uses of one image URL on the page (counted once, all uses listed).
#pragma once

#include <string>
#include <vector>

#include "photoaudit/audit/audit_report.hpp"
#include "photoaudit/audit/fetch.hpp"
#include "photoaudit/common/error.hpp"
#include "pipeline/image_audit.hpp"

namespace photoaudit::audit::pipeline {

struct PageOutcome {
  AuditedPage page;
  std::vector<AuditedImage> images;  // one per distinct image URL, in order of first use
};

// Fetches (or reads) the page, extracts its images, fetches them (setup.fetch: limits, --allow-private) and
// audits each. Images of a local page are read relative to the page's folder, root-relative ones ("/bilder/
// x.jpg") relative to setup.site_root (--site-root); without it they are refused with a finding that says to
// pass --site-root. A reference that leaves its folder (by "..", or by a symbolic link), a protocol-relative one,
// and file:, javascript: and other non-web URLs, are never read: they become metadata-unreadable findings
// naming the path and the reason.
// Fails (kNetwork, kNotFound, kLimitExceeded, kUnsupported, ...) only when the page itself cannot be had;
// the message names the page and the reason.
Result<PageOutcome> audit_page(const std::string& source, const AuditSetup& setup);

// The same for a page already fetched (fetched.final_url is the base) or read (source is a local file).
Result<PageOutcome> audit_fetched_page(const std::string& source, FetchedResource fetched, const AuditSetup& setup);

}  // namespace photoaudit::audit::pipeline

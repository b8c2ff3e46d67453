// Private to the HTML report: an image's Content Credentials as a tree (docs/reports.md). The active manifest is
// the root; each ingredient that carries a manifest of the store is a branch with that manifest's facts; every
// value goes through html::escape().
#pragma once

#include <ostream>

#include "photoaudit/audit/image_audit.hpp"

namespace photoaudit::audit::html {

// Writes <details class="c2pa"> with a summary line (state, signer, container) and the chain as nested lists:
// per manifest its state, generator, signer, issuer, time, actions (with digital source types), failure and
// informational codes, then its ingredients. A manifest is drawn once per path from the root, at most
// kMaxCredentialDepth deep (a store whose ingredients refer in a cycle ends with "(cycle)").
void write_credentials(std::ostream& out, const ContentCredentials& credentials);

inline constexpr int kMaxCredentialDepth = 16;

}  // namespace photoaudit::audit::html

// A remote manifest store, fetched only when the user allows it (`--allow-remote` of c2pa, audit and page): the
// http(s) manifest a file's XMP names with dcterms:provenance when the file carries no store and has no sidecar.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/audit/fetch.hpp"

namespace photoaudit::audit {

// True for a reference that names an http or https manifest (what --allow-remote may fetch).
bool is_remote_manifest(const std::string& reference);

// Fetches the manifest store at `url` through fetch() with `fetch_options` (its guards: http(s) only, no private
// addresses unless allowed, timeouts), its body bounded by the verifier's max_store_bytes, and verifies it against
// `file` (C2paVerifier::read_external, container "remote"). Never fails: a fetch that fails is a found report with
// the store failure manifest.inaccessible naming the URL and the reason. The report's provenance is `url`.
// REQUIRES: is_remote_manifest(url).
C2paReport fetch_remote_credentials(const C2paVerifier& verifier, std::span<const std::uint8_t> file,
                                    const std::string& url, FetchOptions fetch_options);

}  // namespace photoaudit::audit

// Where an image's Content Credentials are read from, the same for `photoaudit c2pa`, `audit`, `page` and `scan`:
// the store the file carries, else a sidecar NAME.c2pa beside the file. A remote manifest the file's XMP names
// (dcterms:provenance) is never fetched here: the caller fetches it, with the user's consent, and verifies it with
// C2paVerifier::read_external (pipeline/remote_credentials.hpp does that for the audit).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/common/error.hpp"

namespace photoaudit::audit {

// The verifier of the --trust and --tsa-trust files (PEM; "" = none) of c2pa, audit, page and scan. Fails with
// read_file_bounded's error (kNotFound, kIOError, kLimitExceeded over 16 MiB) when a file cannot be read, and with
// kInvalidArgument "FILE: ..." naming the file that holds no certificate.
Result<C2paVerifier> verifier_from_files(const std::string& trust_path, const std::string& tsa_trust_path);

// The sidecar a file's credentials are kept in: `path` with its extension replaced by ".c2pa" (photo.jpg ->
// photo.c2pa), as c2patool writes it.
std::string credentials_sidecar_path(const std::string& path);

// Reads the credentials of the file whose bytes are `file`: verifier.read(file) when it carries a store; else, when
// `path` is not "" and its sidecar (credentials_sidecar_path) is a regular file, that sidecar verified against `file`
// (container "sidecar"; a sidecar larger than the verifier's max_store_bytes or unreadable is a found report with
// the store failure manifest.inaccessible). Else the not-found report of read(), whose `provenance` names a
// manifest the XMP references, if any. Never fails.
C2paReport read_credentials(const C2paVerifier& verifier, std::span<const std::uint8_t> file, const std::string& path);

}  // namespace photoaudit::audit

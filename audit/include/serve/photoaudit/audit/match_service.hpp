// MatchService: what POST /v1/match answers, without HTTP. An uploaded image is audited as `photoaudit audit`
// would audit it (MemoryAuditor: the same decode, bounds, rules and registry) with the current catalog snapshot
// as its archive, and looked up in that snapshot as `photoaudit find --registry` would look it up; a PDQ hash is
// looked up alone. The answer is the JSON of docs/api.md ("POST /v1/match").
//
// The registry is loaded once and loaded again when its file changes (size or modification time), so an edited
// registry applies to the next request, as it would to the next `audit` run, without a parse per request.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/audit_pipeline.hpp"
#include "photoaudit/audit/snapshot_holder.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/common/limits.hpp"

namespace photoaudit::audit::serve {

struct MatchServiceOptions {
  // The license registry, as audit's --registry. Default: "" = PHOTOAUDIT_REGISTRY, the house default or the
  // example (choose_registry). Read on each request, as each audit reads it.
  std::string registry_path;
  // Trust anchors for Content Credentials signers, as audit's --trust. Default: "" = none.
  std::string c2pa_trust_path;
  // Largest image decoded (the upload limit). Default: Limits::max_file_bytes.
  std::uint64_t max_image_bytes = Limits{}.max_file_bytes;
  // Decoding each uploaded image in a worker process (reading_pool.hpp), as audit's --isolation: a decoder's crash
  // or hang on a hostile upload ends that worker, not the server. Default: off (decoded in this process); the CLI
  // turns it on (serve --isolation).
  pipeline::ReadingIsolation isolation;
  // Reading workers at most, started as uploads need them (with isolation), and never more than twice the
  // machine's cores (decoding is CPU-bound). Default: 16; the CLI passes --threads.
  unsigned reading_workers = 16;
};

// One query: exactly one of image and pdq_hex.
struct MatchQuery {
  std::string name = "upload";          // what the report calls the image (the form's file name, else "upload")
  std::span<const std::uint8_t> image;  // the uploaded bytes (empty: a PDQ query)
  std::string pdq_hex;                  // 64 hex digits (empty: an image query)
  std::string channel;                  // "" = not checked
  std::string date;                     // YYYY-MM-DD, "" = today (UTC)
  std::string territory;                // ISO 3166-1 alpha-2, "" = not checked
  bool include_missing = false;         // also the records of past uses (missing, moved, replaced)
};

class MatchService {
 public:
  // holder must outlive the service. Loads nothing yet.
  MatchService(MatchServiceOptions options, const SnapshotHolder& holder);

  // Loads the registry (and the trust anchors) if not loaded or changed since. Fails with the registry's error
  // (kNotFound, kInvalidArgument naming its problems). Thread-safe.
  Result<std::shared_ptr<const MemoryAuditor>> auditor() const;

  // The answer. Fails with kInvalidArgument (bad channel, date, territory or PDQ hex: the client's error and
  // only that), kUnsupported (no snapshot yet: the catalog has not been loaded), kIOError (the registry, edited
  // since, no longer loads: the server's error), or the snapshot's error.
  // An image that does not decode is not a failure: the report has its metadata-unreadable finding and no
  // matches. An image that cannot be read at all is (MemoryAudit::read_error: its reading worker crashed, hung
  // past the deadline or answered garbage): kCorruption or kLimitExceeded with the reason, the upload's fault.
  // Thread-safe.
  Result<nlohmann::json> match(const MatchQuery& query) const;

 private:
  MatchServiceOptions options_;
  const SnapshotHolder& holder_;
  std::string registry_file_;  // choose_registry(options_.registry_path).path
  mutable std::mutex mu_;
  mutable std::shared_ptr<const MemoryAuditor> auditor_;
  mutable std::pair<std::int64_t, std::int64_t> registry_stamp_{-1, -1};  // mtime ns, size of the loaded file
};

}  // namespace photoaudit::audit::serve

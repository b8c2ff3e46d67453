#include "photoaudit/audit/remote_credentials.hpp"

#include <vector>

#include "photoaudit/common/file_read.hpp"
#include "pipeline/image_audit.hpp"

namespace photoaudit::audit {

bool is_remote_manifest(const std::string& reference) {
  return reference.starts_with("https://") || reference.starts_with("http://");
}

C2paReport fetch_remote_credentials(const C2paVerifier& verifier, std::span<const std::uint8_t> file,
                                    const std::string& url, FetchOptions fetch_options) {
  fetch_options.max_response_bytes = verifier.options().max_store_bytes;
  auto fetched = fetch(url, fetch_options);
  C2paReport out;
  if (fetched) {
    const auto* data = reinterpret_cast<const std::uint8_t*>(fetched->body.data());
    out = verifier.read_external(file, std::span(data, fetched->body.size()), "remote");
  } else {
    out.found = true;
    out.container = "remote";
    out.store_failures.push_back({"manifest.inaccessible", url, fetched.error().message});
  }
  out.provenance = url;
  return out;
}

}  // namespace photoaudit::audit

namespace photoaudit::audit::pipeline {

void add_remote_credentials(ImageEvidence& evidence, const AuditSetup& setup) {
  if (evidence.credentials || !setup.allow_remote_credentials || !setup.evidence.credentials) return;
  if (!is_remote_manifest(evidence.credentials_reference)) return;
  std::vector<std::uint8_t> bytes;
  if (is_web_url(evidence.path)) {
    auto fetched = fetch(evidence.path, setup.fetch);
    if (fetched) bytes.assign(fetched->body.begin(), fetched->body.end());
  } else {
    auto read = read_file_bounded<std::vector<std::uint8_t>>(evidence.path, setup.evidence.max_file_bytes);
    if (read) bytes = std::move(*read);
  }
  if (bytes.empty()) return;  // gone since it was read: judged as read, without the remote manifest
  evidence.credentials = fetch_remote_credentials(*setup.evidence.credentials, bytes, evidence.credentials_reference,
                                                  setup.fetch);
}

}  // namespace photoaudit::audit::pipeline

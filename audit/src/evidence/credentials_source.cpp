#include "photoaudit/audit/credentials_source.hpp"

#include <filesystem>
#include <vector>

#include "photoaudit/common/file_read.hpp"

namespace photoaudit::audit {

namespace {

// A PEM file of trust anchors ("" = none): its text, or why it cannot be read.
Result<std::string> read_anchors(const std::string& path) {
  if (path.empty()) return std::string();
  return read_file_bounded<std::string>(path, std::uint64_t{16} << 20);
}

}  // namespace

Result<C2paVerifier> verifier_from_files(const std::string& trust_path, const std::string& tsa_trust_path) {
  C2paOptions options;
  auto signers = read_anchors(trust_path);
  if (!signers) return fail(signers.error());
  auto tsas = read_anchors(tsa_trust_path);
  if (!tsas) return fail(tsas.error());
  options.trust_anchors_pem = std::move(*signers);
  options.tsa_anchors_pem = std::move(*tsas);
  auto verifier = C2paVerifier::create(options);
  if (verifier) return verifier;
  // create() starts its message with "time-stamp" when the time-stamp authorities' file is the one at fault.
  const bool tsa = verifier.error().message.starts_with("time-stamp");
  return fail(Error::invalid_argument((tsa ? tsa_trust_path : trust_path) + ": " + verifier.error().message));
}

std::string credentials_sidecar_path(const std::string& path) {
  return std::filesystem::path(path).replace_extension(".c2pa").string();
}

C2paReport read_credentials(const C2paVerifier& verifier, std::span<const std::uint8_t> file, const std::string& path) {
  C2paReport report = verifier.read(file);
  if (report.found || path.empty()) return report;
  const std::string sidecar = credentials_sidecar_path(path);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(sidecar, ec)) return report;
  // Bounded before it is read: a larger sidecar is refused, not parsed.
  auto store = read_file_bounded<std::vector<std::uint8_t>>(sidecar, verifier.options().max_store_bytes);
  if (store) return verifier.read_external(file, *store, "sidecar");
  C2paReport failed;
  failed.found = true;
  failed.container = "sidecar";
  failed.store_failures.push_back({"manifest.inaccessible", sidecar, store.error().message});
  return failed;
}

}  // namespace photoaudit::audit

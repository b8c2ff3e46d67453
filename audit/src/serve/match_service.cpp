// MatchService: the request checked, the image audited against the snapshot (or a PDQ hash looked up), the
// answer assembled from the audit's JSON report and find's JSON matches (the writers of docs/json.md).
#include "photoaudit/audit/match_service.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "photoaudit/audit/audit_pipeline.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/copy_license.hpp"
#include "photoaudit/audit/report_writers.hpp"
#include "photoaudit/registry/publication.hpp"
#include "photoaudit/registry/registry.hpp"
#include "serve/request_archive.hpp"

namespace photoaudit::audit::serve {
namespace {

// The probe of a PDQ query: the hash as the upright one, its quality taken as full (a caller that sends a
// hash vouches for it).
Result<hashing::Fingerprints> pdq_probe(const std::string& hex) {
  const auto hash = hashing::Hash256::from_hex(hex);
  if (!hash) return fail(Error::invalid_argument("pdq: expected 64 hex digits, got \"" + hex.substr(0, 80) + "\""));
  hashing::Fingerprints fp;
  fp.pdq = *hash;
  fp.pdq_hashable = true;
  fp.pdq_quality = 100;
  fp.pdq_dihedral.fill(*hash);
  return fp;
}

// find's record of the matches: one FindItem written by write_find_json and read back ("matches", "hidden").
Result<nlohmann::json> matches_json(const std::vector<CatalogMatch>& all, const MatchQuery& query,
                                    const registry::Registry& reg, const registry::LicenseQuery& publication) {
  FindItem item{.path = query.name, .matches = std::vector<CatalogMatch>{}};
  for (const auto& m : all) {
    if (!query.include_missing && m.history.state != CopyState::kPresent) {
      ++item.hidden;
      continue;
    }
    item.licenses.push_back(license_at_first_use(reg, m.provenance, m.history, m.mtime_ns, publication));
    item.matches->push_back(m);
  }
  FindResult result{.index = "", .registry = "registry"};
  result.items.push_back(std::move(item));
  std::ostringstream out;
  std::ostringstream err;
  write_find_json(out, err, result);
  auto doc = nlohmann::json::parse(out.str(), nullptr, false);
  if (doc.is_discarded()) return fail(Error::corruption("the matches could not be written as JSON"));
  return std::move(doc["images"][0]);
}

nlohmann::json report_json(const AuditReport& report) {
  std::ostringstream out;
  write_json_report(out, report);
  return nlohmann::json::parse(out.str(), nullptr, false);
}

}  // namespace

MatchService::MatchService(MatchServiceOptions options, const SnapshotHolder& holder)
    : options_(std::move(options)), holder_(holder), registry_file_(choose_registry(options_.registry_path).path) {}

Result<std::shared_ptr<const MemoryAuditor>> MatchService::auditor() const {
  struct stat st {};
  const std::pair<std::int64_t, std::int64_t> stamp =
      ::stat(registry_file_.c_str(), &st) == 0
          ? std::pair<std::int64_t, std::int64_t>{st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec, st.st_size}
          : std::pair<std::int64_t, std::int64_t>{-1, -1};
  const std::lock_guard lock(mu_);
  if (auditor_ && stamp == registry_stamp_) return auditor_;
  AuditOptions options;
  options.registry_path = options_.registry_path;
  options.c2pa_trust_path = options_.c2pa_trust_path;
  options.max_file_bytes = options_.max_image_bytes;
  options.isolation = options_.isolation;
  // The reading pool's size (one image per audit): decoding is CPU-bound, so workers beyond twice the cores only
  // share them (measured on 2 cores: 16 workers answered 108 uploads a second, p95 954 ms; 4 answered 136, p95
  // 612 ms, same load); twice, not once, so that an upload that hangs its worker until --file-timeout does not
  // stop the others.
  const unsigned cores = std::max(std::thread::hardware_concurrency(), 1U);
  options.threads = std::clamp(options_.reading_workers, 1U, 2 * cores);
  auto prepared = MemoryAuditor::prepare(options);
  if (!prepared) return fail(prepared.error());
  auditor_ = std::move(*prepared);
  registry_stamp_ = stamp;
  return auditor_;
}

Result<nlohmann::json> MatchService::match(const MatchQuery& query) const {
  auto publication = registry::parse_publication(query.channel, query.date, query.territory);
  if (!publication) return fail(publication.error());
  std::optional<hashing::Fingerprints> probe;
  if (!query.pdq_hex.empty()) {
    auto fp = pdq_probe(query.pdq_hex);
    if (!fp) return fail(fp.error());
    probe = std::move(*fp);
  }
  const auto snapshot = holder_.current();
  if (!snapshot) return fail(Error::unsupported("the catalog has not been loaded yet"));
  auto auditor = this->auditor();
  // The server's own configuration, not the client's request: never a 400. The message says what failed (the
  // registry, the trust file, or a reading worker that cannot be started).
  if (!auditor) return fail(Error::io_error("uploads cannot be audited: " + auditor.error().message));
  RequestArchive::FeatureSource features;
  if (query.pdq_hex.empty()) {
    features = [&query, &auditor] { return (*auditor)->local_features(query.name, query.image); };
  }
  RequestArchive archive(*snapshot, std::move(features));

  nlohmann::json answer{{"index", snapshot->name()}, {"registry", registry_file_}, {"report", nullptr}};
  if (query.pdq_hex.empty()) {
    auto audited = (*auditor)->audit(query.name, query.image, *publication,
                                     MemoryArchive{.catalog = &archive, .name = snapshot->name()});
    if (!audited) return fail(audited.error());
    if (audited->read_error) return fail(*audited->read_error);
    answer["report"] = report_json(audited->report);
    probe = std::move(audited->fingerprints);
  }
  std::vector<CatalogMatch> found;
  Catalog::PhotoCopies limits;  // what the search left out (its matches moved to found)
  if (probe) {
    auto copies = archive.find_photo_copies(*probe, hashing::SameRule{}, CatalogRows::kAll);
    if (!copies) return fail(copies.error());
    found = std::move(copies->matches);
    limits = std::move(*copies);
  }
  auto item = matches_json(found, query, (*auditor)->registry(), *publication);
  if (!item) return fail(item.error());
  answer["matches"] = std::move((*item)["matches"]);
  answer["hidden"] = (*item)["hidden"];
  answer["not_followed"] = limits.not_followed;
  answer["unchecked"] = limits.unchecked;
  answer["damaged"] = limits.damaged_rows;
  return answer;
}

}  // namespace photoaudit::audit::serve

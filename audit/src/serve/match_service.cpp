// MatchService: the request checked, the image audited against the snapshot (or a PDQ hash looked up), the
// answer assembled from the audit's JSON report and find's JSON matches (the writers of docs/json.md).
#include "photoaudit/audit/match_service.hpp"

#include <sstream>
#include <utility>
#include <vector>

#include "photoaudit/audit/audit_pipeline.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/copy_license.hpp"
#include "photoaudit/audit/report_writers.hpp"
#include "photoaudit/registry/publication.hpp"
#include "photoaudit/registry/registry.hpp"

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
    : options_(std::move(options)), holder_(holder) {}

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
  const RegistryChoice choice = choose_registry(options_.registry_path);
  auto reg = registry::load_registry(choice.path);
  if (!reg) return fail(reg.error());

  nlohmann::json answer{{"index", snapshot->name()}, {"registry", choice.path}, {"report", nullptr}};
  if (query.pdq_hex.empty()) {
    AuditOptions options;
    options.registry_path = options_.registry_path;
    options.channel = query.channel;
    options.date = query.date;
    options.territory = query.territory;
    options.c2pa_trust_path = options_.c2pa_trust_path;
    options.max_file_bytes = options_.max_image_bytes;
    options.threads = 1;
    auto audited = run_memory_audit(query.name, query.image, options,
                                    MemoryArchive{.catalog = snapshot.get(), .name = snapshot->name()});
    if (!audited) return fail(audited.error());
    answer["report"] = report_json(audited->report);
    probe = std::move(audited->fingerprints);
  }
  std::vector<CatalogMatch> found;
  if (probe) {
    auto matches = snapshot->find_same_photo(*probe, hashing::SameRule{}, CatalogRows::kAll);
    if (!matches) return fail(matches.error());
    found = std::move(*matches);
  }
  auto item = matches_json(found, query, *reg, *publication);
  if (!item) return fail(item.error());
  answer["matches"] = std::move((*item)["matches"]);
  answer["hidden"] = (*item)["hidden"];
  return answer;
}

}  // namespace photoaudit::audit::serve

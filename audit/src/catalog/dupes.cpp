#include "photoaudit/audit/catalog_dupes.hpp"

#include <algorithm>
#include <filesystem>

#include "catalog/provenance_fields.hpp"
#include "photoaudit/audit/image_evidence.hpp"
#include "photoaudit/audit/image_sources.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/common/path_root.hpp"

namespace photoaudit::audit::catalog {

Result<DupesReport> dupes_in_catalog(Catalog& catalog, const std::vector<std::string>& roots,
                                     const hashing::SameRule& rule, unsigned threads) {
  auto images = catalog.images(false);
  if (!images) return fail(images.error());
  std::vector<std::string> absolute;
  for (const auto& r : roots) absolute.push_back(root_directory(r));
  DupesReport report;
  for (auto& img : *images) {
    if (!absolute.empty() && !is_under_any_root(img.path, absolute)) continue;
    PhotoItem item;
    item.path = std::move(img.path);
    item.fingerprints = std::move(img.fingerprints);
    item.credit = shown_credit(img.provenance);
    item.organizations = std::move(img.provenance.organizations);
    report.items.push_back(std::move(item));
  }
  report.clusters = cluster_photos(report.items, rule, threads);
  return report;
}

DupesReport dupes_in_files(const std::vector<std::string>& paths, const hashing::SameRule& rule, unsigned threads) {
  DupesReport report;
  WalkResult walk = collect_images(paths);
  for (const WalkError& e : walk.errors) report.errors.push_back(e.message());
  parallel_ordered<pipeline::ImageEvidence>(
      walk.files.size(), threads,
      [&](std::size_t i) { return pipeline::gather_evidence(walk.files[i].path, pipeline::EvidenceOptions{}); },
      [&](std::size_t, pipeline::ImageEvidence ev) {
        if (ev.read_error || !ev.fingerprints) {
          const Error& e = ev.read_error ? *ev.read_error : *ev.fingerprint_error;
          report.errors.push_back(e.message);
          return;
        }
        PhotoItem item;
        item.path = ev.path;
        item.fingerprints = std::move(ev.fingerprints);
        if (ev.provenance) {
          const CatalogProvenance fields = provenance_fields(*ev.provenance);
          item.credit = shown_credit(fields);
          item.organizations = fields.organizations;
        }
        report.items.push_back(std::move(item));
      });
  report.clusters = cluster_photos(report.items, rule, threads);
  return report;
}

}  // namespace photoaudit::audit::catalog

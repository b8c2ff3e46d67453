#include "photoaudit/audit/catalog_dupes.hpp"

#include <algorithm>
#include <filesystem>

#include "catalog/provenance_fields.hpp"
#include "photoaudit/audit/image_sources.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/audit/image_evidence.hpp"

namespace photoaudit::audit::catalog {
namespace {

std::string absolute_root(const std::string& given) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::absolute(given, ec);
  if (ec) p = given;
  std::string s = p.lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

bool under_any(const std::string& path, const std::vector<std::string>& roots) {
  return std::any_of(roots.begin(), roots.end(), [&](const std::string& root) {
    if (path == root || root == "/") return true;
    return path.size() > root.size() && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/';
  });
}

}  // namespace

Result<DupesReport> dupes_in_catalog(Catalog& catalog, const std::vector<std::string>& roots,
                                     const hashing::SameRule& rule, unsigned threads) {
  auto images = catalog.images(false);
  if (!images) return fail(images.error());
  std::vector<std::string> absolute;
  for (const auto& r : roots) absolute.push_back(absolute_root(r));
  DupesReport report;
  for (auto& img : *images) {
    if (!absolute.empty() && !under_any(img.path, absolute)) continue;
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

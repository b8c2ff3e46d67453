#include "photoaudit/audit/catalog_dupes.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>

#include "catalog/provenance_fields.hpp"
#include "photoaudit/audit/feature_reader.hpp"
#include "photoaudit/audit/image_evidence.hpp"
#include "photoaudit/audit/image_sources.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/common/path_root.hpp"

namespace photoaudit::audit::catalog {
namespace {

// The file's modification time in nanoseconds since the epoch; 0 when it cannot be stat()ed.
std::int64_t file_mtime_ns(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// Reading workers for `threads` threads (0: the machine's).
unsigned workers_of(unsigned threads) { return threads == 0 ? default_thread_count() : threads; }

// The grey zone's second reads that failed, as one error (the pairs rest on their hashes).
void add_read_failures(DupesReport& report, const pipeline::FeatureReader& reader) {
  if (auto note = reader.failures().note(); !note.empty()) report.errors.push_back(std::move(note));
}

}  // namespace

Result<DupesReport> dupes_in_catalog(Catalog& catalog, const std::vector<std::string>& roots,
                                     const hashing::SameRule& rule, unsigned threads, CatalogRows rows,
                                     const pipeline::ReadingIsolation& isolation) {
  auto images = catalog.images(CatalogRows::kAll);
  if (!images) return fail(images.error());
  std::vector<std::string> absolute;
  for (const auto& r : roots) absolute.push_back(root_directory(r));
  DupesReport report;
  for (auto& img : *images) {
    if (!absolute.empty() && !is_under_any_root(img.path, absolute)) continue;
    if (rows == CatalogRows::kPresent && img.history.state != CopyState::kPresent) {
      ++report.hidden;
      continue;
    }
    PhotoItem item;
    item.path = std::move(img.path);
    item.catalog_id = img.id;
    item.fingerprints = std::move(img.fingerprints);
    item.credit = shown_credit(img.provenance);
    item.organizations = img.provenance.organizations;
    item.mtime_ns = img.mtime_ns;
    item.provenance = std::move(img.provenance);
    item.history = std::move(img.history);
    report.items.push_back(std::move(item));
  }
  const auto reader = std::make_shared<const pipeline::FeatureReader>(pipeline::EvidenceOptions{}, isolation,
                                                                      workers_of(threads));
  report.clusters = cluster_photos(report.items, rule, threads, &catalog, &report.errors,
                                   pipeline::file_feature_reader(reader));
  add_read_failures(report, *reader);
  return report;
}

Result<DupesReport> dupes_in_files(const std::vector<std::string>& paths, const hashing::SameRule& rule,
                                   unsigned threads, const pipeline::ReadingIsolation& isolation) {
  pipeline::EvidenceOptions evidence;
  if (!isolation.worker_executable.empty()) {
    auto pool = pipeline::ReadingPool::start(isolation, evidence, workers_of(threads));
    if (!pool) return fail(pool.error());
    evidence.pool = std::move(*pool);
  }
  DupesReport report;
  WalkResult walk = collect_images(paths);
  for (const WalkError& e : walk.errors) report.errors.push_back(e.message());
  parallel_ordered<pipeline::ImageEvidence>(
      walk.files.size(), threads,
      [&](std::size_t i) { return pipeline::gather_evidence(walk.files[i].path, evidence); },
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
          item.provenance = provenance_fields(*ev.provenance);
          item.credit = shown_credit(item.provenance);
          item.organizations = item.provenance.organizations;
        }
        item.mtime_ns = file_mtime_ns(item.path);
        report.items.push_back(std::move(item));
      });
  const auto reader = std::make_shared<const pipeline::FeatureReader>(pipeline::EvidenceOptions{}, isolation,
                                                                      workers_of(threads));
  report.clusters = cluster_photos(report.items, rule, threads, nullptr, nullptr,
                                   pipeline::file_feature_reader(reader));
  add_read_failures(report, *reader);
  return report;
}

}  // namespace photoaudit::audit::catalog

// run_audit and run_page_audit: sources -> evidence -> findings -> duplicates (set and archive) -> summary.
#include "photoaudit/audit/audit_pipeline.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "photoaudit/audit/catalog.hpp"
#include "photoaudit/audit/copy_license.hpp"
#include "photoaudit/audit/credentials_source.hpp"
#include "photoaudit/audit/feature_reader.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/common/file_read.hpp"
#include "photoaudit/common/path_root.hpp"
#include "photoaudit/hashing/digest.hpp"
#include "photoaudit/hashing/local_features_codec.hpp"
#include "photoaudit/registry/license.hpp"
#include "photoaudit/registry/publication.hpp"
#include "photoaudit/registry/registry.hpp"
#include "pipeline/archive_copies.hpp"
#include "pipeline/changed_selection.hpp"
#include "pipeline/duplicates.hpp"
#include "pipeline/image_audit.hpp"
#include "pipeline/page_images.hpp"

namespace photoaudit::audit {
namespace {

using pipeline::AuditedImage;
using pipeline::AuditSetup;

// Most severe first, stable within a severity.
bool by_severity(const Finding& a, const Finding& b) { return a.severity > b.severity; }
void sort_findings(ImageAudit& image) { std::stable_sort(image.findings.begin(), image.findings.end(), by_severity); }

// A page's own findings about where it shows an image (page_images.cpp): they travel with the image's uses.
bool about_page_places(const Finding& f) {
  return f.rule == Rule::kCaptionCreditMissing ||
         (f.rule == Rule::kDuplicate && std::holds_alternative<registry::PagePlaces>(f.detail));
}

// The images audited so far, with what the duplicate search needs beside the report. An image reached twice
// (the same URL given twice, an image URL given beside a page that shows it, one image on two pages) is one
// entry (issue 17: it was reported as an exact copy of itself). Context images (read for duplicates and credits,
// not judged) come after every audited image, from first_context on; separate_context() takes them out of the
// report after the duplicate search.
struct Collected {
  AuditReport report;
  std::vector<std::optional<hashing::Fingerprints>> fingerprints;
  std::vector<std::vector<std::string>> organizations;
  std::map<std::string, std::size_t> by_path;
  std::optional<std::size_t> first_context;  // index of the first context image; nullopt: none read
  // For images read from a copy (--staged): index -> the path to report (the copy's path is kept until the
  // duplicate search has re-read the files).
  std::vector<std::pair<std::size_t, std::string>> shown_paths;

  void reserve(std::size_t n) {
    report.images.reserve(n);
    fingerprints.reserve(n);
    organizations.reserve(n);
  }

  // Fetched images whose local features are kept (AuditOptions::fetched_features_max), and those left without.
  std::size_t fetched_features_max = AuditOptions{}.fetched_features_max;
  std::size_t fetched_features = 0;
  std::size_t fetched_features_dropped = 0;

  void add(AuditedImage image) {
    sort_findings(image.audit);
    if (image.fingerprints && image.fingerprints->local_features) {
      if (fetched_features < fetched_features_max) {
        ++fetched_features;
      } else {
        image.fingerprints->local_features = nullptr;
        ++fetched_features_dropped;
      }
    }
    const auto [it, inserted] = by_path.emplace(image.audit.path, report.images.size());
    if (!inserted) {
      merge(it->second, std::move(image));
      return;
    }
    report.images.push_back(image.audit);
    fingerprints.push_back(std::move(image.fingerprints));
    organizations.push_back(std::move(image.organizations));
  }

  // The entry at i was reached again as image. A page's audit of it (the credit printed, where it is shown)
  // replaces one without uses; another page's uses and that page's own findings join it.
  void merge(std::size_t i, AuditedImage image) {
    if (image.audit.uses.empty()) return;
    ImageAudit kept = report.images[i];
    if (kept.uses.empty()) {
      report.images.set(i, image.audit);
      fingerprints[i] = std::move(image.fingerprints);
      organizations[i] = std::move(image.organizations);
      return;
    }
    for (auto& use : image.audit.uses) {
      if (std::find(kept.uses.begin(), kept.uses.end(), use) == kept.uses.end()) kept.uses.push_back(std::move(use));
    }
    for (auto& f : image.audit.findings) {
      if (about_page_places(f)) kept.findings.push_back(std::move(f));
    }
    sort_findings(kept);
    report.images.set(i, kept);
  }
};

// Everything that does not depend on the images: context, query, registry, root, catalog.
struct Prepared {
  std::unique_ptr<registry::Registry> registry;
  std::unique_ptr<Catalog> catalog;
  Catalog* archive = nullptr;  // catalog, or the caller's (MemoryAuditor); null: no archive search
  AuditSetup setup;
};

// AuditOptions::as_used: each image's first use, from the catalog's first sightings (when there is one) and the
// file's mtime; `fallback` for an image that has neither.
Result<std::function<registry::Date(const std::string&)>> as_used_dates(Catalog* catalog, registry::Date fallback) {
  auto first_seen = std::make_shared<std::unordered_map<std::string, std::int64_t>>();
  if (catalog != nullptr) {
    auto states = catalog->file_states();
    if (!states) return fail(states.error());
    for (const auto& s : *states) (*first_seen)[s.path] = s.first_seen;
  }
  return std::function<registry::Date(const std::string&)>([first_seen, fallback](const std::string& path) {
    std::error_code ec;
    const std::string absolute = std::filesystem::absolute(path, ec).lexically_normal().string();
    const auto it = first_seen->find(ec ? path : absolute);
    std::int64_t mtime_ns = 0;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
      mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    }
    const std::int64_t used = first_use(it == first_seen->end() ? 0 : it->second, mtime_ns);
    return used == 0 ? fallback : utc_day(used);
  });
}

// registry::load_registry, over bytes read once, so that `sha256` is of the very bytes checked and used (issue 16)
// and not of a second read. The same failures and messages as load_registry.
Result<registry::Registry> load_hashed_registry(const std::string& path, std::string& sha256) {
  const registry::RegistryOptions limits;
  auto bytes = read_file_bounded(path, limits.max_bytes);
  if (!bytes) {
    if (bytes.error().code != ErrorCode::kLimitExceeded) return fail(bytes.error());
    return fail(Error::limit_exceeded(path + ": more than the registry limit of " + std::to_string(limits.max_bytes) +
                                      " bytes"));
  }
  sha256 = hashing::sha256_bytes(reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size()).to_hex();
  auto check = registry::check_registry_text(*bytes, path);
  if (!check.ok()) {
    std::string message = path + ": the registry has " + std::to_string(check.problems.size()) +
                          (check.problems.size() == 1 ? " problem" : " problems") + " (run photoaudit registry check):";
    for (std::size_t i = 0; i < check.problems.size() && i < 5; ++i) message += "\n  " + check.problems[i].to_string();
    return fail(Error::invalid_argument(message));
  }
  return std::move(check.registry);
}

// --index (the catalog, its last scan) and --as-used (each image's own use date), into prepared and ctx.
Result<void> open_archive(const AuditOptions& options, Prepared& prepared, AuditContext& ctx) {
  if (!options.index_path.empty()) {
    auto catalog = open_catalog(options.index_path, CatalogOptions{.mode = CatalogMode::kReadOnly});
    if (!catalog) return fail(catalog.error());
    prepared.catalog = std::move(*catalog);
    prepared.archive = prepared.catalog.get();
    prepared.setup.archive_checked = true;
    ctx.index = options.index_path;
    auto last_scan = prepared.catalog->last_scan();
    if (!last_scan) return fail(last_scan.error());
    if (*last_scan != 0) ctx.index_scanned_at = utc_rfc3339(*last_scan);
  }
  if (options.as_used) {
    if (!options.date.empty()) {
      return fail(Error::invalid_argument(
          "--as-used judges each image at its own use date; give either --as-used or --date " + options.date));
    }
    auto use_date = as_used_dates(prepared.catalog.get(), prepared.setup.query.date);
    if (!use_date) return fail(use_date.error());
    prepared.setup.use_date = std::move(*use_date);
    ctx.date = "as-used";
    ctx.as_used = true;
  }

  return {};
}

// The C2PA verifier, with the trust anchors of --trust and --tsa-trust when given.
Result<std::shared_ptr<const C2paVerifier>> make_credentials_verifier(const AuditOptions& options) {
  auto verifier = verifier_from_files(options.c2pa_trust_path, options.c2pa_tsa_trust_path);
  if (!verifier) return fail(verifier.error());
  return std::make_shared<const C2paVerifier>(std::move(*verifier));
}

// The channel, date and territory every image is judged at, into the setup and the report's context.
void set_publication(registry::LicenseQuery query, AuditSetup& setup, AuditContext& ctx) {
  setup.query = std::move(query);
  ctx.channel = setup.query.channel ? std::string(registry::to_string(*setup.query.channel)) : std::string();
  ctx.date = registry::format_date(setup.query.date);
  ctx.territory = setup.query.territory;
}

// fetched_features: EvidenceOptions::memory_local_features for the images the audit fetches (false for
// MemoryAuditor, whose uploads' features are computed only when its archive search needs them).
Result<Prepared> prepare(const AuditOptions& options, AuditContext& ctx, bool fetched_features = true) {
  initialize_metadata();
  Prepared prepared;
  const RegistryChoice registry = choose_registry(options.registry_path);
  ctx.registry = registry.path;
  ctx.registry_source = registry.source;
  ctx.registry_is_example = registry.is_example;
  ctx.tool_version = PHOTOAUDIT_VERSION;
  ctx.generated_at = utc_rfc3339(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  ctx.fail_on = options.fail_on == FailOn::kError ? "error" : options.fail_on == FailOn::kWarning ? "warning" : "never";

  // The one validation of channel, date and territory (registry/publication.hpp), as in `license`.
  auto query = registry::parse_publication(options.channel, options.date, options.territory);
  if (!query) return fail(query.error());
  set_publication(std::move(*query), prepared.setup, ctx);

  auto reg = load_hashed_registry(ctx.registry, ctx.registry_sha256);
  if (!reg) return fail(reg.error());
  for (const auto& licensor : reg->licensors) {
    for (const auto& contract : licensor.contracts) {
      if (!contract.note.empty()) ctx.contract_notes.emplace(contract.id, contract.note);
    }
  }
  prepared.registry = std::make_unique<registry::Registry>(std::move(*reg));
  prepared.setup.registry = prepared.registry.get();

  if (auto archive = open_archive(options, prepared, ctx); !archive) return fail(archive.error());
  auto verifier = make_credentials_verifier(options);
  if (!verifier) return fail(verifier.error());
  prepared.setup.evidence.credentials = std::move(*verifier);

  ctx.root = root_directory(options.root);
  prepared.setup.root = ctx.root;
  prepared.setup.evidence.max_file_bytes = options.max_file_bytes;
  prepared.setup.evidence.thumbnail = options.thumbnails;
  // A fetched image's bytes are gone when the grey zone runs: its local features come with its evidence.
  prepared.setup.evidence.memory_local_features = fetched_features && options.same_rule.local_features;
  if (!options.isolation.worker_executable.empty()) {
    const unsigned workers = options.threads == 0 ? default_thread_count() : options.threads;
    auto pool = pipeline::ReadingPool::start(options.isolation, prepared.setup.evidence, workers);
    if (!pool) return fail(pool.error());
    prepared.setup.evidence.pool = std::move(*pool);
  }
  prepared.setup.features = std::make_shared<const pipeline::FeatureReader>(
      prepared.setup.evidence, options.isolation, options.threads == 0 ? default_thread_count() : options.threads);
  prepared.setup.fetch = options.fetch;
  prepared.setup.allow_remote_credentials = options.c2pa_allow_remote;
  if (!options.site_root.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(options.site_root, ec)) {
      return fail(Error::invalid_argument("--site-root " + options.site_root + ": not a directory"));
    }
    prepared.setup.site_root = options.site_root;
  }
  prepared.setup.threads = options.threads;
  return prepared;
}

// True when the URL's path ends in an image file's extension (.jpg, .png, ...): the URL promises an image.
bool names_image_file(const std::string& url) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  if (const auto scheme_end = path.find("://"); scheme_end != std::string::npos) {
    const auto path_start = path.find('/', scheme_end + 3);
    path = path_start == std::string::npos ? std::string() : path.substr(path_start);
  }
  std::transform(path.begin(), path.end(), path.begin(), [](unsigned char c) { return std::tolower(c); });
  static constexpr std::array<std::string_view, 12> kExtensions{".jpg",  ".jpeg", ".png",  ".gif",  ".webp", ".tif",
                                                                ".tiff", ".bmp",  ".heic", ".heif", ".avif", ".cr3"};
  return std::any_of(kExtensions.begin(), kExtensions.end(), [&](std::string_view e) { return path.ends_with(e); });
}

// An http(s) URL given to audit, once fetched (or not): an image is audited as one, a page as photoaudit page
// would.
void add_fetched_url(Collected& out, const std::string& url, Result<FetchedResource> fetched, const AuditSetup& setup) {
  if (!fetched) {
    out.add(pipeline::unreadable_image(url, url, fetched.error().message));
    return;
  }
  if (looks_like_image(fetched->body)) {
    const auto* data = reinterpret_cast<const std::uint8_t*>(fetched->body.data());
    out.add(pipeline::audit_fetched_image(url, std::span(data, fetched->body.size()), setup));
    return;
  }
  // Not an image: a page given to audit is audited as one, but an image's URL that serves HTML (a soft 404, a
  // login wall) is a finding, as is a "page" with no image at all: either way nothing was audited, which must
  // not pass (issue 18: such a URL was audited as a page with no images, and passed).
  const auto not_image = verify_image_response(*fetched);
  if (!not_image && names_image_file(url)) {
    out.add(pipeline::unreadable_image(url, url, not_image.error().message));
    return;
  }
  const std::string not_image_reason = not_image ? url + ": not an image" : not_image.error().message;
  auto page = pipeline::audit_fetched_page(url, std::move(*fetched), setup);
  if (!page) {
    out.add(pipeline::unreadable_image(url, url, page.error().message));
    return;
  }
  if (page->page.images == 0) {
    out.add(pipeline::unreadable_image(url, url, not_image_reason + ", and as a page it shows no images"));
    return;
  }
  out.report.pages.push_back(std::move(page->page));
  for (auto& image : page->images) out.add(std::move(image));
}

// URLs are fetched this many at a time (as a page's images: page_images.cpp), so that many URLs never hold all
// their bytes at once.
constexpr std::size_t kUrlBatch = 16;

// The http(s) URLs given to audit, in order: each batch fetched at once (fetch_all, within setup.fetch's limits),
// its images audited on the audit's threads; a URL that failed or serves a page is handled on this thread.
void add_urls(Collected& out, const std::vector<std::string>& urls, const AuditSetup& setup,
              const std::function<void()>& step) {
  for (std::size_t start = 0; start < urls.size(); start += kUrlBatch) {
    const std::vector<std::string> batch(
        urls.begin() + static_cast<std::ptrdiff_t>(start),
        urls.begin() + static_cast<std::ptrdiff_t>(std::min(urls.size(), start + kUrlBatch)));
    std::vector<Result<FetchedResource>> fetched = fetch_all(batch, setup.fetch);
    parallel_ordered<std::optional<pipeline::AuditedImage>>(
        batch.size(), setup.threads,
        [&](std::size_t k) -> std::optional<pipeline::AuditedImage> {
          const Result<FetchedResource>& body = fetched[k];
          if (!body || !looks_like_image(body->body)) return std::nullopt;
          const auto* data = reinterpret_cast<const std::uint8_t*>(body->body.data());
          return pipeline::audit_fetched_image(batch[k], std::span(data, body->body.size()), setup);
        },
        [&](std::size_t k, std::optional<pipeline::AuditedImage> done) {
          if (done) {
            out.add(std::move(*done));
          } else {
            add_fetched_url(out, batch[k], std::move(fetched[k]), setup);
          }
          step();
        });
  }
}

// A local file given to audit by name that is an HTML page (.html, .htm): audited as photoaudit page would.
bool is_local_page(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::error_code ec;
  return (extension == ".html" || extension == ".htm") && !std::filesystem::is_directory(path, ec);
}

void add_local_page(Collected& out, const std::string& path, const AuditSetup& setup) {
  auto page = pipeline::audit_page(path, setup);
  if (!page) {
    out.add(pipeline::unreadable_image(path, pipeline::display_path(path, setup.root), page.error().message));
    return;
  }
  if (page->page.images == 0) {
    out.add(pipeline::unreadable_image(path, pipeline::display_path(path, setup.root),
                                       path + ": a page that shows no images"));
    return;
  }
  out.report.pages.push_back(std::move(page->page));
  for (auto& image : page->images) out.add(std::move(image));
}

void count_photos(AuditReport& report) {
  std::size_t photos = report.images.size();
  for (const auto& cluster : report.clusters) {
    std::size_t in_set = 0;
    for (const auto& m : cluster.members) in_set += m.archive_path.empty() ? 1 : 0;
    if (in_set > 1) photos -= in_set - 1;
  }
  report.summary.photos = photos;
}

void summarize(AuditReport& report, FailOn fail_on) {
  AuditSummary& s = report.summary;
  s.images = report.images.size();
  s.clusters = report.clusters.size();
  for (std::size_t i = 0; i < report.images.size(); ++i) {
    ImageAudit img = report.images[i];
    // Findings are sorted as images are added; the duplicate stages append theirs.
    if (!std::is_sorted(img.findings.begin(), img.findings.end(), by_severity)) {
      sort_findings(img);
      report.images.set(i, img);
    }
    if (img.error) ++s.unreadable;
    bool has_error = false;
    for (const auto& f : img.findings) {
      ++s.by_rule[f.rule];
      switch (f.severity) {
        case Severity::kError:
          ++s.errors;
          has_error = true;
          break;
        case Severity::kWarning:
          ++s.warnings;
          break;
        case Severity::kInfo:
          ++s.infos;
          break;
      }
    }
    if (has_error) ++s.images_with_errors;
  }
  count_photos(report);
  switch (fail_on) {
    case FailOn::kError:
      s.failed = s.errors > 0;
      break;
    case FailOn::kWarning:
      s.failed = s.errors + s.warnings > 0;
      break;
    case FailOn::kNever:
      s.failed = false;
      break;
  }
}

Result<AuditReport> finish(Collected& out, Prepared& prepared, const AuditOptions& options) {
  pipeline::GreyZoneOptions grey_zone;
  grey_zone.max_file_bytes = options.max_file_bytes;
  grey_zone.max_images = options.grey_zone_max_images;
  const std::shared_ptr<const pipeline::FeatureReader> reader = prepared.setup.features;
  if (reader != nullptr) grey_zone.read = pipeline::file_feature_reader(reader);
  // One image has no duplicates in the set (and the engine's index costs some 4 MB to build).
  if (out.report.images.size() > 1) {
    pipeline::find_duplicates(out.report, out.fingerprints, out.organizations, options.same_rule, grey_zone,
                              options.threads);
  }
  std::string& note = out.report.context.duplicates_note;
  const auto add_note = [&note](const std::string& more) { note += (note.empty() ? "" : "; ") + more; };
  if (out.fetched_features_dropped > 0) {
    const std::size_t kept = out.fetched_features_max;
    const std::size_t more = out.fetched_features_dropped;
    add_note("local features were kept for " + std::to_string(kept) +
             (kept == 1 ? " fetched image; " : " fetched images; ") + std::to_string(more) +
             (more == 1 ? " more was" : " more were") + " matched on hashes alone");
  }
  if (out.first_context) {
    out.report.context.context_images = out.report.images.size() - *out.first_context;
    pipeline::separate_context(out.report, *out.first_context);
    out.fingerprints.resize(*out.first_context);
    out.organizations.resize(*out.first_context);
  }
  for (const auto& [index, shown] : out.shown_paths) pipeline::show_copy_as(out.report, index, shown);
  if (prepared.archive != nullptr) {
    // An audited file's local features, read again only when the catalog holds a grey-zone row for it (as the
    // folder's grey zone reads them: hashing/file_verifier.hpp), and only by an audit of the caller's own files:
    // never for a server's upload, whose name is the client's.
    pipeline::LocalFeatureSource features_of;
    if (prepared.catalog != nullptr && reader != nullptr) {
      features_of = [reader](const std::string& name) -> std::shared_ptr<const hashing::LocalFeatures> {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(name, ec)) return nullptr;  // a URL, a page's remote image
        return reader->read_file(name, true);                             // null: the hashes' verdict stands
      };
    }
    auto archived = pipeline::find_archive_copies(out.report, out.fingerprints, out.organizations, *prepared.archive,
                                                  prepared.setup.registry->organizations, options.same_rule,
                                                  features_of, options.threads);
    if (!archived) return fail(archived.error());
  }
  if (reader != nullptr) {
    if (auto failed = reader->failures().note(); !failed.empty()) add_note(failed);
  }
  summarize(out.report, options.fail_on);
  return std::move(out.report);
}

}  // namespace

Result<AuditReport> run_audit(const std::vector<std::string>& paths, const AuditOptions& options) {
  Collected out;
  out.fetched_features_max = options.fetched_features_max;
  auto prepared = prepare(options, out.report.context);
  if (!prepared) return fail(prepared.error());
  const AuditSetup& setup = prepared->setup;

  // Each argument once (issue 17: the same URL given twice was audited twice, a copy of itself).
  std::vector<std::string> local;
  std::vector<std::string> urls;
  std::vector<std::string> pages;
  std::set<std::string> given;
  for (const auto& p : paths) {
    if (!given.insert(p).second) continue;
    (pipeline::is_web_url(p) ? urls : is_local_page(p) ? pages : local).push_back(p);
  }

  WalkResult walk = collect_images(local, options.walk);
  auto selected = pipeline::select_changed(walk, local, options, out.report.context);
  if (!selected) return fail(selected.error());

  const std::size_t context_count = selected->context.size();
  const std::size_t inputs = walk.files.size() + walk.errors.size() + urls.size() + pages.size();
  out.reserve(inputs + context_count);
  AuditProgress progress{.done = 0, .total = inputs + context_count};
  const auto step = [&] {
    ++progress.done;
    if (options.progress) options.progress(progress);
  };
  parallel_ordered<AuditedImage>(
      walk.files.size(), options.threads,
      [&](std::size_t i) {
        return pipeline::audit_image(pipeline::gather_evidence(walk.files[i].path, setup.evidence), setup);
      },
      [&](std::size_t i, AuditedImage done) {
        if (!selected->copy_of.empty() && !selected->copy_of[i].empty()) {
          // A staged copy: shown as its repository path from the start (duplicate messages use the display).
          done.audit.display = pipeline::display_path(selected->copy_of[i], setup.root);
          out.shown_paths.emplace_back(out.report.images.size(), selected->copy_of[i]);
        }
        out.add(std::move(done));
        step();
      });
  for (const WalkError& e : walk.errors) {
    out.add(pipeline::unreadable_image(e.path, pipeline::display_path(e.path, setup.root), e.message()));
    step();
  }
  for (const auto& refused : selected->refused) {
    out.add(pipeline::unreadable_image(refused.path, pipeline::display_path(refused.path, setup.root),
                                       refused.path + ": " + refused.reason));
    step();
  }
  add_urls(out, urls, setup, step);
  for (const auto& page : pages) {
    add_local_page(out, page, setup);
    step();
  }
  if (options.staged || !options.changed_since.empty()) {
    out.first_context = out.report.images.size();
    parallel_ordered<AuditedImage>(
        context_count, options.threads,
        [&](std::size_t i) {
          return pipeline::audit_image(pipeline::gather_evidence(selected->context[i], setup.evidence), setup);
        },
        [&](std::size_t, AuditedImage done) {
          out.add(std::move(done));
          step();
        });
  }
  return finish(out, *prepared, options);
}

Result<AuditReport> run_page_audit(const std::string& page, const AuditOptions& options) {
  Collected out;
  out.fetched_features_max = options.fetched_features_max;
  auto prepared = prepare(options, out.report.context);
  if (!prepared) return fail(prepared.error());
  prepared->setup.progress = options.progress;  // only here: a page given to run_audit counts as one of its inputs
  out.report.context.command = "page";
  auto outcome = pipeline::audit_page(page, prepared->setup);
  if (!outcome) return fail(outcome.error());
  out.report.pages.push_back(std::move(outcome->page));
  for (auto& image : outcome->images) out.add(std::move(image));
  return finish(out, *prepared, options);
}

struct MemoryAuditor::Impl {
  AuditOptions options;
  Prepared prepared;
  AuditContext context;
  // local_features(): as `scan` stores them (no mirror set), in a pool of their own with isolation.
  std::shared_ptr<const pipeline::FeatureReader> features;
};

MemoryAuditor::MemoryAuditor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MemoryAuditor::~MemoryAuditor() = default;

Result<std::shared_ptr<const MemoryAuditor>> MemoryAuditor::prepare(const AuditOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->options.index_path.clear();  // the archive is given to each audit
  impl->options.as_used = false;
  auto prepared = audit::prepare(impl->options, impl->context, false);
  if (!prepared) return fail(prepared.error());
  impl->prepared = std::move(*prepared);
  // Its own: the audits of uploads never read files again, and a report need not hear of other uploads' reads.
  impl->features = std::move(impl->prepared.setup.features);
  return std::shared_ptr<const MemoryAuditor>(new MemoryAuditor(std::move(impl)));
}

const registry::Registry& MemoryAuditor::registry() const { return *impl_->prepared.registry; }

std::shared_ptr<const hashing::LocalFeatures> MemoryAuditor::local_features(const std::string& name,
                                                                            std::span<const std::uint8_t> bytes) const {
  return impl_->features->read(name, bytes);
}

Result<MemoryAudit> MemoryAuditor::audit(const std::string& name, std::span<const std::uint8_t> bytes,
                                         const registry::LicenseQuery& query, const MemoryArchive& archive) const {
  Collected out;
  out.report.context = impl_->context;
  out.report.context.generated_at = utc_rfc3339(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  Prepared prepared{
      .registry = nullptr, .catalog = nullptr, .archive = archive.catalog, .setup = impl_->prepared.setup};
  set_publication(query, prepared.setup, out.report.context);
  if (archive.catalog != nullptr) {
    prepared.setup.archive_checked = true;
    out.report.context.index = archive.name;
    auto last_scan = archive.catalog->last_scan();
    if (!last_scan) return fail(last_scan.error());
    if (*last_scan != 0) out.report.context.index_scanned_at = utc_rfc3339(*last_scan);
  }
  auto evidence = pipeline::gather_evidence_from_memory(name, bytes, prepared.setup.evidence);
  std::optional<Error> read_error = evidence.read_error;
  out.add(pipeline::audit_image(std::move(evidence), prepared.setup));
  auto report = finish(out, prepared, impl_->options);
  if (!report) return fail(report.error());
  return MemoryAudit{.report = std::move(*report),
                     .fingerprints = std::move(out.fingerprints.front()),
                     .read_error = std::move(read_error)};
}

}  // namespace photoaudit::audit

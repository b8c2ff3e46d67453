#include "photoaudit/audit/audit_pipeline.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "photoaudit/audit/credit_evidence.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/registry/license.hpp"
#include "photoaudit/registry/registry.hpp"
#include "pipeline/duplicates.hpp"
#include "pipeline/image_evidence.hpp"

namespace photoaudit::audit {
namespace {

using pipeline::ImageEvidence;

struct AuditedImage {
  ImageAudit audit;
  std::optional<hashing::Fingerprints> fingerprints;
  std::vector<std::string> organizations;  // canonical ids, for duplicate-credit
};

std::string display_path(const std::string& path, const std::filesystem::path& root) {
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(path, ec);
  if (ec) return path;
  const auto rel = absolute.lexically_normal().lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return std::filesystem::path(path).generic_string();
  return rel.generic_string();
}

FingerprintSummary summarize(const hashing::Fingerprints& f) {
  FingerprintSummary s;
  s.sha256 = f.sha256.to_hex();
  s.content_hash = f.content_hash.digest.to_hex();
  s.pdq = f.pdq.to_hex();
  s.pdq_quality = f.pdq_quality;
  s.phash = hashing::phash_hex(f.phash);
  s.width = f.width;
  s.height = f.height;
  s.format = std::string(f.format);
  return s;
}

AuditedImage audit_one(ImageEvidence ev, const registry::Registry& reg, const registry::LicenseQuery& query,
                       const std::filesystem::path& root) {
  AuditedImage out;
  ImageAudit& img = out.audit;
  img.path = ev.path;
  img.display = display_path(ev.path, root);
  img.thumbnail_data_uri = std::move(ev.thumbnail_data_uri);
  if (ev.read_error || (ev.metadata_error && ev.fingerprint_error)) {
    const Error& e = ev.read_error ? *ev.read_error : *ev.metadata_error;
    img.error = e.message;
    img.findings.push_back({"metadata-unreadable", Severity::kError,
                            "Cannot read this file: " + e.message + ". Nothing about its rights can be checked."});
    return out;
  }
  if (ev.fingerprints) {
    img.fingerprints = summarize(*ev.fingerprints);
    out.fingerprints = std::move(ev.fingerprints);
  } else if (ev.fingerprint_error) {
    img.findings.push_back({"image-damaged", Severity::kWarning,
                            "The picture itself cannot be decoded (" + ev.fingerprint_error->message +
                                "), so copies of it cannot be found."});
  }
  registry::CreditEvidence evidence;
  if (ev.provenance) {
    const Provenance& p = *ev.provenance;
    evidence = evidence_from(p);
    auto get = [&](std::string_view f) { return p.value(f) ? *p.value(f) : std::string(); };
    img.caption = get("caption");
    img.creator = get("creator");
    img.copyright = get("copyright");
    img.credit.text = get("credit");
    for (const auto& d : p.damage) {
      img.findings.push_back({"image-damaged", Severity::kWarning, "The file is damaged: " + d + "."});
    }
  } else if (ev.metadata_error) {
    img.findings.push_back({"metadata-unreadable", Severity::kError,
                            "The metadata cannot be read (" + ev.metadata_error->message +
                                "); the credit and rights are unknown."});
  }
  registry::LicenseVerdict verdict = registry::evaluate(reg, evidence, query);
  for (const auto& org : verdict.credit.organizations) {
    img.credit.chain.push_back({org.name, org.known ? org.canonical : std::string()});
    out.organizations.push_back(org.canonical);
  }
  std::sort(out.organizations.begin(), out.organizations.end());
  img.credit.photographers = verdict.credit.photographers;
  for (const auto& m : verdict.credit.modifiers) img.credit.modifiers.push_back(m.to_string());
  img.license.status = std::string(registry::to_string(verdict.status));
  img.license.licensor = verdict.licensor;
  img.license.contract = verdict.contract;
  img.license.single_use = verdict.single_use;
  img.license.editorial_only = verdict.editorial_only;
  img.license.digital_source = std::string(registry::to_string(verdict.digital_source));
  for (auto& f : verdict.findings) img.findings.push_back(std::move(f));
  return out;
}

void summarize(AuditReport& report, FailOn fail_on) {
  AuditSummary& s = report.summary;
  s.images = report.images.size();
  s.clusters = report.clusters.size();
  for (auto& img : report.images) {
    std::stable_sort(img.findings.begin(), img.findings.end(),
                     [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
    if (img.error) ++s.unreadable;
    bool has_error = false;
    for (const auto& f : img.findings) {
      ++s.by_rule[f.rule];
      switch (f.severity) {
        case Severity::kError: ++s.errors; has_error = true; break;
        case Severity::kWarning: ++s.warnings; break;
        case Severity::kInfo: ++s.infos; break;
      }
    }
    if (has_error) ++s.images_with_errors;
  }
  switch (fail_on) {
    case FailOn::kError: s.failed = s.errors > 0; break;
    case FailOn::kWarning: s.failed = s.errors + s.warnings > 0; break;
    case FailOn::kNever: s.failed = false; break;
  }
}

}  // namespace

std::string default_registry_path() {
  if (const char* env = std::getenv("PHOTOAUDIT_REGISTRY"); env != nullptr && *env != '\0') return env;
  return PHOTOAUDIT_DEFAULT_REGISTRY;
}

Result<AuditReport> run_audit(const std::vector<std::string>& paths, const AuditOptions& options) {
  initialize_metadata();
  AuditReport report;
  AuditContext& ctx = report.context;
  ctx.registry_is_example = options.registry_path.empty();
  ctx.registry = ctx.registry_is_example ? default_registry_path() : options.registry_path;
  ctx.tool_version = PHOTOAUDIT_VERSION;
  ctx.fail_on = options.fail_on == FailOn::kError ? "error" : options.fail_on == FailOn::kWarning ? "warning" : "never";

  registry::LicenseQuery query;
  if (!options.channel.empty()) {
    query.channel = registry::parse_channel(options.channel);
    if (!query.channel) {
      return fail(Error::invalid_argument("unknown channel \"" + options.channel +
                                          "\" (use print, online, social, app or tv)"));
    }
    ctx.channel = std::string(registry::to_string(*query.channel));
  }
  if (!options.date.empty()) {
    const auto date = registry::parse_date(options.date);
    if (!date) return fail(Error::invalid_argument("invalid date \"" + options.date + "\" (use YYYY-MM-DD)"));
    query.date = *date;
  }
  ctx.date = registry::format_date(query.date);
  query.territory = options.territory;
  ctx.territory = options.territory;

  auto reg = registry::load_registry(ctx.registry);
  if (!reg) return fail(reg.error());

  std::error_code ec;
  std::filesystem::path root = options.root.empty() ? std::filesystem::current_path(ec) : std::filesystem::absolute(options.root, ec);
  root = root.lexically_normal();
  ctx.root = root.string();

  const WalkResult walk = collect_images(paths, options.walk);
  pipeline::EvidenceOptions ev_options;
  ev_options.max_file_bytes = options.max_file_bytes;
  ev_options.thumbnail = options.thumbnails;

  std::vector<std::optional<hashing::Fingerprints>> fingerprints;
  std::vector<std::vector<std::string>> organizations;
  report.images.reserve(walk.files.size());
  parallel_ordered<AuditedImage>(
      walk.files.size(), options.threads,
      [&](std::size_t i) { return audit_one(pipeline::gather_evidence(walk.files[i].path, ev_options), *reg, query, root); },
      [&](std::size_t, AuditedImage done) {
        report.images.push_back(std::move(done.audit));
        fingerprints.push_back(std::move(done.fingerprints));
        organizations.push_back(std::move(done.organizations));
      });
  for (const auto& e : walk.errors) {
    ImageAudit img;
    img.path = e.substr(0, e.find(": "));
    img.display = display_path(img.path, root);
    img.error = e;
    img.findings.push_back({"metadata-unreadable", Severity::kError, e});
    report.images.push_back(std::move(img));
    fingerprints.emplace_back();
    organizations.emplace_back();
  }
  pipeline::find_duplicates(report, fingerprints, organizations, options.same_rule, options.threads);
  summarize(report, options.fail_on);
  return report;
}

}  // namespace photoaudit::audit

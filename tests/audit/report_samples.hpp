// AuditReport values for the report writer tests (SARIF, HTML, CSV), built directly: no pipeline involved.
// sample_report() is what a picture editor's folder of agency photos looks like after an audit.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "photoaudit/audit/audit_report.hpp"
#include "support/files.hpp"

namespace photoaudit::test {

namespace report_samples_detail {

inline std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const auto byte = [&](std::size_t k) { return k < bytes.size() ? static_cast<unsigned char>(bytes[k]) : 0u; };
    const unsigned triple = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kAlphabet[(triple >> 18) & 63];
    out += kAlphabet[(triple >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(triple >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[triple & 63] : '=';
  }
  return out;
}

}  // namespace report_samples_detail

// The bytes of a fixture photo (the pipeline's thumbnails are JPEGs like these, only smaller).
inline std::string fixture_bytes(const std::string& fixture) {
  return read_file(std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / fixture);
}

// Recomputes report.summary from images and clusters, as the pipeline does.
inline void fill_summary(audit::AuditReport& report) {
  audit::AuditSummary s;
  s.images = report.images.size();
  s.clusters = report.clusters.size();
  for (const auto& image : report.images) {
    if (image.error) ++s.unreadable;
    bool has_error = false;
    for (const auto& f : image.findings) {
      ++s.by_rule[f.rule];
      switch (f.severity) {
        case audit::Severity::kError:
          ++s.errors;
          has_error = true;
          break;
        case audit::Severity::kWarning:
          ++s.warnings;
          break;
        case audit::Severity::kInfo:
          ++s.infos;
          break;
      }
    }
    if (has_error) ++s.images_with_errors;
  }
  s.failed = s.errors > 0;
  report.summary = s;
}

inline audit::FingerprintSummary fingerprints(char fill, std::uint32_t width, std::uint32_t height) {
  audit::FingerprintSummary f;
  f.sha256 = std::string(64, fill);
  f.content_hash = std::string(64, fill == 'f' ? 'e' : 'f');
  f.pdq = std::string(64, fill);
  f.pdq_quality = 100;
  f.phash = std::string(16, fill);
  f.width = width;
  f.height = height;
  f.format = "jpeg";
  return f;
}

// Six images of a newsroom folder: an agency photo whose contract does not cover the originating agency, a
// cropped copy of it that lost its credit (a duplicate cluster with an archive copy), a licensed sports photo
// (editorial only), a synthetic illustration, a truncated file and a clean feature photo.
// With thumbnails, the fixture photos of fixtures/article are embedded as data: URIs.
// NOLINTNEXTLINE(readability-function-size): one sample report, image by image and field by field.
inline audit::AuditReport sample_report(bool thumbnails) {
  using audit::Severity;
  audit::AuditReport report;
  report.context = {"/srv/newsroom/registry.yaml",
                    false,
                    "web",
                    "2024-03-15",
                    "DE",
                    "/srv/newsroom/catalog.db",
                    "",
                    "error",
                    "/srv/newsroom/photos",
                    "0.1.0",
                    "",
                    audit::RegistrySource::kFlag,
                    "audit",
                    false,
                    0,
                    "2024-03-15T09:30:00Z",
                    std::string(64, 'c'),
                    "2024-03-14T22:00:00Z",
                    false,
                    "editorial",
                    {{"pa-editorial-2024", "Vertragsnr. PA-44871 <signed> & \"filed\""}}};

  audit::ImageAudit parade;
  parade.path = "/srv/newsroom/photos/moscow/putin-min-aung-hlaing.jpg";
  parade.display = "moscow/putin-min-aung-hlaing.jpg";
  parade.caption = "Russian President Vladimir Putin meets Myanmar's military leader Min Aung Hlaing in Moscow.";
  parade.creator = "Valery Sharifulin";
  parade.copyright = "© picture alliance / ASSOCIATED PRESS";
  parade.credit = {"© picture alliance / ASSOCIATED PRESS | Valery Sharifulin",
                   {{"picture alliance", "picture-alliance"}, {"ASSOCIATED PRESS", "AP"}},
                   {"Valery Sharifulin"},
                   {},
                   ""};
  parade.license = {
      photoaudit::registry::LicenseStatus::kUnlicensed, "picture-alliance", "pa-editorial-2024", false, false,
      photoaudit::registry::DigitalSource::kCaptured,   "2024-03-15"};
  parade.fingerprints = fingerprints('a', 800, 533);
  parade.findings = {
      {.rule = photoaudit::registry::Rule::kLicenseCoverage,
       .severity = Severity::kError,
       .contract = "pa-editorial-2024",
       .organization = "picture alliance",
       .detail = photoaudit::registry::Coverage{{"ASSOCIATED PRESS"}, {}}},
      {.rule = photoaudit::registry::Rule::kCreditFormat,
       .severity = Severity::kWarning,
       .contract = "pa-editorial-2024",
       .organization = "picture alliance",
       .embedded_credit = "© picture alliance / ASSOCIATED PRESS | Valery Sharifulin",
       .detail = photoaudit::registry::RequiredCreditForm{"{licensor} / {agency}", "picture alliance / AP"}},
      {.rule = photoaudit::registry::Rule::kDuplicate,
       .severity = Severity::kInfo,
       .related = {{.path = "moscow/teaser-putin.jpg",
                    .relation = photoaudit::registry::Relation::kNear,
                    .distance = 6}},
       .detail = photoaudit::registry::CopiesInSet{
           .others = 1, .kind = photoaudit::registry::Relation::kNear, .first = true}}};
  parade.cluster = 0;

  audit::ImageAudit crop;
  crop.path = "/srv/newsroom/photos/moscow/teaser-putin.jpg";
  crop.display = "moscow/teaser-putin.jpg";
  crop.license = {photoaudit::registry::LicenseStatus::kUnknown, "",          "", false, false,
                  photoaudit::registry::DigitalSource::kUnknown, "2024-03-15"};
  crop.fingerprints = fingerprints('b', 400, 267);
  crop.findings = {{.rule = photoaudit::registry::Rule::kCreditMissing, .severity = Severity::kError},
                   {.rule = photoaudit::registry::Rule::kDuplicateCredit,
                    .severity = Severity::kWarning,
                    .related = {{.path = "moscow/putin-min-aung-hlaing.jpg",
                                 .relation = photoaudit::registry::Relation::kNear,
                                 .distance = 6,
                                 .credit = "© picture alliance / ASSOCIATED PRESS | Valery Sharifulin"}}},
                   {.rule = photoaudit::registry::Rule::kDuplicate,
                    .severity = Severity::kInfo,
                    .related = {{.path = "moscow/putin-min-aung-hlaing.jpg",
                                 .relation = photoaudit::registry::Relation::kNear,
                                 .distance = 6,
                                 .credit = "© picture alliance / ASSOCIATED PRESS | Valery Sharifulin"}},
                    .detail = photoaudit::registry::CopiesInSet{.others = 1,
                                                                .kind = photoaudit::registry::Relation::kNear,
                                                                .relation = photoaudit::registry::Relation::kNear,
                                                                .distance = 6}}};
  crop.cluster = 0;

  audit::ImageAudit sport;
  sport.path = "/srv/newsroom/photos/space/rocket-launch-epa.jpg";
  sport.display = "space/rocket-launch-epa.jpg";
  sport.caption = "A rocket lifts off from Cape Canaveral.";
  sport.credit = {"EPA/CRISTOBAL HERRERA-ULASHKEVICH", {{"EPA", "EPA"}}, {"Cristobal Herrera-Ulashkevich"}, {}, ""};
  sport.license = {photoaudit::registry::LicenseStatus::kLicensed, "epa",       "epa-2024", false, true,
                   photoaudit::registry::DigitalSource::kCaptured, "2024-03-15"};
  sport.fingerprints = fingerprints('c', 640, 427);
  sport.findings = {{.rule = photoaudit::registry::Rule::kEditorialOnly,
                     .severity = Severity::kInfo,
                     .contract = "epa-2024",
                     .organization = "EPA",
                     .detail = photoaudit::registry::EditorialUse{}}};

  audit::ImageAudit ai;
  ai.path = "/srv/newsroom/photos/features/ai-illustration.jpg";
  ai.display = "features/ai-illustration.jpg";
  ai.caption = "Illustration: a city of the future.";
  ai.credit = {"KI-generiert / Midjourney", {}, {}, {"ai-generated"}, ""};
  ai.license = {photoaudit::registry::LicenseStatus::kUnknown,   "",          "", false, false,
                photoaudit::registry::DigitalSource::kSynthetic, "2024-03-15"};
  ai.fingerprints = fingerprints('d', 600, 400);
  ai.findings = {{.rule = photoaudit::registry::Rule::kAiGenerated,
                  .severity = Severity::kWarning,
                  .detail = photoaudit::registry::GeneratedImage{"trainedAlgorithmicMedia", true}},
                 {.rule = photoaudit::registry::Rule::kLicenseUnknown,
                  .severity = Severity::kWarning,
                  .detail = photoaudit::registry::UnknownLicensor{{"Midjourney"}, ""}}};

  audit::ImageAudit broken;
  broken.path = "/srv/newsroom/photos/inbox/truncated.jpg";
  broken.display = "inbox/truncated.jpg";
  broken.error = "inbox/truncated.jpg: truncated JPEG (no end-of-image marker)";
  // The shape pipeline::unreadable_image() gives: no verdict, and the error as the finding's reason (the
  // message says more than the error alone).
  broken.findings = {
      {.rule = photoaudit::registry::Rule::kMetadataUnreadable, .severity = Severity::kError, .reason = *broken.error}};

  audit::ImageAudit feature;
  feature.path = "/srv/newsroom/photos/local/motorcycle-dpa.jpg";
  feature.display = "local/motorcycle-dpa.jpg";
  feature.caption = "A vintage motorcycle at the Hamburg harbour festival.";
  feature.credit = {"Foto: Marcus Brandt/dpa", {{"dpa", "dpa"}}, {"Marcus Brandt"}, {}, ""};
  feature.license = {photoaudit::registry::LicenseStatus::kLicensed, "dpa",       "dpa-2024", false, false,
                     photoaudit::registry::DigitalSource::kCaptured, "2024-03-15"};
  feature.fingerprints = fingerprints('e', 640, 480);

  if (thumbnails) {
    parade.thumbnail_jpeg = fixture_bytes("article/putin-min-aung-hlaing.jpg");
    crop.thumbnail_jpeg = fixture_bytes("article/teaser-putin.jpg");
    sport.thumbnail_jpeg = fixture_bytes("article/rocket-launch-epa.jpg");
    ai.thumbnail_jpeg = fixture_bytes("article/ai-illustration.jpg");
    feature.thumbnail_jpeg = fixture_bytes("article/motorcycle-dpa.jpg");
  }
  // The clean photo first and the worst last, so the writers' own ordering is visible.
  report.images = {feature, sport, ai, parade, crop, broken};
  report.images.update(3, [](audit::ImageAudit& image) { image.cluster = 0; });
  report.images.update(4, [](audit::ImageAudit& image) { image.cluster = 0; });

  audit::DuplicateCluster cluster;
  cluster.kind = photoaudit::registry::Relation::kNear;
  cluster.members = {
      {3, "", 0, photoaudit::registry::Relation::kExact, "© picture alliance / ASSOCIATED PRESS | Valery Sharifulin",
       ""},
      {4, "", 8, photoaudit::registry::Relation::kNear, "", "pdq"},
      {0, "/archive/2023/parade.jpg", 61, photoaudit::registry::Relation::kNear, "dpa", "local-features"}};
  cluster.credit_disagreement = true;
  cluster.credit_lost = true;
  report.clusters = {cluster};
  fill_summary(report);
  return report;
}

// A fresh directory under the temp directory for one test's files.
inline std::filesystem::path fresh_temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("photoaudit-" + name + "-" + std::to_string(static_cast<long long>(::getpid())));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void write_text_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace photoaudit::test

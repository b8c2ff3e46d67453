// ImageList: every field of every image comes back as it went in, from the temporary file or, when the disk
// refuses writes, from memory.
#include <catch2/catch.hpp>

#include <csignal>
#include <string>

#include <sys/resource.h>

#include "photoaudit/audit/audit_report.hpp"

using namespace photoaudit::audit;

namespace {

// An image with every field set, each to something that tells images and fields apart.
ImageAudit full_image(int n) {
  const std::string k = std::to_string(n);
  ImageAudit image;
  image.path = "/archive/2026/" + k + "/Putin – Min Aung Hlaing.jpg";
  image.display = "2026/" + k + "/Putin – Min Aung Hlaing.jpg";
  image.error = "error " + k;
  // The whole literal, its NUL inside included (the length was 60, one past it: the terminator came along).
  constexpr char kCaption[] = "caption with a NUL \0 byte and <img src=x onerror=alert(1)> ";
  image.caption = std::string(kCaption, sizeof kCaption - 1) + k;
  image.creator = "Valery Sharifulin " + k;
  image.copyright = "© picture alliance " + k;
  image.date_created = "2017-05-29T11:11:" + k;  // issue 16
  image.credit.text = "picture alliance / ASSOCIATED PRESS | Valery Sharifulin " + k;
  image.credit.chain = {{"picture alliance", "picture-alliance"}, {"ASSOCIATED PRESS " + k, ""}};
  image.credit.photographers = {"Valery Sharifulin", "second " + k};
  image.credit.modifiers = {"pool", "via " + k};
  image.credit.printed = "Foto: dpa " + k;
  // Every enumerator of each enum, and absent ones, across the 50 images.
  if (n % 7 != 0) image.license.status = static_cast<photoaudit::registry::LicenseStatus>(n % 4);
  image.license.licensor = "picture-alliance";
  image.license.contract = "PA-" + k;
  image.license.single_use = n % 2 == 0;
  image.license.editorial_only = n % 3 == 0;
  if (n % 7 != 0) image.license.digital_source = static_cast<photoaudit::registry::DigitalSource>(n % 5);
  FingerprintSummary f;
  f.sha256 = std::string(64, 'a');
  f.content_hash = std::string(64, 'b');
  f.pdq = std::string(64, 'c');
  f.pdq_quality = 90 + n % 10;
  f.phash = "0123456789abcdef";
  f.width = 1600 + static_cast<std::uint32_t>(n);
  f.height = 1004;
  f.format = "jpeg";
  image.fingerprints = f;
  image.findings = {
      {.rule = photoaudit::registry::Rule::kLicenseExpired,
       .severity = Severity::kError,
       .contract = "PA-" + k,
       .organization = "picture alliance",
       .printed_credit = "Foto: AP " + k,
       .embedded_credit = "picture alliance / AP",
       .reason = "reason " + k,
       .related = {{"/archive/" + k + ".jpg", photoaudit::registry::Relation::kNear, n, "dpa", true},
                   {"copy.jpg", std::nullopt, std::nullopt, "", false, "local-features"}},
       .detail = photoaudit::registry::ContractTerm{.ended = n % 2 == 0,
                                                    .limit = photoaudit::registry::Date{std::chrono::year(2020 + n),
                                                                                        std::chrono::month(2),
                                                                                        std::chrono::day(28)},
                                                    .publication = photoaudit::registry::Date{std::chrono::year(2026),
                                                                                              std::chrono::month(12),
                                                                                              std::chrono::day(1)}}},
      {.rule = photoaudit::registry::Rule::kDuplicateCredit,
       .severity = Severity::kWarning,
       .embedded_credit = "credit " + k,
       .detail = photoaudit::registry::OtherCredits{static_cast<std::size_t>(n) + 3}},
      {.rule = photoaudit::registry::Rule::kDuplicate,
       .severity = Severity::kInfo,
       .detail = photoaudit::registry::CopiesInSet{static_cast<std::size_t>(n), photoaudit::registry::Relation::kNear,
                                                   false, photoaudit::registry::Relation::kContent, true, n + 1}},
      {.rule = photoaudit::registry::Rule::kSourceBlocked,
       .severity = Severity::kInfo,
       .organization = "Sputnik",
       .detail = photoaudit::registry::SourceBlock{"state media " + k, std::nullopt,
                                                   photoaudit::registry::Date{std::chrono::year(2025),
                                                                              std::chrono::month(1),
                                                                              std::chrono::day(31)}}},
      {.rule = photoaudit::registry::Rule::kCaptionCreditMissing,
       .severity = Severity::kError,
       .detail = photoaudit::registry::PagePlaces{{{"teaser", static_cast<std::size_t>(n), "caption " + k, "alt"},
                                                   {"inline", 0, "", ""}},
                                                  2}},
      {.rule = photoaudit::registry::Rule::kLicenseChannel,
       .severity = Severity::kError,
       .detail = photoaudit::registry::ChannelLimit{{photoaudit::registry::Channel::kPrint,
                                                     photoaudit::registry::Channel::kTv},
                                                    photoaudit::registry::Channel::kSocial}},
      {.rule = photoaudit::registry::Rule::kCreditConflict,
       .severity = Severity::kWarning,
       .detail = photoaudit::registry::BlockReadings{{{"iptc", "AP " + k}, {"xmp", "dpa"}}}}};
  image.cluster = static_cast<std::size_t>(n) * 1000;
  image.thumbnail_jpeg = std::string("\xFF\xD8\xFF\0 JPEG bytes ", 16) + k;
  image.uses = {{"https://example.org/article-" + k, static_cast<photoaudit::audit::ImageContext>(n % 5),
                 static_cast<std::size_t>(n) + 7, "caption " + k, "Foto: AP", "alt " + k, "https://example.org/link",
                 static_cast<std::size_t>(n) + 1}};
  image.credentials = photoaudit::audit::ContentCredentials{
      .state = static_cast<photoaudit::audit::C2paState>(n % 3),
      .manifests = static_cast<std::size_t>(n) + 1,
      .generator = "make_test_images/0.33.1 " + k,
      .signer = "C2PA Signer",
      .signer_organization = "C2PA Test Signing Cert",
      .issuer = "C2PA Test Intermediate Root CA",
      .time = "2024-08-06T21:53:37+00:00",
      .digital_source_type = "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia",
      .failures = {"assertion.dataHash.mismatch", k}};
  return image;
}

// Part by part first, so that a failure names the part; then the whole, which covers every field, also one added
// after this test was written (each struct's == is defaulted).
void check_same(const ImageAudit& a, const ImageAudit& b) {
  CHECK(a.path == b.path);
  CHECK(a.display == b.display);
  CHECK(a.error == b.error);
  CHECK(a.caption == b.caption);
  CHECK(a.creator == b.creator);
  CHECK(a.copyright == b.copyright);
  CHECK(a.date_created == b.date_created);
  CHECK(a.credit == b.credit);
  CHECK(a.license == b.license);
  CHECK(a.fingerprints == b.fingerprints);
  REQUIRE(a.findings.size() == b.findings.size());
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    CHECK(a.findings[i] == b.findings[i]);  // every fact, the detail and its alternative included
  }
  CHECK(a.cluster == b.cluster);
  CHECK(a.thumbnail_jpeg == b.thumbnail_jpeg);
  CHECK(a.uses == b.uses);
  CHECK(a.credentials == b.credentials);
  CHECK(a == b);
}

}  // namespace

TEST_CASE("ImageList: every field comes back from the temporary file, set and update replace an image",
          "[image_list]") {
  ImageList list;
  CHECK(list.empty());
  list.push_back(ImageAudit{});  // all fields empty
  for (int n = 1; n <= 50; ++n) list.push_back(full_image(n));
  CHECK(list.spooled());
  REQUIRE(list.size() == 51);
  check_same(list[0], ImageAudit{});
  for (int n = 1; n <= 50; ++n) check_same(list[static_cast<std::size_t>(n)], full_image(n));
  CHECK(list.path(7) == full_image(7).path);
  CHECK(list.display(7) == full_image(7).display);
  std::size_t seen = 0;
  for (const ImageAudit& image : list) seen += image.path.empty() ? 0 : 1;
  CHECK(seen == 50);

  list.set(3, full_image(99));
  check_same(list[3], full_image(99));
  CHECK(list.path(3) == full_image(99).path);
  list.update(4, [](ImageAudit& image) {
    image.findings.push_back(
        {.rule = photoaudit::registry::Rule::kDuplicate, .severity = Severity::kInfo, .reason = "added"});
  });
  CHECK(list[4].findings.size() == full_image(4).findings.size() + 1);
  CHECK(list[4].findings.back().reason == "added");
  check_same(list[5], full_image(5));  // the others are untouched

  const ImageList copy = list;  // independent
  list.set(6, ImageAudit{});
  check_same(copy[6], full_image(6));
  ImageList moved = std::move(list);
  check_same(moved[6], ImageAudit{});
  check_same(moved.back(), full_image(50));
}

TEST_CASE("ImageList: when the disk refuses writes, the records move to memory and none is lost", "[image_list]") {
  // A file size limit of 16 KiB (the way a full disk fails a write): the records written so far are read back
  // into memory, and the rest go there directly.
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit before{};
  REQUIRE(getrlimit(RLIMIT_FSIZE, &before) == 0);
  rlimit small = before;
  small.rlim_cur = rlim_t{16} * 1024;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  ImageList list;
  for (int n = 0; n < 100; ++n) list.push_back(full_image(n));  // about 1 KiB each
  const bool spooled = list.spooled();
  REQUIRE(setrlimit(RLIMIT_FSIZE, &before) == 0);
  CHECK_FALSE(spooled);
  REQUIRE(list.size() == 100);
  for (int n = 0; n < 100; ++n) check_same(list[static_cast<std::size_t>(n)], full_image(n));
}

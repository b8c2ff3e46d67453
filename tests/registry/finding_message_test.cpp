// render_message(): every rule and every message form, computed from the finding's facts alone. The expected
// texts are the messages the emitters wrote themselves before findings became data (byte for byte: reports
// and users' scripts compare them), and each names every fact the finding carries.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "photoaudit/registry/finding.hpp"

using namespace photoaudit::registry;

namespace {

// No emitter can write prose: a finding has no message to set.
template <typename T>
concept StoresMessage = requires(T f) {
  f.message;
};
static_assert(!StoresMessage<Finding>, "a finding's message is rendered, never stored");

Date date(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

struct Case {
  Finding finding;
  std::string message;
};

const std::string kCredit = "\u00a9 picture alliance / ASSOCIATED PRESS | Valery Sharifulin";

std::vector<Case> cases() {
  const RelatedImage archived{.path = "/archive/2025/kabul-web.jpg",
                              .relation = Relation::kNear,
                              .distance = 12,
                              .credit = "Getty Images",
                              .in_archive = true,
                              .method = "pdq"};
  const RelatedImage same_data{.path = "/archive/2024/kabul.jpg",
                               .relation = Relation::kContent,
                               .distance = 0,
                               .in_archive = true,
                               .method = "content-hash"};
  // Found by the archive search of another audited copy of the photo (desk/kabul-crop.jpg): measured to it.
  const RelatedImage through_crop{.path = "/archive/2025/kabul-web.jpg",
                                  .distance = 58,
                                  .credit = "Getty Images",
                                  .in_archive = true,
                                  .method = "local-features",
                                  .via = "desk/kabul-crop.jpg"};
  const RelatedImage same_data_through{.path = "/archive/2024/kabul.jpg",
                                       .distance = 0,
                                       .in_archive = true,
                                       .method = "content-hash",
                                       .via = "desk/kabul.jpg"};
  const RelatedImage in_set{.path = "moscow/teaser.jpg", .relation = Relation::kNear, .distance = 8, .credit = "dpa"};
  return {
      {{.rule = Rule::kCreditMissing, .severity = Severity::kError},
       "The image carries no credit line, by-line, source or copyright notice: its source and license cannot be "
       "checked."},
      {{.rule = Rule::kCreditUnparsed, .reason = "not valid UTF-8", .detail = UnreadableField{CreditField::kByline}},
       "The by-line cannot be read: not valid UTF-8."},
      {{.rule = Rule::kCreditUnparsed, .embedded_credit = "IMG_4711"},
       "The credit \"IMG_4711\" names no organisation or photographer photoaudit recognises."},
      {{.rule = Rule::kCreditConflict, .detail = BlockReadings{{{"iptc", "AP"}, {"xmp", "Reuters"}, {"exif", "AP"}}}},
       "The metadata blocks name different sources: IPTC says \"AP\", XMP says \"Reuters\", EXIF says \"AP\"."},
      {{.rule = Rule::kCreditConflict,
        .organization = "AFP",
        .embedded_credit = "Foto: dpa / Reuters",
        .detail = SourceVersusCredit{{"dpa", "Reuters"}}},
       "The Source field names AFP, the credit line names dpa, Reuters."},
      {{.rule = Rule::kCaptionCreditConflict, .printed_credit = "Foto: Reuters", .embedded_credit = "dpa"},
       "The printed credit \"Foto: Reuters\" and the image's credit line \"dpa\" name different sources."},
      {{.rule = Rule::kLicenseUnknown, .detail = UnknownLicensor{{"Bloomberg", "SZ Photo"}, ""}},
       "No licensor in the license registry for Bloomberg, SZ Photo: check the license before publishing."},
      {{.rule = Rule::kLicenseUnknown, .detail = UnknownLicensor{{}, "Max Muster"}},
       "No licensor in the license registry for the photographer Max Muster: check the license before publishing."},
      {{.rule = Rule::kLicenseNone, .organization = "Sputnik"},
       "Sputnik is in the license registry, but the house has no contract with it: do not publish without a "
       "license."},
      {{.rule = Rule::kLicenseCoverage,
        .contract = "PA-2026",
        .organization = "picture alliance",
        .detail = Coverage{{"SZ Photo"}, {"AP", "dpa", "TASS"}}},
       "The contract PA-2026 with picture alliance does not cover photos of SZ Photo (it covers AP, dpa, TASS)."},
      {{.rule = Rule::kLicenseCoverage,
        .contract = "EPA-1",
        .organization = "EPA",
        .detail = Coverage{{"AFP", "Reuters"}, {}}},
       "The contract EPA-1 with EPA does not cover photos of AFP, Reuters (it covers EPA's own photos only)."},
      {{.rule = Rule::kLicenseExpired,
        .contract = "DPA-2025",
        .organization = "dpa",
        .detail = ContractTerm{.ended = true, .limit = date(2025, 12, 31), .publication = date(2026, 1, 5)}},
       "The contract DPA-2025 with dpa ended on 2025-12-31; the publication date is 2026-01-05."},
      {{.rule = Rule::kLicenseExpired,
        .contract = "DPA-2026",
        .organization = "dpa",
        .detail = ContractTerm{.ended = false, .limit = date(2026, 1, 1), .publication = date(2025, 12, 24)}},
       "The contract DPA-2026 with dpa only starts on 2026-01-01; the publication date is 2025-12-24."},
      {{.rule = Rule::kLicenseChannel,
        .contract = "AP-WEB",
        .organization = "AP",
        .detail = ChannelLimit{{Channel::kOnline, Channel::kApp, Channel::kSocial}, Channel::kPrint}},
       "The contract AP-WEB with AP allows online, app, social, not print."},
      {{.rule = Rule::kLicenseTerritory,
        .contract = "PA-2026",
        .organization = "picture alliance",
        .detail = TerritoryLimit{{"DE", "AT", "CH"}, "US"}},
       "The contract PA-2026 with picture alliance is limited to DE, AT, CH, not US."},
      {{.rule = Rule::kLicenseTerritory,
        .severity = Severity::kInfo,
        .contract = "PA-2026",
        .organization = "picture alliance",
        .detail = TerritoryLimit{{"DE"}, ""}},
       "The contract PA-2026 with picture alliance is limited to DE; the territory of publication was not given."},
      {{.rule = Rule::kCreditFormat,
        .contract = "PA-2026",
        .organization = "picture alliance",
        .embedded_credit = "AP",
        .detail = RequiredCreditForm{"{licensor} / {agency}", "picture alliance / AP"}},
       "The credit line \"AP\" is not in the required form: the contract PA-2026 with picture alliance requires the "
       "form \"{licensor} / {agency}\" (here: \"picture alliance / AP\")."},
      {{.rule = Rule::kCreditFormat,
        .contract = "PA-2026",
        .organization = "picture alliance",
        .printed_credit = "Foto: AP",
        .detail = RequiredCreditForm{"{licensor} / {agency}", "picture alliance / AP"}},
       "The printed credit \"Foto: AP\" is not in the required form: the contract PA-2026 with picture alliance "
       "requires the form \"{licensor} / {agency}\" (here: \"picture alliance / AP\")."},
      {{.rule = Rule::kCreditFormat,
        .contract = "PA-2026",
        .organization = "picture alliance",
        .detail = RequiredCreditForm{"{licensor}", "picture alliance"}},
       "The image has no credit line; the contract PA-2026 with picture alliance requires the form "
       "\"{licensor}\" (here: \"picture alliance\")."},
      {{.rule = Rule::kSourceBlocked,
        .severity = Severity::kError,
        .organization = "Sputnik",
        .detail = SourceBlock{"EU Regulation 833/2014", date(2022, 3, 2), std::nullopt}},
       "The credit names Sputnik, a blocked source (EU Regulation 833/2014), blocked since 2022-03-02: do not "
       "publish."},
      {{.rule = Rule::kSourceBlocked, .severity = Severity::kError, .organization = "RT", .detail = SourceBlock{}},
       "The credit names RT, a blocked source: do not publish."},
      {{.rule = Rule::kSourceBlocked,
        .severity = Severity::kInfo,
        .organization = "Sputnik",
        .detail = SourceBlock{"sanctions", date(2022, 3, 2), date(2021, 6, 1)}},
       "Sputnik is blocked since 2022-03-02 (sanctions); the publication date 2021-06-01 is earlier."},
      {{.rule = Rule::kEditorialOnly,
        .severity = Severity::kInfo,
        .contract = "EPA-2024",
        .organization = "EPA",
        .detail = EditorialUse{.by_credit = true, .by_usage_terms = true}},
       "Editorial use only (contract EPA-2024 with EPA; the credit; the usage terms): not for advertising, marketing "
       "or promotion."},
      {{.rule = Rule::kEditorialOnly,
        .severity = Severity::kError,
        .detail = EditorialUse{.by_credit = true, .commercial = true}},
       "Editorial use only (the credit), but this use is commercial: do not use it for advertising, marketing or "
       "promotion."},
      {{.rule = Rule::kAiGenerated, .detail = GeneratedImage{"trainedAlgorithmicMedia", true}},
       "The image is generated by an algorithm (IPTC Digital Source Type is trainedAlgorithmicMedia; the credit says "
       "so): it is not a photograph; label it as such."},
      {{.rule = Rule::kAiGenerated, .detail = GeneratedImage{"", true}},
       "The image is generated by an algorithm (the credit says so): it is not a photograph; label it as such."},
      {{.rule = Rule::kAiGenerated, .detail = GeneratedImage{"", false, "trainedAlgorithmicMedia"}},
       "The image is generated by an algorithm (its signed Content Credentials say trainedAlgorithmicMedia): it is "
       "not a photograph; label it as such."},
      {{.rule = Rule::kDuplicate,
        .severity = Severity::kInfo,
        .related = {{.path = "a.jpg"}, {.path = "b.jpg"}, {.path = "c.jpg"}, {.path = "d.jpg"}, {.path = "e.jpg"}},
        .detail = CopiesInSet{.others = 7, .kind = Relation::kNear, .first = true}},
       "Same photo appears 7 more times in this set: a.jpg, b.jpg, c.jpg, d.jpg, e.jpg and 2 more (near copies; "
       "this one is the first)."},
      {{.rule = Rule::kDuplicate,
        .severity = Severity::kInfo,
        .related = {{.path = "a.jpg"}},
        .detail = CopiesInSet{.others = 1, .kind = Relation::kExact, .relation = Relation::kExact}},
       "Same photo appears 1 more time in this set: a.jpg (exact copies; this one is a byte-identical copy)."},
      {{.rule = Rule::kDuplicate,
        .severity = Severity::kInfo,
        .related = {{.path = "a.jpg"}},
        .detail = CopiesInSet{.others = 1, .kind = Relation::kContent, .relation = Relation::kContent}},
       "Same photo appears 1 more time in this set: a.jpg (content copies; this one is the same image data with "
       "different metadata)."},
      {{.rule = Rule::kDuplicate,
        .severity = Severity::kInfo,
        .related = {{.path = "a.jpg"}},
        .detail = CopiesInSet{.others = 1, .kind = Relation::kNear, .relation = Relation::kNear, .distance = 14}},
       "Same photo appears 1 more time in this set: a.jpg (near copies; this one is the same photo (PDQ distance "
       "14))."},
      {{.rule = Rule::kDuplicate,
        .severity = Severity::kInfo,
        .related = {{.path = "a.jpg"}},
        .detail = CopiesInSet{.others = 1,
                              .kind = Relation::kNear,
                              .relation = Relation::kNear,
                              .by_keypoints = true,
                              .distance = 90}},
       "Same photo appears 1 more time in this set: a.jpg (near copies; this one is the same photo, rotated, "
       "cropped, watermarked or mirrored: confirmed by keypoints and pixels (PDQ distance 90))."},
      {{.rule = Rule::kDuplicate,
        .severity = Severity::kInfo,
        .related = {archived, same_data},
        .detail = ArchiveCopies{3}},
       "Same photo is already in the archive 5 times: /archive/2025/kabul-web.jpg (PDQ distance 12, pdq, credited "
       "\"Getty Images\"); /archive/2024/kabul.jpg (the same image data, no credit); and 3 more."},
      {{.rule = Rule::kDuplicate,
        .severity = Severity::kInfo,
        .related = {through_crop, same_data_through},
        .detail = ArchiveCopies{0}},
       "Same photo is already in the archive 2 times: /archive/2025/kabul-web.jpg (through desk/kabul-crop.jpg, the "
       "same photo in this set: PDQ distance 58 to it, local-features, credited \"Getty Images\"); "
       "/archive/2024/kabul.jpg (through desk/kabul.jpg, the same photo in this set: the same image data as it, no "
       "credit)."},
      {{.rule = Rule::kDuplicate,
        .severity = Severity::kInfo,
        .detail =
            PagePlaces{{{"figure", 0, std::string(61, 'x'), ""}, {"teaser", 4, "", "Putin"}, {"inline", 9, "", ""}},
                       0}},
       "The page shows this image 3 times: figure #1 (\"" + std::string(60, 'x') +
           "\u2026\"), teaser #5 (alt "
           "\"Putin\"), inline #10. It counts once."},
      {{.rule = Rule::kDuplicateCredit, .related = {in_set}},
       "This copy carries no credit, but the same photo moscow/teaser.jpg is credited \"dpa\". Print that credit with "
       "this copy."},
      {{.rule = Rule::kDuplicateCredit, .related = {archived}},
       "This copy carries no credit, but the archive copy /archive/2025/kabul-web.jpg is credited \"Getty Images\". "
       "Print that credit with this copy."},
      {{.rule = Rule::kDuplicateCredit,
        .related = {in_set},
        .detail = LostCredentials{"Trusted", "C2PA Signer (C2PA Test Signing Cert)", "2024-08-06T21:53:37+00:00"}},
       "This copy lost its Content Credentials: the same photo moscow/teaser.jpg carries Trusted credentials signed "
       "by C2PA Signer (C2PA Test Signing Cert) on 2024-08-06T21:53:37+00:00 and is credited \"dpa\". Use that copy, "
       "or keep its credentials."},
      {{.rule = Rule::kDuplicateCredit, .embedded_credit = "AFP", .related = {in_set}, .detail = OtherCredits{}},
       "Copies of this photo are credited differently. This one: \"AFP\"; moscow/teaser.jpg: \"dpa\". Only one "
       "credit can be right."},
      {{.rule = Rule::kDuplicateCredit, .embedded_credit = "AFP", .related = {archived}, .detail = OtherCredits{2}},
       "The archive credits this photo differently. This one: \"AFP\"; /archive/2025/kabul-web.jpg: \"Getty "
       "Images\"; and 2 more. Only one credit can be right."},
      {{.rule = Rule::kSingleUseReused,
        .severity = Severity::kError,
        .contract = "GETTY-SINGLE-2026",
        .related = {archived}},
       "The contract GETTY-SINGLE-2026 allows a single use, and this photo has been used before: "
       "/archive/2025/kabul-web.jpg. Publishing it again needs a new license."},
      {{.rule = Rule::kMetadataUnreadable, .severity = Severity::kError, .reason = "x.jpg: not an image"},
       "Cannot read this image: x.jpg: not an image. Nothing about its rights can be checked."},
      {{.rule = Rule::kMetadataUnreadable,
        .severity = Severity::kError,
        .reason = "bad XMP packet",
        .detail = MetadataOnly{}},
       "The metadata cannot be read (bad XMP packet); the credit and rights are unknown."},
      {{.rule = Rule::kCaptionCreditMissing,
        .severity = Severity::kError,
        .embedded_credit = kCredit,
        .detail = PagePlaces{{{"figure", 2, "Putin in Moskau", ""}}, 0}},
       "The page prints no credit for this image at figure #3 (\"Putin in Moskau\"). The image's own credit is \"" +
           kCredit + "\": print it with the image."},
      {{.rule = Rule::kCaptionCreditMissing,
        .detail = PagePlaces{{{"inline", 0, "", ""},
                              {"inline", 1, "", ""},
                              {"inline", 2, "", ""},
                              {"inline", 3, "", ""},
                              {"inline", 4, "", ""}},
                             4}},
       "The page prints no credit for this image at inline #1, inline #2, inline #3, inline #4, inline #5 and 4 more. "
       "The image itself carries none either."},
      {{.rule = Rule::kImageDamaged, .reason = "JPEG: 12 bytes after the end-of-image marker"},
       "The file is damaged: JPEG: 12 bytes after the end-of-image marker."},
      {{.rule = Rule::kImageDamaged, .reason = "corrupt JPEG data", .detail = UndecodablePixels{}},
       "The picture itself cannot be decoded (corrupt JPEG data), so copies of it cannot be found."},
      {{.rule = Rule::kFormatUnsupported,
        .severity = Severity::kInfo,
        .reason = "a.heic: a HEIF image coded as 'avc1' (photoaudit decodes HEIF coded as HEVC or AV1)"},
       "The picture is in a format photoaudit cannot decode (a.heic: a HEIF image coded as 'avc1' (photoaudit "
       "decodes HEIF coded as HEVC or AV1)), so copies of it cannot be found; its metadata was checked."},
      {{.rule = Rule::kC2paInvalid,
        .severity = Severity::kError,
        .organization = "C2PA Signer (C2PA Test Signing Cert)",
        .reason = "assertion.dataHash.mismatch: the asset's bytes do not match the data hash"},
       "The image's Content Credentials (signed by C2PA Signer (C2PA Test Signing Cert)) do not verify: "
       "assertion.dataHash.mismatch: the asset's bytes do not match the data hash. The picture or its credentials "
       "changed after signing; do not rely on its stated origin."},
      {{.rule = Rule::kC2paUntrusted,
        .organization = "Adobe Firefly C2PA Stage (Adobe Inc.)",
        .reason = "no trust anchors were given"},
       "The image's Content Credentials are intact but signed by Adobe Firefly C2PA Stage (Adobe Inc.), who is not "
       "among the trusted signers (no trust anchors were given)."},
      {{.rule = Rule::kSingleUseUnchecked, .severity = Severity::kInfo, .contract = "GETTY-SINGLE-2026"},
       "The contract GETTY-SINGLE-2026 allows a single use, and no archive catalog was given (--index): whether this "
       "photo was used before was not checked. Check the archive before publishing."},
      {{.rule = Rule::kC2paUnread,
        .severity = Severity::kInfo,
        .reason =
            "its XMP names a remote manifest, not fetched (--allow-remote fetches it): https://cdn.example/m.c2pa"},
       "The image names Content Credentials that were not read: its XMP names a remote manifest, not fetched "
       "(--allow-remote fetches it): https://cdn.example/m.c2pa."},
      {{.rule = Rule::kArchiveSearchIncomplete,
        .severity = Severity::kInfo,
        .reason = "/archive/2025/kabul-web.jpg: catalog row 17: local features blob: truncated; rescan the file",
        .detail = ArchiveSearchLimits{.not_followed = 6, .unchecked = 120, .damaged = 2}},
       "The archive search for copies of this photo did not finish: 6 copies found were not searched for copies of "
       "their own (more than one search follows); 120 catalog rows that could hold a flat picture's copies were not "
       "compared (more than one search compares); 2 catalog rows' stored local features cannot be used (the first: "
       "/archive/2025/kabul-web.jpg: catalog row 17: local features blob: truncated; rescan the file). Earlier uses "
       "of the photo may be missing from this report."},
      {{.rule = Rule::kArchiveSearchIncomplete,
        .severity = Severity::kInfo,
        .detail = ArchiveSearchLimits{.not_followed = 1, .unchecked = 0, .damaged = 0}},
       "The archive search for copies of this photo did not finish: 1 copy found was not searched for copies of its "
       "own (more than one search follows). Earlier uses of the photo may be missing from this report."},
      {{.rule = Rule::kDuplicateCredit,
        .embedded_credit = "Illustration: Midjourney",
        .related = {in_set},
        .detail = SourceKinds{"AI-generated", "a photograph"}},
       "This copy is credited as AI-generated (\"Illustration: Midjourney\"), but the same photo moscow/teaser.jpg is "
       "credited as a photograph (\"dpa\"). One of them is wrong: find out where the picture comes from before "
       "publishing."},
  };
}

}  // namespace

TEST_CASE("render_message: every rule and every message form, word for word as the emitters wrote it") {
  std::set<Rule> rules;
  std::set<std::size_t> details;
  for (const Case& c : cases()) {
    INFO(to_string(c.finding.rule) << ": " << c.message);
    const std::string message = render_message(c.finding);
    CHECK(message == c.message);
    rules.insert(c.finding.rule);
    details.insert(c.finding.detail.index());
  }
  CHECK(rules.size() == kRuleCount);                            // every rule
  CHECK(details.size() == std::variant_size_v<FindingDetail>);  // every detail, monostate included
}

TEST_CASE("render_message: a message names every fact its finding carries") {
  for (const Case& c : cases()) {
    const Finding& f = c.finding;
    const std::string message = render_message(f);
    INFO(to_string(f.rule) << ": " << message);
    CHECK_FALSE(message.empty());
    // The one exception: credit-conflict's Source form names the credit line by the organisations read from it
    // (its detail), not word for word.
    const bool credit_by_organizations = std::holds_alternative<SourceVersusCredit>(f.detail);
    for (const std::string* fact : {&f.contract, &f.organization, &f.printed_credit, &f.embedded_credit, &f.reason}) {
      if (fact == &f.embedded_credit && credit_by_organizations) continue;
      if (!fact->empty()) CHECK(message.find(*fact) != std::string::npos);
    }
    if (const auto* d = std::get_if<SourceVersusCredit>(&f.detail)) {
      for (const auto& name : d->credit_line_organizations) CHECK(message.find(name) != std::string::npos);
    }
    for (const RelatedImage& r : f.related) {
      CHECK(message.find(r.path) != std::string::npos);
      if (!r.credit.empty() && f.rule == Rule::kDuplicateCredit) CHECK(message.find(r.credit) != std::string::npos);
    }
  }
}

TEST_CASE("render_message: a finding without its form's detail still says something") {
  for (std::size_t i = 0; i < kRuleCount; ++i) {
    const Finding bare{.rule = static_cast<Rule>(i)};
    INFO(to_string(bare.rule));
    CHECK(render_message(bare).size() > 10);
  }
}

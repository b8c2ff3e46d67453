// evaluate(): every rule id from the credit evidence of one image, against fixtures/registry.yaml.
// (license_images_test.cpp runs the same rules end to end on real images whose metadata carries the credit.)
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "photoaudit/registry/license.hpp"

namespace {

using namespace photoaudit::registry;

const Registry& example_registry() {
  static const Registry registry = [] {
    auto loaded = load_registry(std::string(PHOTOAUDIT_FIXTURES_DIR) + "/registry.yaml");
    REQUIRE(loaded.has_value());
    return std::move(*loaded);
  }();
  return registry;
}

LicenseQuery query(const char* date = "2026-06-15", std::optional<Channel> channel = Channel::kOnline,
                   std::string territory = "DE") {
  LicenseQuery q;
  q.date = *parse_date(date);
  q.channel = channel;
  q.territory = std::move(territory);
  return q;
}

LicenseVerdict verdict_for(const std::string& credit, const LicenseQuery& q = query()) {
  CreditEvidence ev;
  ev.credit_line = credit;
  return evaluate(example_registry(), ev, q);
}

const Finding* finding(const LicenseVerdict& v, std::string_view rule) {
  const auto it = std::find_if(v.findings.begin(), v.findings.end(),
                               [&](const Finding& f) { return to_string(f.rule) == rule; });
  return it == v.findings.end() ? nullptr : &*it;
}

// v's finding `rule`; REQUIREs that v has one.
const Finding& must_find(const LicenseVerdict& v, std::string_view rule) {
  INFO("finding " << rule);
  const Finding* f = finding(v, rule);
  REQUIRE(f != nullptr);
  return *f;
}

// The rendered message of v's finding `rule`; REQUIREs that v has one.
std::string message_of(const LicenseVerdict& v, std::string_view rule) { return render_message(must_find(v, rule)); }

std::string rules(const LicenseVerdict& v) {
  std::string out;
  for (const auto& f : v.findings)
    out += std::string(to_string(f.severity)) + " " + std::string(to_string(f.rule)) + ": " + render_message(f) + "\n";
  return out;
}

}  // namespace

TEST_CASE("license: a credit in the contract's form, covered, in time, channel and territory is licensed",
          "[license]") {
  const auto v = verdict_for("\u00a9 picture alliance / ASSOCIATED PRESS | Valery Sharifulin");
  INFO(rules(v));
  CHECK(v.status == LicenseStatus::kLicensed);
  CHECK(v.licensor == "picture-alliance");
  CHECK(v.contract == "PA-2026");
  CHECK_FALSE(v.single_use);
  CHECK(v.editorial_only);
  REQUIRE(v.findings.size() == 1);
  CHECK(v.findings[0].rule == Rule::kEditorialOnly);
  CHECK(v.findings[0].severity == Severity::kInfo);
}

TEST_CASE("license: credit-missing and credit-unparsed", "[license]") {
  const auto missing = evaluate(example_registry(), CreditEvidence{}, query());
  INFO(rules(missing));
  CHECK(must_find(missing, "credit-missing").severity == Severity::kError);
  CHECK(missing.status == LicenseStatus::kUnknown);

  const auto unparsed = verdict_for("IMG_4711");
  INFO(rules(unparsed));
  CHECK_THAT(message_of(unparsed, "credit-unparsed"), Catch::Contains("\"IMG_4711\""));
  CHECK(finding(unparsed, "license-unknown") == nullptr);

  const auto invalid = verdict_for("Foto: dpa \xff\xfe");
  INFO(rules(invalid));
  CHECK_THAT(message_of(invalid, "credit-unparsed"), Catch::Contains("not valid UTF-8"));
}

TEST_CASE("license: the by-line, source and copyright notice are evidence too", "[license]") {
  CreditEvidence ev;
  ev.byline = "Evan Vucci";
  ev.copyright_notice = "Copyright 2026 The Associated Press. All rights reserved.";
  const auto v = evaluate(example_registry(), ev, query());
  INFO(rules(v));
  CHECK(finding(v, "credit-missing") == nullptr);
  CHECK(v.licensor == "ap");
  CHECK(v.status == LicenseStatus::kLicensed);
  CHECK(v.credit.photographers == std::vector<std::string>{"Evan Vucci"});
}

TEST_CASE("license: credit-conflict between metadata blocks, printed caption and source field", "[license]") {
  CreditEvidence blocks;
  blocks.credit_line = "Reuters";
  blocks.block_credits = {{"iptc", "AP"}, {"xmp", "Reuters"}};
  const auto v1 = evaluate(example_registry(), blocks, query());
  INFO(rules(v1));
  CHECK_THAT(message_of(v1, "credit-conflict"), Catch::Contains("IPTC says \"AP\", XMP says \"Reuters\""));

  CreditEvidence spelling;  // the same source spelt two ways is no conflict
  spelling.credit_line = "AP Photo/Evan Vucci";
  spelling.block_credits = {{"iptc", "AP"}, {"xmp", "AP Photo/Evan Vucci"}};
  CHECK(finding(evaluate(example_registry(), spelling, query()), "credit-conflict") == nullptr);

  CreditEvidence caption;
  caption.credit_line = "AP Photo/Evan Vucci";
  caption.caption_credit = "Foto: Kay Nietfeld/dpa";
  const auto v2 = evaluate(example_registry(), caption, query());
  INFO(rules(v2));
  CHECK(finding(v2, "caption-credit-conflict") != nullptr);
  CHECK(finding(v2, "credit-conflict") == nullptr);
  caption.caption_credit = "Foto: Evan Vucci/AP";  // shorter, same source: fine
  CHECK(finding(evaluate(example_registry(), caption, query()), "caption-credit-conflict") == nullptr);

  CreditEvidence source;
  source.credit_line = "REUTERS/Nadja Wohlleben";
  source.source = "AFP";
  const auto v3 = evaluate(example_registry(), source, query());
  INFO(rules(v3));
  CHECK_THAT(message_of(v3, "credit-conflict"), Catch::Contains("Source field names AFP"));
}

TEST_CASE("license: license-unknown and license-none", "[license]") {
  const auto unknown = verdict_for("Foto: Max Mustermann/Bloomberg");
  INFO(rules(unknown));
  CHECK(unknown.status == LicenseStatus::kUnknown);
  CHECK_THAT(message_of(unknown, "license-unknown"), Catch::Contains("Bloomberg"));

  const auto none = verdict_for("REUTERS/Nadja Wohlleben");
  INFO(rules(none));
  CHECK(none.status == LicenseStatus::kUnlicensed);
  CHECK(none.licensor == "reuters");
  CHECK(must_find(none, "license-none").severity == Severity::kError);
}

TEST_CASE("license: license-expired, before and after the contract", "[license]") {
  const auto ended = verdict_for("EPA-EFE/STRINGER");
  INFO(rules(ended));
  CHECK(ended.status == LicenseStatus::kUnlicensed);
  CHECK_THAT(message_of(ended, "license-expired"), Catch::Contains("ended on 2025-12-31"));
  CHECK(verdict_for("EPA-EFE/STRINGER", query("2025-07-01")).status == LicenseStatus::kLicensed);

  const auto early = verdict_for("\u00a9 picture alliance / ASSOCIATED PRESS | Valery Sharifulin", query("2025-12-31"));
  INFO(rules(early));
  CHECK_THAT(message_of(early, "license-expired"), Catch::Contains("only starts on 2026-01-01"));
}

TEST_CASE("license: license-channel and license-territory", "[license]") {
  const auto print = verdict_for("AP Photo/Evan Vucci", query("2026-06-15", Channel::kPrint));
  INFO(rules(print));
  CHECK_THAT(message_of(print, "license-channel"), Catch::Contains("allows online, app, social, not print"));
  CHECK(verdict_for("AP Photo/Evan Vucci", query("2026-06-15", Channel::kSocial)).status == LicenseStatus::kLicensed);
  CHECK(verdict_for("AP Photo/Evan Vucci", query("2026-06-15", std::nullopt)).status == LicenseStatus::kLicensed);

  const auto de = verdict_for("Foto: Urs Flueeler (Keystone)");
  INFO(rules(de));
  CHECK(must_find(de, "license-territory").severity == Severity::kError);
  CHECK(verdict_for("Foto: Urs Flueeler (Keystone)", query("2026-06-15", Channel::kOnline, "ch")).status ==
        LicenseStatus::kLicensed);
  const auto unsaid = verdict_for("Foto: Urs Flueeler (Keystone)", query("2026-06-15", Channel::kOnline, ""));
  CHECK(must_find(unsaid, "license-territory").severity == Severity::kInfo);
}

TEST_CASE("license: license-coverage when the contract does not cover the originating agency", "[license]") {
  const auto v = verdict_for("Foto: picture alliance / SZ Photo | Friedrich Bungert");
  INFO(rules(v));
  CHECK(v.status == LicenseStatus::kUnlicensed);
  CHECK_THAT(message_of(v, "license-coverage"),
             Catch::Contains("does not cover photos of SZ Photo (it covers AP, dpa, TASS)"));
  // The same agency through a distributor whose contract covers it.
  CHECK(verdict_for("Evan Vucci/AP/dpa").licensor == "dpa");
  CHECK(verdict_for("Evan Vucci/AP/dpa").status == LicenseStatus::kLicensed);
}

TEST_CASE("license: credit-format checks the contract's form, by alias and without regard to spacing", "[license]") {
  const auto wrong = verdict_for("Valery Sharifulin/AP/picture alliance");
  INFO(rules(wrong));
  CHECK_THAT(message_of(wrong, "credit-format"),
             Catch::Contains("(here: \"picture alliance / AP | Valery Sharifulin\")"));
  for (const char* fine :
       {"picture alliance/AP | Valery Sharifulin", "Foto: picture alliance / AP Photo | Valery Sharifulin",
        "PICTURE ALLIANCE / THE ASSOCIATED PRESS | VALERY SHARIFULIN"}) {
    INFO(fine);
    CHECK(finding(verdict_for(fine), "credit-format") == nullptr);
  }
  CHECK(finding(verdict_for("picture alliance / AP | Someone Else/Valery Sharifulin"), "credit-format") != nullptr);
  // The printed credit is what the contract speaks of, when there is one.
  CreditEvidence ev;
  ev.credit_line = "\u00a9 picture alliance / ASSOCIATED PRESS | Valery Sharifulin";
  ev.caption_credit = "Foto: Valery Sharifulin/AP";
  const auto printed = evaluate(example_registry(), ev, query());
  INFO(rules(printed));
  REQUIRE(finding(printed, "credit-format") != nullptr);
  CHECK(render_message(*finding(printed, "credit-format")).rfind("The printed credit", 0) == 0);
}

TEST_CASE("license: source-blocked names the source and the reason", "[license]") {
  const auto v = verdict_for("Sputnik/Alexei Druzhinin/Kremlin via REUTERS");
  INFO(rules(v));
  CHECK(v.status == LicenseStatus::kBlocked);
  CHECK(must_find(v, "source-blocked").severity == Severity::kError);
  CHECK(render_message(*finding(v, "source-blocked")).find("Sputnik") != std::string::npos);
  CHECK(render_message(*finding(v, "source-blocked")).find("833/2014") != std::string::npos);
  CHECK(verdict_for("RIA Nowosti/Ilya Pitalev").status == LicenseStatus::kBlocked);
  CHECK(verdict_for("Foto: \u0420\u0418\u0410 \u041d\u043e\u0432\u043e\u0441\u0442\u0438").status ==
        LicenseStatus::kBlocked);
  // RIA Novosti is blocked since 2024-06-25: an archive publication before then is noted, not blocked.
  const auto before = verdict_for("RIA Novosti/Ilya Pitalev", query("2023-05-01"));
  INFO(rules(before));
  CHECK(must_find(before, "source-blocked").severity == Severity::kInfo);
  CHECK(before.status != LicenseStatus::kBlocked);
}

TEST_CASE("license: editorial-only from the contract, the credit or the usage terms", "[license]") {
  const auto note = verdict_for(
      "RESTRICTED TO EDITORIAL USE - MANDATORY CREDIT \"AFP PHOTO / CCTV\" - NO MARKETING NO "
      "ADVERTISING CAMPAIGNS (Photo by -/CCTV/AFP via Getty Images)");
  INFO(rules(note));
  CHECK_THAT(message_of(note, "editorial-only"), Catch::Contains("the credit"));

  CreditEvidence ev;
  ev.credit_line = "(Photo by Ghulam RASOOL / AFP via Getty Images)";
  ev.usage_terms = "Editorial use only. No commercial use.";
  const auto editorial = evaluate(example_registry(), ev, query());
  INFO(rules(editorial));
  CHECK(editorial.status == LicenseStatus::kLicensed);
  CHECK(editorial.single_use);  // GETTY-SINGLE-2026: the audit checks re-use in the catalog
  CHECK(must_find(editorial, "editorial-only").severity == Severity::kInfo);
  LicenseQuery commercial = query();
  commercial.purpose = Purpose::kCommercial;
  const auto advert = evaluate(example_registry(), ev, commercial);
  CHECK(must_find(advert, "editorial-only").severity == Severity::kError);
}

TEST_CASE("license: ai-generated from IPTC Digital Source Type or the credit, absence is unknown", "[license]") {
  for (const char* code : {"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
                           "compositeWithTrainedAlgorithmicMedia", "algorithmicMedia", "compositeSynthetic"}) {
    CreditEvidence ev;
    ev.credit_line = "AP Photo/Evan Vucci";
    ev.digital_source_type = code;
    const auto v = evaluate(example_registry(), ev, query());
    INFO(code << "\n" << rules(v));
    CHECK(v.digital_source == DigitalSource::kSynthetic);
    CHECK(finding(v, "ai-generated") != nullptr);
  }
  CreditEvidence captured;
  captured.credit_line = "AP Photo/Evan Vucci";
  captured.digital_source_type = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture";
  const auto photo = evaluate(example_registry(), captured, query());
  CHECK(photo.digital_source == DigitalSource::kCaptured);
  CHECK(finding(photo, "ai-generated") == nullptr);
  const auto absent = verdict_for("AP Photo/Evan Vucci");
  CHECK(absent.digital_source == DigitalSource::kUnknown);
  CHECK(absent.digital_source_code.empty());
  const auto credited = verdict_for("Bild: KI-generiert mit Midjourney");
  INFO(rules(credited));
  CHECK(finding(credited, "ai-generated") != nullptr);
}

TEST_CASE("license: a photographer can be a licensor, and the best contract among licensors decides", "[license]") {
  auto check = check_registry_text(R"(
licensors:
  - id: jane-roe
    name: Jane Roe
    kind: other
    contracts:
      - id: JR-1
        valid_from: 2026-01-01
  - id: getty-images
    name: Getty Images
    contracts:
      - {id: G-OLD, valid_from: 2020-01-01, valid_until: 2020-12-31, covers: [AFP]}
  - id: afp
    name: AFP
    contracts:
      - {id: AFP-2026, valid_from: 2026-01-01, valid_until: 2026-12-31}
)",
                                   "inline.yaml");
  REQUIRE(check.ok());
  CreditEvidence freelancer;
  freelancer.credit_line = "Foto: Jane Roe";
  const auto v1 = evaluate(check.registry, freelancer, query());
  INFO(rules(v1));
  CHECK(v1.licensor == "jane-roe");
  CHECK(v1.status == LicenseStatus::kLicensed);
  CreditEvidence via;
  via.credit_line = "Photo by Ghulam RASOOL / AFP via Getty Images";
  const auto v2 = evaluate(check.registry, via, query());
  INFO(rules(v2));
  CHECK(v2.licensor == "afp");  // Getty's contract ended; the house's own AFP contract covers the photo
  CHECK(v2.status == LicenseStatus::kLicensed);
}

TEST_CASE(
    "license: a printed credit naming the embedded agency and its distributor joins the evidence (issue 17: "
    "license-unknown for AFP under a printed \"© Getty Images/AFP/John MacDougall\")",
    "[license]") {
  CreditEvidence ev;
  ev.credit_line = "AFP";
  ev.byline = "John MacDougall";
  CHECK(evaluate(example_registry(), ev, query()).status == LicenseStatus::kUnknown);

  ev.caption_credit = "\u00a9 Getty Images/AFP/John MacDougall";
  const auto printed = evaluate(example_registry(), ev, query());
  INFO(rules(printed));
  CHECK(printed.status == LicenseStatus::kLicensed);
  CHECK(printed.licensor == "getty-images");
  CHECK(printed.contract == "GETTY-SINGLE-2026");
  CHECK(finding(printed, "license-unknown") == nullptr);
  CHECK(finding(printed, "caption-credit-conflict") == nullptr);

  // A printed credit that leaves out the embedded agency is no evidence for it: a conflict, still unknown.
  ev.caption_credit = "Foto: picture alliance";
  const auto other = evaluate(example_registry(), ev, query());
  INFO(rules(other));
  CHECK(other.status == LicenseStatus::kUnknown);
  CHECK(finding(other, "caption-credit-conflict") != nullptr);
}

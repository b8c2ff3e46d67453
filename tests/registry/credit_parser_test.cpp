// parse_credit beyond examples.tsv: the forms real publications print, and hostile input.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "photoaudit/registry/credit.hpp"

namespace {

using photoaudit::ErrorCode;
using namespace photoaudit::registry;

CreditReading read(const std::string& text) {
  auto reading = parse_credit(text, OrganizationTable::builtin());
  INFO(text);
  REQUIRE(reading.has_value());
  return *reading;
}

std::vector<std::string> ids(const CreditReading& r) {
  std::vector<std::string> out;
  out.reserve(r.organizations.size());
  for (const auto& o : r.organizations) out.push_back(o.canonical);
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("credit: agency-first and photographer-first orders", "[credit]") {
  CHECK(ids(read("AP Photo/Evan Vucci")) == Strings{"ap"});
  CHECK(read("AP Photo/Evan Vucci").photographers == Strings{"Evan Vucci"});
  CHECK(ids(read("Jon Super/AP")) == Strings{"ap"});
  CHECK(ids(read("Evan Vucci/AP/dpa")) == Strings{"dpa", "ap"});
  CHECK(ids(read("Bild: picture alliance/dpa/AP | Evan Vucci")) == Strings{"picture-alliance", "dpa", "ap"});
  CHECK(ids(read("Photograph: Ben Stansall/AFP/Getty Images")) == Strings{"getty-images", "afp"});
}

TEST_CASE("credit: without a photographer the kinds of the organisations decide the order", "[credit]") {
  CHECK(ids(read("picture alliance/dpa")) == Strings{"picture-alliance", "dpa"});
  CHECK(ids(read("dpa/picture alliance")) == Strings{"picture-alliance", "dpa"});
  CHECK(ids(read("AFP/Getty Images")) == Strings{"getty-images", "afp"});
  CHECK(ids(read("KCNA/Reuters")) == Strings{"reuters", "kcna"});
}

TEST_CASE("credit: case variants, HTML entities, zero-width and odd spaces read alike", "[credit]") {
  CHECK(ids(read("REUTERS/Nadja Wohlleben")) == ids(read("Reuters/Nadja Wohlleben")));
  CHECK(ids(read("IMAGO/Sven Simon")) == Strings{"imago", "sven-simon"});
  const auto entities = read("&copy; picture alliance&nbsp;/ dpa &#124; Daniel&#x20;Vogl");
  CHECK(ids(entities) == Strings{"picture-alliance", "dpa"});
  CHECK(entities.photographers == Strings{"Daniel Vogl"});
  CHECK(ids(read("&amp;copy; dpa")) == Strings{"dpa"});  // escaped twice by a CMS
  // U+200B zero-width space, U+00AD soft hyphen, U+00A0 no-break space, U+2009 thin space, U+2013 en dash.
  const auto invisible = read("Foto:\u200b dpa\u00ad /\u00a0Ole\u200b Spata");
  CHECK(ids(invisible) == Strings{"dpa"});
  CHECK(invisible.photographers == Strings{"Ole Spata"});
  CHECK(ids(read("cristianstorto \u2013 stock.adobe.com")) == Strings{"adobe-stock"});
  CHECK(ids(read("\uff21\uff30 Photo/Evan Vucci")) == Strings{"ap"});  // fullwidth "AP"
}

TEST_CASE("credit: Cyrillic names and labels", "[credit]") {
  const auto r = read(
      "\u0424\u041e\u0422\u041e: \u041c\u0438\u0445\u0430\u0438\u043b "
      "\u041c\u0435\u0442\u0446\u0435\u043b\u044c/\u0422\u0410\u0421\u0421");
  CHECK(ids(r) == Strings{"tass"});
  CHECK(r.photographers == Strings{"\u041c\u0438\u0445\u0430\u0438\u043b \u041c\u0435\u0442\u0446\u0435\u043b\u044c"});
}

TEST_CASE("credit: placeholders stand for the photographer but are no one", "[credit]") {
  for (const char* line : {"Uncredited/AP", "AP Photo/STRINGER", "-/AFP", "Str/AFP", "AFP PHOTO / HO"}) {
    const auto r = read(line);
    INFO(line);
    CHECK(r.photographers.empty());
    CHECK(r.placeholder);
  }
  CHECK(read("HANDOUT/Reuters").has(ModifierKind::kHandout));
  CHECK(read("Foto: privat").has(ModifierKind::kPrivate));
}

TEST_CASE("credit: editor's notes are read as modifiers, not names", "[credit]") {
  const auto tpx = read("REUTERS/Yves Herman TPX IMAGES OF THE DAY");
  CHECK(tpx.photographers == Strings{"Yves Herman"});
  CHECK(ids(tpx) == Strings{"reuters"});
  const auto third = read("ATTENTION EDITORS - THIS IMAGE WAS PROVIDED BY A THIRD PARTY. NO RESALES. NO ARCHIVES");
  CHECK(third.organizations.empty());
  CHECK(third.has(ModifierKind::kHandout));
  const auto editorial = read("Foto: dpa - Nur f\u00fcr redaktionelle Verwendung");
  CHECK(ids(editorial) == Strings{"dpa"});
  CHECK(editorial.has(ModifierKind::kEditorialOnly));
  const auto mandatory = read("Mandatory Credit: Photo by Pixelformula/SIPA/Shutterstock (14021419a)");
  CHECK(ids(mandatory) == Strings{"shutterstock", "sipa"});
  CHECK(mandatory.photographers == Strings{"Pixelformula"});
}

TEST_CASE("credit: via, for, file, pool, symbol, screenshot", "[credit]") {
  const auto pool = read("Sputnik/Valeriy Sharifulin/Pool via REUTERS");
  CHECK(ids(pool) == Strings{"reuters", "sputnik"});
  CHECK(pool.has(ModifierKind::kPool));
  CHECK(pool.has(ModifierKind::kVia));
  const auto commissioned = read("Photo by Kevin Winter/Getty Images for Netflix");
  CHECK(ids(commissioned) == Strings{"getty-images", "netflix"});
  CHECK(commissioned.has(ModifierKind::kFor));
  CHECK(read("REUTERS/Kevin Lamarque/File Photo").has(ModifierKind::kFile));
  CHECK(read("FILE PHOTO: REUTERS/Evelyn Hockstein").has(ModifierKind::kFile));
  CHECK(read("Foto: Julian Stratenschulte/dpa (Archivbild)").has(ModifierKind::kFile));
  CHECK(read("Foto: Ole Spata/dpa/Symbolbild").has(ModifierKind::kSymbol));
  const auto screenshot = read("Quelle: Screenshot YouTube");
  CHECK(screenshot.has(ModifierKind::kScreenshot));
  CHECK(ids(screenshot) == Strings{"youtube"});
}

TEST_CASE("credit: the same credit twice, the second fuller, reads as one", "[credit]") {
  const auto r = read("(Photo by SAUL LOEB / AFP) (Photo by SAUL LOEB/AFP via Getty Images)");
  CHECK(ids(r) == Strings{"getty-images", "afp"});
  CHECK(r.photographers == Strings{"SAUL LOEB"});
}

TEST_CASE("credit: licences and AI generators", "[credit]") {
  CHECK(read("Foto: Max Mustermann / CC BY 2.0").modifiers.front().to_string() == "license CC-BY-2.0");
  CHECK(read("Wikimedia Commons, Lizenz: CC BY-SA 3.0 DE").modifiers.front().to_string() == "license CC-BY-SA-3.0");
  CHECK(read("Photo: NASA (public domain)").has(ModifierKind::kLicense));
  const auto ai = read("Bild: KI-generiert mit Midjourney");
  CHECK(ai.has(ModifierKind::kAiGenerated));
  CHECK(ids(ai) == Strings{"midjourney"});
  CHECK(ai.photographers.empty());
}

TEST_CASE("credit: copyright notices", "[credit]") {
  CHECK(ids(read("Copyright 2024 The Associated Press. All rights reserved.")) == Strings{"ap"});
  CHECK(ids(read("\u00a9 2023 Getty Images")) == Strings{"getty-images"});
  CHECK(ids(read("(c) dpa")) == Strings{"dpa"});
}

TEST_CASE("credit: organisations the table does not know are told from people", "[credit]") {
  const auto r = read("Foto: Bundesregierung/Steffen Kugler");
  CHECK(ids(r) == Strings{"bundesregierung"});
  CHECK(r.photographers == Strings{"Steffen Kugler"});
  const auto unknown = read("Foto: picture alliance / Geisler-Fotopress | Christoph Hardt");
  CHECK(ids(unknown) == Strings{"picture-alliance", "geisler-fotopress"});
  CHECK_FALSE(unknown.organizations.back().known);
  CHECK(unknown.photographers == Strings{"Christoph Hardt"});
  const auto paper = read("Photograph: Sean Smith/The Guardian");
  CHECK(ids(paper) == Strings{"the-guardian"});
  CHECK(paper.photographers == Strings{"Sean Smith"});
}

TEST_CASE("credit: text with nothing recognisable is an empty reading, not an error", "[credit]") {
  const auto r = read("IMG_4711");
  CHECK(r.empty());
  CHECK(r.unrecognized == Strings{"IMG_4711"});
  CHECK(read("\u00a9 2024").empty());
}

TEST_CASE("credit: empty, oversized and invalid input are clear errors", "[credit][hostile]") {
  const auto& table = OrganizationTable::builtin();
  for (const char* blank : {"", "   ", "\u200b\u200b", "&nbsp;"}) {
    const auto r = parse_credit(blank, table);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ErrorCode::kInvalidArgument);
    CHECK(r.error().message == "credit line is empty");
  }
  const std::string huge(std::size_t{10} * 1024 * 1024, 'A');
  const auto big = parse_credit(huge, table);
  REQUIRE_FALSE(big.has_value());
  CHECK(big.error().code == ErrorCode::kLimitExceeded);
  CHECK(big.error().message.find("10485760 bytes") != std::string::npos);
  for (const std::string& bad :
       {std::string("Foto: dpa \xff"), std::string("\xc3"), std::string("\xed\xa0\x80 surrogate"),
        std::string("\xc0\xaf overlong"), std::string("AP\0Photo", 8)}) {
    const auto r = parse_credit(bad, table);
    if (bad.find('\0') != std::string::npos) {  // NUL is valid UTF-8: a control character, read as a space
      CHECK(r.has_value());
      continue;
    }
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ErrorCode::kInvalidArgument);
    CHECK(r.error().message.find("not valid UTF-8") != std::string::npos);
  }
}

TEST_CASE("credit: pathological input within the limit stays bounded", "[credit][hostile]") {
  const auto& table = OrganizationTable::builtin();
  const std::string limit(std::size_t{64} * 1024, '(');
  CHECK(parse_credit(limit, table).has_value());
  std::string separators;
  for (int i = 0; i < 8000; ++i) separators += "A/";
  CHECK(parse_credit(separators, table).has_value());
  std::string nested;
  for (int i = 0; i < 4000; ++i) nested += "(dpa ";
  for (int i = 0; i < 4000; ++i) nested += ")";
  CHECK(parse_credit(nested, table).has_value());
  std::string vias;
  for (int i = 0; i < 3000; ++i) vias += "X via ";
  CHECK(parse_credit(vias, table).has_value());
  std::string quotes(30000, '"');
  CHECK(parse_credit(quotes, table).has_value());
}

TEST_CASE("credit: known names inside a longer element are found (a blocked source must not hide)", "[credit]") {
  const auto r = read("Foto: Gavriil Grigorov/Pool Sputnik Kremlin/AP/dpa");
  CHECK(ids(r) == Strings{"dpa", "ap", "sputnik", "kremlin"});
  CHECK(r.photographers == Strings{"Gavriil Grigorov"});
  CHECK(r.has(ModifierKind::kPool));
  const auto pool = read("Foto: Peter Kneffel/dpa-pool/dpa");
  CHECK(ids(pool) == Strings{"dpa"});
  CHECK(pool.has(ModifierKind::kPool));
}

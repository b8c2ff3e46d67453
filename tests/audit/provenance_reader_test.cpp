// read_provenance on real files: the IPTC reference image against exiftool's reading, the IIM/XMP/EXIF
// conflict file, legacy text encodings, other carriers (PNG, WebP, TIFF) and broken files.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>

#include "photoaudit/audit/provenance.hpp"
#include "support/other_user.hpp"
#include "support/run_binary.hpp"

using photoaudit::ErrorCode;
using photoaudit::audit::Provenance;
using photoaudit::audit::read_provenance;

namespace {

const std::string kFixtures = PHOTOAUDIT_FIXTURES_DIR;

nlohmann::json exiftool_reading(const std::string& name) {
  std::ifstream in(kFixtures + "/metadata/" + name);
  REQUIRE(in);
  return nlohmann::json::parse(in).at(0);
}

// The provenance of fixtures/`fixture`; REQUIREs that it reads.
Provenance provenance_of(const std::string& fixture) {
  auto p = read_provenance(kFixtures + "/" + fixture);
  INFO(fixture << ": " << (p ? std::string() : p.error().message));
  REQUIRE(p.has_value());
  return std::move(*p);
}

std::string field(const Provenance& p, const char* name) {
  const std::string* v = p.value(name);
  return v ? *v : std::string("<absent>");
}

std::string join_list(const nlohmann::json& v) {
  if (!v.is_array()) return v.get<std::string>();
  std::string out;
  for (const auto& item : v) out += (out.empty() ? "" : "; ") + item.get<std::string>();
  return out;
}

}  // namespace

TEST_CASE("IPTC reference image: every credit and rights field equals exiftool's reading") {
  const Provenance p = provenance_of("metadata/IPTC-PhotometadataRef-Std2022.1.jpg");
  const auto et = exiftool_reading("IPTC-PhotometadataRef-Std2022.1.exiftool.json");
  CHECK(p.format == "jpeg");
  CHECK(field(p, "creator") == join_list(et.at("XMP-dc:Creator")));
  // Each field against the exiftool tag it is read from.
  for (const auto& [name, tag] : std::initializer_list<std::pair<const char*, const char*>>{
           {"credit", "XMP-photoshop:Credit"},
           {"source", "XMP-photoshop:Source"},
           {"copyright", "XMP-dc:Rights"},
           {"caption", "XMP-dc:Description"},
           {"headline", "XMP-photoshop:Headline"},
           {"object_name", "XMP-dc:Title"},
           {"special_instructions", "XMP-photoshop:Instructions"},
           {"job_id", "XMP-photoshop:TransmissionReference"},
           {"city", "XMP-photoshop:City"},
           {"country", "XMP-photoshop:Country"},
           {"usage_terms", "XMP-xmpRights:UsageTerms"},
           {"web_statement", "XMP-xmpRights:WebStatement"},
           {"digital_source_type", "XMP-iptcExt:DigitalSourceType"},
       }) {
    INFO(name << " vs " << tag);
    CHECK(field(p, name) == et.at(tag).get<std::string>());
  }
  // Structures: every item's name, in order.
  std::string licensors;
  for (const auto& l : et.at("XMP-plus:Licensor")) {
    licensors += (licensors.empty() ? "" : "; ") + l.at("LicensorName").get<std::string>();
  }
  CHECK(field(p, "licensor") == licensors);
  std::string owners;
  for (const auto& o : et.at("XMP-plus:CopyrightOwner")) {
    owners += (owners.empty() ? "" : "; ") + o.at("CopyrightOwnerName").get<std::string>();
  }
  CHECK(field(p, "copyright_owner") == owners);
  CHECK(field(p, "image_supplier") == et.at("XMP-plus:ImageSupplier").at(0).at("ImageSupplierName").get<std::string>());
  // Each block's own value is kept: IIM equals exiftool's IPTC reading.
  CHECK(p.fields.at("credit").iptc.value() == et.at("IPTC:Credit").get<std::string>());
  CHECK(p.fields.at("creator").exif.value() == et.at("IFD0:Artist").get<std::string>());
  // The reference image's blocks agree with each other.
  CHECK(p.conflicts.empty());
}

TEST_CASE("IIM/XMP/EXIF test file: conflicts reported field by field, digest mismatch makes IIM win") {
  const Provenance p = provenance_of("metadata/metadata_test_file_IIM_XMP_EXIF.jpg");
  const auto et = exiftool_reading("metadata_test_file_IIM_XMP_EXIF.exiftool.json");
  // Its stored IPTCDigest does not match (exiftool warns the same).
  bool digest_note = false;
  for (const auto& n : p.notes) digest_note = digest_note || n.find("IPTC digest does not match") != std::string::npos;
  CHECK(digest_note);

  const auto& creator = p.fields.at("creator");
  CHECK(creator.iptc.value() == et.at("IPTC:By-line").get<std::string>());
  CHECK(creator.xmp.value() == join_list(et.at("XMP-dc:Creator")));
  CHECK(creator.exif.value() == et.at("IFD0:Artist").get<std::string>());
  CHECK(creator.conflict);
  CHECK(*creator.value == "Carl Seibert (Exif)");  // MWG: EXIF first for creator

  const auto& caption = p.fields.at("caption");
  CHECK(caption.conflict);
  CHECK(caption.value->rfind("(This caption in Exif)", 0) == 0);

  const auto& copyright = p.fields.at("copyright");
  CHECK(copyright.conflict);
  CHECK(copyright.iptc.value() == et.at("IPTC:CopyrightNotice").get<std::string>());
  CHECK(copyright.xmp.value() == et.at("XMP-dc:Rights").get<std::string>());

  // Fields whose blocks agree are not conflicts.
  CHECK_FALSE(p.fields.at("credit").conflict);
  CHECK(field(p, "credit") == "credit here");
  CHECK_FALSE(p.fields.at("headline").conflict);

  for (const char* name : {"creator", "caption", "copyright"}) {
    CHECK(std::find(p.conflicts.begin(), p.conflicts.end(), name) != p.conflicts.end());
  }
  CHECK(std::find(p.conflicts.begin(), p.conflicts.end(), "credit") == p.conflicts.end());
  CHECK(field(p, "camera_make") == "samsung");
  CHECK(field(p, "usage_terms").rfind("This is the Rights Usage Terms field.", 0) == 0);
  CHECK(field(p, "document_id") == et.at("XMP-xmpMM:DocumentID").get<std::string>());
  CHECK(p.history.size() == et.at("XMP-xmpMM:HistoryAction").size());
  CHECK(p.history.front().action == et.at("XMP-xmpMM:HistoryAction").at(0).get<std::string>());
}

TEST_CASE("IIM text without 1:90 in Latin-1 decodes to the right umlauts") {
  const Provenance p = provenance_of("metadata/latin1-iim.jpg");
  CHECK(field(p, "creator") == "J\u00fcrgen M\u00fcller");
  CHECK(field(p, "city") == "Gro\u00df Gl\u00f6big");
  CHECK(field(p, "caption") == "Stra\u00dfenfest in Gro\u00df Gl\u00f6big, \u00a9 dpa");
}

TEST_CASE("IIM text declared UTF-8 by 1:90 is read as UTF-8") {
  const Provenance p = provenance_of("metadata/utf8-iim.jpg");
  CHECK(field(p, "creator") == "J\u00fcrgen M\u00fcller");
  CHECK(field(p, "city") == "Gro\u00df Gl\u00f6big");
  CHECK(p.notes.empty());
}

TEST_CASE("An IIM credit cut at 32 bytes is the XMP credit's prefix, not a conflict") {
  const Provenance p = provenance_of("metadata/truncated-iim.jpg");
  const auto& credit = p.fields.at("credit");
  CHECK(credit.iptc.value().size() == 32);
  CHECK(*credit.value == "picture alliance / ASSOCIATED PRESS / Pool");
  CHECK_FALSE(credit.conflict);
  CHECK(p.conflicts.empty());
}

TEST_CASE("Credits in PNG, WebP and TIFF are read") {
  const Provenance png = provenance_of("metadata/credit.png");
  CHECK(png.format == "png");
  CHECK(field(png, "credit") == "Foto: Kay Nietfeld/dpa");
  CHECK(field(png, "copyright") == "\u00a9 dpa");

  const Provenance webp = provenance_of("metadata/credit.webp");
  CHECK(webp.format == "webp");
  CHECK(field(webp, "credit") == "REUTERS/Nadja Wohlleben");

  const Provenance tif = provenance_of("metadata/credit.tif");
  CHECK(tif.format == "tiff");
  CHECK(field(tif, "credit") == "AP");
  CHECK(field(tif, "creator") == "Evan Vucci");
  CHECK(field(tif, "copyright") == "AP Photo/Evan Vucci");
}

TEST_CASE("The article's photo carries its picture alliance / AP / Valery Sharifulin provenance") {
  const Provenance p = provenance_of("article/putin-min-aung-hlaing.jpg");
  CHECK(field(p, "caption") ==
        "Der russische Pr\u00e4sident Wladimir Putin, rechts, und der Oberbefehlshaber Min Aung Hlaing.");
  CHECK(field(p, "credit") == "picture alliance / ASSOCIATED PRESS");
  CHECK(field(p, "creator") == "Valery Sharifulin");
  CHECK(field(p, "copyright") == "\u00a9 picture alliance / ASSOCIATED PRESS | Valery Sharifulin");
  CHECK(p.conflicts.empty());
  // The teaser copy lost all of it.
  const Provenance teaser = provenance_of("article/teaser-putin.jpg");
  CHECK(teaser.fields.empty());
}

TEST_CASE("Broken and wrong inputs give one clear error naming the file") {
  struct Case {
    std::string path;
    ErrorCode code;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {kFixtures + "/bad/empty.jpg", ErrorCode::kCorruption, "empty file"},
      {kFixtures + "/bad/text-named.jpg", ErrorCode::kCorruption, "not a supported image"},
      {kFixtures + "/bad", ErrorCode::kIOError, "is a directory"},
      {kFixtures + "/bad/no-such-file.jpg", ErrorCode::kNotFound, "no such file"},
  };
  for (const auto& c : cases) {
    INFO(c.path);
    const auto p = read_provenance(c.path);
    REQUIRE_FALSE(p.has_value());
    CHECK(p.error().code == c.code);
    CHECK(p.error().message.rfind(c.path, 0) == 0);
    CHECK(p.error().message.find(c.reason) != std::string::npos);
  }
}

TEST_CASE("A truncated JPEG is read and says it is truncated") {
  const Provenance p = provenance_of("bad/truncated.jpg");
  REQUIRE(p.damage.size() == 1);
  CHECK(p.damage[0].find("truncated JPEG") != std::string::npos);
  CHECK(field(p, "credit") == "dpa");  // what the header holds is still read
  const Provenance whole = provenance_of("metadata/latin1-iim.jpg");
  CHECK(whole.damage.empty());
}

TEST_CASE("An EXIF IFD loop and a corrupt PNG chunk neither crash nor hang") {
  const auto loop = read_provenance(kFixtures + "/bad/exif-ifd-loop.jpg");
  if (loop) {
    CHECK(field(*loop, "creator") == "Loop Tester");
  } else {
    CHECK(loop.error().message.rfind(kFixtures + "/bad/exif-ifd-loop.jpg", 0) == 0);
  }
  const Provenance png = provenance_of("bad/corrupt-chunk.png");
  REQUIRE_FALSE(png.damage.empty());
  CHECK(png.damage[0] == "corrupt PNG chunk IDAT (CRC mismatch)");
  const Provenance good_png = provenance_of("metadata/credit.png");
  CHECK(good_png.damage.empty());
}

TEST_CASE("An unreadable file is an I/O error, not a crash") {
  // Root reads any file whatever its mode, so as root the check runs the CLI as user nobody (OtherUserSandbox).
  const auto dir = std::filesystem::temp_directory_path() / "photoaudit-unreadable";
  std::filesystem::create_directories(dir);
  std::filesystem::permissions(dir, std::filesystem::perms::all);
  const auto tmp = dir / "locked.jpg";
  std::filesystem::copy_file(kFixtures + "/article/teaser-putin.jpg", tmp,
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::permissions(tmp, std::filesystem::perms::none);
  const auto readable = dir / "readable.jpg";
  std::filesystem::copy_file(kFixtures + "/article/teaser-putin.jpg", readable,
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::permissions(readable, std::filesystem::perms::all);
  if (geteuid() != 0) {
    const auto p = read_provenance(tmp);
    REQUIRE_FALSE(p.has_value());
    CHECK(p.error().code == ErrorCode::kIOError);
    CHECK(p.error().message.find("cannot open") != std::string::npos);
  } else {
    // Nobody may not read the checkout (issue 17): the sandbox holds a copy of the binary it can run.
    const photoaudit::test::OtherUserSandbox reader;
    const auto r = reader.run({"inspect", tmp.string(), readable.string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(tmp.string() + ": cannot open: Permission denied") != std::string::npos);
    CHECK(r.out.find(readable.string()) != std::string::npos);  // the other file is still reported
  }
  std::filesystem::remove_all(dir);
}

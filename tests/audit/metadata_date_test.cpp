// parse_metadata_date() on the dates real files carry (values as Exiv2 shows them, from fixtures/, the IPTC
// reference images and the ExifTool samples) and on the garbage the issue names: kept raw, never a date.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "photoaudit/audit/metadata_date.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using photoaudit::audit::DatePrecision;
using photoaudit::audit::MetadataDate;
using photoaudit::audit::parse_metadata_date;

namespace {

void check_date(const MetadataDate& d, const std::string& iso, DatePrecision precision) {
  INFO(d.raw << " -> " << d.iso << " (" << d.note << ")");
  CHECK(d.iso == iso);
  CHECK(d.precision == precision);
  CHECK(d.note.empty());
}

void check_refused(const std::string& raw, const std::string& note_part) {
  const MetadataDate d = parse_metadata_date(raw);
  INFO(raw << " -> " << d.iso << " (" << d.note << ")");
  CHECK_FALSE(d.valid());
  CHECK(d.iso.empty());
  CHECK(d.raw == raw);
  CHECK(d.note.find(note_part) != std::string::npos);
}

}  // namespace

TEST_CASE("metadata dates: EXIF DateTimeOriginal of camera files, local time without a zone") {
  // Canon.jpg, Nikon.jpg, Olympus.jpg of the ExifTool samples.
  for (const auto& [raw, iso] : {std::pair{"2003:12:04 06:46:52", "2003-12-04T06:46:52"},
                                 std::pair{"2001:08:01 12:57:23", "2001-08-01T12:57:23"},
                                 std::pair{"1999:12:06 16:38:40", "1999-12-06T16:38:40"}}) {
    const MetadataDate d = parse_metadata_date(raw);
    check_date(d, iso, DatePrecision::kSecond);
    CHECK_FALSE(d.utc_offset_minutes.has_value());
    CHECK(d.day() == std::string(iso).substr(0, 10));
  }
}

TEST_CASE("metadata dates: EXIF with OffsetTimeOriginal, given apart or joined by the reader") {
  // Google.jpg (ExifTool samples): DateTimeOriginal 2023:10:06 22:53:51, OffsetTimeOriginal +02:00.
  const MetadataDate apart = parse_metadata_date("2023:10:06 22:53:51", "+02:00");
  check_date(apart, "2023-10-06T22:53:51+02:00", DatePrecision::kSecond);
  REQUIRE(apart.utc_offset_minutes.has_value());
  CHECK(*apart.utc_offset_minutes == 120);
  check_date(parse_metadata_date("2023:10:06 22:53:51+02:00"), "2023-10-06T22:53:51+02:00", DatePrecision::kSecond);
  // IPTC-PhotometadataRef-Std2022.1.jpg: 2022:10:19 22:01:00 and +00:00 is UTC.
  const MetadataDate utc = parse_metadata_date("2022:10:19 22:01:00", "+00:00");
  check_date(utc, "2022-10-19T22:01:00Z", DatePrecision::kSecond);
  CHECK(utc.utc_offset_minutes == 0);
  // A zone that is not one is ignored with a note; the date stays.
  const MetadataDate bad_zone = parse_metadata_date("2023:10:06 22:53:51", "+25:00");
  CHECK(bad_zone.iso == "2023-10-06T22:53:51");
  CHECK_FALSE(bad_zone.utc_offset_minutes.has_value());
  CHECK(bad_zone.note.find("+25:00") != std::string::npos);
}

TEST_CASE("metadata dates: IPTC DateCreated joined with TimeCreated, as the reader gives them") {
  // metadata_test_file_IIM_XMP_EXIF.jpg (IPTC): 2017-05-29 and 17:19:21-04:00.
  const MetadataDate d = parse_metadata_date("2017-05-29T17:19:21-04:00");
  check_date(d, "2017-05-29T17:19:21-04:00", DatePrecision::kSecond);
  CHECK(d.utc_offset_minutes == -240);
  // MWG.jpg: 1992-01-01 and 02:11:11+01:00; PhotoMechanic.jpg's date alone; IIM's compact form.
  check_date(parse_metadata_date("1992-01-01T02:11:11+01:00"), "1992-01-01T02:11:11+01:00", DatePrecision::kSecond);
  check_date(parse_metadata_date("2006-10-29"), "2006-10-29", DatePrecision::kDay);
  check_date(parse_metadata_date("20170529"), "2017-05-29", DatePrecision::kDay);
  check_date(parse_metadata_date("20170529T171921-0400"), "2017-05-29T17:19:21-04:00", DatePrecision::kSecond);
}

TEST_CASE("metadata dates: XMP ISO 8601 of every precision, fractions dropped") {
  // MWG.jpg: photoshop:DateCreated 1993-01-01T03:11:11.311+01:00; putin-min-aung-hlaing.jpg: 2026-03-04.
  check_date(parse_metadata_date("1993-01-01T03:11:11.311+01:00"), "1993-01-01T03:11:11+01:00", DatePrecision::kSecond);
  check_date(parse_metadata_date("2026-03-04"), "2026-03-04", DatePrecision::kDay);
  check_date(parse_metadata_date("2016-08-17T11:11"), "2016-08-17T11:11", DatePrecision::kMinute);
  check_date(parse_metadata_date("2016-08"), "2016-08", DatePrecision::kMonth);
  check_date(parse_metadata_date("2016"), "2016", DatePrecision::kYear);
  check_date(parse_metadata_date("2016-08-17T11:11:09Z"), "2016-08-17T11:11:09Z", DatePrecision::kSecond);
  check_date(parse_metadata_date("  2016-08-17  "), "2016-08-17", DatePrecision::kDay);
  CHECK(parse_metadata_date("2016-08").day().empty());
}

TEST_CASE("metadata dates: EXIF's blanks for unknown parts read to the known part") {
  check_date(parse_metadata_date("2017:05:29   :  :  "), "2017-05-29", DatePrecision::kDay);
  check_date(parse_metadata_date("2017:05:  "), "2017-05", DatePrecision::kMonth);
  check_refused("    :  :     :  :  ", "blank");
}

TEST_CASE("metadata dates: garbage is kept raw and refused with a note, never guessed") {
  check_refused("0000:00:00 00:00:00", "year 0000");
  check_refused("2017:13:01 10:00:00", "month 13");
  check_refused("2026-02-30", "day 30");
  check_refused("2023-02-29", "day 29");
  check_refused("2017-05-29T24:00:00", "hour 24");
  check_refused("2017-05-29T11:60", "minute 60");
  check_refused("2017-05-29T11", "hours and minutes");
  check_refused("2017-05-29T11:11:16+25:00", "time zone");
  check_refused("yesterday", "not a date");
  check_refused("2017-05-29 in the morning", "malformed time");
  check_refused("2017-05-29garbage", "unexpected text");
  check_refused(std::string(std::size_t{10} * 1024 * 1024, '1'), "longer than");
  check_refused("", "blank");
  // A leap day is a day.
  check_date(parse_metadata_date("2024-02-29"), "2024-02-29", DatePrecision::kDay);
  check_date(parse_metadata_date("2000-02-29"), "2000-02-29", DatePrecision::kDay);
  check_refused("1900-02-29", "day 29");
}

TEST_CASE("metadata dates: the reader joins EXIF OffsetTimeOriginal to DateTimeOriginal (IPTC reference image)") {
  photoaudit::audit::initialize_metadata();
  const fs::path file = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "metadata" / "IPTC-PhotometadataRef-Std2022.1.jpg";
  const auto p = photoaudit::audit::read_provenance(file);
  REQUIRE(p);
  const auto it = p->fields.find("date_created");
  REQUIRE(it != p->fields.end());
  REQUIRE(it->second.exif.has_value());
  CHECK(*it->second.exif == "2022:10:19 22:01:00+00:00");
  CHECK_FALSE(it->second.conflict);  // the same instant as IIM's and XMP's 2022-10-19T22:01:00+00:00
  CHECK(parse_metadata_date(*p->value("date_created")).iso == "2022-10-19T22:01:00Z");
}

TEST_CASE("inspect --json: date_created gains its normalised form, per block too, the raw values unchanged") {
  const fs::path file = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "metadata" / "metadata_test_file_IIM_XMP_EXIF.jpg";
  const auto r = photoaudit::test::run_photoaudit({"inspect", "--json", file.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  const nlohmann::json field = doc[0]["fields"]["date_created"];
  // EXIF wins (MWG): local time without a zone; IIM and XMP state -04:00, hence the conflict.
  CHECK(field["value"] == "2017:05:29 11:11:16");
  CHECK(field["conflict"] == true);
  CHECK(field["date"]["iso"] == "2017-05-29T11:11:16");
  CHECK(field["date"]["precision"] == "second");
  CHECK(field["date"]["utc_offset_minutes"].is_null());
  CHECK(field["source_dates"]["iptc"]["iso"] == "2017-05-29T17:19:21-04:00");
  CHECK(field["source_dates"]["iptc"]["utc_offset_minutes"] == -240);
  CHECK(field["source_dates"]["xmp"]["raw"] == field["sources"]["xmp"]);
}

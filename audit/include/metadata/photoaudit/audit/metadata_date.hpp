// Dates as image metadata writes them, normalised to ISO 8601 with the precision and time zone they carry.
//
// The three blocks write dates three ways: EXIF "2017:05:29 11:11:16" (zone in a separate OffsetTime* tag),
// IPTC IIM DateCreated "20170529" with TimeCreated "111116+0200" (Exiv2 shows them as "2017-05-29" and
// "11:11:16+02:00"; the reader joins them with 'T'), and XMP ISO 8601 of any precision ("2017", "2017-05",
// "2017-05-29", "2017-05-29T11:11", "2017-05-29T11:11:16.25+02:00"). parse_metadata_date() reads all of them
// into one form, and refuses what is not a real date (month 13, day 0, "0000:00:00 00:00:00", February 30,
// "yesterday", zone +25:00) instead of guessing: the raw text is always kept beside the result.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace photoaudit::audit {

// How much of a date the metadata states. Hours without minutes are not a precision any block writes.
enum class DatePrecision { kNone, kYear, kMonth, kDay, kMinute, kSecond };

// "none", "year", "month", "day", "minute", "second".
std::string_view to_string(DatePrecision precision);

struct MetadataDate {
  std::string raw;  // the text as read (never changed)
  // ISO 8601 to the stated precision: "2017", "2017-05", "2017-05-29", "2017-05-29T11:11",
  // "2017-05-29T11:11:16", then the zone when known ("Z" for UTC, else "+02:00"); fractions of a second are
  // dropped. "" when raw is not a date (precision kNone, note says why).
  std::string iso;
  DatePrecision precision = DatePrecision::kNone;
  // Minutes east of UTC when the metadata states a zone (0 for "Z"); nullopt when it does not (local time of an
  // unknown place, or a date without a time).
  std::optional<int> utc_offset_minutes;
  std::string note;  // why raw could not be read, e.g. "month 13 out of range"; "" when it was

  bool valid() const { return precision != DatePrecision::kNone; }
  // The calendar date part of iso ("2017-05-29"), "" when the precision is coarser than a day or invalid.
  std::string day() const;
};

// Reads one metadata date. `offset` is EXIF's OffsetTimeOriginal (or OffsetTime/OffsetTimeDigitized) for an EXIF
// date, "" otherwise; a zone in raw itself wins over it. Leading and trailing blanks are ignored; an EXIF date
// with blanks for unknown parts ("2017:05:  ") is read to its known part. Never fails: text that is not a date,
// or longer than 64 bytes, gives precision kNone and a note. Thread-safe.
MetadataDate parse_metadata_date(std::string_view raw, std::string_view offset = {});

}  // namespace photoaudit::audit

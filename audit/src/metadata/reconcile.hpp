// The Metadata Working Group's reading rules, applied to one field's values from the three blocks.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "metadata/field_table.hpp"
#include "metadata/iptc_digest.hpp"
#include "photoaudit/audit/provenance.hpp"

namespace photoaudit::audit::metadata {

struct BlockValues {
  std::optional<std::string> iptc;  // UTF-8
  std::optional<std::string> xmp;
  std::optional<std::string> exif;  // UTF-8
};

// Chooses the value and detects a conflict:
// 1. where MWG prefers EXIF (spec.exif_preferred) a non-blank EXIF value wins;
// 2. without IIM, XMP wins; with IIM and XMP, XMP wins unless the stored IPTC digest no longer matches
//    the IIM block (then IIM was edited later and wins);
// 3. an IIM value that is a prefix of the XMP value (IIM's length limits truncate) yields the XMP value
//    and is no conflict.
// Values are compared after trimming and collapsing white space; dates after normalising to ISO 8601, where
// a date-only value agrees with any time on that date.
FieldReading reconcile(const FieldSpec& spec, BlockValues values, IptcDigestState digest);

// "2017:05:29 11:11:16" / "20170529" / "2017-05-29T17:19:21-04:00" -> "2017-05-29T11:11:16" etc.
// Returns the input unchanged when it is not a recognisable date.
std::string normalize_date(std::string_view raw);

}  // namespace photoaudit::audit::metadata

// Where each provenance field lives in the three metadata blocks (Exiv2 keys), and how values compare.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace photoaudit::audit::metadata {

enum class XmpShape {
  kNone,        // no XMP equivalent
  kText,        // simple property
  kLangAlt,     // language alternative: x-default, else the first
  kSeq,         // ordered/unordered array: items joined with "; "
  kStructList,  // array of structures: the named member of each item joined with "; "
};

enum class ValueKind { kPlainText, kDate };

struct FieldSpec {
  std::string_view name;     // snake_case, as in JSON
  std::string_view label;    // for people
  std::string_view iim_key;  // Exiv2 IPTC key, "" when none
  std::size_t iim_limit;     // IIM dataset length limit in bytes (0 = none)
  std::string_view xmp_key;  // Exiv2 XMP key (for kStructList: the array key, e.g. "Xmp.plus.Licensor")
  XmpShape xmp_shape;
  std::string_view xmp_member;  // kStructList: member name, e.g. "plus:LicensorName"
  std::string_view exif_key;    // Exiv2 EXIF key, "" when none
  bool exif_preferred;          // MWG: a non-empty EXIF value wins over IIM and XMP
  ValueKind kind;
};

// The fields in report order (matches provenance_field_names()).
const std::vector<FieldSpec>& field_table();

}  // namespace photoaudit::audit::metadata

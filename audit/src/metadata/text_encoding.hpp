// Decoding of legacy metadata text (IPTC IIM datasets, EXIF ASCII tags) to UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace photoaudit::audit::metadata {

// How an IIM record declares its text (dataset 1:90, Coded Character Set).
enum class IimCharset {
  kUndeclared,  // no 1:90: accept valid UTF-8, else decode as Windows-1252
  kUtf8,        // ESC % G
  kLatin,       // an ISO 8859 / ISO 646 designation: decode as Windows-1252 (a superset of Latin-1's printables)
};

// Reads the charset from the raw bytes of dataset 1:90.
IimCharset iim_charset_from_1_90(std::string_view raw);

// Windows-1252 bytes to UTF-8. Bytes undefined in 1252 (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to U+FFFD.
std::string windows1252_to_utf8(std::string_view bytes);

// Decodes legacy text by the rule above. Sets *fell_back when a declared UTF-8 value was not valid UTF-8
// and was decoded as Windows-1252 instead. Trailing NULs and surrounding whitespace are removed.
std::string decode_legacy_text(std::string_view raw, IimCharset charset, bool* fell_back = nullptr);

}  // namespace photoaudit::audit::metadata

// Private: an ImageAudit as a compact byte record (for ImageList), and back.
#pragma once

#include <string>
#include <string_view>

#include "photoaudit/audit/image_audit.hpp"

namespace photoaudit::audit {

// Every field, in declaration order: strings as a 32-bit length and their bytes, counts as 32 bits, numbers
// as 64 bits, optionals behind a presence byte, enums as one byte (an optional enum: 0 when absent, else 1 +
// its value), a finding's detail as one byte for its alternative and then that struct's fields. Little-endian.
std::string encode_image_record(const ImageAudit& image);

// The image a record encodes. A record that ends early (a damaged temporary file) gives the fields read so far
// and an error saying so; never reads past the record.
ImageAudit decode_image_record(std::string_view record);

}  // namespace photoaudit::audit

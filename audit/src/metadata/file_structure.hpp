// Cheap structural checks of an image file that metadata reading alone would not notice: a JPEG cut off
// before its end marker, a PNG chunk whose CRC does not match. They do not stop the metadata from being
// read; they are reported as damage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace photoaudit::audit::metadata {

// Problems found in a JPEG or PNG held in memory (other formats: none). Each is one sentence without the
// file name, e.g. "truncated JPEG: no end-of-image marker". At most 8 are returned.
std::vector<std::string> structural_damage(const std::uint8_t* data, std::size_t size, const std::string& format);

}  // namespace photoaudit::audit::metadata

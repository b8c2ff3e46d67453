// Private: which codec a HEIF file's primary image is coded with, read from its boxes (ISO/IEC 14496-12 and
// 23008-12): the 'pitm' item id and that item's 'infe' entry in 'iinf', inside the top-level 'meta' box. So a
// HEIF variant libheif cannot decode (H.264 'avc1', JPEG 'jpeg', JPEG 2000 'j2k1', uncompressed 'unci' items)
// is told apart from a damaged file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace photoaudit::hashing {

// The four-character item type of the primary item ("hvc1", "av01", "grid", "avc1", ...); nullopt when the boxes
// do not say (no 'meta', 'pitm' or matching 'infe', or a box that runs past the end). Reads only within
// data[0, size).
std::optional<std::string> heif_primary_item_type(const std::uint8_t* data, std::size_t size);

// True for the item types libheif 1.15 decodes: HEVC ("hvc1"), AV1 ("av01"), and the derived images built of
// them ("grid", "iden", "iovl").
bool libheif_decodes_item_type(const std::string& type);

}  // namespace photoaudit::hashing

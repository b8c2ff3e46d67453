#include "heif_items.hpp"

#include <array>
#include <string_view>

#include "byte_reader.hpp"

namespace photoaudit::hashing {
namespace {

struct Box {
  std::string_view type;
  std::size_t body = 0;  // offset of the content (after size and type, and a 64-bit size when there is one)
  std::size_t end = 0;   // offset just past the box
};

// The box at offset within [offset, end); nullopt when it does not fit.
std::optional<Box> box_at(const std::uint8_t* data, std::size_t offset, std::size_t end) {
  if (end < offset || end - offset < 8) return std::nullopt;
  std::uint64_t size = read_be32(data + offset);
  std::size_t header = 8;
  if (size == 1) {
    if (end - offset < 16) return std::nullopt;
    size = static_cast<std::uint64_t>(read_be32(data + offset + 8)) << 32 | read_be32(data + offset + 12);
    header = 16;
  } else if (size == 0) {
    size = end - offset;  // to the end of the enclosing box
  }
  if (size < header || size > end - offset) return std::nullopt;
  return Box{std::string_view(reinterpret_cast<const char*>(data + offset + 4), 4), offset + header,
             offset + static_cast<std::size_t>(size)};
}

// The first child of type within [begin, end).
std::optional<Box> find_child(const std::uint8_t* data, std::size_t begin, std::size_t end, std::string_view type) {
  for (std::size_t at = begin; at < end;) {
    const auto box = box_at(data, at, end);
    if (!box) return std::nullopt;
    if (box->type == type) return box;
    at = box->end;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> heif_primary_item_type(const std::uint8_t* data, std::size_t size) {
  const auto meta = find_child(data, 0, size, "meta");
  if (!meta || meta->end - meta->body < 4) return std::nullopt;
  const std::size_t children = meta->body + 4;  // a full box: version and flags first
  const auto pitm = find_child(data, children, meta->end, "pitm");
  if (!pitm || pitm->end - pitm->body < 6) return std::nullopt;
  const std::uint32_t primary = data[pitm->body] == 0
                                    ? read_be16(data + pitm->body + 4)
                                    : (pitm->end - pitm->body < 8 ? 0 : read_be32(data + pitm->body + 4));
  const auto iinf = find_child(data, children, meta->end, "iinf");
  if (!iinf || iinf->end - iinf->body < 6) return std::nullopt;
  std::size_t at = iinf->body + 4 + (data[iinf->body] == 0 ? 2 : 4);  // version, flags, entry count
  while (at < iinf->end) {
    const auto infe = box_at(data, at, iinf->end);
    if (!infe) return std::nullopt;
    at = infe->end;
    if (infe->type != "infe" || infe->end - infe->body < 4) continue;
    const std::uint8_t version = data[infe->body];
    if (version < 2) continue;  // versions 0 and 1 name no item type
    const std::size_t id_size = version == 2 ? 2 : 4;
    const std::size_t type_at = infe->body + 4 + id_size + 2;  // item id, protection index
    if (type_at + 4 > infe->end) return std::nullopt;
    const std::uint32_t id = version == 2 ? read_be16(data + infe->body + 4) : read_be32(data + infe->body + 4);
    if (id != primary) continue;
    std::string type(reinterpret_cast<const char*>(data + type_at), 4);
    for (char& c : type) {
      if (c < 0x20 || c > 0x7e) c = '?';  // the type goes into messages
    }
    return type;
  }
  return std::nullopt;
}

bool libheif_decodes_item_type(const std::string& type) {
  static constexpr std::array<std::string_view, 5> kDecoded{"hvc1", "av01", "grid", "iden", "iovl"};
  for (const auto decoded : kDecoded) {
    if (type == decoded) return true;
  }
  return false;
}

}  // namespace photoaudit::hashing

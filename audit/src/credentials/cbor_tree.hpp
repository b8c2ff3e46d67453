// Private: reading CBOR (RFC 8949) with libcbor, bounded, and looking values up by key.
//
// The C2PA claim, assertions and the COSE signature are CBOR. Before libcbor sees the bytes, a header walk checks
// that every declared length and count fits in the bytes that are left and that nesting stays under a bound,
// so a hostile 10-byte item cannot make the decoder allocate for 2^32 entries.
#pragma once

#include <cbor.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::credentials {

struct CborDeleter {
  void operator()(cbor_item_t* item) const { cbor_decref(&item); }
};
using CborItem = std::unique_ptr<cbor_item_t, CborDeleter>;

// Decodes exactly one item from `data` (trailing bytes are an error). kCorruption names `what` and the reason.
Result<CborItem> load_cbor(std::span<const std::uint8_t> data, std::string_view what, std::size_t max_depth = 64);

// Lookups; each returns nullptr / nullopt when the item is absent or of another type. Views are valid while the
// item they came from lives.
const cbor_item_t* map_get(const cbor_item_t* map, std::string_view key);
const cbor_item_t* map_get(const cbor_item_t* map, std::int64_t key);
std::optional<std::string> text_of(const cbor_item_t* item);
std::optional<std::vector<std::uint8_t>> bytes_of(const cbor_item_t* item);
std::optional<std::int64_t> int_of(const cbor_item_t* item);
// An array's elements (empty for a non-array).
std::span<cbor_item_t*> array_of(const cbor_item_t* item);
// A tagged item's content and tag number, or nullopt; the content stays owned by the tag item.
std::optional<std::pair<std::uint64_t, const cbor_item_t*>> untag(const cbor_item_t* item);
// A text value, or a map's "name" text (C2PA's softwareAgent is either), or "".
std::string name_of_agent(const cbor_item_t* item);

}  // namespace photoaudit::audit::credentials

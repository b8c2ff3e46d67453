// Bounded CBOR reading (see cbor_tree.hpp).
#include "credentials/cbor_tree.hpp"

#include <utility>

namespace photoaudit::audit::credentials {
namespace {

// Walks the item headers without building anything. Returns "" when every length and count fits. `short_tags`
// gets the offsets of tags 6..20 written in their one-byte form, which libcbor 0.8 (Debian 12) refuses as
// malformed though RFC 8949 allows them (COSE_Sign1 is tag 18: 0xD2).
std::string check_headers(std::span<const std::uint8_t> d, std::size_t max_depth,
                          std::vector<std::size_t>& short_tags) {
  std::vector<std::uint64_t> pending{1};  // items still to read at each open level (UINT64_MAX: indefinite)
  constexpr std::uint64_t kIndefinite = UINT64_MAX;
  std::size_t pos = 0;
  while (!pending.empty()) {
    if (pending.back() == 0) {
      pending.pop_back();
      continue;
    }
    if (pos >= d.size()) return "cut short at byte " + std::to_string(pos);
    const std::uint8_t initial = d[pos++];
    if (initial == 0xFF) {  // break: ends an indefinite-length item
      if (pending.back() != kIndefinite) return "unexpected break at byte " + std::to_string(pos - 1);
      pending.pop_back();
      continue;
    }
    if (pending.back() != kIndefinite) --pending.back();
    const int major = initial >> 5;
    const int info = initial & 0x1F;
    std::uint64_t arg = static_cast<std::uint64_t>(info);
    bool indefinite = false;
    if (info >= 24 && info <= 27) {
      const std::size_t n = std::size_t{1} << (info - 24);
      if (d.size() - pos < n) return "cut short at byte " + std::to_string(pos);
      arg = 0;
      for (std::size_t i = 0; i < n; ++i) arg = (arg << 8) | d[pos + i];
      pos += n;
    } else if (info == 31) {
      indefinite = true;
    } else if (info > 27) {
      return "reserved header at byte " + std::to_string(pos - 1);
    }
    const std::uint64_t left = d.size() - pos;
    switch (major) {
      case 2:
      case 3:
        if (indefinite) {
          pending.push_back(kIndefinite);
        } else {
          if (arg > left) return "string length past the end at byte " + std::to_string(pos);
          pos += static_cast<std::size_t>(arg);
        }
        break;
      case 4:
      case 5: {
        const std::uint64_t per = major == 5 ? 2 : 1;
        if (!indefinite && arg > left / per) return "count past the end at byte " + std::to_string(pos);
        pending.push_back(indefinite ? kIndefinite : arg * per);
        break;
      }
      case 6:
        if (info >= 6 && info <= 20) short_tags.push_back(pos - 1);
        pending.push_back(1);
        break;
      case 7:
        if (indefinite) return "break outside an indefinite item at byte " + std::to_string(pos - 1);
        break;
      default:
        if (indefinite) return "indefinite integer at byte " + std::to_string(pos - 1);
        break;
    }
    if (pending.size() > max_depth) return "nested deeper than " + std::to_string(max_depth);
  }
  if (pos != d.size()) return std::to_string(d.size() - pos) + " bytes after the item";
  return "";
}

}  // namespace

Result<CborItem> load_cbor(std::span<const std::uint8_t> data, std::string_view what, std::size_t max_depth) {
  std::vector<std::size_t> short_tags;
  if (const std::string problem = check_headers(data, max_depth, short_tags); !problem.empty()) {
    return std::unexpected(Error::corruption(std::string(what) + ": malformed CBOR (" + problem + ")"));
  }
  // Short-form tags 6..20 rewritten in their two-byte form (0xD8 NN), which libcbor reads: same item, same value.
  std::vector<std::uint8_t> rewritten;
  if (!short_tags.empty()) {
    rewritten.reserve(data.size() + short_tags.size());
    std::size_t from = 0;
    for (const std::size_t at : short_tags) {
      rewritten.insert(rewritten.end(), data.begin() + static_cast<std::ptrdiff_t>(from),
                       data.begin() + static_cast<std::ptrdiff_t>(at));
      rewritten.push_back(0xD8);
      rewritten.push_back(static_cast<std::uint8_t>(data[at] & 0x1F));
      from = at + 1;
    }
    rewritten.insert(rewritten.end(), data.begin() + static_cast<std::ptrdiff_t>(from), data.end());
    data = rewritten;
  }
  cbor_load_result result{};
  CborItem item(cbor_load(data.data(), data.size(), &result));
  if (!item || result.error.code != CBOR_ERR_NONE) {
    return std::unexpected(Error::corruption(std::string(what) + ": malformed CBOR (libcbor error " +
                                             std::to_string(static_cast<int>(result.error.code)) + ")"));
  }
  return item;
}

std::optional<std::string> text_of(const cbor_item_t* item) {
  if (item == nullptr || !cbor_isa_string(item)) return std::nullopt;
  if (cbor_string_is_definite(item)) {
    return std::string(reinterpret_cast<const char*>(cbor_string_handle(item)), cbor_string_length(item));
  }
  std::string out;
  cbor_item_t** chunks = cbor_string_chunks_handle(item);
  for (std::size_t i = 0; i < cbor_string_chunk_count(item); ++i) {
    out.append(reinterpret_cast<const char*>(cbor_string_handle(chunks[i])), cbor_string_length(chunks[i]));
  }
  return out;
}

std::optional<std::vector<std::uint8_t>> bytes_of(const cbor_item_t* item) {
  if (item == nullptr || !cbor_isa_bytestring(item)) return std::nullopt;
  if (cbor_bytestring_is_definite(item)) {
    const unsigned char* p = cbor_bytestring_handle(item);
    return std::vector<std::uint8_t>(p, p + cbor_bytestring_length(item));
  }
  std::vector<std::uint8_t> out;
  cbor_item_t** chunks = cbor_bytestring_chunks_handle(item);
  for (std::size_t i = 0; i < cbor_bytestring_chunk_count(item); ++i) {
    const unsigned char* p = cbor_bytestring_handle(chunks[i]);
    out.insert(out.end(), p, p + cbor_bytestring_length(chunks[i]));
  }
  return out;
}

std::optional<std::int64_t> int_of(const cbor_item_t* item) {
  if (item == nullptr || !cbor_is_int(item)) return std::nullopt;
  const std::uint64_t v = cbor_get_int(item);
  if (v > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  return cbor_isa_uint(item) ? static_cast<std::int64_t>(v) : -1 - static_cast<std::int64_t>(v);
}

namespace {

// The value of the first pair whose key satisfies `matches`.
template <typename Matches>
const cbor_item_t* find_value(const cbor_item_t* map, Matches matches) {
  if (map == nullptr || !cbor_isa_map(map)) return nullptr;
  const cbor_pair* pairs = cbor_map_handle(map);
  for (std::size_t i = 0; i < cbor_map_size(map); ++i) {
    if (matches(pairs[i].key)) return pairs[i].value;
  }
  return nullptr;
}

}  // namespace

const cbor_item_t* map_get(const cbor_item_t* map, std::string_view key) {
  return find_value(map, [key](const cbor_item_t* k) { return text_of(k) == key; });
}

const cbor_item_t* map_get(const cbor_item_t* map, std::int64_t key) {
  return find_value(map, [key](const cbor_item_t* k) { return int_of(k) == key; });
}

std::span<cbor_item_t*> array_of(const cbor_item_t* item) {
  if (item == nullptr || !cbor_isa_array(item)) return {};
  return {cbor_array_handle(item), cbor_array_size(item)};
}

std::optional<std::pair<std::uint64_t, const cbor_item_t*>> untag(const cbor_item_t* item) {
  if (item == nullptr || !cbor_isa_tag(item)) return std::nullopt;
  cbor_item_t* content = cbor_tag_item(item);  // a new reference; the tag keeps its own
  const cbor_item_t* view = content;
  cbor_decref(&content);  // back to the tag's reference: `view` lives as long as `item`
  return std::pair<std::uint64_t, const cbor_item_t*>(cbor_tag_value(item), view);
}

std::string name_of_agent(const cbor_item_t* item) {
  if (auto text = text_of(item)) return *text;
  if (auto name = text_of(map_get(item, "name"))) return *name;
  return "";
}

}  // namespace photoaudit::audit::credentials

// The general box hash (see box_hash.hpp).
#include "credentials/box_hash.hpp"

#include <optional>
#include <vector>

#include "credentials/asset_boxes.hpp"
#include "credentials/c2pa_store.hpp"
#include "credentials/cbor_tree.hpp"
#include "credentials/digest.hpp"

namespace photoaudit::audit::credentials {
namespace {

constexpr std::string_view kMatch = "assertion.boxesHash.match";
constexpr std::string_view kMismatch = "assertion.boxesHash.mismatch";
constexpr std::string_view kUnknownBox = "assertion.boxesHash.unknownBox";
constexpr std::string_view kMalformed = "assertion.boxesHash.malformed";

BoxHashVerdict verdict(std::string_view code, std::string explanation) {
  return {std::string(code), std::move(explanation)};
}

// Walks the asset's boxes along the assertion's entries.
class BoxWalk {
 public:
  BoxWalk(std::span<const std::uint8_t> file, std::vector<AssetBox> boxes, bool external, std::string_view claim_alg)
      : file_(file), boxes_(std::move(boxes)), external_(external), claim_alg_(claim_alg) {}

  // The verdict of the whole assertion's entries.
  BoxHashVerdict run(std::span<cbor_item_t*> entries) {
    if (entries.empty()) return verdict(kMalformed, "the box hash lists no boxes");
    if (!boxes_.empty() && boxes_[0].name == "PNGh" && first_name(entries[0]).value_or("PNGh") != "PNGh") {
      next_ = 1;  // c2pa-rs leaves the PNG signature out of its box hashes
    }
    for (const cbor_item_t* entry : entries) {
      if (auto failed = check(entry)) return *failed;
    }
    if (next_ < boxes_.size()) {
      return verdict(kUnknownBox, "the asset's box " + describe(boxes_[next_]) + " is not in the box hash");
    }
    return verdict(kMatch, "box hash valid (" + std::to_string(entries.size()) + " entries)");
  }

 private:
  static std::optional<std::string> first_name(const cbor_item_t* entry) {
    const auto names = array_of(map_get(entry, "names"));
    return names.empty() ? std::nullopt : text_of(names[0]);
  }

  static std::string describe(const AssetBox& box) { return box.name + " at offset " + std::to_string(box.start); }

  // One entry; nullopt when it holds.
  std::optional<BoxHashVerdict> check(const cbor_item_t* entry) {
    const auto names = array_of(map_get(entry, "names"));
    if (names.empty()) return verdict(kMalformed, "a box hash entry names no box");
    const std::size_t first = next_;
    for (const cbor_item_t* item : names) {
      const auto name = text_of(item);
      if (!name) return verdict(kMalformed, "a box name that is not text");
      if (*name == "C2PA" && names.size() != 1) return verdict(kMalformed, "the C2PA box shares its entry");
      if (*name == "C2PA" && external_) return std::nullopt;  // the store is outside the file: no bytes
      if (next_ >= boxes_.size()) return verdict(kUnknownBox, "the box hash names " + *name + " past the asset's end");
      if (boxes_[next_].name != *name) {
        return verdict(kUnknownBox, "the box hash names " + *name + " where the asset has " + describe(boxes_[next_]));
      }
      ++next_;
    }
    if (boxes_[first].name == "C2PA") return std::nullopt;  // the manifest store itself is not hashed
    if (map_get(entry, "excluded") != nullptr && cbor_is_bool(map_get(entry, "excluded")) &&
        cbor_get_bool(map_get(entry, "excluded"))) {
      return std::nullopt;
    }
    return hash_matches(entry, first);
  }

  std::optional<BoxHashVerdict> hash_matches(const cbor_item_t* entry, std::size_t first) {
    if (map_get(entry, "exclusions") != nullptr) {
      return verdict("general.error",
                     "box hash exclusions inside a box are not verified by this version of photoaudit");
    }
    const std::string alg = text_of(map_get(entry, "alg")).value_or(std::string(claim_alg_));
    const EVP_MD* md = digest_named(alg);
    if (md == nullptr) return verdict("algorithm.unsupported", "box hash algorithm \"" + alg + "\" is not supported");
    const auto expected = bytes_of(map_get(entry, "hash"));
    if (!expected) return verdict(kMalformed, "a box hash entry without a hash");
    const std::size_t start = boxes_[first].start;
    const std::size_t end = boxes_[next_ - 1].start + boxes_[next_ - 1].length;
    const std::span<const std::uint8_t> parts[] = {file_.subspan(start, end - start)};
    if (digest_of(md, parts) != *expected) {
      return verdict(kMismatch,
                     "the bytes of " + describe(boxes_[first]) +
                         (next_ - first > 1 ? " and the " + std::to_string(next_ - first - 1) + " boxes after it"
                                            : std::string()) +
                         " do not match the box hash");
    }
    return std::nullopt;
  }

  std::span<const std::uint8_t> file_;
  std::vector<AssetBox> boxes_;
  bool external_;
  std::string_view claim_alg_;
  std::size_t next_ = 0;
};

}  // namespace

BoxHashVerdict verify_box_hash(std::span<const std::uint8_t> assertion, std::span<const std::uint8_t> file,
                               const StoreSearch& search, std::string_view claim_alg) {
  auto cbor = load_cbor(assertion, "c2pa.hash.boxes");
  if (!cbor) return verdict("assertion.cbor.invalid", cbor.error().message);
  const cbor_item_t* boxes = map_get(cbor->get(), "boxes");
  if (boxes == nullptr || !cbor_isa_array(boxes)) return verdict(kMalformed, "the box hash has no \"boxes\" array");
  auto asset = asset_boxes(file, search);
  if (!asset) {
    return verdict("general.error",
                   "the asset's boxes cannot be listed (a format other than JPEG or PNG, or a broken structure): the "
                   "box hash is not verified");
  }
  return BoxWalk(file, std::move(*asset), search.external, claim_alg).run(array_of(boxes));
}

}  // namespace photoaudit::audit::credentials

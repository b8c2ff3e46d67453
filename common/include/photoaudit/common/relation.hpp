// Relation: how one copy of a photo relates to another, shared by the same-photo engine (hashing) and the
// findings that name related copies (registry).
#pragma once

#include <string_view>

#include "photoaudit/common/enum_names.hpp"

namespace photoaudit {

// Strongest first; the order is the merge order of clusters and is stored in catalogs as a byte.
enum class Relation {
  kExact,    // byte-identical files
  kContent,  // the same coded image data (or pixels), different metadata
  kNear,     // the same photo by the same-photo rule (resized, recompressed, cropped, mirrored, ...)
};

inline constexpr std::string_view kRelationNames[] = {"exact", "content", "near"};
static_assert(names_cover(kRelationNames, Relation::kNear));

// Stable lower-case name: "exact", "content", "near".
constexpr std::string_view to_string(Relation relation) { return name_of(kRelationNames, relation, "near"); }

}  // namespace photoaudit

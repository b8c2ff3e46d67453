// The JSON form of a metadata date (docs/json.md): {"raw", "iso", "precision", "utc_offset_minutes", "note"},
// iso and note null when empty. Shared by inspect's date fields and the catalog commands' date_created.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/metadata_date.hpp"

namespace photoaudit::audit {

inline nlohmann::json metadata_date_json(std::string_view raw) {
  const MetadataDate d = parse_metadata_date(raw);
  auto or_null = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  return {
      {"raw", d.raw},
      {"iso", or_null(d.iso)},
      {"precision", std::string(to_string(d.precision))},
      {"utc_offset_minutes", d.utc_offset_minutes ? nlohmann::json(*d.utc_offset_minutes) : nlohmann::json(nullptr)},
      {"note", or_null(d.note)}};
}

}  // namespace photoaudit::audit

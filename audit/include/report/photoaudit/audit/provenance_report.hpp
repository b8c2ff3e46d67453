// Provenance as people and machines read it: the JSON record of `photoaudit inspect --json` (docs/json.md)
// and the text view.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "photoaudit/audit/provenance.hpp"

namespace photoaudit::audit {

// {"path", "error": null, "error_code": null, "format", "width", "height", "fields": {...}, "conflicts": [...],
//  "history": [...], "notes": [...]}. Strings that are not valid UTF-8 are emitted with U+FFFD replacements.
nlohmann::json provenance_to_json(const std::string& path, const Provenance& provenance);

// {"path", "error": message, "error_code": code} for a file that could not be read.
nlohmann::json provenance_error_to_json(const std::string& path, const Error& error);

// The text view: a header line, one line per field with the blocks that carry it, then each conflict with
// every block's value, then notes. All data is passed through printable().
void write_provenance_text(std::ostream& out, const std::string& path, const Provenance& provenance);

}  // namespace photoaudit::audit

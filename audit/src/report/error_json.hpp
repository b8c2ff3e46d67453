// Private to the writers: the JSON of an input that failed, as every command's JSON records it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit {

// {"path": path, "error": error.message, "error_code": to_string(error.code)} (docs/json.md).
inline nlohmann::json failed_path_json(const std::string& path, const Error& error) {
  return {{"path", path}, {"error", error.message}, {"error_code", std::string(to_string(error.code))}};
}

}  // namespace photoaudit::audit

// The one error type of photoaudit's libraries.
//
// Every function that can fail returns Result<T> (std::expected<T, Error>). No exception crosses a library
// boundary: third-party exceptions (Exiv2, OpenCV, yaml-cpp, nlohmann::json) are caught where the library is
// called and turned into an Error whose message names the file (or input) and the reason.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

#include "photoaudit/common/enum_names.hpp"

namespace photoaudit {

enum class ErrorCode {
  kInvalidArgument,  // the caller passed something malformed (bad option, bad credit text, bad YAML)
  kNotFound,         // a file, key or record does not exist
  kIOError,          // the OS refused: permission, disk full, read failure
  kCorruption,       // the data is damaged or not of the claimed format (truncated JPEG, bad chunk, not SQLite)
  kUnsupported,      // a valid input that photoaudit does not handle (format, schema version)
  kLimitExceeded,    // a configured bound was hit: pixel budget, size limit, depth limit
  kBusy,             // a resource is held by someone else (catalog locked)
  kNetwork,          // a fetch failed: refused, timed out, HTTP error
};

// Stable lower-case name of a code, used in JSON output ("io_error", ...).
inline constexpr std::string_view kErrorCodeNames[] = {"invalid_argument", "not_found",      "io_error", "corruption",
                                                       "unsupported",      "limit_exceeded", "busy",     "network"};
static_assert(names_cover(kErrorCodeNames, ErrorCode::kNetwork));

constexpr std::string_view to_string(ErrorCode code) { return name_of(kErrorCodeNames, code, "unknown"); }

// An error: a code and a human-readable message. The message names the subject (file path, URL, input)
// and the reason, e.g. "photo.jpg: truncated JPEG (no end-of-image marker)".
struct Error {
  ErrorCode code = ErrorCode::kInvalidArgument;
  std::string message;

  static Error invalid_argument(std::string m) { return {ErrorCode::kInvalidArgument, std::move(m)}; }
  static Error not_found(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
  static Error io_error(std::string m) { return {ErrorCode::kIOError, std::move(m)}; }
  static Error corruption(std::string m) { return {ErrorCode::kCorruption, std::move(m)}; }
  static Error unsupported(std::string m) { return {ErrorCode::kUnsupported, std::move(m)}; }
  static Error limit_exceeded(std::string m) { return {ErrorCode::kLimitExceeded, std::move(m)}; }
  static Error busy(std::string m) { return {ErrorCode::kBusy, std::move(m)}; }
  static Error network(std::string m) { return {ErrorCode::kNetwork, std::move(m)}; }
};

template <typename T>
using Result = std::expected<T, Error>;

// Result<void> helpers: `return ok();` and `return fail(Error::...)`.
inline Result<void> ok() { return {}; }
inline std::unexpected<Error> fail(Error e) { return std::unexpected<Error>(std::move(e)); }

}  // namespace photoaudit

// The bearer token of photoaudit serve: where it comes from and how a request's Authorization header is checked.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::serve {

// Shortest token accepted: 16 bytes (a guessable token is no protection).
inline constexpr std::size_t kMinTokenBytes = 16;

// The token: the first line of token_file when it is not "" (trailing CR/LF and spaces removed), else
// environment (the value of PHOTOAUDIT_TOKEN, "" when unset). Fails with kNotFound/kIOError (the file cannot be
// read; the message names it), kInvalidArgument (empty, shorter than kMinTokenBytes, or holding characters a
// header cannot carry: only printable ASCII without spaces is accepted). nullopt when neither gives a token.
Result<std::optional<std::string>> load_token(const std::string& token_file, std::string_view environment);

// Whether header (the request's Authorization value) is "Bearer TOKEN" for this token. The comparison takes the
// same time wherever the first difference is (no timing oracle).
bool bearer_matches(std::string_view header, std::string_view token);

// Whether a query string (the part after '?', as sent) has a parameter that looks like a credential: "token",
// "access_token", "api_key", "key", "auth", "bearer" (case-insensitive names). Such a request is refused with
// 400: a token in a URL is written to access logs and proxies' logs.
bool query_has_credential(std::string_view query);

}  // namespace photoaudit::audit::serve

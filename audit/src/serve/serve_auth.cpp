// Token loading and the bearer check.
#include "photoaudit/audit/serve_auth.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "photoaudit/common/file_read.hpp"

namespace photoaudit::audit::serve {
namespace {

Result<std::optional<std::string>> checked(std::string token, const std::string& from) {
  if (token.empty()) return fail(Error::invalid_argument(from + ": the token is empty"));
  if (token.size() < kMinTokenBytes) {
    return fail(Error::invalid_argument(from + ": the token is shorter than " + std::to_string(kMinTokenBytes) +
                                        " characters"));
  }
  const bool printable = std::all_of(token.begin(), token.end(), [](unsigned char c) { return c > 0x20 && c < 0x7F; });
  if (!printable) {
    return fail(Error::invalid_argument(from + ": the token may hold only printable ASCII without spaces"));
  }
  return std::optional<std::string>(std::move(token));
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

Result<std::optional<std::string>> load_token(const std::string& token_file, std::string_view environment) {
  if (!token_file.empty()) {
    auto text = read_file_bounded<std::string>(token_file, std::uint64_t{64} << 10);
    if (!text) return fail(text.error());
    std::string line = text->substr(0, text->find('\n'));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    return checked(std::move(line), "--token-file " + token_file);
  }
  if (environment.empty()) return std::optional<std::string>();
  return checked(std::string(environment), "PHOTOAUDIT_TOKEN");
}

bool bearer_matches(std::string_view header, std::string_view token) {
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() < kScheme.size() || lower(header.substr(0, kScheme.size())) != lower(kScheme)) return false;
  const std::string_view given = header.substr(kScheme.size());
  unsigned char diff = given.size() == token.size() ? 0 : 1;
  for (std::size_t i = 0; i < token.size(); ++i) {
    diff |= static_cast<unsigned char>(token[i] ^ (i < given.size() ? given[i] : 0));
  }
  return diff == 0;
}

bool query_has_credential(std::string_view query) {
  static constexpr std::array<std::string_view, 6> kNames{"token", "access_token", "api_key", "key", "auth", "bearer"};
  std::size_t start = 0;
  while (start <= query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string_view pair = query.substr(start, end - start);
    const std::string name = lower(pair.substr(0, pair.find('=')));
    if (std::find(kNames.begin(), kNames.end(), name) != kNames.end()) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace photoaudit::audit::serve

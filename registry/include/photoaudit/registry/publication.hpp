// Where, when and how the house publishes, from the words a user types: the one validation of channel, date and
// territory that every command uses (issue 17: `audit --territory Germany` was accepted and gave false
// license-territory errors while `license` refused it).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "photoaudit/common/error.hpp"
#include "photoaudit/registry/license.hpp"

namespace photoaudit::registry {

// The territory as an officially assigned ISO 3166-1 alpha-2 code, upper case ("de" -> "DE"); nullopt for anything
// else ("Germany", "UK" (the code is GB), "EU", "XX"). No groups of countries are accepted.
std::optional<std::string> parse_territory(std::string_view text);

// The query for channel, date and territory as typed; an empty text leaves its field at LicenseQuery's default
// (channel and territory not checked, date today). Fails with kInvalidArgument naming the first bad value and
// what is expected: `unknown channel "radio" (...)`, `invalid date "..." (...)`, `unknown territory "..." (...)`.
Result<LicenseQuery> parse_publication(std::string_view channel, std::string_view date, std::string_view territory);

}  // namespace photoaudit::registry

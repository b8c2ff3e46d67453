// The one validation of channel, date and territory (publication.hpp).
#include "photoaudit/registry/publication.hpp"

#include <algorithm>
#include <array>

#include "photoaudit/registry/registry.hpp"

namespace photoaudit::registry {
namespace {

// The officially assigned ISO 3166-1 alpha-2 codes (249), sorted; from Debian's iso-codes
// (/usr/share/iso-codes/json/iso_3166-1.json).
constexpr std::array<std::string_view, 249> kCountryCodes{
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB",
    "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY",
    "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX",
    "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK",
    "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
    "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR",
    "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA",
    "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE",
    "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
    "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG",
    "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF",
    "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY",
    "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW"};

static_assert(std::ranges::is_sorted(kCountryCodes));

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace

std::optional<std::string> parse_territory(std::string_view text) {
  if (text.size() != 2) return std::nullopt;
  std::string code(text);
  for (char& c : code) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (!std::ranges::binary_search(kCountryCodes, std::string_view(code))) return std::nullopt;
  return code;
}

Result<LicenseQuery> parse_publication(std::string_view channel, std::string_view date, std::string_view territory) {
  LicenseQuery query;
  if (!channel.empty()) {
    query.channel = parse_channel(channel);
    if (!query.channel) {
      return fail(
          Error::invalid_argument("unknown channel " + quoted(channel) + " (use print, online, social, app or tv)"));
    }
  }
  if (!date.empty()) {
    const auto parsed = parse_date(date);
    if (!parsed) {
      return fail(Error::invalid_argument("invalid date " + quoted(date) + " (use YYYY-MM-DD, a day that exists)"));
    }
    query.date = *parsed;
  }
  if (!territory.empty()) {
    const auto code = parse_territory(territory);
    if (!code) {
      const bool uk = territory == "UK" || territory == "uk";
      return fail(Error::invalid_argument("unknown territory " + quoted(territory) +
                                          (uk ? " (the United Kingdom's ISO 3166-1 code is GB)"
                                              : " (use an ISO 3166-1 alpha-2 country code such as DE)")));
    }
    query.territory = *code;
  }
  return query;
}

}  // namespace photoaudit::registry

// Channels, dates, problems and the Registry lookups.
#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

#include "photoaudit/common/enum_names.hpp"
#include "photoaudit/registry/registry.hpp"
#include "unicode_text.hpp"

namespace photoaudit::registry {
namespace {

constexpr std::string_view kChannelNames[] = {"print", "online", "social", "app", "tv"};
static_assert(names_cover(kChannelNames, Channel::kTv));

}  // namespace

std::string_view to_string(Channel channel) { return name_of(kChannelNames, channel, "online"); }

std::optional<Channel> parse_channel(std::string_view text) {
  return value_of<Channel>(kChannelNames, text, text::equals_folded);
}

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (std::size_t i = 0; i < lengths[p]; ++i) {
      const char c = text[starts[p] + i];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  const Date date{std::chrono::year{parts[0]}, std::chrono::month{static_cast<unsigned>(parts[1])},
                  std::chrono::day{static_cast<unsigned>(parts[2])}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string format_date(const Date& date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return buf;
}

Date today() { return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())}; }

std::string RegistryProblem::to_string() const {
  return file + ":" + std::to_string(location.line) + ":" + std::to_string(location.column) + ": " + message;
}

const Licensor* Registry::licensor_for(std::string_view organization_id) const {
  const auto it = std::find_if(licensors.begin(), licensors.end(),
                               [&](const Licensor& l) { return l.organization == organization_id; });
  return it == licensors.end() ? nullptr : &*it;
}

const BlockedSource* Registry::blocked_for(std::string_view organization_id) const {
  const auto it = std::find_if(blocked.begin(), blocked.end(),
                               [&](const BlockedSource& b) { return b.organization == organization_id; });
  return it == blocked.end() ? nullptr : &*it;
}

}  // namespace photoaudit::registry

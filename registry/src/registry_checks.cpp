// Checks across entries: duplicate contract ids, contracts of one licensor that overlap, credit formats.
#include <algorithm>
#include <map>

#include "registry_reader.hpp"

namespace photoaudit::registry::detail {
namespace {

// Two optional day ranges (absent bounds are open) share a day.
bool dates_overlap(const Contract& a, const Contract& b) {
  const bool a_before_b = a.valid_until && b.valid_from && *a.valid_until < *b.valid_from;
  const bool b_before_a = b.valid_until && a.valid_from && *b.valid_until < *a.valid_from;
  return !a_before_b && !b_before_a;
}

template <typename T>
bool sets_overlap(const std::vector<T>& a, const std::vector<T>& b) {  // empty = everything
  if (a.empty() || b.empty()) return true;
  return std::any_of(a.begin(), a.end(), [&](const T& x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

std::string shared_scope(const Contract& a, const Contract& b) {
  std::string when = "from ";
  if (a.valid_from || b.valid_from) {
    const Date start = !a.valid_from ? *b.valid_from : !b.valid_from ? *a.valid_from : std::max(*a.valid_from, *b.valid_from);
    when += format_date(start);
  } else {
    when = "at all times";
  }
  std::string channels;
  const auto& ch = a.channels.empty() ? b.channels : a.channels;
  for (const Channel c : ch) {
    if (b.channels.empty() || a.channels.empty() || std::find(b.channels.begin(), b.channels.end(), c) != b.channels.end()) {
      channels += channels.empty() ? "" : ", ";
      channels += to_string(c);
    }
  }
  return when + (channels.empty() ? " on every channel" : " for " + channels);
}

}  // namespace

void check_contracts(const std::string& file, RegistryCheck& check,
                     const std::vector<std::pair<std::size_t, std::size_t>>& undated) {
  std::map<std::string, SourceLocation> contract_ids;
  for (std::size_t li = 0; li < check.registry.licensors.size(); ++li) {
    const Licensor& licensor = check.registry.licensors[li];
    auto dated = [&](std::size_t ci) {
      return std::find(undated.begin(), undated.end(), std::pair(li, ci)) == undated.end();
    };
    for (const Contract& c : licensor.contracts) {
      if (c.id.empty()) continue;
      const auto [it, inserted] = contract_ids.emplace(c.id, c.location);
      if (!inserted) {
        check.problems.push_back({file, c.location, "contract id '" + c.id + "' is used twice (first at line " +
                                                        std::to_string(it->second.line) + ")"});
      }
    }
    for (std::size_t i = 0; i < licensor.contracts.size(); ++i) {
      for (std::size_t j = i + 1; j < licensor.contracts.size(); ++j) {
        const Contract& a = licensor.contracts[i];
        const Contract& b = licensor.contracts[j];
        if (!dated(i) || !dated(j) || !dates_overlap(a, b) || !sets_overlap(a.channels, b.channels) ||
            !sets_overlap(a.territories, b.territories)) {
          continue;
        }
        check.problems.push_back(
            {file, b.location,
             "contract '" + b.id + "' of licensor '" + licensor.id + "' overlaps contract '" + a.id + "' (line " +
                 std::to_string(a.location.line) + "): both apply " + shared_scope(a, b) +
                 "; split them by dates, channels or territories, or merge them"});
      }
    }
  }
}

std::vector<std::string> credit_format_problems(std::string_view format) {
  static constexpr std::string_view kPlaceholders[] = {"agency", "photographer", "licensor"};
  std::vector<std::string> problems;
  std::size_t i = 0;
  while (i < format.size()) {
    const std::size_t open = format.find_first_of("{}", i);
    if (open == std::string_view::npos) break;
    if (format[open] == '}') {
      problems.push_back("credit_format has a '}' without '{'");
      break;
    }
    const std::size_t close = format.find_first_of("{}", open + 1);
    if (close == std::string_view::npos || format[close] == '{') {
      problems.push_back("credit_format has a '{' without '}'");
      break;
    }
    const std::string_view name = format.substr(open + 1, close - open - 1);
    if (std::find(std::begin(kPlaceholders), std::end(kPlaceholders), name) == std::end(kPlaceholders)) {
      problems.push_back("credit_format uses {" + std::string(name) +
                         "}; the placeholders are {agency}, {photographer} and {licensor}");
    }
    i = close + 1;
  }
  return problems;
}

}  // namespace photoaudit::registry::detail

// Checks across entries: duplicate contract ids, contracts of one licensor that overlap, credit formats.
#include <algorithm>
#include <map>

#include "registry_reader.hpp"

namespace photoaudit::registry::detail {
namespace {

std::string shared_scope(const Contract& a, const Contract& b) {
  std::string when = "from ";
  if (a.valid_from || b.valid_from) {
    const Date start = !a.valid_from   ? *b.valid_from
                       : !b.valid_from ? *a.valid_from
                                       : std::max(*a.valid_from, *b.valid_from);
    when += format_date(start);
  } else {
    when = "at all times";
  }
  std::string channels;
  const auto& ch = a.channels.empty() ? b.channels : a.channels;
  for (const Channel c : ch) {
    if (b.channels.empty() || a.channels.empty() ||
        std::find(b.channels.begin(), b.channels.end(), c) != b.channels.end()) {
      channels += channels.empty() ? "" : ", ";
      channels += to_string(c);
    }
  }
  return when + (channels.empty() ? " on every channel" : " for " + channels);
}

// Overlap of contracts of one licensor, without comparing every pair (4,000 open-ended contracts of one licensor
// were 8 million problems, 26 s and 3.1 GB). Two contracts overlap when they share a day, a channel and a
// territory (no channels = every channel, no territories = worldwide).
class OverlapFinder {
 public:
  explicit OverlapFinder(const std::vector<Contract>& contracts)
      : contracts_(contracts), partner_(contracts.size(), contracts.size()) {}

  // The contracts of one channel: those for every territory (worldwide) and, per named territory, the others.
  // Each overlapping pair in them is found or another pair with the same later contract is.
  void add_channel(std::vector<std::size_t> worldwide, std::map<std::string, std::vector<std::size_t>> by_territory) {
    sort_by_start(worldwide);
    // reach[k]: of worldwide[0..k], the contract that lasts longest.
    std::vector<std::size_t> reach;
    for (const std::size_t w : worldwide) {
      reach.push_back(reach.empty() || lasts_longer(w, reach.back()) ? w : reach.back());
    }
    sweep(worldwide);
    for (auto& [territory, members] : by_territory) {
      sort_by_start(members);
      sweep(members);
      // Against the worldwide contracts that start by the time this one ends: the longest of them overlaps it
      // when any does.
      for (const std::size_t e : members) {
        const auto& until = contracts_[e].valid_until;
        const auto end = !until ? worldwide.end()
                                : std::upper_bound(worldwide.begin(), worldwide.end(), *until,
                                                   [&](const Date& day, std::size_t w) {
                                                     return contracts_[w].valid_from && day < *contracts_[w].valid_from;
                                                   });
        if (end != worldwide.begin()) {
          pair_if_overlapping(reach[static_cast<std::size_t>(end - worldwide.begin()) - 1], e);
        }
      }
    }
  }

  // partner()[j]: the earliest contract in the file found to overlap contract j and to come before it; size()
  // when none.
  const std::vector<std::size_t>& partner() const { return partner_; }

 private:
  bool lasts_longer(std::size_t a, std::size_t b) const {  // no last day = for ever
    const auto& ua = contracts_[a].valid_until;
    const auto& ub = contracts_[b].valid_until;
    return ub && (!ua || *ub < *ua);
  }

  void sort_by_start(std::vector<std::size_t>& members) const {
    std::sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
      const auto& fa = contracts_[a].valid_from;
      const auto& fb = contracts_[b].valid_from;
      if (fa != fb) return !fa || (fb && *fa < *fb);  // no first day = from the beginning of time
      return a < b;
    });
    members.erase(std::unique(members.begin(), members.end()), members.end());
  }

  // Members sorted by first day; each is compared with the one before it that lasts longest.
  void sweep(const std::vector<std::size_t>& members) {
    std::size_t longest = contracts_.size();
    for (const std::size_t b : members) {
      if (longest != contracts_.size()) pair_if_overlapping(longest, b);
      if (longest == contracts_.size() || lasts_longer(b, longest)) longest = b;
    }
  }

  void pair_if_overlapping(std::size_t a, std::size_t b) {
    const Contract& x = contracts_[a];
    const Contract& y = contracts_[b];
    const bool apart = (x.valid_until && y.valid_from && *x.valid_until < *y.valid_from) ||
                       (y.valid_until && x.valid_from && *y.valid_until < *x.valid_from);
    if (apart || a == b) return;
    const std::size_t later = std::max(a, b);
    partner_[later] = std::min(partner_[later], std::min(a, b));
  }

  const std::vector<Contract>& contracts_;
  std::vector<std::size_t> partner_;
};

// Each contract that overlaps an earlier one in the file is reported once, at its line, naming the earliest
// partner found; every licensor with an overlap gets at least one problem. O(e log e) over the e entries
// (contracts x channels x territories they name).
void check_overlaps(const std::string& file, const Licensor& licensor, const std::vector<bool>& dated,
                    std::vector<RegistryProblem>& problems) {
  const std::vector<Contract>& contracts = licensor.contracts;
  OverlapFinder finder(contracts);
  for (const Channel channel : {Channel::kPrint, Channel::kOnline, Channel::kSocial, Channel::kApp, Channel::kTv}) {
    std::vector<std::size_t> worldwide;
    std::map<std::string, std::vector<std::size_t>> by_territory;
    for (std::size_t i = 0; i < contracts.size(); ++i) {
      const Contract& c = contracts[i];
      const bool on_channel = c.channels.empty() ||
                              std::find(c.channels.begin(), c.channels.end(), channel) != c.channels.end();
      if (!dated[i] || !on_channel) continue;
      if (c.territories.empty()) worldwide.push_back(i);
      for (const auto& t : c.territories) by_territory[t].push_back(i);
    }
    finder.add_channel(std::move(worldwide), std::move(by_territory));
  }
  for (std::size_t j = 0; j < contracts.size(); ++j) {
    const std::size_t i = finder.partner()[j];
    if (i == contracts.size()) continue;
    const Contract& a = contracts[i];
    const Contract& b = contracts[j];
    problems.push_back({file, b.location,
                        "contract '" + b.id + "' of licensor '" + licensor.id + "' overlaps contract '" + a.id +
                            "' (line " + std::to_string(a.location.line) + "): both apply " + shared_scope(a, b) +
                            "; split them by dates, channels or territories, or merge them"});
  }
}

}  // namespace

void check_contracts(const std::string& file, RegistryCheck& check,
                     const std::vector<std::pair<std::size_t, std::size_t>>& undated) {
  std::map<std::string, SourceLocation> contract_ids;
  for (std::size_t li = 0; li < check.registry.licensors.size(); ++li) {
    const Licensor& licensor = check.registry.licensors[li];
    std::vector<bool> dated(licensor.contracts.size(), true);
    for (const auto& [l, c] : undated) {
      if (l == li && c < dated.size()) dated[c] = false;
    }
    for (const Contract& c : licensor.contracts) {
      if (c.id.empty()) continue;
      const auto [it, inserted] = contract_ids.emplace(c.id, c.location);
      if (!inserted) {
        check.problems.push_back(
            {file, c.location,
             "contract id '" + c.id + "' is used twice (first at line " + std::to_string(it->second.line) + ")"});
      }
    }
    check_overlaps(file, licensor, dated, check.problems);
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

// An unknown subcommand, named with the closest known one (issue 17: `audt` and `registry chek` said only "A
// subcommand is required").
#include <algorithm>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/terminal_text.hpp"

namespace photoaudit::audit::cli {
namespace {

// Edit distance with adjacent transpositions (optimal string alignment): "audt" -> "audit" 1, "chekc" -> "check" 1.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// The visible subcommands of app, in the order --help lists them.
std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    names.push_back(sub->get_name());
  }
  return names;
}

}  // namespace

std::optional<std::string> unknown_subcommand_message(const CLI::App& app, const std::vector<std::string>& args) {
  const CLI::App* level = &app;
  std::string path = "photoaudit";
  for (const auto& arg : args) {
    if (arg.empty() || arg.front() == '-') continue;  // the commands that have subcommands take no option values
    const auto names = subcommand_names(*level);
    if (names.empty()) return std::nullopt;
    if (std::find(names.begin(), names.end(), arg) != names.end()) {
      level = level->get_subcommand(arg);
      path += " " + arg;
      continue;
    }
    std::string best;
    std::size_t best_distance = std::string::npos;
    for (const auto& name : names) {
      const std::size_t distance = edit_distance(arg, name);
      if (distance < best_distance) {
        best = name;
        best_distance = distance;
      }
    }
    std::string message = path + ": unknown command \"" + printable(arg) + "\"";
    // Close enough to be a typo: at most 2 edits, and fewer than half the letters of the word.
    if (best_distance <= 2 && best_distance * 2 < std::max(arg.size(), best.size())) {
      message += ": did you mean ";
      message += best;
      message += '?';
      return message;
    }
    return message + " (commands: " +
           std::accumulate(std::next(names.begin()), names.end(), names.front(),
                           [](std::string all, const std::string& n) { return std::move(all) + ", " + n; }) +
           ")";
  }
  return std::nullopt;
}

}  // namespace photoaudit::audit::cli

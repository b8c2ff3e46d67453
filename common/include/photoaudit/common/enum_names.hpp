// Names of enum values: one table per enum, read both ways.
//
// An enum that is written to reports or read from user input keeps its names in one constexpr array, in the
// enum's order (enumerators numbered from 0 with no gaps); to_string and the parser of that enum look the value
// up here instead of each carrying its own switch or loop. Next to each table, a static_assert checks its length
// against the enum's last enumerator, so adding an enumerator without a name does not compile.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace photoaudit {

// The name of `value` (names[value]), or `fallback` for a value outside the table.
template <typename E, std::size_t N>
constexpr std::string_view name_of(const std::string_view (&names)[N], E value, std::string_view fallback) {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : fallback;
}

// The value whose name equals `text` (by `same`, exact comparison by default), or nullopt.
template <typename E, std::size_t N, typename Same>
constexpr std::optional<E> value_of(const std::string_view (&names)[N], std::string_view text, Same same) {
  for (std::size_t i = 0; i < N; ++i) {
    if (same(text, names[i])) return static_cast<E>(i);
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
constexpr std::optional<E> value_of(const std::string_view (&names)[N], std::string_view text) {
  return value_of<E>(names, text, [](std::string_view a, std::string_view b) { return a == b; });
}

// True if `names` has one name for each enumerator up to and including `last`.
template <typename E, std::size_t N>
constexpr bool names_cover(const std::string_view (&)[N], E last) {
  return N == static_cast<std::size_t>(last) + 1;
}

}  // namespace photoaudit

// Open licences in credit lines: "CC BY-SA 4.0", "CC-BY-SA-4.0", "license CC0", "Lizenz: CC BY 2.0 DE",
// "Creative Commons Attribution-ShareAlike 4.0", "Public Domain", "gemeinfrei". Ids follow SPDX.
#include <string>
#include <string_view>

#include "credit_vocabulary.hpp"
#include "unicode_text.hpp"

namespace photoaudit::registry::vocabulary {
namespace {

using text::starts_with_folded;

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t skip_separators(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '-')) ++i;
  return i;
}

// True when s[i] ends a word (end of text or a character that is not a letter or digit).
bool word_ends(std::string_view s, std::size_t i) {
  if (i >= s.size()) return true;
  const char32_t c = text::next_code_point(s, i);
  return !text::is_letter(c) && !text::is_digit(c);
}

// A version "4.0", "2.5", "3": returns its length at s[i], or 0.
std::size_t version_length(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && is_ascii_digit(s[j])) ++j;
  if (j == i || j - i > 2) return 0;
  if (j + 1 < s.size() && s[j] == '.' && is_ascii_digit(s[j + 1])) {
    j += 2;
    while (j < s.size() && is_ascii_digit(s[j])) ++j;
  }
  return word_ends(s, j) ? j - i : 0;
}

// The licence elements after "CC" or "Creative Commons": BY, SA, NC, ND or their long names.
struct Elements {
  std::string id;  // "BY-SA"
  std::size_t end = 0;
};
Elements read_elements(std::string_view s, std::size_t i) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"attribution", "BY"},
      {"sharealike", "SA"},
      {"share-alike", "SA"},
      {"share alike", "SA"},
      {"noncommercial", "NC"},
      {"non-commercial", "NC"},
      {"noderivatives", "ND"},
      {"noderivs", "ND"},
      {"no derivatives", "ND"},
      {"by", "BY"},
      {"sa", "SA"},
      {"nc", "NC"},
      {"nd", "ND"},
  };
  Elements out;
  out.end = i;
  std::size_t pos = i;
  while (true) {
    const std::size_t at = skip_separators(s, pos);
    bool matched = false;
    for (const auto& [word, code] : kWords) {
      const std::size_t n = starts_with_folded(s.substr(at), word);
      if (n == 0 || !word_ends(s, at + n)) continue;
      if (out.id.empty() && code != "BY") return out;  // every CC licence but CC0 starts with BY
      if (!out.id.empty()) out.id += '-';
      out.id += code;
      pos = out.end = at + n;
      matched = true;
      break;
    }
    if (!matched) return out;
  }
}

// After a version: "International", "Unported", "Generic" or a jurisdiction such as "DE".
std::size_t skip_port(std::string_view s, std::size_t i) {
  std::size_t at = i;
  while (at < s.size() && s[at] == ' ') ++at;
  for (const std::string_view word : {"international", "unported", "generic"}) {
    const std::size_t n = starts_with_folded(s.substr(at), word);
    if (n > 0 && word_ends(s, at + n)) return at + n;
  }
  if (at + 2 <= s.size() && s[at] >= 'A' && s[at] <= 'Z' && s[at + 1] >= 'A' && s[at + 1] <= 'Z' &&
      word_ends(s, at + 2) && at > i) {
    return at + 2;
  }
  return i;
}

// Extends begin backwards over "license", "licence", "Lizenz:", "licensed under", "unter".
std::size_t include_lead_in(std::string_view s, std::size_t begin) {
  std::size_t b = begin;
  while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == ':')) --b;
  for (const std::string_view word :
       {"licensed under", "lizenziert unter", "license", "licence", "lizenz", "lizenz", "under", "unter"}) {
    if (b < word.size()) continue;
    const std::size_t start = b - word.size();
    if (starts_with_folded(s.substr(start), word) == word.size() &&
        (start == 0 || s[start - 1] == ' ' || s[start - 1] == '(' || s[start - 1] == ',')) {
      return start;
    }
  }
  return begin;
}

std::optional<LicenseMatch> cc_at(std::string_view s, std::size_t at, std::size_t after_prefix) {
  std::size_t i = skip_separators(s, after_prefix);
  if (i < s.size() && s[i] == '0' && word_ends(s, i + 1)) {  // CC0
    std::size_t end = i + 1;
    const std::size_t v = version_length(s, skip_separators(s, end));
    if (v > 0) end = skip_separators(s, end) + v;
    return LicenseMatch{at, end, "CC0-1.0"};
  }
  const Elements elements = read_elements(s, i);
  if (elements.id.empty()) return std::nullopt;
  // Built with append: GCC 12's -Wrestrict misfires on operator+ chains at -O3.
  std::string id("CC-");
  id.append(elements.id);
  std::size_t end = elements.end;
  const std::size_t vstart = skip_separators(s, end);
  if (const std::size_t v = version_length(s, vstart); v > 0) {
    id.push_back('-');
    id.append(s.substr(vstart, v));
    end = skip_port(s, vstart + v);
  }
  return LicenseMatch{at, end, id};
}

}  // namespace

std::optional<LicenseMatch> find_license(std::string_view s) {
  for (std::size_t at = text::find_words_folded(s, "cc"); at != std::string_view::npos;
       at = text::find_words_folded(s, "cc", at + 1)) {
    if (auto m = cc_at(s, at, at + 2)) {
      m->begin = include_lead_in(s, m->begin);
      return m;
    }
  }
  if (const std::size_t at = text::find_words_folded(s, "cc0"); at != std::string_view::npos) {
    if (auto m = cc_at(s, at, at + 2)) {
      m->begin = include_lead_in(s, m->begin);
      return m;
    }
  }
  if (const std::size_t at = text::find_words_folded(s, "creative commons"); at != std::string_view::npos) {
    if (auto m = cc_at(s, at, at + 16)) {
      m->begin = include_lead_in(s, m->begin);
      return m;
    }
  }
  for (const std::string_view phrase : {"public domain", "gemeinfrei"}) {
    if (const std::size_t at = text::find_words_folded(s, phrase); at != std::string_view::npos) {
      return LicenseMatch{include_lead_in(s, at), at + phrase.size(), "public-domain"};
    }
  }
  return std::nullopt;
}

}  // namespace photoaudit::registry::vocabulary

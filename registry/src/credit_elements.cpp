// Chain elements: what one piece between separators is (organisation, person, placeholder, modifier).
#include <algorithm>
#include <array>
#include <string>

#include "credit_parser.hpp"
#include "credit_vocabulary.hpp"
#include "unicode_text.hpp"

namespace photoaudit::registry::detail {
namespace {

// The words of a text (split at spaces), without allocating: at most kMax, `truncated` when there are more.
class Words {
 public:
  static constexpr std::size_t kMax = 24;
  explicit Words(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && s[i] == ' ') ++i;
      const std::size_t start = i;
      while (i < s.size() && s[i] != ' ') ++i;
      if (i == start) continue;
      if (count_ == kMax) {
        truncated_ = true;
        return;
      }
      items_[count_++] = s.substr(start, i - start);
    }
  }
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  bool truncated() const { return truncated_; }
  std::string_view operator[](std::size_t i) const { return items_[i]; }
  std::string_view front() const { return items_[0]; }
  std::string_view back() const { return items_[count_ - 1]; }
  const std::string_view* begin() const { return items_.data(); }
  const std::string_view* end() const { return items_.data() + count_; }

 private:
  std::array<std::string_view, kMax> items_{};
  std::size_t count_ = 0;
  bool truncated_ = false;
};

bool is_year(std::string_view w) {
  auto digits = [](std::string_view d) {
    return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  const std::size_t dash = w.find('-');
  const std::string_view first = w.substr(0, dash);
  if (first.size() != 4 || !digits(first) || (first[0] != '1' && first[0] != '2')) return false;
  if (dash == std::string_view::npos) return true;
  const std::string_view second = w.substr(dash + 1);
  return (second.size() == 2 || second.size() == 4) && digits(second);
}

// Punctuation, signs and years around a name: "© 2024 AP" -> "AP", "The Associated Press." -> "...Press".
std::string_view trim_decoration(std::string_view t) {
  static constexpr std::string_view kSigns[] = {"\xC2\xA9", "\xC2\xAE", "\xE2\x84\xA2", "\xE2\x80\xA2", "\xC2\xB7"};
  for (bool changed = true; changed;) {
    changed = false;
    const std::string_view before = t;
    t = text::trim(t);
    while (!t.empty() && std::string_view(",;:\"'*#+=").find(t.front()) != std::string_view::npos) t.remove_prefix(1);
    while (!t.empty() && std::string_view(",;:\"'*#+=").find(t.back()) != std::string_view::npos) t.remove_suffix(1);
    for (const auto sign : kSigns) {
      if (t.starts_with(sign)) t.remove_prefix(sign.size());
      if (t.ends_with(sign)) t.remove_suffix(sign.size());
    }
    t = text::trim(t);
    // A final '.' goes unless it ends an initial ("Hannes P.").
    if (t.size() >= 3 && t.back() == '.' && t[t.size() - 3] != ' ' && t[t.size() - 3] != '.') t.remove_suffix(1);
    // Years: "2024 AP", "AP 2024", "2019-2024".
    const std::size_t first_space = t.find(' ');
    const std::size_t last_space = t.rfind(' ');
    if (first_space == std::string_view::npos) {
      if (is_year(t)) t = {};
    } else if (is_year(t.substr(0, first_space))) {
      t = text::trim(t.substr(first_space));
    } else if (is_year(t.substr(last_space + 1))) {
      t = text::trim(t.substr(0, last_space));
    }
    changed = t != before;
  }
  return t;
}

bool has_lower(std::string_view w) {
  std::size_t i = 0;
  while (i < w.size()) {
    if (text::is_lower(text::next_code_point(w, i))) return true;
  }
  return false;
}

// An initial: "D.", "P", "J.-P.".
bool is_initial(std::string_view w) {
  const std::size_t letters = text::count_letters(w);
  if (letters == 0 || letters > 2 || w.size() > 6) return false;
  std::size_t i = 0;
  return text::is_upper(text::next_code_point(w, i)) && (letters == 1 || w.find('.') != std::string_view::npos);
}

bool is_capitalised_name_word(std::string_view w) {
  std::size_t i = 0;
  if (!text::is_upper(text::next_code_point(w, i))) return false;
  while (i < w.size()) {
    const char32_t c = text::next_code_point(w, i);
    if (!text::is_letter(c) && c != U'-' && c != U'\'' && c != U'.' && c != U'\u2019') return false;
  }
  return true;
}

bool is_handle(std::string_view w) {
  if (w.front() == '@') return text::count_letters(w) >= 2;
  std::size_t i = 0;
  std::size_t chars = 0;
  while (i < w.size()) {
    const char32_t c = text::next_code_point(w, i);
    ++chars;
    if (!text::is_letter(c) && !text::is_digit(c) && c != U'_' && c != U'.' && c != U'-') return false;
  }
  return text::count_letters(w) * 10 >= chars * 6 && text::count_letters(w) >= 2;
}

}  // namespace

void Parser::classify(std::string_view element, bool after_bar, int depth, std::vector<Block>& blocks,
                      CreditReading& out) const {
  if (depth >= kMaxDepth || element.find_first_of("([\"") == std::string_view::npos) {
    classify_text(element, after_bar, blocks, out);
    return;
  }
  const Groups groups = extract_groups(element);
  classify_text(groups.outside, after_bar, blocks, out);
  for (const auto quoted : groups.quotes) classify_text(quoted, false, blocks, out);
  // "(Photo by SAUL LOEB / AFP) (Photo by SAUL LOEB/AFP via Getty Images)": the same credit twice, the
  // second more complete; read them as one.
  const bool only_groups = text::trim(groups.outside).empty() && groups.quotes.empty() && groups.brackets.size() > 1;
  std::vector<CreditReading> readings;
  for (const auto group : groups.brackets) {
    readings.emplace_back();
    parse_text(group, depth + 1, readings.back());
  }
  if (only_groups) {
    for (std::size_t i = 1; i < readings.size(); ++i) merge_reading(readings.front(), readings[i]);
    readings.resize(1);
  }
  for (auto& sub : readings) {
    // "Urs Flueeler (Keystone)", "dpa (Archiv)", "X/Shutterstock (14021419a)": a credit of its own.
    if (!sub.organizations.empty()) {
      Block b{Block::Kind::kOrganizations};
      b.organizations = std::move(sub.organizations);
      blocks.push_back(std::move(b));
    }
    if (!sub.photographers.empty()) {
      Block b{Block::Kind::kPerson};
      b.people = std::move(sub.photographers);
      blocks.push_back(std::move(b));
    } else if (sub.placeholder) {
      blocks.push_back(Block{Block::Kind::kPlaceholder});
    }
    for (auto& m : sub.modifiers) add_modifier(out, m.kind, std::move(m.value));
    out.unrecognized.insert(out.unrecognized.end(), sub.unrecognized.begin(), sub.unrecognized.end());
  }
}

void Parser::classify_text(std::string_view element, bool after_bar, std::vector<Block>& blocks,
                           CreditReading& out) const {
  std::string_view t = text::trim(element);
  // "Yves Herman TPX IMAGES OF THE DAY": a note in capitals appended to a name.
  const Words words(t);
  std::size_t run = words.truncated() ? 0 : words.size();
  while (run > 0 && !has_lower(words[run - 1])) --run;
  if (run > 0 && run < words.size()) {
    const auto cut = static_cast<std::size_t>(words[run].data() - t.data());
    const std::string_view tail = t.substr(cut);
    if (vocabulary::find_note(tail) != std::string_view::npos || vocabulary::modifier_phrase(tail)) {
      std::vector<ModifierKind> implied;
      vocabulary::note_modifiers(tail, implied);
      if (const auto m = vocabulary::modifier_phrase(tail)) implied.push_back(*m);
      for (const ModifierKind kind : implied) add_modifier(out, kind);
      t = text::trim(t.substr(0, cut));
    }
  }
  std::string without_license;
  // Licences start with "CC", "Creative", "Public" or "gemeinfrei": look only when a word starts so.
  const bool may_have_license = std::any_of(words.begin(), words.end(), [](std::string_view w) {
    if (w.size() < 2) return false;
    const auto a = static_cast<char>(w[0] | 0x20);
    const auto b = static_cast<char>(w[1] | 0x20);
    return (a == 'c' && (b == 'c' || b == 'r')) || (a == 'p' && b == 'u') || (a == 'g' && b == 'e');
  });
  if (const auto license = may_have_license ? vocabulary::find_license(t) : std::nullopt) {
    add_modifier(out, ModifierKind::kLicense, license->id);
    without_license = std::string(t.substr(0, license->begin)) + " " + std::string(t.substr(license->end));
    t = without_license;
  }
  if (!strip_labels(t, out)) return;
  t = trim_decoration(t);
  if (t.empty()) return;
  const std::string key = text::fold_key(t);
  std::optional<ModifierKind> also;
  if (vocabulary::placeholder_for_key(t, key, &also)) {
    if (also) add_modifier(out, *also);
    blocks.push_back(Block{Block::Kind::kPlaceholder});
    return;
  }
  if (text::count_letters(t) == 0) return;  // picture numbers, dates
  if (const auto m = vocabulary::modifier_for_key(key)) {
    add_modifier(out, *m);
    return;
  }
  Block orgs{Block::Kind::kOrganizations};
  if (resolve(t, key, orgs.organizations, out)) {
    for (const auto& org : orgs.organizations) {
      const Organization* known = table_.by_id(org.canonical);
      if (known != nullptr && known->kind == OrganizationKind::kGenerator)
        add_modifier(out, ModifierKind::kAiGenerated);
    }
    blocks.push_back(std::move(orgs));
    return;
  }
  if (resolve_words(t, orgs.organizations, out)) {
    blocks.push_back(std::move(orgs));
    return;
  }
  // Which joining words the element has, looked up once: most elements have none.
  bool has_for = false;
  bool has_and = false;
  for (const auto w : Words(t)) {
    has_for = has_for || text::equals_folded(w, "for") || text::equals_folded(w, "f\xC3\xBCr");
    has_and = has_and || text::equals_folded(w, "und") || text::equals_folded(w, "and") || w == "&";
  }
  // "Justin Jin for Wintershall", "Getty Images for Netflix": the client stands next to the taker.
  for (const std::string_view word : {"for", "f\xC3\xBCr"}) {
    if (!has_for) break;
    const auto parts = split_word_top(t, word);
    if (parts.size() != 2 || text::trim(parts[0]).empty() || text::trim(parts[1]).empty()) continue;
    add_modifier(out, ModifierKind::kFor);
    const std::size_t before = blocks.size();
    classify_text(parts[0], after_bar, blocks, out);
    std::vector<CreditOrganization> client;
    const std::string_view client_name = trim_decoration(parts[1]);
    if (!resolve(client_name, {}, client, out)) client.push_back(unknown_organization(client_name));
    if (blocks.size() > before && blocks.back().kind == Block::Kind::kOrganizations) {
      blocks.back().organizations.insert(blocks.back().organizations.end(), client.begin(), client.end());
    } else {
      Block b{Block::Kind::kOrganizations};
      b.organizations = std::move(client);
      blocks.push_back(std::move(b));
    }
    return;
  }
  // "Kay Nietfeld und Michael Kappeler": several people in one element.
  for (const std::string_view word : {"und", "and", "&"}) {
    if (!has_and) break;
    const auto parts = split_word_top(t, word);
    if (parts.size() < 2) continue;
    const bool all_people = std::all_of(parts.begin(), parts.end(), [&](std::string_view p) {
      return person_score(text::trim(p)) == 3 && !looks_like_organization(text::trim(p), text::fold_key(p));
    });
    if (!all_people) continue;
    Block b{Block::Kind::kPerson};
    for (const auto p : parts) b.people.emplace_back(text::trim(p));
    blocks.push_back(std::move(b));
    return;
  }
  if (looks_like_organization(t, key)) {
    Block b{Block::Kind::kOrganizations};
    b.organizations.push_back(unknown_organization(t));
    blocks.push_back(std::move(b));
    return;
  }
  const int score = person_score(t);
  if (score == 0) {
    out.unrecognized.emplace_back(t);
    return;
  }
  Block candidate{Block::Kind::kCandidate};
  candidate.text.assign(t);
  candidate.key = key;
  candidate.person_score = score;
  candidate.after_bar = after_bar;
  blocks.push_back(std::move(candidate));
}

bool Parser::resolve(std::string_view name, std::string_view key, std::vector<CreditOrganization>& into,
                     CreditReading& out) const {
  name = text::trim(name);
  if (name.empty()) return false;
  if (const Organization* org = key.empty() ? table_.find(name) : table_.find(name, key)) {
    into.push_back({std::string(name), org->id, true});
    return true;
  }
  if (name.find_first_of(" -+") == std::string_view::npos) return false;  // no decoration, no compound
  // "AFP PHOTO", "Alamy Stock Photo", "AP FILE PHOTO", "Kremlin Pool": decorations around a known name.
  std::string_view rest = name;
  std::vector<ModifierKind> implied;
  for (int round = 0; round < 3; ++round) {
    bool stripped = false;
    for (const auto& d : vocabulary::organization_decorations()) {
      if (rest.size() <= d.word.size() + 1) continue;
      const std::size_t cut = rest.size() - d.word.size();
      if ((rest[cut - 1] != ' ' && rest[cut - 1] != '-') || !text::equals_folded(rest.substr(cut), d.word)) continue;
      rest = text::trim(rest.substr(0, cut - 1));
      if (d.modifier) implied.push_back(*d.modifier);
      stripped = true;
      break;
    }
    if (!stripped) break;
    if (const Organization* org = table_.find(rest)) {
      into.push_back({std::string(name), org->id, true});
      for (const ModifierKind kind : implied) add_modifier(out, kind);
      return true;
    }
  }
  // "EPA-EFE": several organisations joined by '-' or '+'.
  if (name.find_first_of("-+") != std::string_view::npos && name.find(' ') == std::string_view::npos) {
    std::vector<CreditOrganization> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= name.size(); ++i) {
      if (i < name.size() && name[i] != '-' && name[i] != '+') continue;
      const std::string_view part = name.substr(start, i - start);
      const Organization* org = table_.find(part);
      if (org == nullptr) return false;
      parts.push_back({std::string(part), org->id, true});
      start = i + 1;
    }
    if (parts.size() >= 2) {
      into.insert(into.end(), parts.begin(), parts.end());
      return true;
    }
  }
  return false;
}

bool Parser::resolve_words(std::string_view name, std::vector<CreditOrganization>& into, CreditReading& out) const {
  // "Pool Sputnik Kremlin", "Kremlin Pool Sputnik": known names and decorations, and nothing else.
  const Words words(name);
  if (words.size() < 2 || words.size() > 8) return false;
  // Cheap first test: the first word must start a known name or be a decoration.
  const std::string first = text::fold_key(words.front());
  const bool decoration = std::any_of(vocabulary::organization_decorations().begin(),
                                      vocabulary::organization_decorations().end(),
                                      [&](const vocabulary::Decoration& d) { return d.word == first; });
  if (!decoration && !table_.starts_some_name(first)) return false;
  std::vector<CreditOrganization> found;
  std::vector<ModifierKind> implied;
  for (std::size_t i = 0; i < words.size();) {
    bool matched = false;
    for (std::size_t j = std::min(words.size(), i + 4); j > i && !matched; --j) {
      const auto span = name.substr(
          static_cast<std::size_t>(words[i].data() - name.data()),
          static_cast<std::size_t>(words[j - 1].data() + words[j - 1].size() - words[i].data()));
      if (const Organization* org = table_.find(span)) {
        found.push_back({std::string(span), org->id, true});
        i = j;
        matched = true;
      }
    }
    if (matched) continue;
    for (const auto& d : vocabulary::organization_decorations()) {
      if (!text::equals_folded(words[i], d.word)) continue;
      if (d.modifier) implied.push_back(*d.modifier);
      matched = true;
      break;
    }
    if (!matched) return false;
    ++i;
  }
  if (found.empty()) return false;
  into.insert(into.end(), found.begin(), found.end());
  for (const ModifierKind kind : implied) add_modifier(out, kind);
  return true;
}

bool Parser::looks_like_organization(std::string_view name, std::string_view key) const {
  const Words words(name);
  if (words.empty()) return false;
  if (words.size() >= 2 && vocabulary::is_article(key.substr(0, key.find(' ')))) return true;
  // fold_key turns '-' into ' ': "Geisler-Fotopress" is checked as "geisler" and "fotopress".
  std::size_t start = 0;
  for (std::size_t i = 0; i <= key.size(); ++i) {
    if (i < key.size() && key[i] != ' ') continue;
    std::string_view part = std::string_view(key).substr(start, i - start);
    while (!part.empty() && std::string_view(".,:;\"'").find(part.back()) != std::string_view::npos)
      part.remove_suffix(1);
    if (table_.is_organization_word(part) || table_.has_organization_ending(part)) return true;
    start = i + 1;
  }
  if (words.size() == 1) {
    const std::string_view w = words.front();
    const std::size_t dot = w.rfind('.');
    if (dot != std::string_view::npos && dot >= 2 && w.size() - dot - 1 >= 2 && w.size() - dot - 1 <= 6 &&
        text::count_letters(w.substr(dot + 1)) == w.size() - dot - 1) {
      return true;  // a domain: "photothek.net"
    }
    const std::size_t letters = text::count_letters(w);
    const bool acronym_chars = std::all_of(
        w.begin(), w.end(), [](char c) { return c != '_' && c != '/' && c != ':' && c != '#' && c != '@'; });
    if (acronym_chars && text::is_all_upper(w) && letters >= 2 && letters <= 6 && w.size() <= 8 &&
        text::count_digits(w) <= 2) {
      return true;  // "CCTV", "RTL2"
    }
  }
  return false;
}

int Parser::person_score(std::string_view name) const {
  const Words words(name);
  if (words.empty() || words.size() > 5) return 0;
  if (words.size() == 1) {
    const std::string_view w = words.front();
    if (text::count_digits(w) > 0 || w.front() == '@') return is_handle(w) ? 1 : 0;
    if (is_capitalised_name_word(w)) return 1;
    return is_handle(w) ? 1 : 0;
  }
  if (text::count_digits(name) > 0) return 0;
  std::size_t shaped = 0;
  std::size_t particles = 0;
  for (const auto w : words) {
    if (w.size() <= 5 && vocabulary::is_name_particle(text::fold_key(w))) {
      ++particles;
    } else if (is_initial(w) || is_capitalised_name_word(w)) {
      ++shaped;
    }
  }
  if (shaped + particles == words.size() && shaped >= 1 && words.size() >= 2) return 3;
  return shaped * 2 >= words.size() ? 1 : 0;
}

CreditOrganization Parser::unknown_organization(std::string_view name) const {
  return {std::string(name), table_.canonical_id(name), false};
}

}  // namespace photoaudit::registry::detail

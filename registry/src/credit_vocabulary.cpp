#include "credit_vocabulary.hpp"

#include <algorithm>
#include <iterator>
#include <unordered_map>
#include <utility>

#include "unicode_text.hpp"

namespace photoaudit::registry::vocabulary {
namespace {

using M = ModifierKind;

struct Label {
  std::string_view phrase;  // ends with ':' when the colon is required
  std::optional<ModifierKind> modifier;
  bool drops_rest = false;
};

// Labels publications print before a credit, in German and English.
const std::vector<Label>& labels() {  // NOLINT(readability-function-size): a data table, one label a line
  static const std::vector<Label> sorted = [] {
    std::vector<Label> l{
        {"\xC2\xA9", {}},
        {"copyright", {}},
        {"copyright:", {}},
        {"foto:", {}},
        {"fotos:", {}},
        {"bild:", {}},
        {"bilder:", {}},
        {"bildrechte:", {}},
        {"bildquelle:", {}},
        {"bildquellen:", {}},
        {"bildnachweis:", {}},
        {"quelle:", {}},
        {"quellen:", {}},
        {"photo:", {}},
        {"photos:", {}},
        {"photograph:", {}},
        {"photographs:", {}},
        {"photography:", {}},
        {"credit:", {}},
        {"credits:", {}},
        {"image:", {}},
        {"images:", {}},
        {"picture:", {}},
        {"pictures:", {}},
        {"pic:", {}},
        {"photo credit:", {}},
        {"photo credits:", {}},
        {"image credit:", {}},
        {"picture credit:", {}},
        {"fotocredit:", {}},
        {"fotonachweis:", {}},
        {"source:", {}},
        {"fotograf:", {}},
        {"fotografin:", {}},
        {"fotografie:", {}},
        {"aufnahme:", {}},
        {"mandatory credit:", {}},
        {"photo by", {}},
        {"photos by", {}},
        {"photograph by", {}},
        {"photographed by", {}},
        {"picture by", {}},
        {"pictures by", {}},
        {"image by", {}},
        {"foto von", {}},
        {"fotos von", {}},
        {"bild von", {}},
        {"aufnahme von", {}},
        {"by", {}},
        {"foto/", {}},
        {"\xD1\x84\xD0\xBE\xD1\x82\xD0\xBE:", {}} /* фото: */,
        {"beide", {}},
        {"both", {}},
        {"mit", {}},
        {"with", {}},
        {"erstellt mit", {}},
        {"generiert mit", {}},
        {"generated with", {}},
        {"created with", {}},
        {"made with", {}},
        {"symbolfoto", M::kSymbol},
        {"symbolfotos", M::kSymbol},
        {"symbolbild", M::kSymbol},
        {"symbolbilder", M::kSymbol},
        {"symbolic image", M::kSymbol},
        {"symbol image", M::kSymbol},
        {"symbolic photo", M::kSymbol},
        {"symbolic picture", M::kSymbol},
        {"illustrative image", M::kSymbol},
        {"archivfoto", M::kFile},
        {"archivbild", M::kFile},
        {"archivaufnahme", M::kFile},
        {"archiv:", M::kFile},
        {"file photo", M::kFile},
        {"file picture", M::kFile},
        {"file image", M::kFile},
        {"file:", M::kFile},
        {"archive photo", M::kFile},
        {"archive:", M::kFile},
        {"handout:", M::kHandout},
        {"handout photo", M::kHandout},
        {"pool:", M::kPool},
        {"pool photo", M::kPool},
        {"poolfoto", M::kPool},
        {"screenshot", M::kScreenshot},
        {"screengrab", M::kScreenshot},
        {"video still", M::kScreenshot},
        {"videostill", M::kScreenshot},
        {"standbild", M::kScreenshot},
        {"courtesy of", M::kCourtesy},
        {"courtesy:", M::kCourtesy},
        {"photo courtesy of", M::kCourtesy},
        {"photo courtesy", M::kCourtesy},
        {"image courtesy of", M::kCourtesy},
        {"picture courtesy of", M::kCourtesy},
        {"photo courtesy:", M::kCourtesy},
        {"mit freundlicher genehmigung von", M::kCourtesy},
        {"mit freundlicher genehmigung", M::kCourtesy},
        {"ki-generiert", M::kAiGenerated},
        {"ki generiert", M::kAiGenerated},
        {"ki-bild:", M::kAiGenerated},
        {"ai-generated", M::kAiGenerated},
        {"ai generated", M::kAiGenerated},
        {"ai image:", M::kAiGenerated},
        {"montage:", M::kMontage, true},
        {"fotomontage:", M::kMontage, true},
        {"bildmontage:", M::kMontage, true},
        {"collage:", M::kMontage, true},
        {"composite:", M::kMontage, true},
        {"illustration:", M::kIllustration, true},
        {"grafik:", M::kIllustration, true},
        {"infografik:", M::kIllustration, true},
        {"graphic:", M::kIllustration, true},
        {"infographic:", M::kIllustration, true},
    };
    std::stable_sort(l.begin(), l.end(),
                     [](const Label& a, const Label& b) { return a.phrase.size() > b.phrase.size(); });
    return l;
  }();
  return sorted;
}

struct Phrase {
  std::string_view phrase;
  ModifierKind modifier;
};

constexpr Phrase kModifierPhrases[] = {
    {"file", M::kFile},
    {"file photo", M::kFile},
    {"file picture", M::kFile},
    {"file image", M::kFile},
    {"archive", M::kFile},
    {"archives", M::kFile},
    {"archiv", M::kFile},
    {"archivbild", M::kFile},
    {"archivfoto", M::kFile},
    {"archive photo", M::kFile},
    {"aus dem archiv", M::kFile},
    {"archivaufnahme", M::kFile},
    {"pool", M::kPool},
    {"pool photo", M::kPool},
    {"pool foto", M::kPool},
    {"poolfoto", M::kPool},
    {"pool picture", M::kPool},
    {"handout photo", M::kHandout},
    {"handout picture", M::kHandout},
    {"pressebild", M::kHandout},
    {"press handout", M::kHandout},
    {"pressefoto", M::kHandout},
    {"symbolfoto", M::kSymbol},
    {"symbolbild", M::kSymbol},
    {"symbolbilder", M::kSymbol},
    {"symbolfotos", M::kSymbol},
    {"symbol image", M::kSymbol},
    {"symbolic image", M::kSymbol},
    {"symbolic photo", M::kSymbol},
    {"symbolic picture", M::kSymbol},
    {"illustrative image", M::kSymbol},
    {"montage", M::kMontage},
    {"fotomontage", M::kMontage},
    {"bildmontage", M::kMontage},
    {"collage", M::kMontage},
    {"photo montage", M::kMontage},
    {"photomontage", M::kMontage},
    {"composite image", M::kMontage},
    {"illustration", M::kIllustration},
    {"grafik", M::kIllustration},
    {"infografik", M::kIllustration},
    {"infographic", M::kIllustration},
    {"screenshot", M::kScreenshot},
    {"screengrab", M::kScreenshot},
    {"screen grab", M::kScreenshot},
    {"video still", M::kScreenshot},
    {"videostill", M::kScreenshot},
    {"standbild", M::kScreenshot},
    {"video screenshot", M::kScreenshot},
    {"ki-generiert", M::kAiGenerated},
    {"ki generiert", M::kAiGenerated},
    {"ki-bild", M::kAiGenerated},
    {"ai-generated", M::kAiGenerated},
    {"ai generated", M::kAiGenerated},
    {"generated with ai", M::kAiGenerated},
    {"mit ki erstellt", M::kAiGenerated},
    {"mit ki generiert", M::kAiGenerated},
    {"courtesy", M::kCourtesy},
    {"courtesy photo", M::kCourtesy},
    {"editorial use only", M::kEditorialOnly},
    {"for editorial use only", M::kEditorialOnly},
    {"editorial only", M::kEditorialOnly},
    {"nur redaktionell", M::kEditorialOnly},
    {"privatfoto", M::kPrivate},
};

struct Placeholder {
  std::string_view phrase;
  std::optional<ModifierKind> also;
};

constexpr Placeholder kPlaceholders[] = {
    {"uncredited", {}},
    {"unknown", {}},
    {"unbekannt", {}},
    {"stringer", {}},
    {"str", {}},
    {"staff", {}},
    {"staff photographer", {}},
    {"handout", M::kHandout},
    {"ho", M::kHandout},
    {"-", {}},
    {"--", {}},
    {"---", {}},
    {"?", {}},
    {"??", {}},
    {"n/a", {}},
    {"n.a.", {}},
    {"anonymous", {}},
    {"anonym", {}},
    {"privat", M::kPrivate},
    {"private", M::kPrivate},
    {"various", {}},
    {"diverse", {}},
    {"verschiedene", {}},
    {"photographer", {}},
    {"fotograf", {}},
    {"freelancer", {}},
    {"not credited", {}},
    {"hersteller", M::kHandout},
    {"pr", M::kHandout},
    {"promo", M::kHandout},
    {"veranstalter", M::kHandout},
    {"unternehmen", M::kHandout},
    {"presse", M::kHandout},
    {"family handout", M::kHandout},
    {"private photo", M::kPrivate},
};

constexpr std::string_view kParticles[] = {
    "von", "van", "der", "den", "de", "da", "di", "del", "della", "du",  "la",  "le", "ten", "ter",
    "zu",  "zur", "vom", "y",   "e",  "al", "el", "bin", "ibn",   "dos", "das", "do", "des", "af",
};

// Phrases that make a stretch of text an editor's note rather than a credit.
constexpr std::string_view kNotePhrases[] = {
    "editorial use",
    "editorial only",
    "redaktionell",
    "mandatory credit",
    "no marketing",
    "no advertising",
    "no sales",
    "no resales",
    "no archives",
    "not for sale",
    "attention editors",
    "third party",
    "images of the day",
    "distributed as a service",
    "must credit",
    "must be credited",
    "refile",
    "no use",
    "restricted to",
    "restricted",
    "nur für",
    "nur zur",
    "honorarfrei",
    "sperrfrist",
    "this image",
    "this picture",
    "tpx",
    "editors note",
    "editor's note",
    "mags out",
    "tv out",
    "no third party",
    "no reproduction",
    "no commercial",
    "strictly",
    "for use by",
};

// The labels by the first byte of their phrase (longest first within each), so that a text is compared
// only with the labels that can match its first character. Labels starting with a non-ASCII character are
// under 0x80: an ASCII byte folds to one ASCII byte, a non-ASCII one may fold to another lead byte.
// ASCII labels are indexed by their first two bytes, the others are in one list of their own.
std::size_t label_bucket(std::string_view s) {
  const auto a = static_cast<unsigned char>(s[0]);
  if (a >= 0x80) return 0;
  const auto b = s.size() > 1 ? static_cast<unsigned char>(s[1]) : 0u;
  if (b >= 0x80) return 1;
  return 2 + text::fold(a) * 128 + text::fold(b);
}

const std::vector<std::vector<const Label*>>& label_index() {
  static const std::vector<std::vector<const Label*>> index = [] {
    std::vector<std::vector<const Label*>> buckets(2 + 128 * 128);
    for (const Label& label : labels()) buckets[label_bucket(label.phrase)].push_back(&label);
    return buckets;
  }();
  return index;
}

}  // namespace

LabelMatch match_label(std::string_view s) {
  if (s.empty()) return {};
  // Text starting with a non-ASCII character may fold onto a non-ASCII label ("ФОТО:"); an ASCII pair only
  // onto a label starting with that pair (an ASCII byte folds to one ASCII byte).
  for (const Label* entry : label_index()[label_bucket(s)]) {
    const Label& label = *entry;
    const char last = label.phrase.back();
    std::size_t n = 0;
    if (last == ':') {  // "Photo : AFP" (French typography puts a space before the colon)
      n = text::starts_with_folded(s, label.phrase.substr(0, label.phrase.size() - 1));
      if (n == 0) continue;
      while (n < s.size() && s[n] == ' ') ++n;
      if (n >= s.size() || s[n] != ':') continue;
      ++n;
    } else {
      n = text::starts_with_folded(s, label.phrase);
    }
    if (n == 0) continue;
    const bool word_end = (last >= 'a' && last <= 'z');
    if (word_end && n < s.size()) {
      std::size_t i = n;
      const char32_t next = text::next_code_point(s, i);
      if (text::is_letter(next) || text::is_digit(next)) continue;
    }
    std::size_t end = n;
    while (end < s.size() && s[end] == ' ') ++end;
    if (last != ':' && end < s.size() && s[end] == ':') ++end;
    while (end < s.size() && s[end] == ' ') ++end;
    return {end, label.modifier, label.drops_rest};
  }
  return {};
}

namespace {

// Whole-element phrases, looked up by text::fold_key.
template <typename T>
using KeyMap = std::unordered_map<std::string, T>;

const KeyMap<ModifierKind>& modifier_keys() {
  static const KeyMap<ModifierKind> map = [] {
    KeyMap<ModifierKind> m;
    for (const Phrase& p : kModifierPhrases) m.emplace(text::fold_key(p.phrase), p.modifier);
    return m;
  }();
  return map;
}

const KeyMap<std::optional<ModifierKind>>& placeholder_keys() {
  static const KeyMap<std::optional<ModifierKind>> map = [] {
    KeyMap<std::optional<ModifierKind>> m;
    for (const Placeholder& p : kPlaceholders) m.emplace(text::fold_key(p.phrase), p.also);
    return m;
  }();
  return map;
}

}  // namespace

std::optional<ModifierKind> modifier_for_key(std::string_view key) {
  const auto& map = modifier_keys();
  const auto it = map.find(std::string(key));
  return it == map.end() ? std::nullopt : std::optional<ModifierKind>(it->second);
}

std::optional<ModifierKind> modifier_phrase(std::string_view element) {
  return modifier_for_key(text::fold_key(element));
}

bool placeholder_for_key(std::string_view element, std::string_view key, std::optional<ModifierKind>* also) {
  const std::string_view t = text::trim(element);
  // "-", "--", "?": fold_key keeps no dashes, so these are checked as they are.
  if (!t.empty() && t.find_first_not_of("-?") == std::string_view::npos && t.size() <= 3) {
    if (also != nullptr) *also = std::nullopt;
    return true;
  }
  if (key.empty()) return false;
  const auto& map = placeholder_keys();
  const auto it = map.find(std::string(key));
  if (it == map.end()) return false;
  if (also != nullptr) *also = it->second;
  return true;
}

bool is_placeholder(std::string_view element, std::optional<ModifierKind>* also) {
  return placeholder_for_key(element, text::fold_key(element), also);
}

bool is_name_particle(std::string_view folded_word) {
  return std::find(std::begin(kParticles), std::end(kParticles), folded_word) != std::end(kParticles);
}

namespace {

// The note phrases by their first byte, so that a scan looks at each position once.
const std::vector<std::vector<std::string_view>>& note_index() {
  static const std::vector<std::vector<std::string_view>> index = [] {
    std::vector<std::vector<std::string_view>> by_byte(256);
    for (const auto phrase : kNotePhrases) by_byte[static_cast<unsigned char>(phrase.front())].push_back(phrase);
    return by_byte;
  }();
  return index;
}

bool word_char_at(std::string_view s, std::size_t i) {
  if (i >= s.size()) return false;
  const char32_t c = text::next_code_point(s, i);
  return text::is_letter(c) || text::is_digit(c);
}

}  // namespace

bool is_article(std::string_view folded_word) {
  return folded_word == "the" || folded_word == "der" || folded_word == "die" || folded_word == "das";
}

std::size_t find_note(std::string_view s) {
  const auto& index = note_index();
  bool after_word = false;  // the previous character is a letter or digit
  for (std::size_t pos = 0; pos < s.size();) {
    const auto b = static_cast<unsigned char>(s[pos]);
    std::size_t next = pos + 1;
    bool word = false;
    if (b < 0x80) {
      word = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
    } else {
      next = pos;
      const char32_t c = text::next_code_point(s, next);
      word = text::is_letter(c) || text::is_digit(c);
    }
    if (b < 0x80 && !after_word) {  // every note phrase starts with an ASCII character
      const char32_t second = pos + 1 < s.size() ? text::fold(static_cast<unsigned char>(s[pos + 1])) : 0;
      for (const auto phrase : index[static_cast<unsigned char>(text::fold(b))]) {
        if (phrase.size() > 1 && static_cast<unsigned char>(phrase[1]) != second) continue;
        const std::size_t n = text::starts_with_folded(s.substr(pos), phrase);
        if (n > 0 && !word_char_at(s, pos + n)) return pos;
      }
    }
    after_word = word;
    pos = next;
  }
  return std::string_view::npos;
}

void note_modifiers(std::string_view s, std::vector<ModifierKind>& modifiers) {
  auto has = [&](std::string_view phrase) { return text::find_words_folded(s, phrase) != std::string_view::npos; };
  if (has("editorial use") || has("editorial only") || has("redaktionell") || has("redaktionelle")) {
    modifiers.push_back(M::kEditorialOnly);
  }
  if (has("handout") || has("third party")) modifiers.push_back(M::kHandout);
  if (has("file photo")) modifiers.push_back(M::kFile);
  if (has("pool")) modifiers.push_back(M::kPool);
}

const std::vector<std::string_view>& boilerplate_phrases() {
  static const std::vector<std::string_view> phrases{
      "all rights reserved",           "alle rechte vorbehalten", "tous droits r\xC3\xA9serv\xC3\xA9s",
      "todos los derechos reservados", "some rights reserved",    "tutti i diritti riservati",
  };
  return phrases;
}

const std::vector<Decoration>& organization_decorations() {
  static const std::vector<Decoration> words{
      {"photo", {}},         {"photos", {}},           {"foto", {}},        {"fotos", {}},
      {"pictures", {}},      {"picture", {}},          {"images", {}},      {"image", {}},
      {"bild", {}},          {"bilder", {}},           {"wire", {}},        {"stock photo", {}},
      {"stock", {}},         {"live news", {}},        {"news", {}},        {"international", {}},
      {"pool", M::kPool},    {"handout", M::kHandout}, {"ho", M::kHandout}, {"file", M::kFile},
      {"archive", M::kFile}, {"archiv", M::kFile},
  };
  return words;
}

}  // namespace photoaudit::registry::vocabulary

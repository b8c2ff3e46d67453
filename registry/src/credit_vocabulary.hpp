// Private to photoaudit_registry: the words of credit lines that are grammar rather than names (labels,
// placeholders, modifiers, editor's notes, licences). Organisation names are data (organizations.yaml).
// Every phrase is written folded (lower case); matching is case-insensitive and Unicode-aware.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/registry/credit.hpp"

namespace photoaudit::registry::vocabulary {

// A label that starts a credit or a clause ("Foto:", "©", "Photo by", "Symbolfoto:", "Montage:").
struct LabelMatch {
  std::size_t length = 0;                // bytes consumed, including a following ':' and spaces
  std::optional<ModifierKind> modifier;  // what the label says about the picture
  bool drops_rest = false;               // "Montage: Infografik WELT": the rest names the graphic's author
};
// The label at the start of s, or length 0.
LabelMatch match_label(std::string_view s);

// The modifier a whole element names ("File", "Archiv", "POOL", "Symbolbild", "Screenshot", "KI-generiert").
std::optional<ModifierKind> modifier_phrase(std::string_view element);

// Placeholders stand where the photographer's name would ("Uncredited", "STRINGER", "HANDOUT", "-", "privat").
// Returns true for one; *also is set for placeholders that are modifiers too (HANDOUT, privat).
bool is_placeholder(std::string_view element, std::optional<ModifierKind>* also);

// The same two lookups for an element whose text::fold_key is already known.
std::optional<ModifierKind> modifier_for_key(std::string_view key);
bool placeholder_for_key(std::string_view element, std::string_view key, std::optional<ModifierKind>* also);

// Words that turn a name into a person's name ("von", "de", "van der") without being capitalised.
bool is_name_particle(std::string_view folded_word);

// Articles that start organisation names ("The", "Der", "Die", "Das").
bool is_article(std::string_view folded_word);

// Editor's notes: "RESTRICTED TO EDITORIAL USE", "MANDATORY CREDIT", "NO ARCHIVES", "TPX IMAGES OF THE DAY".
// find_note: the position of the first note phrase in s, or npos.
std::size_t find_note(std::string_view s);
// Adds the modifiers a note implies (editorial-only, handout, file, pool).
void note_modifiers(std::string_view note, std::vector<ModifierKind>& modifiers);

// Phrases to delete wherever they occur ("All rights reserved", "Alle Rechte vorbehalten").
const std::vector<std::string_view>& boilerplate_phrases();

// Trailing words that decorate an organisation name ("AFP PHOTO", "Alamy Stock Photo", "PA Wire",
// "Kremlin Pool"): the folded word and the modifier it implies, if any.
struct Decoration {
  std::string_view word;
  std::optional<ModifierKind> modifier;
};
const std::vector<Decoration>& organization_decorations();

// An open licence inside s: "CC BY-SA 4.0", "CC-BY-SA-4.0", "license CC0", "Public Domain".
struct LicenseMatch {
  std::size_t begin = 0;  // byte range in s, including a preceding "license"/"Lizenz:" word
  std::size_t end = 0;
  std::string id;  // "CC-BY-SA-4.0", "CC0-1.0", "public-domain"
};
std::optional<LicenseMatch> find_license(std::string_view s);

}  // namespace photoaudit::registry::vocabulary

// Private to photoaudit_registry: the credit parser's pieces.
//
// A credit is read top-down: sentences (';'), editor's notes (" - " parts in capitals), clauses (','),
// "via" parts (outermost last), chains ('/', '|', " - "), elements. Each element becomes a block: an
// organisation (or several: "EPA-EFE"), a person, a placeholder, or a candidate whose role the chain
// decides. In a chain, organisations before the photographer are printed outermost first ("picture alliance
// / AP | X"), those after it innermost first ("X/AP Photo/picture alliance").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/registry/credit.hpp"
#include "photoaudit/registry/organizations.hpp"

namespace photoaudit::registry::detail {

// A piece of text between separators, and the separator before it ('/', '|', '-', ',', ';', or 0).
struct Span {
  std::string_view text;
  char separator_before = 0;
};

// Which separators split_top splits at.
enum class Separators {
  kSentence,  // ';'
  kClause,    // ','
  kNote,      // " - " (a hyphen with a space on each side)
  kChain,     // '/', '|', " - "
};

// Splits s at the separators that lie outside parentheses, brackets and quotes. Unbalanced brackets or
// quotes are treated as plain characters. Empty spans are kept (callers skip them).
std::vector<Span> split_top(std::string_view s, Separators separators);

// Splits s at the whole word `word` (case-insensitive) where it lies outside brackets and quotes.
std::vector<std::string_view> split_word_top(std::string_view s, std::string_view word);

// The text of s outside top-level bracket groups and quoted strings, and the contents of those groups.
struct Groups {
  std::string outside;
  std::vector<std::string_view> brackets;  // "(Keystone)" -> "Keystone"
  std::vector<std::string_view> quotes;    // "\"AFP PHOTO / CCTV\"" -> "AFP PHOTO / CCTV"
};
Groups extract_groups(std::string_view s);

// When all of s is one bracket group ("(AP Photo/Jon Super, File)"), its contents; otherwise s.
std::string_view unwrap(std::string_view s);

// One unit of a chain.
struct Block {
  enum class Kind { kOrganizations, kPerson, kPlaceholder, kCandidate };
  explicit Block(Kind k) : kind(k) {}
  Kind kind;
  std::vector<CreditOrganization> organizations;  // kOrganizations: outermost first
  std::vector<std::string> people;                // kPerson
  std::string text;                               // kCandidate: the name as printed
  std::string key;                                // kCandidate: text::fold_key(text)
  int person_score = 0;                           // kCandidate: how much it looks like a person's name
  bool after_bar = false;                         // printed right after '|' ("picture alliance / dpa | X")
};

class Parser {
 public:
  explicit Parser(const OrganizationTable& table) : table_(table) {}

  // Reads cleaned text (see text::clean) into out. depth counts bracket nesting; deeper groups are text.
  void parse_text(std::string_view s, int depth, CreditReading& out) const;

 private:
  void parse_sentence(std::string_view s, int depth, CreditReading& out) const;
  void parse_clauses(std::string_view s, int depth, CreditReading& out) const;
  void parse_via(std::string_view s, int depth, CreditReading& out) const;
  void parse_chain(std::string_view s, int depth, CreditReading& out) const;

  // Strips labels ("Foto:", "©", "Symbolfoto:") from the front of s, noting their modifiers. Returns
  // false when a label says the rest is not a credit ("Montage: Infografik WELT").
  bool strip_labels(std::string_view& s, CreditReading& out) const;
  // An editor's note ("RESTRICTED TO EDITORIAL USE", "Editorial use only"): notes its modifiers.
  bool is_note(std::string_view s, CreditReading& out) const;

  // Elements (credit_elements.cpp).
  void classify(std::string_view element, bool after_bar, int depth, std::vector<Block>& blocks,
                CreditReading& out) const;
  void classify_text(std::string_view element, bool after_bar, std::vector<Block>& blocks, CreditReading& out) const;
  // key: text::fold_key(name) when the caller has it, else empty.
  bool resolve(std::string_view name, std::string_view key, std::vector<CreditOrganization>& into,
               CreditReading& out) const;
  // A name made only of known names and decorations ("Pool Sputnik Kremlin").
  bool resolve_words(std::string_view name, std::vector<CreditOrganization>& into, CreditReading& out) const;
  // key: text::fold_key(name).
  bool looks_like_organization(std::string_view name, std::string_view key) const;
  int person_score(std::string_view name) const;
  CreditOrganization unknown_organization(std::string_view name) const;

  const OrganizationTable& table_;
};

// Deepest bracket nesting the parser follows.
inline constexpr int kMaxDepth = 6;
// Most organisations and photographers one reading keeps (a real credit names a handful).
inline constexpr std::size_t kMaxNames = 100;

// Adds a modifier unless out has it already.
void add_modifier(CreditReading& out, ModifierKind kind, std::string value = {});
// Adds a photographer unless out has one with the same folded name.
void add_photographer(CreditReading& out, std::string_view name);
// Adds an organisation unless out has one with the same canonical id.
void add_organization(CreditReading& out, const CreditOrganization& organization);

}  // namespace photoaudit::registry::detail

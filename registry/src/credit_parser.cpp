// The credit parser, top-down: line -> sentences -> notes -> clauses -> via parts -> chains.
#include "credit_parser.hpp"

#include <algorithm>
#include <string>

#include "credit_vocabulary.hpp"
#include "unicode_text.hpp"

namespace photoaudit::registry {
namespace detail {
namespace {

// Removes "+++ dpa-Bildfunk +++" wire trailers: everything between "+++" markers (or after a lone one).
std::string strip_wire_trailers(std::string s) {
  for (std::size_t open = s.find("+++"); open != std::string::npos; open = s.find("+++", open)) {
    const std::size_t close = s.find("+++", open + 3);
    s.erase(open, close == std::string::npos ? std::string::npos : close + 3 - open);
  }
  return s;
}

// Removes "All rights reserved" and its kin, with the punctuation around them.
std::string strip_boilerplate(std::string s) {
  for (const auto phrase : vocabulary::boilerplate_phrases()) {
    for (std::size_t at = text::find_words_folded(s, phrase); at != std::string::npos;
         at = text::find_words_folded(s, phrase, at)) {
      std::size_t end = at + text::starts_with_folded(std::string_view(s).substr(at), phrase);
      while (end < s.size() && (s[end] == '.' || s[end] == ' ')) ++end;
      // Rebuilt rather than replace()d: GCC 12's -Wrestrict misfires on std::string::replace at -O3.
      std::string rebuilt(s, 0, at);
      rebuilt.push_back(' ');
      rebuilt.append(s, end, std::string::npos);
      s.swap(rebuilt);
    }
  }
  return s;
}

int rank(const Block& block, const OrganizationTable& table) {
  int best = 1;
  for (const auto& org : block.organizations) {
    const Organization* known = table.by_id(org.canonical);
    if (known == nullptr) continue;
    switch (known->kind) {
      case OrganizationKind::kDistributor:
      case OrganizationKind::kStock:
      case OrganizationKind::kPlatform:
        best = std::max(best, 3);
        break;
      case OrganizationKind::kAgency:
        best = std::max(best, 2);
        break;
      default:
        break;
    }
  }
  return best;
}

// Picks the photographer among the candidates: the most name-like; on a tie the one printed after '|'
// (the picture-alliance and imago form), then the first. Its repetitions are the same person (CMS
// duplicates); the other candidates are organisations the alias table does not know.
void assign_people(std::vector<Block>& blocks) {
  std::size_t best = blocks.size();
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    if (b.kind != Block::Kind::kCandidate) continue;
    if (best == blocks.size() || b.person_score > blocks[best].person_score ||
        (b.person_score == blocks[best].person_score && b.after_bar && !blocks[best].after_bar)) {
      best = i;
    }
  }
  const bool has_person = std::any_of(blocks.begin(), blocks.end(),
                                      [](const Block& b) { return b.kind == Block::Kind::kPerson; });
  const std::string key = best < blocks.size() ? blocks[best].key : std::string();
  for (Block& b : blocks) {
    if (b.kind != Block::Kind::kCandidate) continue;
    if (!has_person && b.key == key) {
      b.kind = Block::Kind::kPerson;
      b.people.push_back(b.text);
    } else {
      b.kind = Block::Kind::kOrganizations;  // filled in by parse_chain via unknown_organization
    }
  }
}

}  // namespace

void Parser::parse_text(std::string_view s, int depth, CreditReading& out) const {
  for (const Span& sentence : split_top(s, Separators::kSentence)) parse_sentence(sentence.text, depth, out);
}

bool Parser::strip_labels(std::string_view& s, CreditReading& out) const {
  for (int guard = 0; guard < 8; ++guard) {
    s = text::trim(s);
    const vocabulary::LabelMatch label = vocabulary::match_label(s);
    if (label.length == 0) return true;
    if (label.modifier) add_modifier(out, *label.modifier);
    if (label.drops_rest) return false;
    s.remove_prefix(label.length);
  }
  return true;
}

bool Parser::is_note(std::string_view s, CreditReading& out) const {
  if (vocabulary::find_note(s) == std::string_view::npos) return false;  // the common case, decided cheaply
  const Groups groups = extract_groups(s);
  const std::string_view bare = text::trim(groups.outside);
  const std::size_t note = vocabulary::find_note(bare);
  if (note == std::string_view::npos) return false;
  // A note is in capitals, starts with its phrase, or has none of the separators a credit has;
  // "REUTERS/Yves Herman TPX IMAGES OF THE DAY" is a credit with a note appended (see classify_text).
  const bool plain = bare.find('/') == std::string_view::npos && bare.find('|') == std::string_view::npos;
  if (!text::is_all_upper(bare) && note != 0 && !plain) return false;
  std::vector<ModifierKind> implied;
  vocabulary::note_modifiers(bare, implied);
  for (const ModifierKind kind : implied) add_modifier(out, kind);
  return true;
}

void Parser::parse_sentence(std::string_view s, int depth, CreditReading& out) const {
  s = unwrap(s);
  if (!strip_labels(s, out)) return;
  std::string main_text;
  std::vector<std::string_view> extra;          // credits inside notes: "... CAMPAIGNS (Photo by X/AFP)"
  std::vector<std::string_view> supplementary;  // MANDATORY CREDIT "AFP PHOTO / CCTV": read last
  for (const Span& part : split_top(s, Separators::kNote)) {
    if (is_note(part.text, out)) {
      const Groups groups = extract_groups(part.text);
      extra.insert(extra.end(), groups.brackets.begin(), groups.brackets.end());
      supplementary.insert(supplementary.end(), groups.quotes.begin(), groups.quotes.end());
      continue;
    }
    if (!main_text.empty()) main_text += " - ";
    main_text.append(text::trim(part.text));
  }
  parse_clauses(main_text, depth, out);
  if (depth >= kMaxDepth) return;
  for (const auto group : extra) parse_text(group, depth + 1, out);
  for (const auto quoted : supplementary) parse_text(quoted, depth + 1, out);
}

void Parser::parse_clauses(std::string_view s, int depth, CreditReading& out) const {
  for (const Span& clause : split_top(s, Separators::kClause)) {
    std::string_view c = unwrap(clause.text);
    if (!strip_labels(c, out)) continue;
    if (c.empty() || is_note(c, out)) continue;
    parse_via(c, depth, out);
  }
}

void Parser::parse_via(std::string_view s, int depth, CreditReading& out) const {
  const std::vector<std::string_view> parts = split_word_top(s, "via");
  if (parts.size() > 1) add_modifier(out, ModifierKind::kVia);
  // "A via B": B distributed it, so B is outermost.
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) parse_chain(*it, depth, out);
}

void Parser::parse_chain(std::string_view s, int depth, CreditReading& out) const {
  std::vector<Block> blocks;
  for (const Span& span : split_top(s, Separators::kChain)) {
    classify(span.text, span.separator_before == '|', depth, blocks, out);
  }
  assign_people(blocks);
  for (Block& b : blocks) {
    if (b.kind == Block::Kind::kOrganizations && b.organizations.empty() && !b.text.empty()) {
      b.organizations.push_back(unknown_organization(b.text));
    }
  }
  std::size_t anchor = blocks.size();  // the photographer, or the placeholder standing for one
  for (std::size_t i = 0; i < blocks.size() && anchor == blocks.size(); ++i) {
    if (blocks[i].kind == Block::Kind::kPerson) anchor = i;
  }
  for (std::size_t i = 0; i < blocks.size() && anchor == blocks.size(); ++i) {
    if (blocks[i].kind == Block::Kind::kPlaceholder) anchor = i;
  }
  std::vector<const Block*> order;
  std::vector<const Block*> orgs;
  for (const Block& b : blocks) {
    if (b.kind == Block::Kind::kOrganizations) orgs.push_back(&b);
  }
  if (anchor < blocks.size()) {
    for (std::size_t i = 0; i < anchor; ++i) {
      if (blocks[i].kind == Block::Kind::kOrganizations) order.push_back(&blocks[i]);
    }
    for (std::size_t i = blocks.size(); i-- > anchor + 1;) {
      if (blocks[i].kind == Block::Kind::kOrganizations) order.push_back(&blocks[i]);
    }
  } else {
    // No photographer: "picture alliance/dpa" is printed outermost first, "KCNA/Reuters" and
    // "AFP/Getty Images" innermost first. The organisations' kinds decide; on a tie, innermost first.
    order = orgs;
    if (orgs.size() >= 2 && rank(*orgs.front(), table_) <= rank(*orgs.back(), table_)) {
      std::reverse(order.begin(), order.end());
    }
  }
  for (const Block* b : order) {
    for (const auto& org : b->organizations) add_organization(out, org);
  }
  for (const Block& b : blocks) {
    if (b.kind == Block::Kind::kPerson) {
      for (const auto& person : b.people) add_photographer(out, person);
    }
    if (b.kind == Block::Kind::kPlaceholder) out.placeholder = true;
  }
}

void add_modifier(CreditReading& out, ModifierKind kind, std::string value) {
  Modifier m{kind, std::move(value)};
  if (std::find(out.modifiers.begin(), out.modifiers.end(), m) == out.modifiers.end()) {
    out.modifiers.push_back(std::move(m));
  }
}

void add_photographer(CreditReading& out, std::string_view name) {
  if (out.photographers.size() >= kMaxNames) return;
  for (const auto& existing : out.photographers) {
    if (text::same_key(existing, name)) return;
  }
  out.photographers.emplace_back(name);
}

void add_organization(CreditReading& out, const CreditOrganization& organization) {
  if (out.organizations.size() >= kMaxNames) return;
  if (out.organization(organization.canonical) == nullptr) out.organizations.push_back(organization);
}

}  // namespace detail

Result<CreditReading> parse_credit(std::string_view input, const OrganizationTable& table,
                                   const CreditOptions& options) {
  if (input.size() > options.max_bytes) {
    return fail(Error::limit_exceeded("credit line is " + std::to_string(input.size()) +
                                      " bytes, more than the limit of " + std::to_string(options.max_bytes)));
  }
  if (const std::size_t bad = text::find_invalid_utf8(input); bad != std::string_view::npos) {
    return fail(Error::invalid_argument("credit line is not valid UTF-8 (byte " + std::to_string(bad) + ")"));
  }
  const std::string cleaned = detail::strip_boilerplate(detail::strip_wire_trailers(text::clean(input)));
  if (text::trim(cleaned).empty()) return fail(Error::invalid_argument("credit line is empty"));
  CreditReading reading;
  reading.input.assign(input);
  detail::Parser(table).parse_text(cleaned, 0, reading);
  if (reading.empty() && reading.unrecognized.empty()) reading.unrecognized.emplace_back(text::trim(cleaned));
  return reading;
}

}  // namespace photoaudit::registry

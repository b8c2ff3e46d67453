// OrganizationTable: the alias table that turns the names printed in credits ("ASSOCIATED PRESS",
// "AP Photo", "The Associated Press") into canonical organisation ids ("ap").
//
// The table is data: the default one is registry/data/organizations.yaml, compiled into the binary, and a
// license registry adds organisations and aliases of its own. Names are compared Unicode-aware: NFKC with
// case folding (ICU), with runs of spaces, '-' and '_' treated as one space.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "photoaudit/common/error.hpp"

namespace photoaudit::registry {

// What an organisation does with photos. Distributors, stock libraries and platforms usually stand
// outermost in a credit; the kind also decides which organisations a contract must cover.
enum class OrganizationKind {
  kAgency,       // takes and distributes its own photos (AP, dpa, SZ Photo)
  kDistributor,  // distributes other agencies' photos (picture alliance, Getty Images, imago)
  kStock,        // stock library (Shutterstock, Alamy, Adobe Stock)
  kStateMedia,   // state-controlled media (TASS, Sputnik, Xinhua, KCNA)
  kPublisher,    // newspaper, broadcaster, magazine
  kGovernment,   // government, institution, press office (Kremlin, NASA)
  kPlatform,     // user platform (Wikimedia Commons, Flickr, Instagram)
  kGenerator,    // image generator (Midjourney, DALL-E): credited, the picture is AI-generated
  kOther,
};

// "agency", "distributor", "stock", "state-media", "publisher", "government", "platform", "generator",
// "other".
std::string_view to_string(OrganizationKind kind);
// The inverse of to_string; nullopt for any other text.
std::optional<OrganizationKind> parse_organization_kind(std::string_view text);

// True for the kinds that license photos (agency, distributor, stock, state-media, platform): a contract
// that distributes another organisation's photos must name these in `covers`.
bool licenses_photos(OrganizationKind kind);

struct Organization {
  std::string id;    // canonical id: lower case, e.g. "picture-alliance"
  std::string name;  // usual short name, e.g. "picture alliance"
  OrganizationKind kind = OrganizationKind::kOther;
  std::vector<std::string> aliases;  // compared without regard to case
  // Compared exactly ("PA" vs "pa"); a name or alias listed here too is matched in exactly this case only.
  std::vector<std::string> case_sensitive_aliases;
};

class OrganizationTable {
 public:
  // An empty table.
  OrganizationTable() = default;

  // The table compiled in from registry/data/organizations.yaml, parsed on first use (thread-safe).
  // The shipped data is checked by registry_tests; should it ever fail to parse, this is an empty table.
  static const OrganizationTable& builtin();

  // Parses a table in the format of registry/data/organizations.yaml. name is used in messages only.
  // Fails with kInvalidArgument naming name, line and column on a YAML error, an empty text, more than one
  // document, a root that is not a mapping, a quoted value left open, a key twice in one mapping, a missing id
  // or name, an unknown kind, or an alias that already names another organisation.
  static Result<OrganizationTable> from_yaml(std::string_view yaml, std::string_view name);

  // Adds an organisation with its id, name and aliases. Fails with kInvalidArgument when the id exists or
  // when one of its names already names a different organisation. An alias of its own twice is fine.
  Result<void> add(Organization organization);

  // Adds one more alias to the organisation with this id. Fails with kNotFound (no such id) or
  // kInvalidArgument (the alias names a different organisation).
  Result<void> add_alias(std::string_view id, std::string_view alias);

  // The organisation that name (an id, name or alias, any case) names, or nullptr. Case-sensitive aliases
  // are tried first. The pointer stays valid until the table is modified or destroyed.
  const Organization* find(std::string_view name) const;

  // The key names are compared under: NFKC with case folding (ICU), runs of spaces, '-' and '_' made one
  // space, trimmed. Two names that have the same key are the same name.
  static std::string match_key(std::string_view name);

  // find(name) for a caller that already has key == match_key(name) (saves folding twice).
  const Organization* find(std::string_view name, std::string_view key) const;

  // The organisation with exactly this id, or nullptr.
  const Organization* by_id(std::string_view id) const;

  // The canonical id for name: find(name)->id when the table knows it, otherwise a slug of the name
  // ("Independent Record" -> "independent-record"), so unknown organisations still compare by name.
  std::string canonical_id(std::string_view name) const;

  // True when some id, name or alias (folded) starts with this folded word ("sputnik", "kremlin").
  bool starts_some_name(std::string_view folded_word) const;

  // Word lists for telling organisations from people; word is a fold_key()-ed single word.
  bool is_organization_word(std::string_view folded_word) const;
  bool has_organization_ending(std::string_view folded_word) const;

  const std::vector<Organization>& organizations() const { return organizations_; }
  std::size_t size() const { return organizations_.size(); }

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>>;

  Result<void> index_name(std::size_t index, std::string_view name, bool case_sensitive);

  std::vector<Organization> organizations_;
  Index by_id_;
  Index by_key_;    // fold_key(name) -> index
  Index by_exact_;  // case-sensitive alias -> index
  std::unordered_set<std::string, StringHash, std::equal_to<>> words_;
  std::unordered_set<std::string, StringHash, std::equal_to<>> first_words_;  // first words of folded names
  std::vector<std::string> endings_;
};

}  // namespace photoaudit::registry

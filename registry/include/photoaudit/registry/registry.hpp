// The license registry: the YAML file in which the legal team records which licensors the house has
// contracts with (valid when, for which channels and territories, covering which agencies, requiring
// which credit form) and which sources must not be used at all. docs/registry.md documents the format;
// fixtures/registry.yaml is a complete example.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/common/error.hpp"
#include "photoaudit/registry/organizations.hpp"

namespace photoaudit::registry {

// Where the house publishes.
enum class Channel { kPrint, kOnline, kSocial, kApp, kTv };
// "print", "online", "social", "app", "tv".
std::string_view to_string(Channel channel);
// The inverse of to_string (case-insensitive); nullopt for anything else.
std::optional<Channel> parse_channel(std::string_view text);

using Date = std::chrono::year_month_day;
// Parses an ISO 8601 calendar date "YYYY-MM-DD" that exists (2026-02-30 does not); nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);
// "YYYY-MM-DD".
std::string format_date(const Date& date);
// Today's date in UTC.
Date today();

// A place in the registry file, 1-based; 0 when unknown.
struct SourceLocation {
  int line = 0;
  int column = 0;
};

struct Contract {
  std::string id;                        // unique in the registry, e.g. "PA-2026"
  std::optional<Date> valid_from;        // first day it applies; absent = no start
  std::optional<Date> valid_until;       // last day it applies (inclusive); absent = open-ended
  std::vector<Channel> channels;         // empty = every channel
  std::vector<std::string> territories;  // ISO 3166-1 alpha-2 codes, upper case; empty = worldwide
  // Canonical ids of the originating agencies distributed under it. nullopt = the licensor's own photos
  // only. The licensor's own photos are always covered.
  std::optional<std::vector<std::string>> covers;
  std::string credit_format;  // required credit form, e.g. "picture alliance / {agency} | {photographer}"
  bool editorial_only = false;
  bool single_use = false;  // each photo may be published once; the catalog checks re-use
  std::string note;
  SourceLocation location;
};

struct Licensor {
  std::string id;  // as written in the registry
  std::string name;
  std::string organization;  // the canonical organisation id it stands for (often equal to id)
  std::vector<std::string> aliases;
  std::vector<Contract> contracts;  // empty = known, but no contract
  std::string note;
  SourceLocation location;
};

struct BlockedSource {
  std::string name;
  std::string organization;  // canonical organisation id
  std::vector<std::string> aliases;
  std::string reason;         // e.g. "EU Regulation 833/2014, Art. 2f, Annex XV"
  std::optional<Date> since;  // absent = always
  SourceLocation location;
};

// What the house accepts of Content Credentials (C2PA), the registry's `content_credentials` (docs/registry.md).
struct ContentCredentialsPolicy {
  // Credentials that verify are accepted whoever signed them: no c2pa-untrusted warning for a signer outside the
  // --trust anchors (c2pa-invalid is never turned off). Default: false.
  bool accept_any_signer = false;

  bool operator==(const ContentCredentialsPolicy&) const = default;
};

struct Registry {
  std::string source;  // the file it was read from (or the name given to check_registry_text)
  ContentCredentialsPolicy content_credentials{};
  // The built-in alias table plus the registry's organisations, licensors, blocked sources and aliases.
  OrganizationTable organizations;
  std::vector<Licensor> licensors;
  std::vector<BlockedSource> blocked;

  // The licensor that stands for this canonical organisation id, or nullptr. Valid while *this lives.
  const Licensor* licensor_for(std::string_view organization_id) const;
  // The blocked entry for this canonical organisation id, or nullptr.
  const BlockedSource* blocked_for(std::string_view organization_id) const;
};

// One problem in a registry file.
struct RegistryProblem {
  std::string file;
  SourceLocation location;
  std::string message;
  // "file:line:column: message" (the form compilers use, so editors jump to it).
  std::string to_string() const;
};

struct RegistryOptions {
  // Larger files are refused before parsing. Default: 16 MiB (a registry of thousands of contracts is
  // well under 1 MiB).
  std::uint64_t max_bytes = std::uint64_t{16} << 20;
  // YAML nodes visited at most (guards against alias bombs). Default: 1,000,000.
  std::size_t max_nodes = 1'000'000;
  // The alias table the registry extends. Default (nullptr): OrganizationTable::builtin().
  const OrganizationTable* base = nullptr;
};

// The result of checking a registry: what could be read, and every problem found.
struct RegistryCheck {
  Registry registry;
  std::vector<RegistryProblem> problems;
  bool ok() const { return problems.empty(); }
};

// Reads and checks the registry file at path. Problems in the text (YAML syntax, tabs, unknown keys,
// bad dates, duplicate ids, overlapping contracts of one licensor, `covers` naming an unknown organisation,
// ...) are listed in RegistryCheck::problems with their line and column. A text whose parsed tree cannot be
// trusted fails closed, as a problem, and nothing of it is read: an empty file or `~`, more than one YAML
// document, a root that is not a mapping, a quoted value never closed, a key at column 0 that is not a key of
// the parsed root (a quote above it swallowed it), a key twice in one mapping. Fails only when the file cannot
// be read: kNotFound (missing), kIOError (a directory, unreadable), kLimitExceeded (over max_bytes).
Result<RegistryCheck> check_registry(const std::filesystem::path& path, const RegistryOptions& options = {});

// The same for text in memory; name is used as the file name in problems.
RegistryCheck check_registry_text(std::string_view yaml, std::string_view name, const RegistryOptions& options = {});

// Reads a registry for use. Fails as check_registry does, and with kInvalidArgument when the file has any
// problem; the message names the file and lists the first problems (run `photoaudit registry check`).
Result<Registry> load_registry(const std::filesystem::path& path, const RegistryOptions& options = {});

}  // namespace photoaudit::registry

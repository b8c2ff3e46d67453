// Finding: one thing an audit has to tell a picture editor about one image, under a rule of the rule table.
//
// The registry's license rules (credit-missing, license-expired, source-blocked, ...) and the audit's own
// rules (duplicate, metadata-unreadable, single-use-reused, ...) share this type, so every report writer
// handles them alike. rules.hpp is the one list of rules: a finding names its rule by the enum, and writers
// print the rule's id from the table.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/registry/rules.hpp"

namespace photoaudit::registry {

// How a copy of a photo relates to another, strongest first (the audit's duplicate clusters and findings).
enum class Relation {
  kExact,    // byte-identical files
  kContent,  // the same coded image data, different metadata
  kNear,     // the same photo by the same-photo rule (resized, recompressed, cropped, mirrored, ...)
};

// Stable lower-case name: "exact", "content", "near".
constexpr std::string_view to_string(Relation relation) {
  switch (relation) {
    case Relation::kExact: return "exact";
    case Relation::kContent: return "content";
    case Relation::kNear: return "near";
  }
  return "near";
}

// Another image a finding is about: a copy of the same photo, in the audited set or in the archive.
struct RelatedImage {
  std::string path{};                  // the audited image's display path, or the archive copy's path
  std::optional<Relation> relation{};  // how it relates to the finding's image (absent when not known)
  std::optional<int> distance{};       // PDQ distance between the two, when known
  std::string credit{};                // the credit it carries ("" = none)
  bool in_archive = false;             // a copy in the --index catalog (an earlier use), not an audited image

  bool operator==(const RelatedImage&) const = default;
};

// One finding about one image (the image whose findings hold it). Besides rule, severity and message, the
// facts the message names, as data, so that no code has to read them back out of the message: each rule
// fills the ones it is about, the others stay empty. (Members are value-initialised with {} so that an
// initializer naming only some of them is complete.)
struct Finding {
  Rule rule = Rule::kCreditMissing;
  Severity severity = Severity::kWarning;  // usually rule_info(rule).severity; some checks report another
  std::string message{};  // one or two sentences a picture editor understands; names the source and contract

  std::string contract{};         // the contract id it is about (license-*, credit-format, single-use-reused, ...)
  std::string organization{};     // the licensor or source it names (its display name)
  std::string printed_credit{};   // the credit printed next to the image on a page, when it is about that
  std::string embedded_credit{};  // the image's own credit (credit line, else copyright), when it is about that
  std::string reason{};           // why a file or a credit could not be read, or what is damaged (the reader's text)
  std::vector<RelatedImage> related{};  // the other copies it is about (duplicate, duplicate-credit, ...)

  bool operator==(const Finding&) const = default;
};

}  // namespace photoaudit::registry

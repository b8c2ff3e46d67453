// Finding: one thing an audit has to tell a picture editor about one image, under a rule of the rule table.
//
// The registry's license rules (credit-missing, license-expired, source-blocked, ...) and the audit's own
// rules (duplicate, metadata-unreadable, single-use-reused, ...) share this type, so every report writer
// handles them alike. rules.hpp is the one list of rules: a finding names its rule by the enum, and writers
// print the rule's id from the table.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "photoaudit/common/relation.hpp"
#include "photoaudit/registry/registry.hpp"
#include "photoaudit/registry/rules.hpp"

namespace photoaudit::registry {

// How a copy of a photo relates to another, strongest first (the audit's duplicate clusters and findings): the
// same enum as the same-photo engine's, from photoaudit/common/relation.hpp.
using photoaudit::Relation;
using photoaudit::to_string;

// How many related copies or page places a finding names; it counts the rest ("a, b, c, d, e and 3 more"), so
// that findings and their messages stay short however large a duplicate cluster or a page is.
inline constexpr std::size_t kNamedItems = 5;

// Another image a finding is about: a copy of the same photo, in the audited set or in the archive.
struct RelatedImage {
  std::string path{};                  // the audited image's display path, or the archive copy's path
  std::optional<Relation> relation{};  // how it relates to the finding's image (absent when not known)
  std::optional<int> distance{};       // PDQ distance between the two, when known
  std::string credit{};                // the credit it carries ("" = none)
  bool in_archive = false;             // a copy in the --index catalog (an earlier use), not an audited image
  std::string method{};                // how an archive copy was matched ("pdq", "local-features", ...; "" = not said)
  std::string used_on{};               // an archive copy: the UTC day (YYYY-MM-DD) of its first use; "" = not known
  // An archive copy that another audited image's search found, that image being the same photo as this one (in
  // its duplicate cluster): that image's display path; relation is then absent and distance and method are to
  // it. "" = this image's own search found the copy.
  std::string via{};

  bool operator==(const RelatedImage&) const = default;
};

// The facts a finding's message names beyond the common ones (contract, organization, credits, reason,
// related), one struct per message form that needs them. A rule with several message forms tells them apart
// by this detail (or by which common facts are set, as each struct says). Writers never read these: they
// print render_message(), and the audit JSON prints the common facts only.

// The metadata field a credit-unparsed finding could not read (its parser's error is `reason`).
enum class CreditField { kCreditLine, kPrintedCredit, kByline, kSourceField, kCopyrightNotice };
// "credit line", "printed credit", "by-line", "source field", "copyright notice".
std::string_view to_string(CreditField field);

// credit-unparsed, when a field cannot be parsed (without it: the credit, embedded_credit, names nobody known).
struct UnreadableField {
  CreditField field = CreditField::kCreditLine;
  bool operator==(const UnreadableField&) const = default;
};
// One metadata block's credit line.
struct BlockText {
  std::string block{};  // "iptc", "xmp", "exif"
  std::string text{};
  bool operator==(const BlockText&) const = default;
};
// credit-conflict between metadata blocks: every block that names a source, in order.
struct BlockReadings {
  std::vector<BlockText> blocks{};
  bool operator==(const BlockReadings&) const = default;
};
// credit-conflict between the Source field (organization: its known organisations) and the credit line.
struct SourceVersusCredit {
  std::vector<std::string> credit_line_organizations{};  // display names the credit line names
  bool operator==(const SourceVersusCredit&) const = default;
};
// license-unknown: whom the credit names (organisations, else the photographer).
struct UnknownLicensor {
  std::vector<std::string> organizations{};  // display names
  std::string photographer{};                // used when organizations is empty
  bool operator==(const UnknownLicensor&) const = default;
};
// license-coverage: the organisations the contract does not cover, and those it does (none: its own only).
struct Coverage {
  std::vector<std::string> uncovered{};
  std::vector<std::string> covered{};
  bool operator==(const Coverage&) const = default;
};
// license-expired: the contract ended before, or starts after, the publication date.
struct ContractTerm {
  bool ended = true;  // limit is the last day (valid_until); false: the first day (valid_from)
  Date limit{};
  Date publication{};
  bool operator==(const ContractTerm&) const = default;
};
// license-channel: the channels the contract allows, and the one asked for.
struct ChannelLimit {
  std::vector<Channel> allowed{};
  Channel channel = Channel::kPrint;
  bool operator==(const ChannelLimit&) const = default;
};
// license-territory: the contract's territories, and the one asked for ("" = not given: the info form).
struct TerritoryLimit {
  std::vector<std::string> territories{};
  std::string territory{};  // upper case
  bool operator==(const TerritoryLimit&) const = default;
};
// credit-format: the required form and this image's credit in it. Which credit is wrong: printed_credit,
// else embedded_credit; neither set: the image has no credit line.
struct RequiredCreditForm {
  std::string form{};     // the contract's credit_format
  std::string example{};  // the form filled in for this image
  bool operator==(const RequiredCreditForm&) const = default;
};
// source-blocked: the block's reason and date; earlier_publication set: the publication is before the block
// (the info form), else do not publish.
struct SourceBlock {
  std::string reason{};  // "" = none given
  std::optional<Date> since{};
  std::optional<Date> earlier_publication{};
  bool operator==(const SourceBlock&) const = default;
};
// editorial-only: why (the contract when `contract` is set, the credit, the usage terms), and whether the use
// asked about is commercial.
struct EditorialUse {
  bool by_credit = false;
  bool by_usage_terms = false;
  bool commercial = false;
  bool operator==(const EditorialUse&) const = default;
};
// ai-generated: the IPTC Digital Source Type code that says so ("" = it does not), whether the credit does, and
// the code the signed Content Credentials state ("" = they do not).
struct GeneratedImage {
  std::string digital_source_code{};
  bool by_credit = false;
  std::string signed_source_code{};
  bool operator==(const GeneratedImage&) const = default;
};
// duplicate within the audited set: `related` names the first few other copies.
struct CopiesInSet {
  std::size_t others = 0;                // how many other copies in all
  Relation kind = Relation::kExact;      // the cluster's kind (its weakest relation)
  bool first = false;                    // this image is the cluster's first member
  Relation relation = Relation::kExact;  // this copy's relation to the first member (when not first)
  bool by_keypoints = false;             // confirmed by local features (rotated, cropped, mirrored, ...)
  int distance = 0;                      // PDQ distance to the first member
  bool operator==(const CopiesInSet&) const = default;
};
// duplicate with archive copies (`related`, in_archive): how many copies `related` leaves unnamed.
struct ArchiveCopies {
  std::size_t unnamed = 0;
  bool operator==(const ArchiveCopies&) const = default;
};
// duplicate-credit when copies are credited differently (embedded_credit: this one's; `related`: the others,
// in the set or in the archive): how many copies `related` leaves unnamed.
struct OtherCredits {
  std::size_t unnamed = 0;
  bool operator==(const OtherCredits&) const = default;
};
// duplicate-credit when this copy carries no Content Credentials (C2PA) and another copy of the photo (`related`)
// does: that copy's credentials as the audit verified them.
struct LostCredentials {
  std::string state{};   // "Valid" or "Trusted"
  std::string signer{};  // who signed them ("" when unnamed)
  std::string time{};    // their time-stamp, RFC 3339 ("" when none)
  bool operator==(const LostCredentials&) const = default;
};
// duplicate-credit when copies of one photo say different kinds of source (issue 17): one is AI-generated and
// another a photograph, or one a private photo and another an agency's. `related`: a copy of the other kind.
struct SourceKinds {
  std::string
      mine{};  // how this copy is credited: "AI-generated", "a photograph", "a private photo", "an agency photo"
  std::string other{};  // how the related copy is credited, in the same words
  bool operator==(const SourceKinds&) const = default;
};
// Where a page shows an image.
struct PagePlace {
  std::string context{};     // "figure", "teaser", "inline"; "og:image", "JSON-LD image" (these are not numbered)
  std::size_t position = 0;  // index among the images a reader sees on the page, 0-based ("figure #position+1")
  std::string caption{};     // the caption printed with it ("" = none)
  std::string alt{};         // its alt text
  bool operator==(const PagePlace&) const = default;
};
// caption-credit-missing (the places that print no credit) and a page's duplicate (every place it is shown).
struct PagePlaces {
  std::vector<PagePlace> places{};  // the first few
  std::size_t unnamed = 0;          // how many more
  bool operator==(const PagePlaces&) const = default;
};
// metadata-unreadable when only the metadata cannot be read (without it: the whole image cannot be).
struct MetadataOnly {
  bool operator==(const MetadataOnly&) const = default;
};
// image-damaged when the pixels cannot be decoded (without it: the file structure is damaged, `reason`).
struct UndecodablePixels {
  bool operator==(const UndecodablePixels&) const = default;
};

// archive-search-incomplete: what the search of the --index archive left out (Catalog::PhotoCopies); `reason`
// is the first damaged row's message (its path, id and what is wrong).
struct ArchiveSearchLimits {
  std::size_t not_followed = 0;  // copies found but not searched for copies of their own (the bound was reached)
  std::size_t unchecked = 0;     // catalog rows a flat picture's partners could have been, not compared
  std::size_t damaged = 0;       // rows whose stored local features could not be read or decoded
  bool operator==(const ArchiveSearchLimits&) const = default;
};

using FindingDetail =
    std::variant<std::monostate, UnreadableField, BlockReadings, SourceVersusCredit, UnknownLicensor, Coverage,
                 ContractTerm, ChannelLimit, TerritoryLimit, RequiredCreditForm, SourceBlock, EditorialUse,
                 GeneratedImage, CopiesInSet, ArchiveCopies, OtherCredits, PagePlaces, MetadataOnly, UndecodablePixels,
                 LostCredentials, SourceKinds, ArchiveSearchLimits>;

// One finding about one image (the image whose findings hold it): its rule, severity and the facts its
// message names, as data. No code builds or reads the message text but render_message(), which computes it
// from these facts: each rule fills the ones it is about, the others stay empty. (Members are
// value-initialised with {} so that an initializer naming only some of them is complete.)
struct Finding {
  Rule rule = Rule::kCreditMissing;
  Severity severity = Severity::kWarning;  // usually rule_info(rule).severity; some checks report another

  std::string contract{};         // the contract id it is about (license-*, credit-format, single-use-reused, ...)
  std::string organization{};     // the licensor or source it names (its display name)
  std::string printed_credit{};   // the credit printed next to the image on a page, when it is about that
  std::string embedded_credit{};  // the image's own credit (credit line, else copyright), when it is about that
  std::string reason{};           // why a file or a credit could not be read, or what is damaged (the reader's text)
  std::vector<RelatedImage> related{};  // the other copies it is about (duplicate, duplicate-credit, ...)
  FindingDetail detail{};               // the further facts of its message form (see above)

  bool operator==(const Finding&) const = default;
};

// The finding's message: one or two sentences a picture editor understands, naming the source, the contract
// and the copies it is about. A function of the finding alone; never empty.
std::string render_message(const Finding& finding);

}  // namespace photoaudit::registry

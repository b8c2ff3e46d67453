// The license verdict for one image: from what the image and the page say about its credit, the channel,
// the date and the territory of publication, decide whether the house may publish it, and explain why in
// findings a picture editor understands.
//
// The rules it applies (credit-missing ... ai-generated) are the registry's rows of the rule table, rules.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "photoaudit/registry/credit.hpp"
#include "photoaudit/registry/finding.hpp"
#include "photoaudit/registry/registry.hpp"

namespace photoaudit::registry {

// The credit-related text of one image, as plain text (no metadata library types).
struct CreditEvidence {
  std::string credit_line;          // IPTC Credit Line / photoshop:Credit (reconciled)
  std::string byline;               // IPTC By-line / dc:creator
  std::string source;               // IPTC Source / photoshop:Source
  std::string copyright_notice;     // IPTC Copyright Notice / dc:rights / EXIF Copyright
  std::string usage_terms;          // xmpRights:UsageTerms
  std::string digital_source_type;  // Iptc4xmpExt:DigitalSourceType, a URI or bare code; empty = unknown
  // The digital source type the image's Content Credentials (C2PA) state in their signed actions, when those
  // credentials verify (not Invalid); empty = none. ai-generated reports it beside the IPTC value.
  std::string signed_digital_source_type{};

  // The credit line per metadata block, filled when the blocks disagree ({"iptc", "AP"}, {"xmp", "Reuters"}).
  struct BlockCredit {
    std::string block;  // "iptc", "xmp", "exif"
    std::string text;
  };
  std::vector<BlockCredit> block_credits{};

  // The credit printed next to the image on a page, when known.
  std::optional<std::string> caption_credit{};
};

enum class Purpose {
  kEditorial,   // news and features
  kCommercial,  // advertising, marketing, merchandise
};

struct LicenseQuery {
  std::optional<Channel> channel;         // absent = not checked
  Date date = today();                    // the publication date. Default: today (UTC)
  std::string territory;                  // ISO 3166-1 alpha-2 ("DE"); empty = not checked
  Purpose purpose = Purpose::kEditorial;  // Default: editorial
};

enum class LicenseStatus {
  kLicensed,    // a contract covers this use
  kUnlicensed,  // the licensor is known, but no contract covers this use
  kBlocked,     // a blocked source
  kUnknown,     // no credit, or no licensor in the registry
};
// "licensed", "unlicensed", "blocked", "unknown".
std::string_view to_string(LicenseStatus status);

// How the image came about, from IPTC Digital Source Type. Absent metadata means unknown, never "photo".
enum class DigitalSource {
  kUnknown,    // no or unrecognised Digital Source Type
  kCaptured,   // digitalCapture, negativeFilm, positiveFilm, print, computationalCapture, ...
  kEdited,     // humanEdits, compositeCapture, algorithmicallyEnhanced, ...
  kSynthetic,  // trainedAlgorithmicMedia, compositeWithTrainedAlgorithmicMedia, algorithmicMedia, compositeSynthetic
  kOther,      // digitalArt, virtualRecording, dataDrivenMedia, screenCapture
};
// "unknown", "captured", "edited", "synthetic", "other".
std::string_view to_string(DigitalSource source);
// Classifies a Digital Source Type URI ("http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture") or
// bare code ("digitalCapture"). The code is returned in *code when code is not null.
DigitalSource classify_digital_source(std::string_view value, std::string* code = nullptr);

struct LicenseVerdict {
  LicenseStatus status = LicenseStatus::kUnknown;
  CreditReading credit;     // what the evidence says, merged (credit line, by-line, source, copyright)
  std::string licensor;     // the registry's licensor id; empty when none
  std::string contract;     // the contract id that was decisive; empty when none
  bool single_use = false;  // that contract allows one publication per photo (the catalog checks re-use)
  bool editorial_only = false;
  DigitalSource digital_source = DigitalSource::kUnknown;
  std::string digital_source_code;  // "trainedAlgorithmicMedia"; empty when unknown
  std::vector<Finding> findings;    // in the order evaluate() checks them
};

// Decides the verdict. Never fails: unreadable credit text becomes a credit-unparsed finding.
// Thread-safe; registry and evidence are only read.
LicenseVerdict evaluate(const Registry& registry, const CreditEvidence& evidence, const LicenseQuery& query);

}  // namespace photoaudit::registry

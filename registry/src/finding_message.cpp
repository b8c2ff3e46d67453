// render_message(): every finding's message, computed from its facts. The one place that writes findings' prose.
#include <algorithm>
#include <string>
#include <variant>

#include "photoaudit/common/enum_names.hpp"
#include "photoaudit/common/plural.hpp"
#include "photoaudit/registry/finding.hpp"

namespace photoaudit::registry {
namespace {

std::string joined(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// "a, b, c and 2 more" (comma) or "a; b; c; and 2 more" (any other separator): the form of a list a message
// names only the first few items of.
std::string short_list(const std::vector<std::string>& named, std::size_t unnamed, std::string_view separator) {
  std::string out = joined(named, separator);
  if (unnamed == 0) return out;
  return out + (separator == ", " ? std::string(" ") : std::string(separator)) + "and " + std::to_string(unnamed) +
         " more";
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string the_contract(const Finding& f) { return "The contract " + f.contract + " with " + f.organization; }

// A page place: "figure #3 (\"caption…\")", "inline #5 (alt \"text\")"; "og:image" and "JSON-LD image" are
// named, not numbered (a reader does not see them). Caption and alt are cut at 60 bytes.
std::string describe(const PagePlace& place) {
  const bool unseen = place.context == "og:image" || place.context == "JSON-LD image";
  std::string out = unseen ? place.context : place.context + " #" + std::to_string(place.position + 1);
  const auto cut = [](const std::string& text) { return text.substr(0, 60) + (text.size() > 60 ? "…" : ""); };
  if (!place.caption.empty()) {
    out += " (\"" + cut(place.caption) + "\")";
  } else if (!place.alt.empty()) {
    out += " (alt \"" + cut(place.alt) + "\")";
  }
  return out;
}

std::vector<std::string> places(const PagePlaces& p) {
  std::vector<std::string> out;
  for (const auto& place : p.places) out.push_back(describe(place));
  return out;
}

// An archive copy: "path (PDQ distance 4, pdq, credited \"X\")".
std::string describe_archive_copy(const RelatedImage& r) {
  const std::string credit = r.credit.empty() ? ", no credit" : ", credited " + in_quotes(r.credit);
  if (!r.via.empty()) {
    // Found by the search of another audited copy of this photo: the measure is to that copy.
    const std::string how = r.method == "content-hash"
                                ? "the same image data as it"
                                : "PDQ distance " + std::to_string(r.distance.value_or(0)) + " to it, " + r.method;
    return r.path + " (through " + r.via + ", the same photo in this set: " + how + credit + ")";
  }
  const std::string how = r.relation == Relation::kContent
                              ? "the same image data"
                              : "PDQ distance " + std::to_string(r.distance.value_or(0)) + ", " + r.method;
  return r.path + " (" + how + credit + ")";
}

// "path: \"credit\"" for each related copy.
std::vector<std::string> credits_of(const std::vector<RelatedImage>& related) {
  std::vector<std::string> out;
  for (const auto& r : related) out.push_back(r.path + ": " + in_quotes(r.credit));
  return out;
}

const RelatedImage& first_related(const Finding& f) {
  static const RelatedImage none;
  return f.related.empty() ? none : f.related.front();
}

// What a detail holds, or a default one when the finding has another.
template <typename Detail>
Detail detail_of(const Finding& f) {
  const Detail* d = std::get_if<Detail>(&f.detail);
  return d != nullptr ? *d : Detail{};
}

std::string credit_unparsed(const Finding& f) {
  if (const auto* d = std::get_if<UnreadableField>(&f.detail)) {
    return "The " + std::string(to_string(d->field)) + " cannot be read: " + f.reason + ".";
  }
  return "The credit " + in_quotes(f.embedded_credit) + " names no organisation or photographer photoaudit recognises.";
}

std::string credit_conflict(const Finding& f) {
  if (const auto* d = std::get_if<BlockReadings>(&f.detail)) {
    std::string which;
    for (const auto& b : d->blocks) {
      std::string block = b.block;
      for (char& c : block) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      }
      which += (which.empty() ? "" : ", ") + block + " says " + in_quotes(b.text);
    }
    return "The metadata blocks name different sources: " + which + ".";
  }
  const auto d = detail_of<SourceVersusCredit>(f);
  return "The Source field names " + f.organization + ", the credit line names " + joined(d.credit_line_organizations) +
         ".";
}

std::string license_unknown(const Finding& f) {
  const auto d = detail_of<UnknownLicensor>(f);
  const std::string subject = d.organizations.empty() ? "the photographer " + d.photographer : joined(d.organizations);
  return "No licensor in the license registry for " + subject + ": check the license before publishing.";
}

std::string license_coverage(const Finding& f) {
  const auto d = detail_of<Coverage>(f);
  return the_contract(f) + " does not cover photos of " + joined(d.uncovered) +
         (d.covered.empty() ? " (it covers " + f.organization + "'s own photos only)."
                            : " (it covers " + joined(d.covered) + ").");
}

std::string license_expired(const Finding& f) {
  const auto d = detail_of<ContractTerm>(f);
  return the_contract(f) + (d.ended ? " ended on " : " only starts on ") + format_date(d.limit) +
         "; the publication date is " + format_date(d.publication) + ".";
}

std::string license_channel(const Finding& f) {
  const auto d = detail_of<ChannelLimit>(f);
  std::vector<std::string> allowed;
  for (const Channel ch : d.allowed) allowed.emplace_back(to_string(ch));
  return the_contract(f) + " allows " + joined(allowed) + ", not " + std::string(to_string(d.channel)) + ".";
}

std::string license_territory(const Finding& f) {
  const auto d = detail_of<TerritoryLimit>(f);
  if (d.territory.empty()) {
    return the_contract(f) + " is limited to " + joined(d.territories) +
           "; the territory of publication was not given.";
  }
  return the_contract(f) + " is limited to " + joined(d.territories) + ", not " + d.territory + ".";
}

std::string credit_format(const Finding& f) {
  const auto d = detail_of<RequiredCreditForm>(f);
  const std::string required = "the contract " + f.contract + " with " + f.organization + " requires the form " +
                               in_quotes(d.form) + " (here: " + in_quotes(d.example) + ")";
  if (!f.printed_credit.empty()) {
    return "The printed credit " + in_quotes(f.printed_credit) + " is not in the required form: " + required + ".";
  }
  if (!f.embedded_credit.empty()) {
    return "The credit line " + in_quotes(f.embedded_credit) + " is not in the required form: " + required + ".";
  }
  return "The image has no credit line; " + required + ".";
}

std::string source_blocked(const Finding& f) {
  const auto d = detail_of<SourceBlock>(f);
  const std::string why = d.reason.empty() ? "" : " (" + d.reason + ")";
  if (d.earlier_publication && d.since) {
    return f.organization + " is blocked since " + format_date(*d.since) + why + "; the publication date " +
           format_date(*d.earlier_publication) + " is earlier.";
  }
  return "The credit names " + f.organization + ", a blocked source" + why +
         (d.since ? ", blocked since " + format_date(*d.since) : std::string()) + ": do not publish.";
}

std::string editorial_only(const Finding& f) {
  const auto d = detail_of<EditorialUse>(f);
  std::vector<std::string> reasons;
  if (!f.contract.empty()) reasons.push_back("contract " + f.contract + " with " + f.organization);
  if (d.by_credit) reasons.emplace_back("the credit");
  if (d.by_usage_terms) reasons.emplace_back("the usage terms");
  const std::string why = joined(reasons, "; ");
  if (d.commercial) {
    return "Editorial use only (" + why +
           "), but this use is commercial: do not use it for advertising, marketing or promotion.";
  }
  return "Editorial use only (" + why + "): not for advertising, marketing or promotion.";
}

std::string ai_generated(const Finding& f) {
  const auto d = detail_of<GeneratedImage>(f);
  std::vector<std::string> reasons;
  if (!d.digital_source_code.empty()) reasons.push_back("IPTC Digital Source Type is " + d.digital_source_code);
  if (d.by_credit) reasons.emplace_back("the credit says so");
  if (!d.signed_source_code.empty()) reasons.push_back("its signed Content Credentials say " + d.signed_source_code);
  return "The image is generated by an algorithm (" + joined(reasons, "; ") +
         "): it is not a photograph; label it as such.";
}

std::string duplicate(const Finding& f) {
  if (const auto* d = std::get_if<PagePlaces>(&f.detail)) {
    return "The page shows this image " + std::to_string(d->places.size() + d->unnamed) +
           " times: " + short_list(places(*d), d->unnamed, ", ") + ". It counts once.";
  }
  if (const auto* d = std::get_if<ArchiveCopies>(&f.detail)) {
    std::vector<std::string> uses;
    for (const auto& r : f.related) uses.push_back(describe_archive_copy(r));
    return "Same photo is already in the archive " + counted(f.related.size() + d->unnamed, "time") + ": " +
           short_list(uses, d->unnamed, "; ") + ".";
  }
  const auto d = detail_of<CopiesInSet>(f);
  std::vector<std::string> names;
  for (const auto& r : f.related) names.push_back(r.path);
  const std::string how =
      d.first                            ? "the first"
      : d.relation == Relation::kExact   ? "a byte-identical copy"
      : d.relation == Relation::kContent ? "the same image data with different metadata"
      : d.by_keypoints ? "the same photo, rotated, cropped, watermarked or mirrored: confirmed by keypoints and pixels "
                         "(PDQ distance " +
                             std::to_string(d.distance) + ")"
                       : "the same photo (PDQ distance " + std::to_string(d.distance) + ")";
  return "Same photo appears " + counted(d.others, "more time") +
         " in this set: " + short_list(names, d.others - std::min(d.others, names.size()), ", ") + " (" +
         std::string(to_string(d.kind)) + " copies; this one is " + how + ").";
}

std::string duplicate_credit(const Finding& f) {
  const RelatedImage& other = first_related(f);
  if (const auto* lost = std::get_if<LostCredentials>(&f.detail)) {
    return "This copy lost its Content Credentials: the same photo " + other.path + " carries " + lost->state +
           " credentials" + (lost->signer.empty() ? "" : " signed by " + lost->signer) +
           (lost->time.empty() ? "" : " on " + lost->time) +
           (other.credit.empty() ? "" : " and is credited " + in_quotes(other.credit)) +
           ". Use that copy, or keep its credentials.";
  }
  if (const auto* kinds = std::get_if<SourceKinds>(&f.detail)) {
    return "This copy is credited as " + kinds->mine +
           (f.embedded_credit.empty() ? std::string() : " (" + in_quotes(f.embedded_credit) + ")") +
           ", but the same photo " + other.path + " is credited as " + kinds->other +
           (other.credit.empty() ? std::string() : " (" + in_quotes(other.credit) + ")") +
           ". One of them is wrong: find out where the picture comes from before publishing.";
  }
  if (f.embedded_credit.empty()) {
    return "This copy carries no credit, but " +
           std::string(other.in_archive ? "the archive copy " : "the same photo ") + other.path + " is credited " +
           in_quotes(other.credit) + ". Print that credit with this copy.";
  }
  const auto d = detail_of<OtherCredits>(f);
  return std::string(other.in_archive ? "The archive credits this photo differently"
                                      : "Copies of this photo are credited differently") +
         ". This one: " + in_quotes(f.embedded_credit) + "; " + short_list(credits_of(f.related), d.unnamed, "; ") +
         ". Only one credit can be right.";
}

std::string archive_search_incomplete(const Finding& f) {
  const auto d = detail_of<ArchiveSearchLimits>(f);
  std::vector<std::string> parts;
  if (d.not_followed > 0) {
    parts.push_back(counted(d.not_followed, "copy", "copies") + " found " + (d.not_followed == 1 ? "was" : "were") +
                    " not searched for copies of " + (d.not_followed == 1 ? "its" : "their") +
                    " own (more than one search follows)");
  }
  if (d.unchecked > 0) {
    parts.push_back(counted(d.unchecked, "catalog row") + " that could hold a flat picture's copies " +
                    (d.unchecked == 1 ? "was" : "were") + " not compared (more than one search compares)");
  }
  if (d.damaged > 0) {
    parts.push_back(counted(d.damaged, "catalog row's", "catalog rows'") + " stored local features cannot be used (" +
                    (d.damaged == 1 ? "" : "the first: ") + f.reason + ")");
  }
  if (parts.empty()) parts.emplace_back("it stopped early");
  return "The archive search for copies of this photo did not finish: " + joined(parts, "; ") +
         ". Earlier uses of the photo may be missing from this report.";
}

std::string caption_credit_missing(const Finding& f) {
  const auto d = detail_of<PagePlaces>(f);
  return "The page prints no credit for this image at " + short_list(places(d), d.unnamed, ", ") + "." +
         (f.embedded_credit.empty()
              ? std::string(" The image itself carries none either.")
              : " The image's own credit is " + in_quotes(f.embedded_credit) + ": print it with the image.");
}

}  // namespace

constexpr std::string_view kCreditFieldNames[] = {"credit line", "printed credit", "by-line", "source field",
                                                  "copyright notice"};
static_assert(names_cover(kCreditFieldNames, CreditField::kCopyrightNotice));

std::string_view to_string(CreditField field) { return name_of(kCreditFieldNames, field, "credit line"); }

std::string render_message(const Finding& f) {
  switch (f.rule) {
    case Rule::kCreditMissing:
      return "The image carries no credit line, by-line, source or copyright notice: its source and license "
             "cannot be checked.";
    case Rule::kCreditUnparsed:
      return credit_unparsed(f);
    case Rule::kCreditConflict:
      return credit_conflict(f);
    case Rule::kCaptionCreditConflict:
      return "The printed credit " + in_quotes(f.printed_credit) + " and the image's credit line " +
             in_quotes(f.embedded_credit) + " name different sources.";
    case Rule::kLicenseUnknown:
      return license_unknown(f);
    case Rule::kLicenseNone:
      return f.organization +
             " is in the license registry, but the house has no contract with it: do not publish "
             "without a license.";
    case Rule::kLicenseCoverage:
      return license_coverage(f);
    case Rule::kLicenseExpired:
      return license_expired(f);
    case Rule::kLicenseChannel:
      return license_channel(f);
    case Rule::kLicenseTerritory:
      return license_territory(f);
    case Rule::kCreditFormat:
      return credit_format(f);
    case Rule::kSourceBlocked:
      return source_blocked(f);
    case Rule::kEditorialOnly:
      return editorial_only(f);
    case Rule::kAiGenerated:
      return ai_generated(f);
    case Rule::kDuplicate:
      return duplicate(f);
    case Rule::kDuplicateCredit:
      return duplicate_credit(f);
    case Rule::kSingleUseReused:
      return "The contract" + (f.contract.empty() ? std::string() : " " + f.contract) +
             " allows a single use, and this photo has been used before: " + first_related(f).path +
             (first_related(f).used_on.empty() ? std::string() : " (first used " + first_related(f).used_on + ")") +
             ". Publishing it again needs a new license.";
    case Rule::kMetadataUnreadable:
      if (std::holds_alternative<MetadataOnly>(f.detail)) {
        return "The metadata cannot be read (" + f.reason + "); the credit and rights are unknown.";
      }
      return "Cannot read this image: " + f.reason + ". Nothing about its rights can be checked.";
    case Rule::kCaptionCreditMissing:
      return caption_credit_missing(f);
    case Rule::kImageDamaged:
      if (std::holds_alternative<UndecodablePixels>(f.detail)) {
        return "The picture itself cannot be decoded (" + f.reason + "), so copies of it cannot be found.";
      }
      return "The file is damaged: " + f.reason + ".";
    case Rule::kFormatUnsupported:
      return "The picture is in a format photoaudit cannot decode (" + f.reason +
             "), so copies of it cannot be found; its metadata was checked.";
    case Rule::kC2paInvalid:
      return "The image's Content Credentials" + (f.organization.empty() ? "" : " (signed by " + f.organization + ")") +
             " do not verify: " + f.reason +
             ". The picture or its credentials changed after signing; do not rely on its stated origin.";
    case Rule::kC2paUntrusted:
      return "The image's Content Credentials are intact but signed by " +
             (f.organization.empty() ? std::string("an unnamed signer") : f.organization) +
             ", who is not among the trusted signers (" + f.reason + ").";
    case Rule::kSingleUseUnchecked:
      return "The contract" + (f.contract.empty() ? std::string() : " " + f.contract) +
             " allows a single use, and no archive catalog was given (--index): whether this photo was used "
             "before was not checked. Check the archive before publishing.";
    case Rule::kC2paUnread:
      return "The image names Content Credentials that were not read: " + f.reason + ".";
    case Rule::kArchiveSearchIncomplete:
      return archive_search_incomplete(f);
  }
  return std::string(rule_info(f.rule).title);
}

}  // namespace photoaudit::registry

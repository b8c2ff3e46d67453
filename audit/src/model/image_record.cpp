// ImageAudit <-> compact record (see image_record.hpp).
#include "model/image_record.hpp"

#include "photoaudit/common/binary_record.hpp"

#include <cstdint>
#include <cstring>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

namespace photoaudit::record {
namespace audit = photoaudit::audit;
namespace registry = photoaudit::registry;
using audit::C2paState;
using audit::ContentCredentials;
using audit::CreditChainLink;
using audit::CreditSummary;
using audit::Finding;
using audit::FingerprintSummary;
using audit::ImageAudit;
using audit::ImageContext;
using audit::ImageUse;
using audit::LicenseSummary;
using registry::Rule;

// A finding's detail: one byte for its alternative, then that struct's fields in declaration order (sizes as
// 64 bits, ints as 32, dates as year (32 bits), month and day (one byte each)).
static auto fields(Fields, std::monostate&) { return std::tie(); }
static auto fields(Fields, registry::UnreadableField& d) { return std::tie(d.field); }
static auto fields(Fields, registry::BlockText& d) { return std::tie(d.block, d.text); }
static auto fields(Fields, registry::BlockReadings& d) { return std::tie(d.blocks); }
static auto fields(Fields, registry::SourceVersusCredit& d) { return std::tie(d.credit_line_organizations); }
static auto fields(Fields, registry::UnknownLicensor& d) { return std::tie(d.organizations, d.photographer); }
static auto fields(Fields, registry::Coverage& d) { return std::tie(d.uncovered, d.covered); }
static auto fields(Fields, registry::ContractTerm& d) { return std::tie(d.ended, d.limit, d.publication); }
static auto fields(Fields, registry::ChannelLimit& d) { return std::tie(d.allowed, d.channel); }
static auto fields(Fields, registry::TerritoryLimit& d) { return std::tie(d.territories, d.territory); }
static auto fields(Fields, registry::RequiredCreditForm& d) { return std::tie(d.form, d.example); }
static auto fields(Fields, registry::SourceBlock& d) { return std::tie(d.reason, d.since, d.earlier_publication); }
static auto fields(Fields, registry::EditorialUse& d) { return std::tie(d.by_credit, d.by_usage_terms, d.commercial); }
static auto fields(Fields, registry::GeneratedImage& d) {
  return std::tie(d.digital_source_code, d.by_credit, d.signed_source_code);
}
static auto fields(Fields, registry::CopiesInSet& d) {
  return std::tie(d.others, d.kind, d.first, d.relation, d.by_keypoints, d.distance);
}
static auto fields(Fields, registry::ArchiveCopies& d) { return std::tie(d.unnamed); }
static auto fields(Fields, registry::OtherCredits& d) { return std::tie(d.unnamed); }
static auto fields(Fields, registry::LostCredentials& d) { return std::tie(d.state, d.signer, d.time); }
static auto fields(Fields, registry::SourceKinds& d) { return std::tie(d.mine, d.other); }
static auto fields(Fields, registry::ArchiveSearchLimits& d) {
  return std::tie(d.not_followed, d.unchecked, d.damaged);
}
static auto fields(Fields, registry::PagePlace& d) { return std::tie(d.context, d.position, d.caption, d.alt); }
static auto fields(Fields, registry::PagePlaces& d) { return std::tie(d.places, d.unnamed); }
static auto fields(Fields, registry::MetadataOnly&) { return std::tie(); }
static auto fields(Fields, registry::UndecodablePixels&) { return std::tie(); }

// The record itself: each struct's fields in declaration order, so that a field added to ImageAudit and its
// parts is written and read back by adding it here once.
static auto fields(Fields, CreditChainLink& l) { return std::tie(l.name, l.canonical); }
static auto fields(Fields, CreditSummary& c) {
  return std::tie(c.text, c.chain, c.photographers, c.modifiers, c.printed);
}
static auto fields(Fields, LicenseSummary& l) {
  return std::tie(l.status, l.licensor, l.contract, l.single_use, l.editorial_only, l.digital_source, l.date);
}
static auto fields(Fields, FingerprintSummary& f) {
  return std::tie(f.sha256, f.content_hash, f.pdq, f.pdq_quality, f.phash, f.width, f.height, f.format);
}
static auto fields(Fields, registry::RelatedImage& r) {
  return std::tie(r.path, r.relation, r.distance, r.credit, r.in_archive, r.method, r.used_on, r.via);
}
static auto fields(Fields, Finding& f) {
  return std::tie(f.rule, f.severity, f.contract, f.organization, f.printed_credit, f.embedded_credit, f.reason,
                  f.related, f.detail);
}
static auto fields(Fields, ImageUse& u) {
  return std::tie(u.page, u.context, u.position, u.caption, u.printed_credit, u.alt, u.link, u.number);
}
static auto fields(Fields, audit::C2paAction& a) { return std::tie(a.action, a.software_agent, a.digital_source_type); }
static auto fields(Fields, audit::C2paIngredient& i) { return std::tie(i.title, i.relationship, i.manifest); }
static auto fields(Fields, audit::CredentialManifest& m) {
  return std::tie(m.label, m.generator, m.signer, m.signer_organization, m.issuer, m.time, m.state, m.actions,
                  m.ingredients, m.failures, m.informational);
}
static auto fields(Fields, ContentCredentials& c) {
  return std::tie(c.state, c.manifests, c.generator, c.signer, c.signer_organization, c.issuer, c.time,
                  c.digital_source_type, c.failures, c.container, c.chain);
}
static auto fields(Fields, ImageAudit& i) {
  return std::tie(i.path, i.display, i.error, i.caption, i.creator, i.copyright, i.date_created, i.credit, i.license,
                  i.fingerprints, i.findings, i.cluster, i.thumbnail_jpeg, i.uses, i.credentials, i.notes);
}

static void put(Writer& w, const registry::FindingDetail& detail);
static void put(Writer& w, const registry::Date& v) {
  w.u32(static_cast<std::uint32_t>(static_cast<int>(v.year())));
  w.u8(static_cast<std::uint8_t>(static_cast<unsigned>(v.month())));
  w.u8(static_cast<std::uint8_t>(static_cast<unsigned>(v.day())));
}
static void get(Reader& r, registry::LicenseStatus& v) { v = r.enum_value(registry::LicenseStatus::kUnknown); }
static void get(Reader& r, registry::DigitalSource& v) { v = r.enum_value(registry::DigitalSource::kOther); }
static void get(Reader& r, registry::Rule& v) { v = r.enum_value(static_cast<Rule>(registry::kRuleCount - 1)); }
static void get(Reader& r, registry::Severity& v) { v = r.enum_value(registry::Severity::kError); }
static void get(Reader& r, ImageContext& v) { v = r.enum_value(ImageContext::kInline); }
static void get(Reader& r, C2paState& v) { v = r.enum_value(C2paState::kTrusted); }
static void get(Reader& r, registry::FindingDetail& detail);
static void get(Reader& r, registry::Relation& v) { v = r.enum_value(registry::Relation::kNear); }
static void get(Reader& r, registry::CreditField& v) { v = r.enum_value(registry::CreditField::kCopyrightNotice); }
static void get(Reader& r, registry::Channel& v) { v = r.enum_value(registry::Channel::kTv); }
static void get(Reader& r, registry::Date& v) {
  const int year = static_cast<int>(r.u32());
  const unsigned month = r.u8();
  const unsigned day = r.u8();
  v = registry::Date{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
  if (!v.ok()) r.fail();
}
static void put(Writer& w, const registry::FindingDetail& detail) {
  w.u8(static_cast<std::uint8_t>(detail.index()));
  std::visit([&w](const auto& d) { put(w, d); }, detail);
}

template <std::size_t... I>
static registry::FindingDetail detail_at(std::size_t index, std::index_sequence<I...>) {
  registry::FindingDetail out;
  ((index == I ? (void)out.emplace<I>() : void()), ...);
  return out;
}

static void get(Reader& r, registry::FindingDetail& detail) {
  constexpr std::size_t kAlternatives = std::variant_size_v<registry::FindingDetail>;
  const std::size_t index = r.u8();
  if (index >= kAlternatives) {
    r.fail();
    detail = {};
    return;
  }
  detail = detail_at(index, std::make_index_sequence<kAlternatives>());
  std::visit([&r](auto& d) { get(r, d); }, detail);
}

}  // namespace photoaudit::record

namespace photoaudit::audit {

std::string encode_image_record(const ImageAudit& image) {
  record::Writer w;
  put(w, image);
  return w.take();
}

ImageAudit decode_image_record(std::string_view record) {
  record::Reader r(record);
  ImageAudit image;
  get(r, image);
  if (!r.ok()) {
    image.error =
        "photoaudit could not read this image's record back from its temporary file (damaged or cut "
        "short); the fields shown are those read before the damage";
  }
  return image;
}

}  // namespace photoaudit::audit

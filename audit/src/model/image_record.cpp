// ImageAudit <-> compact record (see image_record.hpp).
#include "model/image_record.hpp"

#include <cstdint>
#include <cstring>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

namespace photoaudit::audit {
namespace {

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>(v >> (8 * i) & 0xFF));
  }
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>(v >> (8 * i) & 0xFF));
  }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(take(4)); }
  std::uint64_t u64() { return take(8); }
  std::string str() {
    const std::uint32_t n = u32();
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return {};
    }
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  // A count of items that each take at least `min_bytes`: never more than the rest of the record can hold.
  std::uint32_t count(std::size_t min_bytes) {
    const std::uint32_t n = u32();
    if (!ok_ || n > (in_.size() - pos_) / min_bytes) {
      ok_ = false;
      return 0;
    }
    return n;
  }
  // Marks the record damaged (a value out of range).
  void fail() { ok_ = false; }
  // An enum written as its value (one byte); `last` is its largest enumerator. Out of range: damaged.
  template <typename Enum>
  Enum enum_value(Enum last) {
    const std::uint8_t v = u8();
    if (v > static_cast<std::uint8_t>(last)) {
      ok_ = false;
      return last;
    }
    return static_cast<Enum>(v);
  }

 private:
  std::uint64_t take(std::size_t bytes) {
    if (!ok_ || bytes > in_.size() - pos_) {
      ok_ = false;
      return 0;
    }
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < bytes; ++i) v |= std::uint64_t{static_cast<unsigned char>(in_[pos_ + i])} << (8 * i);
    pos_ += bytes;
    return v;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// A finding's detail: one byte for its alternative, then that struct's fields in declaration order (sizes as
// 64 bits, ints as 32, dates as year (32 bits), month and day (one byte each)).
auto fields(std::monostate&) { return std::tie(); }
auto fields(registry::UnreadableField& d) { return std::tie(d.field); }
auto fields(registry::BlockText& d) { return std::tie(d.block, d.text); }
auto fields(registry::BlockReadings& d) { return std::tie(d.blocks); }
auto fields(registry::SourceVersusCredit& d) { return std::tie(d.credit_line_organizations); }
auto fields(registry::UnknownLicensor& d) { return std::tie(d.organizations, d.photographer); }
auto fields(registry::Coverage& d) { return std::tie(d.uncovered, d.covered); }
auto fields(registry::ContractTerm& d) { return std::tie(d.ended, d.limit, d.publication); }
auto fields(registry::ChannelLimit& d) { return std::tie(d.allowed, d.channel); }
auto fields(registry::TerritoryLimit& d) { return std::tie(d.territories, d.territory); }
auto fields(registry::RequiredCreditForm& d) { return std::tie(d.form, d.example); }
auto fields(registry::SourceBlock& d) { return std::tie(d.reason, d.since, d.earlier_publication); }
auto fields(registry::EditorialUse& d) { return std::tie(d.by_credit, d.by_usage_terms, d.commercial); }
auto fields(registry::GeneratedImage& d) { return std::tie(d.digital_source_code, d.by_credit, d.signed_source_code); }
auto fields(registry::CopiesInSet& d) {
  return std::tie(d.others, d.kind, d.first, d.relation, d.by_keypoints, d.distance);
}
auto fields(registry::ArchiveCopies& d) { return std::tie(d.unnamed); }
auto fields(registry::OtherCredits& d) { return std::tie(d.unnamed); }
auto fields(registry::LostCredentials& d) { return std::tie(d.state, d.signer, d.time); }
auto fields(registry::PagePlace& d) { return std::tie(d.context, d.position, d.caption, d.alt); }
auto fields(registry::PagePlaces& d) { return std::tie(d.places, d.unnamed); }
auto fields(registry::MetadataOnly&) { return std::tie(); }
auto fields(registry::UndecodablePixels&) { return std::tie(); }

// The record itself: each struct's fields in declaration order, so that a field added to ImageAudit and its
// parts is written and read back by adding it here once.
auto fields(CreditChainLink& l) { return std::tie(l.name, l.canonical); }
auto fields(CreditSummary& c) { return std::tie(c.text, c.chain, c.photographers, c.modifiers, c.printed); }
auto fields(LicenseSummary& l) {
  return std::tie(l.status, l.licensor, l.contract, l.single_use, l.editorial_only, l.digital_source);
}
auto fields(FingerprintSummary& f) {
  return std::tie(f.sha256, f.content_hash, f.pdq, f.pdq_quality, f.phash, f.width, f.height, f.format);
}
auto fields(registry::RelatedImage& r) {
  return std::tie(r.path, r.relation, r.distance, r.credit, r.in_archive, r.method);
}
auto fields(Finding& f) {
  return std::tie(f.rule, f.severity, f.contract, f.organization, f.printed_credit, f.embedded_credit, f.reason,
                  f.related, f.detail);
}
auto fields(ImageUse& u) { return std::tie(u.page, u.context, u.position, u.caption, u.printed_credit, u.alt, u.link); }
auto fields(ContentCredentials& c) {
  return std::tie(c.state, c.manifests, c.generator, c.signer, c.signer_organization, c.issuer, c.time,
                  c.digital_source_type, c.failures);
}
auto fields(ImageAudit& i) {
  return std::tie(i.path, i.display, i.error, i.caption, i.creator, i.copyright, i.credit, i.license, i.fingerprints,
                  i.findings, i.cluster, i.thumbnail_jpeg, i.uses, i.credentials);
}

template <typename T>
concept HasFields = requires(T& t) {
  fields(t);
};

void put(Writer& w, const std::string& v) { w.str(v); }
void put(Writer& w, bool v) { w.u8(v ? 1 : 0); }
void put(Writer& w, std::size_t v) { w.u64(v); }
void put(Writer& w, int v) { w.u32(static_cast<std::uint32_t>(v)); }
void put(Writer& w, std::uint32_t v) { w.u32(v); }
template <typename Enum>
requires std::is_enum_v<Enum>
void put(Writer& w, Enum v) { w.u8(static_cast<std::uint8_t>(v)); }
void put(Writer& w, const registry::FindingDetail& detail);
void put(Writer& w, const registry::Date& v) {
  w.u32(static_cast<std::uint32_t>(static_cast<int>(v.year())));
  w.u8(static_cast<std::uint8_t>(static_cast<unsigned>(v.month())));
  w.u8(static_cast<std::uint8_t>(static_cast<unsigned>(v.day())));
}
template <typename T>
void put(Writer& w, const std::optional<T>& v);
template <typename T>
void put(Writer& w, const std::vector<T>& v);
template <HasFields T>
void put(Writer& w, const T& v) {
  std::apply([&w](const auto&... f) { (put(w, f), ...); }, fields(const_cast<T&>(v)));
}
template <typename T>
void put(Writer& w, const std::optional<T>& v) {
  w.u8(v ? 1 : 0);
  if (v) put(w, *v);
}
template <typename T>
void put(Writer& w, const std::vector<T>& v) {
  w.u32(static_cast<std::uint32_t>(v.size()));
  for (const auto& item : v) put(w, item);
}

void get(Reader& r, std::string& v) { v = r.str(); }
void get(Reader& r, bool& v) { v = r.u8() != 0; }
void get(Reader& r, std::size_t& v) { v = static_cast<std::size_t>(r.u64()); }
void get(Reader& r, int& v) { v = static_cast<int>(r.u32()); }
void get(Reader& r, std::uint32_t& v) { v = r.u32(); }
void get(Reader& r, registry::LicenseStatus& v) { v = r.enum_value(registry::LicenseStatus::kUnknown); }
void get(Reader& r, registry::DigitalSource& v) { v = r.enum_value(registry::DigitalSource::kOther); }
void get(Reader& r, registry::Rule& v) { v = r.enum_value(static_cast<Rule>(registry::kRuleCount - 1)); }
void get(Reader& r, registry::Severity& v) { v = r.enum_value(registry::Severity::kError); }
void get(Reader& r, ImageContext& v) { v = r.enum_value(ImageContext::kInline); }
void get(Reader& r, C2paState& v) { v = r.enum_value(C2paState::kTrusted); }
void get(Reader& r, registry::FindingDetail& detail);
void get(Reader& r, registry::Relation& v) { v = r.enum_value(registry::Relation::kNear); }
void get(Reader& r, registry::CreditField& v) { v = r.enum_value(registry::CreditField::kCopyrightNotice); }
void get(Reader& r, registry::Channel& v) { v = r.enum_value(registry::Channel::kTv); }
void get(Reader& r, registry::Date& v) {
  const int year = static_cast<int>(r.u32());
  const unsigned month = r.u8();
  const unsigned day = r.u8();
  v = registry::Date{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
  if (!v.ok()) r.fail();
}
template <typename T>
void get(Reader& r, std::optional<T>& v);
template <typename T>
void get(Reader& r, std::vector<T>& v);
template <HasFields T>
void get(Reader& r, T& v) {
  std::apply([&r](auto&... f) { (get(r, f), ...); }, fields(v));
}
template <typename T>
void get(Reader& r, std::optional<T>& v) {
  v.reset();
  if (r.u8() != 0) get(r, v.emplace());
}
template <typename T>
void get(Reader& r, std::vector<T>& v) {
  v.resize(r.count(1));
  for (auto& item : v) get(r, item);
}

void put(Writer& w, const registry::FindingDetail& detail) {
  w.u8(static_cast<std::uint8_t>(detail.index()));
  std::visit([&w](const auto& d) { put(w, d); }, detail);
}

template <std::size_t... I>
registry::FindingDetail detail_at(std::size_t index, std::index_sequence<I...>) {
  registry::FindingDetail out;
  ((index == I ? (void)out.emplace<I>() : void()), ...);
  return out;
}

void get(Reader& r, registry::FindingDetail& detail) {
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

}  // namespace

std::string encode_image_record(const ImageAudit& image) {
  Writer w;
  put(w, image);
  return w.take();
}

ImageAudit decode_image_record(std::string_view record) {
  Reader r(record);
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

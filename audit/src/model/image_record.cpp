// ImageAudit <-> compact record (see image_record.hpp).
#include "model/image_record.hpp"

#include <cstdint>
#include <cstring>
#include <optional>
#include <tuple>
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
  void strings(const std::vector<std::string>& v) {
    u32(static_cast<std::uint32_t>(v.size()));
    for (const auto& s : v) str(s);
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
  // An optional enum written as 0 (absent) or 1 + its value.
  template <typename Enum>
  std::optional<Enum> optional_enum(Enum last) {
    const std::uint8_t v = u8();
    if (v == 0) return std::nullopt;
    if (v - 1 > static_cast<int>(last)) {
      ok_ = false;
      return std::nullopt;
    }
    return static_cast<Enum>(v - 1);
  }
  std::vector<std::string> strings() {
    std::vector<std::string> v(count(4));
    for (auto& s : v) s = str();
    return v;
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
auto fields(registry::GeneratedImage& d) { return std::tie(d.digital_source_code, d.by_credit); }
auto fields(registry::CopiesInSet& d) {
  return std::tie(d.others, d.kind, d.first, d.relation, d.by_keypoints, d.distance);
}
auto fields(registry::ArchiveCopies& d) { return std::tie(d.unnamed); }
auto fields(registry::OtherCredits& d) { return std::tie(d.unnamed); }
auto fields(registry::PagePlace& d) { return std::tie(d.context, d.position, d.caption, d.alt); }
auto fields(registry::PagePlaces& d) { return std::tie(d.places, d.unnamed); }
auto fields(registry::MetadataOnly&) { return std::tie(); }
auto fields(registry::UndecodablePixels&) { return std::tie(); }

template <typename T>
concept HasFields = requires(T& t) {
  fields(t);
};

void put(Writer& w, const std::string& v) { w.str(v); }
void put(Writer& w, bool v) { w.u8(v ? 1 : 0); }
void put(Writer& w, std::size_t v) { w.u64(v); }
void put(Writer& w, int v) { w.u32(static_cast<std::uint32_t>(v)); }
void put(Writer& w, registry::Relation v) { w.u8(static_cast<std::uint8_t>(v)); }
void put(Writer& w, registry::CreditField v) { w.u8(static_cast<std::uint8_t>(v)); }
void put(Writer& w, registry::Channel v) { w.u8(static_cast<std::uint8_t>(v)); }
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

void put_detail(Writer& w, const registry::FindingDetail& detail) {
  w.u8(static_cast<std::uint8_t>(detail.index()));
  std::visit([&w](const auto& d) { put(w, d); }, detail);
}

template <std::size_t... I>
registry::FindingDetail detail_at(std::size_t index, std::index_sequence<I...>) {
  registry::FindingDetail out;
  ((index == I ? (void)out.emplace<I>() : void()), ...);
  return out;
}

registry::FindingDetail get_detail(Reader& r) {
  constexpr std::size_t kAlternatives = std::variant_size_v<registry::FindingDetail>;
  const std::size_t index = r.u8();
  if (index >= kAlternatives) {
    r.fail();
    return {};
  }
  registry::FindingDetail out = detail_at(index, std::make_index_sequence<kAlternatives>());
  std::visit([&r](auto& d) { get(r, d); }, out);
  return out;
}

}  // namespace

std::string encode_image_record(const ImageAudit& image) {
  Writer w;
  w.str(image.path);
  w.str(image.display);
  w.u8(image.error ? 1 : 0);
  if (image.error) w.str(*image.error);
  w.str(image.caption);
  w.str(image.creator);
  w.str(image.copyright);
  w.str(image.credit.text);
  w.u32(static_cast<std::uint32_t>(image.credit.chain.size()));
  for (const auto& link : image.credit.chain) {
    w.str(link.name);
    w.str(link.canonical);
  }
  w.strings(image.credit.photographers);
  w.strings(image.credit.modifiers);
  w.str(image.credit.printed);
  w.u8(image.license.status ? 1 + static_cast<std::uint8_t>(*image.license.status) : 0);
  w.str(image.license.licensor);
  w.str(image.license.contract);
  w.u8(image.license.single_use ? 1 : 0);
  w.u8(image.license.editorial_only ? 1 : 0);
  w.u8(image.license.digital_source ? 1 + static_cast<std::uint8_t>(*image.license.digital_source) : 0);
  w.u8(image.fingerprints ? 1 : 0);
  if (image.fingerprints) {
    const FingerprintSummary& f = *image.fingerprints;
    w.str(f.sha256);
    w.str(f.content_hash);
    w.str(f.pdq);
    w.u32(static_cast<std::uint32_t>(f.pdq_quality));
    w.str(f.phash);
    w.u32(f.width);
    w.u32(f.height);
    w.str(f.format);
  }
  w.u32(static_cast<std::uint32_t>(image.findings.size()));
  for (const auto& f : image.findings) {
    w.u8(static_cast<std::uint8_t>(f.rule));
    w.u8(static_cast<std::uint8_t>(f.severity));
    w.str(f.contract);
    w.str(f.organization);
    w.str(f.printed_credit);
    w.str(f.embedded_credit);
    w.str(f.reason);
    w.u32(static_cast<std::uint32_t>(f.related.size()));
    for (const auto& r : f.related) {
      w.str(r.path);
      w.u8(r.relation ? 1 + static_cast<std::uint8_t>(*r.relation) : 0);
      w.u8(r.distance ? 1 : 0);
      if (r.distance) w.u32(static_cast<std::uint32_t>(*r.distance));
      w.str(r.credit);
      w.u8(r.in_archive ? 1 : 0);
      w.str(r.method);
    }
    put_detail(w, f.detail);
  }
  w.u8(image.cluster ? 1 : 0);
  if (image.cluster) w.u64(*image.cluster);
  w.str(image.thumbnail_jpeg);
  w.u32(static_cast<std::uint32_t>(image.uses.size()));
  for (const auto& u : image.uses) {
    w.str(u.page);
    w.u8(static_cast<std::uint8_t>(u.context));
    w.u64(u.position);
    w.str(u.caption);
    w.str(u.printed_credit);
    w.str(u.alt);
    w.str(u.link);
  }
  return w.take();
}

ImageAudit decode_image_record(std::string_view record) {
  Reader r(record);
  ImageAudit image;
  image.path = r.str();
  image.display = r.str();
  if (r.u8() != 0) image.error = r.str();
  image.caption = r.str();
  image.creator = r.str();
  image.copyright = r.str();
  image.credit.text = r.str();
  image.credit.chain.resize(r.count(8));
  for (auto& link : image.credit.chain) {
    link.name = r.str();
    link.canonical = r.str();
  }
  image.credit.photographers = r.strings();
  image.credit.modifiers = r.strings();
  image.credit.printed = r.str();
  image.license.status = r.optional_enum<registry::LicenseStatus>(registry::LicenseStatus::kUnknown);
  image.license.licensor = r.str();
  image.license.contract = r.str();
  image.license.single_use = r.u8() != 0;
  image.license.editorial_only = r.u8() != 0;
  image.license.digital_source = r.optional_enum<registry::DigitalSource>(registry::DigitalSource::kOther);
  if (r.u8() != 0) {
    FingerprintSummary f;
    f.sha256 = r.str();
    f.content_hash = r.str();
    f.pdq = r.str();
    f.pdq_quality = static_cast<int>(r.u32());
    f.phash = r.str();
    f.width = r.u32();
    f.height = r.u32();
    f.format = r.str();
    if (r.ok()) image.fingerprints = std::move(f);
  }
  image.findings.resize(r.count(27));
  for (auto& f : image.findings) {
    const std::uint8_t rule = r.u8();
    if (rule >= registry::kRuleCount) r.fail();
    f.rule = rule < registry::kRuleCount ? static_cast<Rule>(rule) : Rule::kMetadataUnreadable;
    const std::uint8_t severity = r.u8();
    f.severity = severity <= static_cast<std::uint8_t>(Severity::kError) ? static_cast<Severity>(severity)
                                                                         : Severity::kError;
    f.contract = r.str();
    f.organization = r.str();
    f.printed_credit = r.str();
    f.embedded_credit = r.str();
    f.reason = r.str();
    f.related.resize(r.count(15));
    for (auto& related : f.related) {
      related.path = r.str();
      related.relation = r.optional_enum<registry::Relation>(registry::Relation::kNear);
      if (r.u8() != 0) related.distance = static_cast<int>(r.u32());
      related.credit = r.str();
      related.in_archive = r.u8() != 0;
      related.method = r.str();
    }
    f.detail = get_detail(r);
  }
  if (r.u8() != 0) image.cluster = static_cast<std::size_t>(r.u64());
  image.thumbnail_jpeg = r.str();
  image.uses.resize(r.count(29));
  for (auto& u : image.uses) {
    u.page = r.str();
    u.context = r.enum_value<ImageContext>(ImageContext::kInline);
    u.position = static_cast<std::size_t>(r.u64());
    u.caption = r.str();
    u.printed_credit = r.str();
    u.alt = r.str();
    u.link = r.str();
  }
  if (!r.ok()) {
    image.error =
        "photoaudit could not read this image's record back from its temporary file (damaged or cut "
        "short); the fields shown are those read before the damage";
  }
  return image;
}

}  // namespace photoaudit::audit

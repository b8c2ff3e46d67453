// ImageAudit <-> compact record (see image_record.hpp).
#include "model/image_record.hpp"

#include <cstdint>
#include <cstring>

namespace photoaudit::audit {
namespace {

// A new field of ImageAudit or of its parts must be added to both functions below (and to the round-trip
// test in tests/audit/image_list_test.cpp); this catches the struct growing without them.
static_assert(sizeof(ImageAudit) == 752, "ImageAudit changed: update encode_image_record and decode_image_record");
static_assert(sizeof(ImageUse) == 200, "ImageUse changed: update encode_image_record and decode_image_record");

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
  w.str(image.license.status);
  w.str(image.license.licensor);
  w.str(image.license.contract);
  w.u8(image.license.single_use ? 1 : 0);
  w.u8(image.license.editorial_only ? 1 : 0);
  w.str(image.license.digital_source);
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
    w.str(f.rule);
    w.u8(static_cast<std::uint8_t>(f.severity));
    w.str(f.message);
  }
  w.u8(image.cluster ? 1 : 0);
  if (image.cluster) w.u64(*image.cluster);
  w.str(image.thumbnail_jpeg);
  w.u32(static_cast<std::uint32_t>(image.uses.size()));
  for (const auto& u : image.uses) {
    w.str(u.page);
    w.str(u.context);
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
  image.license.status = r.str();
  image.license.licensor = r.str();
  image.license.contract = r.str();
  image.license.single_use = r.u8() != 0;
  image.license.editorial_only = r.u8() != 0;
  image.license.digital_source = r.str();
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
  image.findings.resize(r.count(9));
  for (auto& f : image.findings) {
    f.rule = r.str();
    const std::uint8_t severity = r.u8();
    f.severity = severity <= static_cast<std::uint8_t>(Severity::kError) ? static_cast<Severity>(severity)
                                                                         : Severity::kError;
    f.message = r.str();
  }
  if (r.u8() != 0) image.cluster = static_cast<std::size_t>(r.u64());
  image.thumbnail_jpeg = r.str();
  image.uses.resize(r.count(32));
  for (auto& u : image.uses) {
    u.page = r.str();
    u.context = r.str();
    u.position = static_cast<std::size_t>(r.u64());
    u.caption = r.str();
    u.printed_credit = r.str();
    u.alt = r.str();
    u.link = r.str();
  }
  if (!r.ok()) {
    image.error = "photoaudit could not read this image's record back from its temporary file (damaged or cut "
                  "short); the fields shown are those read before the damage";
  }
  return image;
}

}  // namespace photoaudit::audit

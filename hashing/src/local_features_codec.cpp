// encode_local_features / decode_local_features (see local_features_codec.hpp).
#include "photoaudit/hashing/local_features_codec.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace photoaudit::hashing {
namespace {

constexpr std::uint8_t kFlagMirror = 1;
constexpr double kFixedMax = 65535.0;

void put16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v >> 8 & 0xFF));
  out.push_back(static_cast<char>(v & 0xFF));
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, v >> 16);
  put16(out, v & 0xFFFF);
}

std::uint32_t fixed(float v, int side) {
  if (side <= 0) return 0;
  const double q = std::round(static_cast<double>(v) / side * kFixedMax);
  return static_cast<std::uint32_t>(std::clamp(q, 0.0, kFixedMax));
}

bool valid_set(const std::vector<std::array<float, 2>>& points,
               const std::vector<std::array<std::uint8_t, 32>>& descriptors) {
  return points.size() == descriptors.size() && points.size() <= kMaxEncodedFeatures;
}

void put_set(std::string& out, const LocalFeatures& f, const std::vector<std::array<float, 2>>& points,
             const std::vector<std::array<std::uint8_t, 32>>& descriptors) {
  put16(out, static_cast<std::uint32_t>(points.size()));
  for (const auto& p : points) {
    put16(out, fixed(p[0], f.width));
    put16(out, fixed(p[1], f.height));
  }
  for (const auto& d : descriptors) out.append(reinterpret_cast<const char*>(d.data()), d.size());
}

// Reads big-endian fields from the blob; after the first read past the end every read fails.
class Cursor {
 public:
  explicit Cursor(std::string_view in) : in_(in) {}
  bool take(std::size_t n, const char*& p) {
    if (in_.size() - at_ < n) return false;
    p = in_.data() + at_;
    at_ += n;
    return true;
  }
  bool u8(std::uint32_t& v) { return read(1, v); }
  bool u16(std::uint32_t& v) { return read(2, v); }
  bool u32(std::uint32_t& v) { return read(4, v); }
  std::size_t at() const { return at_; }
  std::size_t left() const { return in_.size() - at_; }

 private:
  bool read(std::size_t n, std::uint32_t& v) {
    const char* p = nullptr;
    if (!take(n, p)) return false;
    v = 0;
    for (std::size_t i = 0; i < n; ++i) v = v << 8 | static_cast<std::uint8_t>(p[i]);
    return true;
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

Error damaged(const Cursor& c, std::string_view what) {
  return Error::corruption("local features blob: " + std::string(what) + " at byte " + std::to_string(c.at()));
}

Result<std::size_t> read_set(Cursor& c, const LocalFeatures& f, std::vector<std::array<float, 2>>& points,
                             std::vector<std::array<std::uint8_t, 32>>& descriptors) {
  std::uint32_t n = 0;
  if (!c.u16(n)) return fail(damaged(c, "truncated keypoint count"));
  if (n > kMaxEncodedFeatures) return fail(damaged(c, std::to_string(n) + " keypoints are over the maximum"));
  if (c.left() < std::size_t{n} * (4 + 32)) return fail(damaged(c, "truncated keypoints"));
  points.resize(n);
  descriptors.resize(n);
  for (auto& p : points) {
    std::uint32_t x = 0;
    std::uint32_t y = 0;
    (void)c.u16(x);
    (void)c.u16(y);
    p = {static_cast<float>(x / kFixedMax * f.width), static_cast<float>(y / kFixedMax * f.height)};
  }
  for (auto& d : descriptors) {
    const char* bytes = nullptr;
    (void)c.take(d.size(), bytes);
    std::memcpy(d.data(), bytes, d.size());
  }
  return std::size_t{n};
}

Result<bool> read_header(Cursor& c, LocalFeatures& f) {
  const char* magic = nullptr;
  std::uint32_t version = 0;
  std::uint32_t flags = 0;
  if (!c.take(2, magic) || !c.u8(version) || !c.u8(flags)) return fail(damaged(c, "truncated header"));
  if (std::string_view(magic, 2) != "LF") return fail(damaged(c, "not a local features blob (magic)"));
  if (version > kLocalFeaturesCodecVersion) {
    return fail(Error::unsupported("local features blob: version " + std::to_string(version) +
                                   " is newer than this photoaudit reads (" +
                                   std::to_string(kLocalFeaturesCodecVersion) + ")"));
  }
  if (version == 0 || (flags & ~std::uint32_t{kFlagMirror}) != 0) return fail(damaged(c, "unknown version or flags"));
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  if (!c.u32(width) || !c.u32(height)) return fail(damaged(c, "truncated size"));
  if (width > 0x7FFFFFFF || height > 0x7FFFFFFF) return fail(damaged(c, "image size out of range"));
  f.width = static_cast<int>(width);
  f.height = static_cast<int>(height);
  return (flags & kFlagMirror) != 0;
}

Result<bool> read_thumbnail(Cursor& c, LocalFeatures& f) {
  std::uint32_t tw = 0;
  std::uint32_t th = 0;
  if (!c.u16(tw) || !c.u16(th)) return fail(damaged(c, "truncated thumbnail size"));
  constexpr auto kSide = static_cast<std::uint32_t>(LocalFeatures::kThumbnailSide);
  if (tw > kSide || th > kSide) return fail(damaged(c, "thumbnail larger than its maximum"));
  const char* bytes = nullptr;
  if (!c.take(std::size_t{tw} * th, bytes)) return fail(damaged(c, "truncated thumbnail"));
  f.thumbnail_width = static_cast<int>(tw);
  f.thumbnail_height = static_cast<int>(th);
  f.thumbnail.assign(bytes, bytes + std::size_t{tw} * th);
  if (c.left() != 0) return fail(damaged(c, std::to_string(c.left()) + " bytes left over"));
  return true;
}

}  // namespace

Result<std::string> encode_local_features(const LocalFeatures& f) {
  if (!valid_set(f.points, f.descriptors) || !valid_set(f.mirror_points, f.mirror_descriptors)) {
    return fail(Error::invalid_argument("local features: more than " + std::to_string(kMaxEncodedFeatures) +
                                        " keypoints, or points and descriptors differ in number"));
  }
  const bool thumbnail_ok = f.thumbnail_width >= 0 && f.thumbnail_height >= 0 &&
                            f.thumbnail_width <= LocalFeatures::kThumbnailSide &&
                            f.thumbnail_height <= LocalFeatures::kThumbnailSide &&
                            f.thumbnail.size() == static_cast<std::size_t>(f.thumbnail_width) * f.thumbnail_height;
  if (!thumbnail_ok || f.width < 0 || f.height < 0) {
    return fail(Error::invalid_argument("local features: thumbnail or image size out of range"));
  }
  const bool mirror = !f.mirror_points.empty();
  std::string out = "LF";
  out.push_back(static_cast<char>(kLocalFeaturesCodecVersion));
  out.push_back(static_cast<char>(mirror ? kFlagMirror : 0));
  put32(out, static_cast<std::uint32_t>(f.width));
  put32(out, static_cast<std::uint32_t>(f.height));
  put_set(out, f, f.points, f.descriptors);
  if (mirror) put_set(out, f, f.mirror_points, f.mirror_descriptors);
  put16(out, static_cast<std::uint32_t>(f.thumbnail_width));
  put16(out, static_cast<std::uint32_t>(f.thumbnail_height));
  out.append(reinterpret_cast<const char*>(f.thumbnail.data()), f.thumbnail.size());
  return out;
}

Result<LocalFeatures> decode_local_features(std::string_view blob) {
  Cursor c(blob);
  LocalFeatures f;
  const auto mirror = read_header(c, f);
  if (!mirror) return fail(mirror.error());
  if (auto n = read_set(c, f, f.points, f.descriptors); !n) return fail(n.error());
  if (*mirror) {
    if (auto m = read_set(c, f, f.mirror_points, f.mirror_descriptors); !m) return fail(m.error());
  }
  if (auto t = read_thumbnail(c, f); !t) return fail(t.error());
  return f;
}

}  // namespace photoaudit::hashing

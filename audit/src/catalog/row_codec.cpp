#include "catalog/row_codec.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::audit::catalog {
namespace {

constexpr std::size_t kHashBytes = 32;

void put_u64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

void put_u32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

std::uint64_t get_be(std::string_view bytes, std::size_t at, std::size_t width) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < width; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

hashing::Hash256 hash_at(std::string_view blob, std::size_t at) {
  hashing::Hash256 h;
  for (std::size_t w = 0; w < h.words.size(); ++w) h.words[w] = get_be(blob, at + 8 * w, 8);
  return h;
}

}  // namespace

std::string hash_blob(const hashing::Hash256& hash) {
  std::string out;
  out.reserve(kHashBytes);
  for (const std::uint64_t w : hash.words) put_u64(out, w);
  return out;
}

std::optional<hashing::Hash256> hash_from_blob(std::string_view blob) {
  if (blob.size() != kHashBytes) return std::nullopt;
  return hash_at(blob, 0);
}

std::string dihedral_blob(const hashing::Fingerprints& fp) {
  std::string out;
  for (const auto& h : fp.pdq_dihedral) out += hash_blob(h);
  return out;
}

bool dihedral_from_blob(std::string_view blob, hashing::Fingerprints& fp) {
  if (blob.size() != kHashBytes * fp.pdq_dihedral.size()) return false;
  for (std::size_t i = 0; i < fp.pdq_dihedral.size(); ++i) fp.pdq_dihedral[i] = hash_at(blob, i * kHashBytes);
  return true;
}

std::string windows_blob(const hashing::Fingerprints& fp) {
  std::string out;
  for (const auto& h : fp.pdq_windows) out += hash_blob(h);
  for (const std::uint8_t q : fp.pdq_window_quality) out.push_back(static_cast<char>(q));
  if (fp.has_grey16) out.append(reinterpret_cast<const char*>(fp.grey16.data()), fp.grey16.size());
  for (const auto& h : fp.pdq_derotated) out += hash_blob(h);
  for (const std::uint8_t q : fp.pdq_derotated_quality) out.push_back(static_cast<char>(q));
  return out;
}

std::string lacks_derotated_sql(bool postgres) {
  const std::size_t windows = hashing::kPdqWindowCount * (kHashBytes + 1);
  const std::size_t derotated = hashing::kPdqDerotatedCount * (kHashBytes + 1);
  const std::string with = std::to_string(windows + derotated);
  const std::string with_grey16 = std::to_string(windows + hashing::Fingerprints{}.grey16.size() + derotated);
  const std::string qualities = std::to_string(hashing::kPdqDerotatedCount);
  // The last kPdqDerotatedCount bytes: the de-rotated hashes' qualities, all 0 when none were kept.
  const std::string tail = postgres ? "substring(pdq_windows from octet_length(pdq_windows) - " + qualities + " + 1)"
                                    : "substr(pdq_windows, length(pdq_windows) - " + qualities + " + 1)";
  const std::string zeros = postgres ? "'\\x" + std::string(2 * hashing::kPdqDerotatedCount, '0') + "'::bytea"
                                     : "zeroblob(" + qualities + ")";
  const std::string length = postgres ? "octet_length(pdq_windows)" : "length(pdq_windows)";
  return "(pdq_quality >= 50 AND pdq_windows IS NOT NULL AND (" + length + " NOT IN (" + with + ", " + with_grey16 +
         ") OR " + tail + " = " + zeros + "))";
}

std::string flat_window_sql(int min_quality, bool postgres) {
  const std::size_t qualities_at = hashing::kPdqWindowCount * kHashBytes;  // byte offset of the first quality
  const std::size_t windows = hashing::kPdqWindowCount * (kHashBytes + 1);
  const std::size_t grey16 = hashing::Fingerprints{}.grey16.size();
  const std::size_t derotated = hashing::kPdqDerotatedCount * (kHashBytes + 1);
  const std::string lengths = std::to_string(windows + grey16) + ", " + std::to_string(windows + grey16 + derotated);
  const int threshold = std::clamp(min_quality, 0, 255);
  std::string any;
  for (std::size_t i = 0; i < hashing::kPdqWindowCount; ++i) {
    if (!any.empty()) any += " OR ";
    if (postgres) {
      any += "get_byte(pdq_windows, " + std::to_string(qualities_at + i) + ") < " + std::to_string(threshold);
    } else {
      // SQLite reads no byte of a blob as a number: its two upper-case hex digits, compared as text, order as
      // the numbers do.
      char hex[3];
      std::snprintf(hex, sizeof hex, "%02X", static_cast<unsigned>(threshold));
      any += "hex(substr(pdq_windows, " + std::to_string(qualities_at + i + 1) + ", 1)) < '" + hex + "'";
    }
  }
  if (postgres) {
    return "(CASE WHEN octet_length(pdq_windows) IN (" + lengths + ") THEN (" + any + ") ELSE false END)";
  }
  return "(length(pdq_windows) IN (" + lengths + ") AND (" + any + "))";
}

std::string flat_looking_sql(int min_quality, bool postgres) {
  return "(pdq_quality < " + std::to_string(min_quality) + " OR " + flat_window_sql(min_quality, postgres) + ")";
}

std::string aspect_sql(bool postgres) {
  return postgres ? "(width::float8 / NULLIF(height, 0))" : "(CAST(width AS REAL) / height)";
}

std::string flat_partner_indexes_sql(bool postgres) {
  const int q = hashing::SameRule{}.min_quality;
  return "CREATE INDEX IF NOT EXISTS images_aspect ON images (" + aspect_sql(postgres) + ") WHERE pdq IS NOT NULL; " +
         "CREATE INDEX IF NOT EXISTS images_flat_looking ON images (" + aspect_sql(postgres) +
         ") WHERE pdq IS NOT NULL AND " + flat_looking_sql(q, postgres) + ";";
}

bool windows_from_blob(std::string_view blob, hashing::Fingerprints& fp) {
  constexpr std::size_t kBeforeFullWindow = 6;
  constexpr std::size_t kDerotated = hashing::kPdqDerotatedCount * (kHashBytes + 1);
  // Rows written before the de-rotated hashes existed end after grey16 (or after the windows).
  const bool derotated = blob.size() == fp.pdq_windows.size() * (kHashBytes + 1) + kDerotated ||
                         blob.size() == fp.pdq_windows.size() * (kHashBytes + 1) + fp.grey16.size() + kDerotated;
  if (derotated) blob.remove_suffix(kDerotated);
  const std::size_t n = blob.size() == kBeforeFullWindow * (kHashBytes + 1) ? kBeforeFullWindow : fp.pdq_windows.size();
  const std::size_t windows = n * (kHashBytes + 1);
  const bool grey16 = n == fp.pdq_windows.size() && blob.size() == windows + fp.grey16.size();
  if (blob.size() != windows && !grey16) return false;
  fp.pdq_windows = {};
  fp.pdq_window_quality = {};
  fp.has_grey16 = grey16;
  fp.grey16 = {};
  if (grey16) std::copy_n(blob.begin() + static_cast<std::ptrdiff_t>(windows), fp.grey16.size(), fp.grey16.begin());
  for (std::size_t i = 0; i < n; ++i) {
    fp.pdq_windows[i] = hash_at(blob, i * kHashBytes);
    fp.pdq_window_quality[i] = static_cast<std::uint8_t>(blob[n * kHashBytes + i]);
  }
  fp.pdq_derotated = {};
  fp.pdq_derotated_quality = {};
  if (derotated) {
    const std::string_view tail(blob.data() + blob.size(), kDerotated);
    const std::size_t count = fp.pdq_derotated.size();
    for (std::size_t i = 0; i < count; ++i) {
      fp.pdq_derotated[i] = hash_at(tail, i * kHashBytes);
      fp.pdq_derotated_quality[i] = static_cast<std::uint8_t>(tail[count * kHashBytes + i]);
    }
  }
  return true;
}

std::string trimmed_blob(const hashing::Fingerprints& fp) {
  std::string out = hash_blob(fp.pdq_trimmed);
  put_u32(out, fp.trimmed.top);
  put_u32(out, fp.trimmed.bottom);
  put_u32(out, fp.trimmed.left);
  put_u32(out, fp.trimmed.right);
  return out;
}

bool trimmed_from_blob(std::string_view blob, hashing::Fingerprints& fp) {
  if (blob.size() != kHashBytes + 16) return false;
  fp.pdq_trimmed = hash_at(blob, 0);
  fp.trimmed.top = static_cast<std::uint32_t>(get_be(blob, kHashBytes, 4));
  fp.trimmed.bottom = static_cast<std::uint32_t>(get_be(blob, kHashBytes + 4, 4));
  fp.trimmed.left = static_cast<std::uint32_t>(get_be(blob, kHashBytes + 8, 4));
  fp.trimmed.right = static_cast<std::uint32_t>(get_be(blob, kHashBytes + 12, 4));
  return true;
}

std::optional<hashing::ContentHashMethod> content_method_from_name(std::string_view name) {
  using M = hashing::ContentHashMethod;
  for (const M m : {M::kJpegScan, M::kPngIdat, M::kWebpStream, M::kGifLzw, M::kPixels}) {
    if (hashing::to_string(m) == name) return m;
  }
  return std::nullopt;
}

std::string_view format_from_name(std::string_view name) {
  static constexpr std::array<std::string_view, 6> kFormats = {"jpeg", "png", "gif", "webp", "tiff", "bmp"};
  for (const auto f : kFormats) {
    if (f == name) return f;
  }
  return {};
}

}  // namespace photoaudit::audit::catalog

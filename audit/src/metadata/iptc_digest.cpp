#include "metadata/iptc_digest.hpp"

#include <openssl/evp.h>

#include <array>
#include <span>

#include "photoaudit/common/encoding.hpp"
#include "photoaudit/common/openssl_ready.hpp"

namespace photoaudit::audit::metadata {
namespace {

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

constexpr std::string_view kPhotoshopSignature{"Photoshop 3.0\0", 14};

// Walks JPEG marker segments through a byte source; calls on_app13(payload) for each Photoshop APP13.
template <typename ReadFn>
bool walk_jpeg_segments(ReadFn read, std::size_t max_bytes, std::string& irb) {
  unsigned char head[2];
  if (!read(head, 2) || head[0] != 0xFF || head[1] != 0xD8) return false;
  std::size_t consumed = 2;
  while (consumed < max_bytes) {
    unsigned char marker[2];
    if (!read(marker, 2)) return true;
    consumed += 2;
    // Fill bytes (0xFF 0xFF ...) may precede a marker.
    while (marker[0] == 0xFF && marker[1] == 0xFF) {
      marker[0] = 0xFF;
      if (!read(&marker[1], 1)) return true;
      ++consumed;
    }
    if (marker[0] != 0xFF) return true;
    const unsigned char m = marker[1];
    if (m == 0xD9 || m == 0xDA) return true;              // end of image / start of scan: no more headers
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) continue;  // markers without a length
    unsigned char len_bytes[2];
    if (!read(len_bytes, 2)) return true;
    const std::size_t len = (std::size_t{len_bytes[0]} << 8) | len_bytes[1];
    if (len < 2) return true;
    std::string payload(len - 2, '\0');
    if (!payload.empty() && !read(reinterpret_cast<unsigned char*>(payload.data()), payload.size())) return true;
    consumed += len;
    if (m == 0xED && payload.size() >= kPhotoshopSignature.size() &&
        std::string_view(payload).substr(0, kPhotoshopSignature.size()) == kPhotoshopSignature) {
      irb.append(payload, kPhotoshopSignature.size());
    }
  }
  return true;
}

}  // namespace

PhotoshopResources parse_photoshop_resources(std::string_view irb) {
  PhotoshopResources out;
  const auto* p = reinterpret_cast<const unsigned char*>(irb.data());
  std::size_t pos = 0;
  const std::size_t n = irb.size();
  while (pos + 12 <= n) {
    if (irb.substr(pos, 4) != "8BIM") break;
    const unsigned id = (unsigned{p[pos + 4]} << 8) | p[pos + 5];
    std::size_t name_len = p[pos + 6];
    std::size_t name_field = 1 + name_len;
    if (name_field % 2 != 0) ++name_field;
    const std::size_t size_pos = pos + 6 + name_field;
    if (size_pos + 4 > n) break;
    const std::size_t size = be32(p + size_pos);
    const std::size_t data_pos = size_pos + 4;
    if (size > n - data_pos) break;
    const std::string_view data = irb.substr(data_pos, size);
    if (id == 0x0404 && !out.iim_block) out.iim_block = std::string(data);
    if (id == 0x0425 && data.size() == 16 && !out.stored_digest) out.stored_digest = std::string(data);
    pos = data_pos + size + (size % 2);
  }
  return out;
}

std::optional<std::string> jpeg_photoshop_irb_from_memory(const std::uint8_t* data, std::size_t size) {
  std::size_t pos = 0;
  std::string irb;
  auto read = [&](unsigned char* dst, std::size_t count) {
    if (count > size - pos) return false;
    for (std::size_t i = 0; i < count; ++i) dst[i] = data[pos + i];
    pos += count;
    return true;
  };
  if (!walk_jpeg_segments(read, size, irb)) return std::nullopt;
  return irb;
}

IptcDigestState iptc_digest_state(const PhotoshopResources& resources) {
  if (!resources.iim_block) return IptcDigestState::kNoIim;
  if (!resources.stored_digest) return IptcDigestState::kNoDigest;
  prepare_openssl();
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int md_len = 0;
  EVP_Digest(resources.iim_block->data(), resources.iim_block->size(), md.data(), &md_len, EVP_md5(), nullptr);
  const std::string computed(reinterpret_cast<const char*>(md.data()), md_len);
  return computed == *resources.stored_digest ? IptcDigestState::kMatches : IptcDigestState::kMismatch;
}

std::string md5_hex(std::string_view bytes) {
  prepare_openssl();
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int md_len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md.data(), &md_len, EVP_md5(), nullptr);
  return hex_lower(std::span<const std::uint8_t>(md.data(), md_len));
}

}  // namespace photoaudit::audit::metadata

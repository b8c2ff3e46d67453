// An asset's boxes for the general box hash (see asset_boxes.hpp).
#include "credentials/asset_boxes.hpp"

#include <algorithm>
#include <array>

#include "credentials/c2pa_store.hpp"

namespace photoaudit::audit::credentials {
namespace {

using Boxes = std::vector<AssetBox>;

// The name of a JPEG marker that opens a segment with a length field, or "" for one that has none.
std::string segment_name(std::uint8_t marker) {
  if (marker >= 0xE0 && marker <= 0xEF) return "APP" + std::to_string(marker - 0xE0);
  if (marker >= 0xF0 && marker <= 0xFD) return "JPG" + std::to_string(marker - 0xF0);
  if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
    return "SOF" + std::to_string(marker - 0xC0);
  }
  switch (marker) {
    case 0xC4:
      return "DHT";
    case 0xC8:
      return "JPG";
    case 0xCC:
      return "DAC";
    case 0xDA:
      return "SOS";
    case 0xDB:
      return "DQT";
    case 0xDC:
      return "DNL";
    case 0xDD:
      return "DRI";
    case 0xDE:
      return "DHP";
    case 0xDF:
      return "EXP";
    case 0xFE:
      return "COM";
    default:
      return "";
  }
}

// The end of the entropy-coded data that starts at `at`: the first 0xFF that is neither stuffing (FF 00), a restart
// marker (FF D0..D7) nor fill before one of those.
std::size_t entropy_end(std::span<const std::uint8_t> f, std::size_t at) {
  while (at + 1 < f.size()) {
    if (f[at] != 0xFF) {
      ++at;
      continue;
    }
    const std::uint8_t next = f[at + 1];
    if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
      at += 2;
      continue;
    }
    return at;
  }
  return f.size();
}

// Walks the JPEG's marker segments from after SOI; false when the structure breaks off.
bool jpeg_segments(std::span<const std::uint8_t> f, const StoreSearch& search, Boxes& out) {
  std::size_t pos = 2;
  while (pos < f.size()) {
    if (search.found && !search.external && pos == search.span_start && search.span_length > 0) {
      out.push_back({"C2PA", pos, search.span_length});
      pos += search.span_length;
      continue;
    }
    if (pos + 2 > f.size() || f[pos] != 0xFF) return false;
    const std::uint8_t marker = f[pos + 1];
    if (marker == 0xD9) {
      out.push_back({"EOI", pos, 2});
      pos += 2;
      if (pos < f.size()) out.push_back({"c2pa.after", pos, f.size() - pos});
      return true;
    }
    const std::string name = segment_name(marker);
    if (name.empty() || pos + 4 > f.size()) return false;
    const std::size_t length = 2 + ((std::size_t{f[pos + 2]} << 8) | f[pos + 3]);
    if (length < 4 || length > f.size() - pos) return false;
    const std::size_t end = marker == 0xDA ? entropy_end(f, pos + length) : pos + length;
    out.push_back({name, pos, end - pos});
    pos = end;
  }
  return true;  // no EOI: the boxes still cover the file
}

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

bool png_chunks(std::span<const std::uint8_t> f, const StoreSearch& search, Boxes& out) {
  out.push_back({"PNGh", 0, 8});
  std::size_t pos = 8;
  while (pos < f.size()) {
    if (f.size() - pos < 12) return false;
    const std::size_t length = std::size_t{be32(f.data() + pos)} + 12;
    if (length > f.size() - pos) return false;
    std::string type(reinterpret_cast<const char*>(f.data() + pos + 4), 4);
    if (search.found && !search.external && pos == search.span_start) type = "C2PA";
    out.push_back({std::move(type), pos, length});
    pos += length;
  }
  return true;
}

}  // namespace

std::optional<std::vector<AssetBox>> asset_boxes(std::span<const std::uint8_t> file, const StoreSearch& search) {
  Boxes out;
  static constexpr std::array<std::uint8_t, 8> kPng = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  if (file.size() >= 2 && file[0] == 0xFF && file[1] == 0xD8) {
    out.push_back({"SOI", 0, 2});
    if (!jpeg_segments(file, search, out)) return std::nullopt;
    return out;
  }
  if (file.size() >= 8 && std::equal(kPng.begin(), kPng.end(), file.begin())) {
    if (!png_chunks(file, search, out)) return std::nullopt;
    return out;
  }
  return std::nullopt;
}

}  // namespace photoaudit::audit::credentials

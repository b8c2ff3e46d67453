// Finding the C2PA store in JPEG and PNG files (see c2pa_store.hpp).
#include "credentials/c2pa_store.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <string_view>

namespace photoaudit::audit::credentials {
namespace {

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

struct App11Part {
  std::uint32_t sequence = 0;
  std::span<const std::uint8_t> payload;  // after CI, instance and sequence
  std::size_t start = 0;                  // the segment's marker in the file
  std::size_t end = 0;
};

StoreSearch jpeg_store(std::span<const std::uint8_t> f, std::size_t max_store_bytes) {
  StoreSearch out;
  std::map<std::uint16_t, std::vector<App11Part>> instances;
  std::size_t pos = 2;
  while (pos + 4 <= f.size() && f[pos] == 0xFF) {
    const std::uint8_t marker = f[pos + 1];
    if (marker == 0xFF) {  // fill byte
      ++pos;
      continue;
    }
    if (marker == 0xD9 || marker == 0xDA) break;  // EOI, or SOS: no APP11 after the first scan starts
    const std::size_t length = (std::size_t{f[pos + 2]} << 8) | f[pos + 3];
    if (marker == 0xEB && pos + 2 + length > f.size() && pos + 6 <= f.size() && f[pos + 4] == 'J' &&
        f[pos + 5] == 'P') {
      out.found = true;  // a JUMBF segment the end of the file cuts: a store cut short, not a file without one
      out.container = "jpeg-app11";
      out.problem = "an APP11 segment of the manifest store is cut short by the end of the file";
      return out;
    }
    if (length < 2 || pos + 2 + length > f.size()) break;
    const std::uint8_t* body = f.data() + pos + 4;
    const std::size_t body_size = length - 2;
    if (marker == 0xEB && body_size >= 8 && body[0] == 'J' && body[1] == 'P') {
      const auto instance = static_cast<std::uint16_t>((body[2] << 8) | body[3]);
      instances[instance].push_back({be32(body + 4), {body + 8, body_size - 8}, pos, pos + 2 + length});
    }
    pos += 2 + length;
  }
  for (auto& [instance, parts] : instances) {
    // Only the instances that hold a C2PA store count ("jumb" whose description labels it "c2pa").
    const App11Part* first = nullptr;
    for (const App11Part& p : parts) {
      if (p.sequence == 1) first = &p;
    }
    if (first == nullptr || first->payload.size() < 8) continue;
    const std::span<const std::uint8_t> head = first->payload;
    if (head[4] != 'j' || head[5] != 'u' || head[6] != 'm' || head[7] != 'b') continue;
    if (out.found) {
      out.problem = "more than one C2PA manifest store (APP11 box instances)";
      return out;
    }
    out.found = true;
    out.container = "jpeg-app11";
    std::size_t total = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (parts[i].sequence != i + 1) {
        out.problem = "APP11 segments of the manifest store are missing or out of order (expected sequence " +
                      std::to_string(i + 1) + ", found " + std::to_string(parts[i].sequence) + ")";
        return out;
      }
      if (i > 0 && parts[i].start != parts[i - 1].end) {
        out.problem = "APP11 segments of the manifest store are not contiguous";
        return out;
      }
      const std::size_t skip = i == 0 ? 0 : 8;  // continuations repeat the 8-byte box header
      if (parts[i].payload.size() < skip) {
        out.problem = "APP11 continuation segment shorter than its box header";
        return out;
      }
      total += parts[i].payload.size() - skip;
      if (total > max_store_bytes) {
        out.problem = "manifest store larger than the limit (" + std::to_string(max_store_bytes) + " bytes)";
        return out;
      }
    }
    out.store.reserve(total);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const auto payload = parts[i].payload.subspan(i == 0 ? 0 : 8);
      out.store.insert(out.store.end(), payload.begin(), payload.end());
    }
    out.span_start = parts.front().start;
    out.span_length = parts.back().end - parts.front().start;
  }
  return out;
}

// Where a format keeps its store: the container's name and what holds the store, one and several.
struct StoreHolder {
  std::string_view container;  // StoreSearch::container
  std::string_view one;        // "caBX chunk"
  std::string_view many;       // "caBX chunks"
};
constexpr StoreHolder kPngHolder{"png-caBX", "caBX chunk", "caBX chunks"};
constexpr StoreHolder kWebpHolder{"webp-riff", "RIFF C2PA chunk", "RIFF C2PA chunks"};
constexpr StoreHolder kTiffHolder{"tiff-cd41", "TIFF tag 0xCD41", "TIFF tags 0xCD41"};

// A store found in a chunk or tag of `f` (its payload: `length` bytes at `payload`; the file bytes it occupies:
// span_length at span_start). The first is taken; a second, one over max_store_bytes or one past the end of the
// file is the search's problem. False when the search must stop.
bool take_store(StoreSearch& out, std::span<const std::uint8_t> f, const StoreHolder& holder, std::size_t payload,
                std::size_t length, std::size_t span_start, std::size_t span_length, std::size_t max_store_bytes) {
  if (out.found) {
    out.problem = "more than one C2PA manifest store (" + std::string(holder.many) + ")";
    return false;
  }
  out.found = true;
  out.container = holder.container;
  if (length > max_store_bytes) {
    out.problem = "manifest store larger than the limit (" + std::to_string(max_store_bytes) + " bytes)";
    return false;
  }
  if (payload > f.size() || length > f.size() - payload) {
    out.problem = "the " + std::string(holder.one) + " points past the end of the file";
    return false;
  }
  out.store.assign(f.begin() + static_cast<std::ptrdiff_t>(payload),
                   f.begin() + static_cast<std::ptrdiff_t>(payload + length));
  out.span_start = span_start;
  out.span_length = span_length;
  return true;
}

StoreSearch png_store(std::span<const std::uint8_t> f, std::size_t max_store_bytes) {
  StoreSearch out;
  std::size_t pos = 8;
  while (pos + 12 <= f.size()) {
    const std::uint32_t length = be32(f.data() + pos);
    const std::string type(reinterpret_cast<const char*>(f.data() + pos + 4), 4);
    // A caBX chunk that runs past the end (cut short, or a declared 300 MB) is a store failure, not "no store".
    if (type == "caBX" &&
        !take_store(out, f, kPngHolder, pos + 8, length, pos, std::size_t{length} + 12, max_store_bytes)) {
      return out;
    }
    if (length > f.size() - pos - 12) break;
    if (type == "IEND") break;
    pos += std::size_t{length} + 12;
  }
  return out;
}

std::uint32_t le32(const std::uint8_t* p) {
  return (std::uint32_t{p[3]} << 24) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[1]} << 8) | p[0];
}

// WebP: RIFF chunks after "RIFF" size "WEBP"; the store is the payload of a "C2PA" chunk.
StoreSearch webp_store(std::span<const std::uint8_t> f, std::size_t max_store_bytes) {
  StoreSearch out;
  std::size_t pos = 12;
  while (pos + 8 <= f.size()) {
    const std::uint32_t length = le32(f.data() + pos + 4);
    const bool c2pa = std::equal(f.begin() + static_cast<std::ptrdiff_t>(pos),
                                 f.begin() + static_cast<std::ptrdiff_t>(pos + 4), "C2PA");
    if (c2pa &&
        !take_store(out, f, kWebpHolder, pos + 8, length, pos,
                    std::min<std::size_t>(std::size_t{length} + 8 + (length & 1u), f.size() - pos), max_store_bytes)) {
      return out;
    }
    if (length > f.size() - pos - 8) break;
    pos += std::size_t{length} + 8 + (length & 1u);
  }
  return out;
}

// TIFF (and DNG): IFD0's tag 0xCD41 (type UNDEFINED or BYTE) holds the store at its value offset.
StoreSearch tiff_store(std::span<const std::uint8_t> f, std::size_t max_store_bytes) {
  StoreSearch out;
  const bool le = f[0] == 'I';
  const auto u16 = [&](std::size_t at) {
    return static_cast<std::uint16_t>(le ? f[at] | (f[at + 1] << 8) : (f[at] << 8) | f[at + 1]);
  };
  const auto u32 = [&](std::size_t at) { return le ? le32(f.data() + at) : be32(f.data() + at); };
  const std::size_t ifd = u32(4);
  if (ifd < 8 || ifd > f.size() - 2) return out;
  const std::size_t entries = u16(ifd);
  if (entries > (f.size() - ifd - 2) / 12) return out;
  for (std::size_t i = 0; i < entries; ++i) {
    const std::size_t entry = ifd + 2 + 12 * i;
    if (u16(entry) != 0xCD41) continue;
    const std::size_t count = u32(entry + 4);
    const std::size_t offset = count <= 4 ? entry + 8 : u32(entry + 8);
    if (!take_store(out, f, kTiffHolder, offset, count, offset, count, max_store_bytes)) {
      return out;
    }
  }
  return out;
}

std::string decode_entities(std::string_view raw) {
  std::string out;
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  for (std::size_t i = 0; i < raw.size();) {
    bool replaced = false;
    for (const auto& [entity, c] : kEntities) {
      if (raw.substr(i).starts_with(entity)) {
        out += c;
        i += entity.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += raw[i++];
  }
  return out;
}

}  // namespace

std::string provenance_reference(std::span<const std::uint8_t> file) {
  static constexpr std::string_view kName = "dcterms:provenance";
  // XMP packets sit near the start (JPEG APP1, PNG iTXt before the image data): only the first 4 MiB are searched,
  // so a large file without credentials costs no more than that.
  constexpr std::size_t kSearched = 4u << 20;
  const std::string_view text(reinterpret_cast<const char*>(file.data()), std::min(file.size(), kSearched));
  const std::boyer_moore_horspool_searcher searcher(kName.begin(), kName.end());
  auto at = text.begin();
  while (true) {
    at = std::search(at, text.end(), searcher);
    if (at == text.end()) return "";
    std::string_view rest = text.substr(static_cast<std::size_t>(at - text.begin()) + kName.size());
    at += static_cast<std::ptrdiff_t>(kName.size());
    // Attribute: dcterms:provenance="URL" (or '); element: <dcterms:provenance>URL</dcterms:provenance>.
    std::size_t skip = 0;
    while (skip < rest.size() && std::string_view(" \t\r\n").find(rest[skip]) != std::string_view::npos) ++skip;
    rest.remove_prefix(skip);
    char end = 0;
    if (rest.starts_with("=\"") || rest.starts_with("='")) {
      end = rest[1];
      rest.remove_prefix(2);
    } else if (rest.starts_with(">")) {
      end = '<';
      rest.remove_prefix(1);
    } else {
      continue;
    }
    const std::size_t close = rest.substr(0, 2048).find(end);
    if (close == std::string_view::npos || close == 0) continue;
    return decode_entities(rest.substr(0, close));
  }
}

StoreSearch find_c2pa_store(std::span<const std::uint8_t> file, std::size_t max_store_bytes) {
  if (file.size() >= 4 && file[0] == 0xFF && file[1] == 0xD8) return jpeg_store(file, max_store_bytes);
  static constexpr std::uint8_t kPng[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  if (file.size() >= 8 && std::equal(kPng, kPng + 8, file.begin())) return png_store(file, max_store_bytes);
  static constexpr std::uint8_t kTiffLe[4] = {'I', 'I', 42, 0};
  static constexpr std::uint8_t kTiffBe[4] = {'M', 'M', 0, 42};
  if (file.size() >= 8 &&
      (std::equal(kTiffLe, kTiffLe + 4, file.begin()) || std::equal(kTiffBe, kTiffBe + 4, file.begin()))) {
    return tiff_store(file, max_store_bytes);
  }
  if (file.size() >= 12 && std::equal(file.begin(), file.begin() + 4, "RIFF") &&
      std::equal(file.begin() + 8, file.begin() + 12, "WEBP")) {
    return webp_store(file, max_store_bytes);
  }
  return {};
}

}  // namespace photoaudit::audit::credentials

// Copies of fixtures/c2pa/C.jpg for tests of where Content Credentials come from: its manifest store as bytes (a
// sidecar or a remote manifest), and C.jpg without its store but byte for byte the same elsewhere (the store's span
// padded), so that the store's data hash still matches the copy.
#pragma once

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/files.hpp"

namespace photoaudit::test::c2pa_copies {

using Bytes = std::vector<std::uint8_t>;

inline const std::filesystem::path kC2pa = std::filesystem::path(PHOTOAUDIT_FIXTURES_DIR) / "c2pa";

inline Bytes bytes_of(const std::filesystem::path& path) {
  const std::string s = read_file(path);
  return {s.begin(), s.end()};
}

inline void write(const std::filesystem::path& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

// A JPEG's APP11 segments: where they are, and the manifest store they carry (continuations' repeated 8-byte box
// header dropped).
struct App11 {
  std::size_t start = 0;
  std::size_t end = 0;
  Bytes store;
};

inline App11 app11_of(const Bytes& jpeg) {
  App11 out;
  std::size_t pos = 2;
  bool first = true;
  while (pos + 4 <= jpeg.size() && jpeg[pos] == 0xFF && jpeg[pos + 1] != 0xDA) {
    const std::size_t length = (std::size_t{jpeg[pos + 2]} << 8) | jpeg[pos + 3];
    if (jpeg[pos + 1] == 0xEB) {
      if (first) out.start = pos;
      const std::size_t skip = 4 + 8 + (first ? 0 : 8);
      out.store.insert(out.store.end(), jpeg.begin() + static_cast<std::ptrdiff_t>(pos + skip),
                       jpeg.begin() + static_cast<std::ptrdiff_t>(pos + 2 + length));
      out.end = pos + 2 + length;
      first = false;
    }
    pos += 2 + length;
  }
  REQUIRE_FALSE(out.store.empty());
  return out;
}

inline void segment(Bytes& out, std::uint8_t marker, const std::string& payload) {
  const std::size_t length = payload.size() + 2;
  REQUIRE(length <= 0xFFFF);
  out.insert(out.end(), {0xFF, marker, static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)});
  out.insert(out.end(), payload.begin(), payload.end());
}

// C.jpg as a tool that keeps the manifest elsewhere writes it: the APP11 segments replaced, in the same span (which
// C.jpg's data hash excludes), by an XMP APP1 segment naming `provenance` (none when "") and a comment that pads to
// the same length. The data hash of C.jpg's manifest still matches this file.
inline Bytes without_store(const std::string& provenance) {
  const Bytes c = bytes_of(kC2pa / "C.jpg");
  const App11 app11 = app11_of(c);
  Bytes span;
  if (!provenance.empty()) {
    const std::string xmp = std::string("http://ns.adobe.com/xap/1.0/") + '\0' +
                            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
                            "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description "
                            "xmlns:dcterms=\"http://purl.org/dc/terms/\" dcterms:provenance=\"" +
                            provenance + "\"/></rdf:RDF></x:xmpmeta>";
    segment(span, 0xE1, xmp);
  }
  const std::size_t want = app11.end - app11.start;
  REQUIRE(want >= span.size() + 4);
  segment(span, 0xFE, std::string(want - span.size() - 4, ' '));
  Bytes out(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(app11.start));
  out.insert(out.end(), span.begin(), span.end());
  out.insert(out.end(), c.begin() + static_cast<std::ptrdiff_t>(app11.end), c.end());
  REQUIRE(out.size() == c.size());
  return out;
}

}  // namespace photoaudit::test::c2pa_copies

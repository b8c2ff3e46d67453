// The one sniffer (photoaudit/hashing/image_format.hpp): real fixture files of every decodable format, and
// crafted headers for the formats no fixture has (HEIF, AVIF, CR3, JPEG XL, SVG, BMP).
#include "photoaudit/hashing/image_format.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

using namespace photoaudit::hashing;  // the sniffer's few names: ImageFormat, sniff_image_format, ...

const std::filesystem::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;

std::string head_of(const std::filesystem::path& path, std::size_t n = 1024) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::string bytes(n, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(n));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

// An ISO BMFF file's first box: size 24, "ftyp", the major brand, minor version 0, one compatible brand.
std::string ftyp(std::string_view major, std::string_view compatible = "mif1") {
  return std::string(
             "\0\0\0\x18"
             "ftyp",
             8) +
         std::string(major) + std::string(4, '\0') + std::string(compatible) + std::string(compatible);
}

}  // namespace

TEST_CASE("sniff_image_format: real fixtures, from their first 32 bytes as from all of them") {
  const std::pair<const char*, ImageFormat> cases[] = {
      {"hashing/cat.jpg", ImageFormat::kJpeg},
      {"hashing/cat-progressive.jpg", ImageFormat::kJpeg},
      {"hashing/coffee.png", ImageFormat::kPng},
      {"hashing/coffee-16bit.png", ImageFormat::kPng},
      {"hashing/cat-animated.gif", ImageFormat::kGif},
      {"hashing/coffee.webp", ImageFormat::kWebp},
      {"hashing/cat-animated.webp", ImageFormat::kWebp},
      {"hashing/coffee.tif", ImageFormat::kTiff},
      {"metadata/credit.tif", ImageFormat::kTiff},
      {"metadata/credit.webp", ImageFormat::kWebp},
      {"hashing/not-an-image.jpg", ImageFormat::kUnknown},
      {"bad/text-named.jpg", ImageFormat::kUnknown},
      {"bad/empty.jpg", ImageFormat::kUnknown},
  };
  for (const auto& [name, format] : cases) {
    INFO(name);
    const std::string bytes = head_of(kFixtures / name);
    CHECK(sniff_image_format(bytes) == format);
    CHECK(sniff_image_format(std::string_view(bytes).substr(0, 32)) == format);
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
    CHECK(sniff_image_format(data, bytes.size()) == format);
  }
  CHECK(sniff_image_format(nullptr, 0) == ImageFormat::kUnknown);
}

TEST_CASE("sniff_image_format: HEIF and AVIF by their ftyp major brand, CR3 apart") {
  for (const char* brand :
       {"heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1", "avif", "avis"}) {
    INFO(brand);
    CHECK(is_heif_brand(brand));
    CHECK(sniff_image_format(ftyp(brand)) == ImageFormat::kHeif);
  }
  // The walker knew "crx " as HEIF-like, the fetcher not at all: it is Canon's raw format, in the same container.
  CHECK(sniff_image_format(ftyp("crx ", "isom")) == ImageFormat::kCr3);
  // An MP4 video or a QuickTime movie is not an image, even with "mif1" among its compatible brands: only the
  // major brand counts.
  CHECK(sniff_image_format(ftyp("isom", "mif1")) == ImageFormat::kUnknown);
  CHECK(sniff_image_format(ftyp("qt  ", "qt  ")) == ImageFormat::kUnknown);
  CHECK_FALSE(is_heif_brand("HEIC"));
  CHECK(sniff_image_format(ftyp("heic").substr(0, 11)) == ImageFormat::kUnknown);  // the brand cut short
}

TEST_CASE("sniff_image_format: BMP needs its file header with zero reserved fields (the three sniffers disagreed)") {
  std::string bmp = "BM" + std::string("\x46\0\0\0", 4) + std::string(4, '\0') + std::string("\x36\0\0\0", 4);
  CHECK(sniff_image_format(bmp) == ImageFormat::kBmp);
  CHECK(sniff_image_format(bmp.substr(0, 13)) == ImageFormat::kUnknown);
  CHECK(sniff_image_format("BMW is a car maker, not a bitmap") == ImageFormat::kUnknown);
}

TEST_CASE("sniff_image_format: JPEG XL and SVG") {
  CHECK(sniff_image_format("\xFF\x0A\xFA\x7F") == ImageFormat::kJxl);
  CHECK(sniff_image_format(std::string("\0\0\0\x0CJXL \x0D\x0A\x87\x0A", 12)) == ImageFormat::kJxl);
  CHECK(sniff_image_format("\xEF\xBB\xBF  <SVG xmlns=\"http://www.w3.org/2000/svg\"/>") == ImageFormat::kSvg);
  CHECK(sniff_image_format("<?xml version=\"1.0\"?>\n<!-- x -->\n<svg/>") == ImageFormat::kSvg);
  CHECK(sniff_image_format("<?xml version=\"1.0\"?><html><svg/></html>") == ImageFormat::kUnknown);
  CHECK(sniff_image_format(head_of(kFixtures / "page" / "article.html")) == ImageFormat::kUnknown);
}

TEST_CASE("format_name and is_decodable") {
  CHECK(format_name(ImageFormat::kJpeg) == "jpeg");
  CHECK(format_name(ImageFormat::kHeif) == "heif");
  CHECK(format_name(ImageFormat::kCr3) == "cr3");
  CHECK(format_name(ImageFormat::kUnknown) == "unknown");
  CHECK(is_decodable(ImageFormat::kBmp));
  CHECK(is_decodable(ImageFormat::kHeif));  // through libheif (issue 17)
  CHECK_FALSE(is_decodable(ImageFormat::kCr3));
  CHECK_FALSE(is_decodable(ImageFormat::kSvg));
}

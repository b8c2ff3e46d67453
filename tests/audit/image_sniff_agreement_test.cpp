// The walker, the fetcher and the metadata reader ask one sniffer (hashing::sniff_image_format), so they agree
// on what an image is. Before, three sniffers disagreed: the walker knew "crx " but not "heim"/"heis"/"hevx",
// the fetcher the reverse, and BMP needed 14, 14 + zero reserved fields, or 26 bytes.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "photoaudit/audit/fetch.hpp"
#include "photoaudit/audit/image_sources.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace {

namespace fs = std::filesystem;

}  // namespace

TEST_CASE("sniffer agreement: HEIC, AVIF and BMP made from a fixture are images to the walker, fetcher and reader") {
  const fs::path dir = fs::temp_directory_path() / ("photoaudit-sniff-agreement-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string source = std::string(PHOTOAUDIT_FIXTURES_DIR) + "/hashing/tiny-4x3.png";
  const std::pair<const char*, const char*> made[] = {{"x.heic", "heif"}, {"x.avif", "heif"}, {"x.bmp", "bmp"}};
  for (const auto& [file, format] : made) {
    INFO(file);
    REQUIRE(photoaudit::test::run_program("convert", {source, (dir / file).string()}).exit_code == 0);
    CHECK(photoaudit::audit::sniff_image_format(photoaudit::test::read_file(dir / file)) == format);
    const auto provenance = photoaudit::audit::read_provenance(dir / file);
    REQUIRE(provenance.has_value());
    CHECK(provenance->format == format);
  }
  std::ofstream(dir / "notes.txt") << "BMW is a car maker, not a bitmap";
  const auto walked = photoaudit::audit::collect_images({dir.string()});
  REQUIRE(walked.files.size() == 3);
  CHECK(walked.skipped_not_image == 1);
  fs::remove_all(dir);
}

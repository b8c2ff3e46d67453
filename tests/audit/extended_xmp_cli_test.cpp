// A JPEG's extended XMP (XMP Specification Part 3: the main packet names a GUID in xmpNote:HasExtendedXMP, the
// extended packet is cut into APP1 "http://ns.adobe.com/xmp/extension/" portions) is put together and read
// (issue 18: an AI label, DigitalSourceType, and a credit there were ignored).
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::run_photoaudit;
using photoaudit::test::TempDir;

namespace {

const std::string kGuid = "2B1B7D3B0C1E4F5A8D9E0F1A2B3C4D5E";
const std::string kAiSource = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

std::string be16(std::size_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v)}; }
std::string be32(std::size_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}
std::string app1(const std::string& payload) { return "\xFF\xE1" + be16(payload.size() + 2) + payload; }

std::string packet(const std::string& properties) {
  return "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
         "<rdf:Description rdf:about=\"\" xmlns:xmpNote=\"http://ns.adobe.com/xmp/note/\" "
         "xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\" "
         "xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\" " +
         properties + "/></rdf:RDF></x:xmpmeta>";
}

// A real JPEG with a main XMP packet naming guid and the extended packet in two portions, stored in reverse
// order (a reader must place them by offset). declared_length overrides the full length the portions state.
std::string jpeg_with_extended_xmp(const std::string& guid, const std::string& extended, std::size_t declared_length) {
  cv::Mat image(64, 64, CV_8UC3, cv::Scalar(40, 120, 200));
  std::vector<std::uint8_t> bytes;
  REQUIRE(cv::imencode(".jpg", image, bytes));
  std::string jpeg(bytes.begin(), bytes.end());
  const std::string main = app1(std::string("http://ns.adobe.com/xap/1.0/\0", 29) +
                                packet("xmpNote:HasExtendedXMP=\"" + guid + "\" photoshop:City=\"Moskau\""));
  const std::string signature("http://ns.adobe.com/xmp/extension/\0", 35);
  const std::size_t half = extended.size() / 2;
  auto portion = [&](std::size_t offset, std::size_t count) {
    return app1(signature + kGuid + be32(declared_length) + be32(offset) + extended.substr(offset, count));
  };
  jpeg.insert(2, main + portion(half, extended.size() - half) + portion(0, half));
  return jpeg;
}

json inspect_one(const fs::path& path) {
  const auto r = run_photoaudit({"inspect", "--json", path.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out).at(0);
}

}  // namespace

TEST_CASE(
    "inspect and audit read DigitalSourceType and the credit from a JPEG's extended XMP, put together by GUID "
    "(issue 18: they were ignored)") {
  TempDir tmp;
  const std::string extended = packet("Iptc4xmpExt:DigitalSourceType=\"" + kAiSource +
                                      "\" photoshop:Credit=\"Reuters\"");
  const fs::path photo = tmp.path / "extended.jpg";
  std::ofstream(photo, std::ios::binary) << jpeg_with_extended_xmp(kGuid, extended, extended.size());

  const json record = inspect_one(photo);
  CHECK(record["fields"]["digital_source_type"]["value"] == kAiSource);
  CHECK(record["fields"]["credit"]["value"] == "Reuters");
  CHECK(record["fields"]["city"]["value"] == "Moskau");  // the main packet is still read

  const auto audit = run_photoaudit({"audit", "--format", "json", "--date", "2026-11-27", photo.string()});
  INFO(audit.err);
  const json report = json::parse(audit.out);
  CHECK_THAT(report["images"][0]["findings"].dump(), Catch::Contains("\"rule\":\"ai-generated\""));
}

TEST_CASE(
    "extended XMP is read only when the main packet names its GUID, and not over "
    "Limits::max_metadata_block_bytes") {
  TempDir tmp;
  const std::string extended = packet("Iptc4xmpExt:DigitalSourceType=\"" + kAiSource + "\"");

  // Another GUID than the main packet names: ignored, as the specification requires.
  const fs::path other = tmp.path / "other-guid.jpg";
  std::ofstream(other, std::ios::binary) << jpeg_with_extended_xmp("00000000000000000000000000000000", extended,
                                                                   extended.size());
  const json other_record = inspect_one(other);
  CHECK(other_record["fields"].count("digital_source_type") == 0);
  CHECK_THAT(other_record["notes"].dump(), Catch::Contains("no portion of it in the file"));

  // A declared length over the limit is refused before anything is allocated for it.
  const fs::path huge = tmp.path / "huge.jpg";
  std::ofstream(huge, std::ios::binary) << jpeg_with_extended_xmp(kGuid, extended, 0x7FFFFFF0);
  const json huge_record = inspect_one(huge);
  CHECK(huge_record["fields"].count("digital_source_type") == 0);
  CHECK_THAT(huge_record["notes"].dump(), Catch::Contains("declares 2147483632 bytes, over the limit of 16777216"));
}

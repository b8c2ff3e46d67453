// Issue 18's acceptance in small (scripts/bench/hostile-mix runs it with 1,000 photos and measures memory): an
// audit of a folder that mixes good photos with every hostile class finishes, names every hostile file, and
// gives each good photo the same findings, credit, license and fingerprints as a clean run over them alone.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::read_file;
using photoaudit::test::run_photoaudit;
using photoaudit::test::TempDir;

namespace {

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;
const fs::path kRegressions = fs::path(PHOTOAUDIT_SOURCE_DIR) / "tests/regressions";

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}
std::string le32(std::uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
}
void write(const fs::path& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

// Every hostile class of issue 18 that a folder can hold.
void make_hostile(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(kFixtures / "bad"))
    fs::copy_file(entry, dir / entry.path().filename());
  for (const char* name : {"bomb-30000x30000.png", "cat-truncated.jpg", "cat-progressive-ac-broken.jpg",
                           "coffee-corrupt.png", "not-an-image.jpg"}) {
    fs::copy_file(kFixtures / "hashing" / name, dir / (std::string("hashing-") + name));
  }
  for (const char* target : {"metadata", "c2pa"}) {
    for (const auto& entry : fs::directory_iterator(kRegressions / target)) {
      fs::copy_file(entry, dir / (std::string(target) + "-" + entry.path().filename().string() + ".jpg"));
    }
  }
  // A PNG whose tEXt chunk declares 2 GB, a BMP declaring 10 gigapixels.
  const std::string png = read_file(kFixtures / "hashing/tiny-4x3.png");
  write(dir / "png-text-2gb.png",
        png.substr(0, 33) + be32(0x7FFFFFF0) + "tEXtComment" + std::string(1, '\0') + "x" + png.substr(33));
  std::string bmp = "BM" + le32(54) + le32(0) + le32(54) + le32(40) + le32(100000) + le32(100000);
  bmp += std::string("\x01\x00\x18\x00", 4) + std::string(24, '\0');
  write(dir / "bmp-10-gigapixels.bmp", bmp);
  REQUIRE(::mkfifo((dir / "fifo.jpg").c_str(), 0644) == 0);
  fs::create_symlink("/dev/zero", dir / "zero.jpg");
  fs::create_symlink(dir / "nowhere.jpg", dir / "dangling.jpg");
}

std::string key(const json& image) {
  std::multiset<std::string> findings;
  for (const auto& f : image["findings"]) {
    const std::string rule = f["rule"];
    if (rule != "duplicate" && rule != "duplicate-credit")
      findings.insert(rule + ": " + f["message"].get<std::string>());
  }
  json k = {{"findings", findings},
            {"credit", image.value("credit", json())},
            {"license", image.value("license", json())},
            {"fingerprints", image.value("fingerprints", json())}};
  return k.dump();
}

}  // namespace

TEST_CASE(
    "an audit of good photos mixed with every hostile class names every bad file and judges the good ones "
    "as a clean run does") {
  TempDir tmp;
  const fs::path good = tmp.path / "mix/good";
  const fs::path hostile = tmp.path / "mix/hostile";
  fs::create_directories(good);
  fs::create_directories(hostile);
  for (const char* folder : {"article", "registry-images"}) {
    for (const auto& entry : fs::directory_iterator(kFixtures / folder)) {
      if (entry.path().extension() == ".jpg" && entry.path().filename() != "not-an-image.jpg") {
        fs::copy_file(entry, good / (std::string(folder) + "-" + entry.path().filename().string()));
      }
    }
  }
  make_hostile(hostile);
  const std::vector<std::string> flags = {"audit", "-j", "2", "--format", "json", "--date", "2026-12-01"};
  auto clean_args = flags;
  clean_args.push_back(good.string());
  auto mixed_args = flags;
  mixed_args.push_back((tmp.path / "mix").string());
  const auto clean = run_photoaudit(clean_args);
  const auto mixed = run_photoaudit(mixed_args);
  INFO(mixed.err);
  REQUIRE(clean.exit_code == 1);
  REQUIRE(mixed.exit_code == 1);
  const json clean_report = json::parse(clean.out);
  const json mixed_report = json::parse(mixed.out);
  std::map<std::string, json> clean_images;
  for (const auto& image : clean_report["images"]) clean_images[image["path"]] = image;
  std::map<std::string, json> mixed_images;
  for (const auto& image : mixed_report["images"]) mixed_images[image["path"]] = image;
  REQUIRE(clean_images.size() >= 20);
  for (const auto& [path, image] : clean_images) {
    INFO(path);
    REQUIRE(mixed_images.count(path) == 1);
    CHECK(key(mixed_images[path]) == key(image));
  }
  std::size_t named = 0;
  for (const auto& entry : fs::directory_iterator(hostile)) {
    const std::string path = entry.path().string();
    INFO(path);
    const bool reported = mixed_images.count(path) == 1 && !mixed_images[path]["findings"].empty();
    CHECK((reported || mixed.err.find(path) != std::string::npos));
    ++named;
  }
  CHECK(named >= 25);
}

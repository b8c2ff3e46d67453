// Issue 14, "Bad input": images too small for keypoints (1x1, 8x8), one colour, all black, a 20000x500 panorama,
// an animated GIF and a CMYK JPEG each get a verdict or a clear "cannot tell" with its reason from `compare`,
// `audit` and `scan` + `dupes`: never a crash, never an internal error.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/run_binary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using photoaudit::test::run_photoaudit;
using photoaudit::test::TempDir;

namespace {

const fs::path kHashing = fs::path(PHOTOAUDIT_FIXTURES_DIR) / "hashing";

// The bad inputs, made here with OpenCV or copied from fixtures/hashing, in dir; returns their paths.
std::vector<fs::path> bad_images(const fs::path& dir) {
  fs::create_directories(dir);
  std::vector<fs::path> out;
  const auto write = [&](const std::string& name, const cv::Mat& image) {
    out.push_back(dir / name);
    REQUIRE(cv::imwrite(out.back().string(), image));
  };
  write("one-pixel.png", cv::Mat(1, 1, CV_8UC3, cv::Scalar(10, 200, 30)));
  write("eight.png", cv::Mat(8, 8, CV_8UC3, cv::Scalar(90, 90, 90)));
  write("one-colour.jpg", cv::Mat(300, 400, CV_8UC3, cv::Scalar(40, 120, 220)));
  write("black.jpg", cv::Mat(300, 400, CV_8UC3, cv::Scalar(0, 0, 0)));
  cv::Mat texture(50, 2000, CV_8UC3);
  cv::randu(texture, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::Mat panorama;
  cv::resize(texture, panorama, cv::Size(20000, 500), 0, 0, cv::INTER_LINEAR);
  write("panorama.jpg", panorama);
  for (const char* name : {"cat-animated.gif", "cat-cmyk.jpg"}) {
    out.push_back(dir / name);
    fs::copy_file(kHashing / name, out.back());
  }
  return out;
}

// Exit statuses that are answers: 0, or 1 (findings or an unreadable input). 3 is an internal error; a negative
// or larger value a signal.
bool answered(int exit_code) { return exit_code == 0 || exit_code == 1; }

}  // namespace

TEST_CASE("compare gives every bad input a verdict or its reason, against each other and a photo") {
  TempDir tmp;
  const std::vector<fs::path> images = bad_images(tmp.path);
  std::vector<std::string> args{"compare", "--json", (kHashing / "cat.jpg").string()};
  for (const auto& p : images) args.push_back(p.string());
  for (const auto& reference : images) {
    args[2] = reference.string();
    auto r = run_photoaudit(args);
    INFO(reference << ": " << r.err);
    REQUIRE(answered(r.exit_code));
    const json records = json::parse(r.out);
    REQUIRE(records.size() == images.size());
    for (const auto& rec : records) {
      INFO(rec.dump());
      if (rec["same"].is_null()) {
        CHECK_FALSE(rec["error"].get<std::string>().empty());
        continue;
      }
      // A verdict, and when the images are different a reason: a method ("none", "low-quality") or a distance.
      CHECK(rec["method"].is_string());
      if (rec["path"] == reference.string()) CHECK(rec["same"] == true);  // the same file is the same photo
    }
  }
}

TEST_CASE("audit reports every bad input with a verdict or its reason") {
  TempDir tmp;
  const std::vector<fs::path> images = bad_images(tmp.path / "in");
  fs::copy_file(kHashing / "cat.jpg", tmp.path / "in" / "cat.jpg");
  auto r = run_photoaudit({"audit", "--format", "json", "--fail-on", "never", (tmp.path / "in").string()});
  INFO(r.err);
  REQUIRE(answered(r.exit_code));
  const json report = json::parse(r.out);
  CHECK(report["images"].size() == images.size() + 1);
  // One cluster: the GIF and the CMYK JPEG are the cat; none of the others is a copy of anything, however
  // little each holds.
  REQUIRE(report["clusters"].size() == 1);
  std::set<std::string> names;
  for (const auto& m : report["clusters"][0]["members"])
    names.insert(fs::path(m["path"].get<std::string>()).filename().string());
  CHECK(names == std::set<std::string>{"cat-animated.gif", "cat-cmyk.jpg", "cat.jpg"});
}

TEST_CASE("scan and dupes take every bad input, only the cat's copies form a cluster") {
  TempDir tmp;
  const std::vector<fs::path> images = bad_images(tmp.path / "in");
  fs::copy_file(kHashing / "cat.jpg", tmp.path / "in" / "cat.jpg");
  fs::copy_file(kHashing / "cat-rotate2.jpg", tmp.path / "in" / "cat-rotate2.jpg");
  const fs::path db = tmp.path / "c.db";
  auto scanned = run_photoaudit({"scan", "--index", db.string(), "--json", (tmp.path / "in").string()});
  INFO(scanned.err);
  REQUIRE(answered(scanned.exit_code));
  CHECK(json::parse(scanned.out)["added"] == images.size() + 2);
  auto dupes = run_photoaudit({"dupes", "--json", "--index", db.string()});
  INFO(dupes.err);
  REQUIRE(dupes.exit_code == 0);
  const json clusters = json::parse(dupes.out)["clusters"];
  REQUIRE(clusters.size() == 1);  // the cat, its rotation (local features), the GIF and the CMYK JPEG
  CHECK(clusters[0]["members"].size() == 4);
}

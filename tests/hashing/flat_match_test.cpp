// The flat-image rule's aligned comparison (same_photo.hpp, step 2b; hashing/src/flat_match.hpp): a flat
// picture's crops, caption strips, watermarks and brighter copies are matched; different flat pictures, plain
// gradients and single colours are not.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "flat_match.hpp"
#include "photoaudit/hashing/flat_partners.hpp"
#include "photoaudit/hashing/same_photo.hpp"
#include "photoaudit/hashing/same_photo_engine.hpp"
#include "test_support.hpp"

using namespace photoaudit::hashing;
using photoaudit::hashing::test::fixture;

namespace {

Fingerprints fingerprint_of(const cv::Mat& m, const std::string& name) {
  std::vector<std::uint8_t> jpeg;
  REQUIRE(cv::imencode(".jpg", m, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90}));
  auto fp = fingerprint_memory(jpeg.data(), jpeg.size(), name);
  REQUIRE(fp);
  return *fp;
}

cv::Mat load(const std::string& relative) {
  cv::Mat m = cv::imread(fixture(relative).string());
  REQUIRE_FALSE(m.empty());
  return m;
}

// The edits of scripts/bench/robustness, made with OpenCV.
cv::Mat crop(const cv::Mat& m, double x, double y, double w, double h) {
  return m(cv::Rect(static_cast<int>(m.cols * x), static_cast<int>(m.rows * y), static_cast<int>(m.cols * w),
                    static_cast<int>(m.rows * h)))
      .clone();
}

cv::Mat caption(const cv::Mat& m, bool text) {
  cv::Mat out;
  const int strip = m.rows * 12 / 100;
  cv::copyMakeBorder(m, out, 0, strip, 0, 0, cv::BORDER_CONSTANT, cv::Scalar(255, 255, 255));
  if (text) {
    cv::putText(out, "Photo: Jane Doe / picture alliance / dpa", cv::Point(m.cols / 20, m.rows + strip * 2 / 3),
                cv::FONT_HERSHEY_SIMPLEX, strip / 60.0, cv::Scalar(0, 0, 0), 2);
  }
  return out;
}

cv::Mat watermark(const cv::Mat& m) {
  cv::Mat text = m.clone();
  cv::putText(text, "PHOTOAUDIT PREVIEW", cv::Point(m.cols / 10, m.rows / 2), cv::FONT_HERSHEY_SIMPLEX, m.rows / 180.0,
              cv::Scalar(255, 255, 255), 4);
  cv::Mat out;
  cv::addWeighted(text, 0.45, m, 0.55, 0, out);
  return out;
}

cv::Mat brighter(const cv::Mat& m, double gain) {
  cv::Mat out;
  m.convertTo(out, -1, gain, 0);
  return out;
}

// The engine over fps on hashes alone (no local features).
EngineResult cluster_on_hashes(const std::vector<Fingerprints>& fps) {
  std::vector<const Fingerprints*> items;
  items.reserve(fps.size());
  for (const auto& f : fps) items.push_back(&f);
  EngineOptions options;
  options.rule.local_features = false;
  return cluster_same_photos(items, options);
}

cv::Mat turned(const cv::Mat& m, double degrees) {
  const cv::Point2f centre(static_cast<float>(m.cols) / 2.0F, static_cast<float>(m.rows) / 2.0F);
  cv::Mat r = cv::getRotationMatrix2D(centre, degrees, 1.0);
  const cv::Rect2f box = cv::RotatedRect(centre, m.size(), static_cast<float>(degrees)).boundingRect2f();
  r.at<double>(0, 2) += box.width / 2.0 - centre.x;
  r.at<double>(1, 2) += box.height / 2.0 - centre.y;
  cv::Mat out;
  cv::warpAffine(m, out, r, box.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0, 0, 0));
  return out;
}

cv::Mat linear_gradient(int width, int height, double degrees, cv::Scalar from, cv::Scalar to) {
  cv::Mat out(height, width, CV_8UC3);
  const double c = std::cos(degrees * CV_PI / 180), s = std::sin(degrees * CV_PI / 180);
  const double span = std::abs(c) * width + std::abs(s) * height;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double t = ((x - width / 2.0) * c + (y - height / 2.0) * s) / span + 0.5;
      cv::Vec3b& p = out.at<cv::Vec3b>(y, x);
      for (int k = 0; k < 3; ++k) p[k] = cv::saturate_cast<std::uint8_t>(from[k] + (to[k] - from[k]) * t);
    }
  }
  return out;
}

cv::Mat blurred(const std::string& relative) {
  cv::Mat m = load(relative);
  cv::resize(m, m, cv::Size(800, 800 * m.rows / m.cols), 0, 0, cv::INTER_AREA);
  cv::GaussianBlur(m, m, cv::Size(0, 0), 30);
  return m;
}

struct Edit {
  const char* name;
  cv::Mat image;
};

std::vector<Edit> edits_of(const cv::Mat& m) {
  return {{"centred crop 90%", crop(m, 0.05, 0.05, 0.9, 0.9)},
          {"centred crop 80%", crop(m, 0.1, 0.1, 0.8, 0.8)},
          {"off-centre crop 88% x 93%", crop(m, 0.03, 0.06, 0.88, 0.93)},
          {"caption strip", caption(m, false)},
          {"caption strip with text", caption(m, true)},
          {"watermark", watermark(m)},
          {"20% brighter", brighter(m, 1.2)},
          {"turned 2 degrees on a black canvas", turned(m, 2)}};
}

}  // namespace

TEST_CASE("A flat picture's crops, caption strips, watermarks and brighter copies are the same photo",
          "[same_photo][flat]") {
  const cv::Mat original = load("hashing/flat-gradient.jpg");
  const Fingerprints flat = fingerprint_of(original, "flat-gradient.jpg");
  REQUIRE(flat.pdq_quality < SameRule{}.min_quality);
  SameRule before;  // the flat rule as it was: close hashes and the same pixels on the whole frames only
  before.flat_aligned = false;
  int declined_before = 0;
  for (const Edit& e : edits_of(original)) {
    INFO(e.name);
    const Fingerprints copy = fingerprint_of(e.image, e.name);
    const auto v = same_photo(flat, copy);
    CHECK(v.same);
    CHECK(v.method == MatchMethod::kPdqFlat);
    CHECK(same_photo(copy, flat).same);  // either way round
    declined_before += same_photo(flat, copy, before).same ? 0 : 1;
  }
  // The hashes of these copies say nothing: without step 2b (nearly) all of them were declined.
  CHECK(declined_before >= 7);
}

TEST_CASE("The aligned comparison finds the crop where it was taken", "[same_photo][flat]") {
  const cv::Mat original = load("hashing/flat-gradient.jpg");
  const Fingerprints flat = fingerprint_of(original, "flat-gradient.jpg");
  const Fingerprints part = fingerprint_of(crop(original, 0.03, 0.06, 0.88, 0.93), "off-centre crop");
  const detail::FlatComparison c = detail::compare_flat_pixels(flat, part, Dihedral::kOriginal, true, SameRule{});
  INFO("residual " << c.residual << " structure " << c.structure << " scale " << c.alignment.scale_x << " x "
                   << c.alignment.scale_y << " offset " << c.alignment.offset_x << ", " << c.alignment.offset_y);
  CHECK(c.same);
  // b shows a's region from (0.03, 0.06), 0.88 x 0.93 of it: scale 1/0.88 and 1/0.93, offset -0.03 and -0.06 scaled.
  CHECK(c.alignment.scale_x == Approx(1 / 0.88).margin(0.04));
  CHECK(c.alignment.scale_y == Approx(1 / 0.93).margin(0.04));
  CHECK(c.alignment.offset_x == Approx(-0.03 / 0.88).margin(0.03));
  CHECK(c.alignment.offset_y == Approx(-0.06 / 0.93).margin(0.03));
  CHECK(c.gain == Approx(1.0).margin(0.1));
}

TEST_CASE("Different flat pictures and their edits are not the same photo", "[same_photo][flat]") {
  // Hard negatives: the other blurred fixture, and blurred copies of three different photographs, each against
  // the others' edits.
  std::vector<std::pair<std::string, cv::Mat>> pictures = {
      {"flat-gradient-other", load("hashing/flat-gradient-other.jpg")},
      {"brick blurred", blurred("hashing/brick.jpg")},
      {"coffee blurred", blurred("hashing/coffee.png")},
      {"cat blurred", blurred("hashing/cat.jpg")}};
  pictures.emplace_back("flat-gradient", load("hashing/flat-gradient.jpg"));
  std::vector<std::pair<std::string, Fingerprints>> originals;
  originals.reserve(pictures.size());
  for (const auto& [name, m] : pictures) originals.emplace_back(name, fingerprint_of(m, name));
  for (std::size_t i = 0; i < pictures.size(); ++i) {
    for (const Edit& e : edits_of(pictures[i].second)) {
      const Fingerprints copy = fingerprint_of(e.image, e.name);
      for (std::size_t j = 0; j < originals.size(); ++j) {
        // The cat fixture and flat-gradient.jpg are the same picture (the cat blurred) at other blurs.
        if (j == i || (pictures[i].first.find("cat") != std::string::npos && originals[j].first == "flat-gradient") ||
            (pictures[i].first == "flat-gradient" && originals[j].first == "cat blurred")) {
          continue;
        }
        INFO(pictures[i].first << ", " << e.name << " vs " << originals[j].first);
        CHECK_FALSE(same_photo(originals[j].second, copy).same);
      }
    }
  }
}

TEST_CASE("Plain gradients and single colours cannot be told apart: never the same by the aligned comparison",
          "[same_photo][flat]") {
  // A plain linear gradient has no structure beyond its plane: a crop of it is another gradient of the same
  // direction, so step 2b says "cannot tell" (low-quality), for other gradients and for its own crops alike.
  const cv::Scalar colours[][2] = {{{120, 40, 10}, {250, 200, 140}},  // BGR: navy to sky blue
                                   {{0, 128, 255}, {200, 0, 150}},    // orange to purple
                                   {{50, 50, 50}, {205, 205, 205}}};  // grey ramp
  std::vector<std::pair<std::string, Fingerprints>> gradients;
  for (const double degrees : {0.0, 30.0, 45.0, 60.0, 100.0}) {
    for (const auto& c : colours) {
      const cv::Mat g = linear_gradient(480, 300, degrees, c[0], c[1]);
      const std::string name = std::to_string(static_cast<int>(degrees)) + " degrees";
      gradients.emplace_back(name, fingerprint_of(g, name));
      INFO(name);
      const auto own_crop = same_photo(gradients.back().second, fingerprint_of(crop(g, 0.1, 0.1, 0.8, 0.8), "crop"));
      CHECK_FALSE(own_crop.same);
      CHECK(detail::grey16_structure(gradients.back().second) < SameRule{}.flat_min_structure);
    }
  }
  for (std::size_t i = 0; i < gradients.size(); ++i) {
    for (std::size_t j = i + 1; j < gradients.size(); ++j) {
      INFO(gradients[i].first << " vs " << gradients[j].first);
      CHECK_FALSE(same_photo(gradients[i].second, gradients[j].second).same);
    }
  }
  // Single colours: never matched, not even to themselves re-encoded (cannot tell).
  const Fingerprints grey = fingerprint_of(cv::Mat(300, 480, CV_8UC3, cv::Scalar(128, 128, 128)), "grey");
  const Fingerprints blue = fingerprint_of(cv::Mat(300, 480, CV_8UC3, cv::Scalar(200, 120, 60)), "blue");
  const Fingerprints grey_crop = fingerprint_of(cv::Mat(250, 400, CV_8UC3, cv::Scalar(128, 128, 128)), "grey");
  for (const auto* other : {&blue, &grey_crop}) {
    const auto v = same_photo(grey, *other);
    CHECK_FALSE(v.same);
    CHECK(v.method == MatchMethod::kLowQuality);
  }
}

TEST_CASE("A contrast change is not a brightness change: the same layout in other colours stays apart",
          "[same_photo][flat]") {
  // flat-gradient.jpg with its contrast stretched about its mean level (the darks darker, the lights lighter):
  // no brightness edit moves levels both ways, and such a map is what tells two gradients of one layout apart.
  const cv::Mat original = load("hashing/flat-gradient.jpg");
  cv::Mat grey;
  cv::cvtColor(original, grey, cv::COLOR_BGR2GRAY);
  const double mean = cv::mean(grey)[0];
  cv::Mat stretched;
  original.convertTo(stretched, -1, 1.35, -0.35 * mean);
  const Fingerprints flat = fingerprint_of(original, "flat");
  const Fingerprints contrast = fingerprint_of(stretched, "contrast 1.35");
  const Fingerprints bright = fingerprint_of(brighter(original, 1.2), "brighter");
  // Step 2b alone (step 2a's whole-frame check allows 6 grey levels on average, which this stretch stays within).
  CHECK_FALSE(detail::compare_flat_pixels(flat, contrast, Dihedral::kOriginal, true, SameRule{}).same);
  CHECK_FALSE(detail::compare_flat_pixels(contrast, flat, Dihedral::kOriginal, true, SameRule{}).same);
  CHECK(detail::compare_flat_pixels(flat, bright, Dihedral::kOriginal, true, SameRule{}).same);
  CHECK(detail::compare_flat_pixels(bright, flat, Dihedral::kOriginal, true, SameRule{}).same);
}

TEST_CASE("The engine proposes a flat picture's crops and captioned copies and clusters them", "[engine][flat]") {
  const cv::Mat original = load("hashing/flat-gradient.jpg");
  const cv::Mat other = load("hashing/flat-gradient-other.jpg");
  std::vector<Fingerprints> fps = {fingerprint_of(original, "flat"),
                                   fingerprint_of(crop(original, 0.03, 0.06, 0.88, 0.93), "off-centre crop"),
                                   fingerprint_of(caption(original, true), "caption"),
                                   fingerprint_of(crop(original, 0.1, 0.1, 0.8, 0.8), "crop 80%"),
                                   fingerprint_of(other, "other"),
                                   fingerprint_of(crop(other, 0.1, 0.1, 0.8, 0.8), "other crop")};
  const EngineResult result = cluster_on_hashes(fps);
  REQUIRE(result.clusters.size() == 2);
  std::vector<std::vector<std::size_t>> members;
  for (const auto& c : result.clusters) {
    members.emplace_back();
    for (const auto& m : c.members) members.back().push_back(m.item);
  }
  CHECK(members[0] == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(members[1] == std::vector<std::size_t>{4, 5});
}

// Step 2c (same_photo_engine.cpp): a watermark gives a flat picture the structure it lacked, so the copy is not
// flat, its hash is beyond any search radius of the original's, and only the flat rule, tried between a flat
// image and each image that is not flat, can join them. The robustness bench's two such misses (DarkestHour and
// C.jpg watermarked) were found this way.
TEST_CASE("The engine joins a flat picture and a watermarked copy that is no longer flat", "[engine][flat]") {
  const cv::Mat original = load("hashing/flat-gradient.jpg");
  const cv::Mat other = load("hashing/flat-gradient-other.jpg");
  const cv::Mat textured = load("hashing/coffee.png");
  cv::Mat bold = original.clone();
  cv::putText(bold, "PHOTOAUDIT PREVIEW", cv::Point(original.cols / 12, original.rows / 2), cv::FONT_HERSHEY_SIMPLEX,
              original.rows / 150.0, cv::Scalar(255, 255, 255), 9);
  cv::Mat marked;
  cv::addWeighted(bold, 0.45, original, 0.55, 0, marked);
  std::vector<Fingerprints> fps = {fingerprint_of(original, "flat"), fingerprint_of(marked, "watermarked"),
                                   fingerprint_of(other, "other flat"), fingerprint_of(textured, "a photo")};
  const SameRule rule;
  REQUIRE(fps[0].pdq_quality < rule.min_quality);
  REQUIRE(fps[1].pdq_quality >= rule.min_quality);
  REQUIRE(fps[2].pdq_quality < rule.min_quality);
  REQUIRE(hamming_distance(fps[0].pdq, fps[1].pdq) > search_radius(rule));
  const EngineResult result = cluster_on_hashes(fps);
  REQUIRE(result.clusters.size() == 1);
  std::vector<std::size_t> members;
  for (const auto& m : result.clusters[0].members) members.push_back(m.item);
  CHECK(members == std::vector<std::size_t>{0, 1});
  CHECK(same_photo(fps[0], fps[1], rule).method == MatchMethod::kPdqFlat);
}

// A folder or an archive with more flat-looking pictures than the flat group compares pair by pair (256): each
// is compared with its nearest flat pictures by hash (same_photo_engine.cpp, nearest_flat_pairs), where the
// group used to be dropped whole. 300 other flat pictures (one picture's fingerprint under 300 random hashes,
// each far from every other) do not hide a flat picture's off-centre crop and captioned copy.
TEST_CASE("Among 300 other flat pictures the engine still finds a flat picture's crop and captioned copy",
          "[engine][flat]") {
  const cv::Mat original = load("hashing/flat-gradient.jpg");
  std::vector<Fingerprints> fps = {fingerprint_of(original, "flat"),
                                   fingerprint_of(crop(original, 0.03, 0.06, 0.88, 0.93), "off-centre crop"),
                                   fingerprint_of(caption(original, true), "caption")};
  const SameRule rule;
  for (const auto& f : fps) REQUIRE(flat_looking(f, rule));
  const Fingerprints other = fingerprint_of(load("hashing/flat-gradient-other.jpg"), "other");
  std::mt19937_64 rng(7);
  const auto random_hash = [&rng] {
    Hash256 h;
    for (auto& w : h.words) w = rng();
    return h;
  };
  for (int i = 0; i < 300; ++i) {
    Fingerprints decoy = other;
    decoy.pdq = random_hash();
    for (auto& d : decoy.pdq_dihedral) d = random_hash();
    for (auto& w : decoy.pdq_windows) w = random_hash();
    decoy.pdq_trimmed = random_hash();
    decoy.sha256.bytes[0] = static_cast<std::uint8_t>(i);
    decoy.sha256.bytes[1] = static_cast<std::uint8_t>(i >> 8);
    decoy.content_hash.digest = decoy.sha256;
    fps.push_back(decoy);
  }
  const EngineResult result = cluster_on_hashes(fps);
  bool found = false;
  for (const auto& c : result.clusters) {
    if (c.members.front().item != 0) continue;
    found = true;
    REQUIRE(c.members.size() >= 3);
    CHECK(c.members[1].item == 1);
    CHECK(c.members[2].item == 2);
    CHECK(c.members.size() == 3);
  }
  CHECK(found);
}

// The same-photo rule on real edits of real photographs.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "photoaudit/hashing/same_photo.hpp"
#include "test_support.hpp"

using namespace photoaudit::hashing;
using photoaudit::hashing::test::fixture;
using photoaudit::hashing::test::must_fingerprint;

namespace {

SamePhotoVerdict compare(const std::string& a, const std::string& b, const SameRule& rule = {}, bool features = false) {
  HashOptions options;
  options.local_features = features;
  const auto v = same_photo(must_fingerprint(a, options), must_fingerprint(b, options), rule);
  INFO(a << " vs " << b << ": same " << v.same << " distance " << v.distance << " method " << to_string(v.method));
  return v;
}

}  // namespace

TEST_CASE("Metadata-only edits are the same photo by coded-data hash", "[same_photo]") {
  const auto v = compare("hashing/cat.jpg", "hashing/cat-credit-stripped.jpg");
  CHECK(v.same);
  CHECK(v.method == MatchMethod::kContentHash);
  CHECK(v.distance == 0);
}

TEST_CASE("A recompressed copy is the same photo by PDQ, the threshold is configurable", "[same_photo]") {
  const auto v = compare("hashing/cat.jpg", "hashing/cat-recompressed.jpg");
  CHECK(v.same);
  CHECK(v.method == MatchMethod::kPdq);
  SameRule strict;
  strict.max_distance = -1;
  strict.window_max_distance = -1;
  const auto s = compare("hashing/cat.jpg", "hashing/cat-recompressed.jpg", strict);
  CHECK_FALSE(s.same);
  CHECK(s.distance <= v.distance);  // the robust hashes may find a closer pair than the full hashes
}

TEST_CASE("A mirror image is found through the dihedral variants", "[same_photo]") {
  const auto v = compare("hashing/cat.jpg", "hashing/cat-mirrored.jpg");
  CHECK(v.same);
  CHECK(v.method == MatchMethod::kPdqDihedral);
  SameRule no_dihedral;
  no_dihedral.dihedral = false;
  no_dihedral.robust_hashes = false;
  CHECK_FALSE(compare("hashing/cat.jpg", "hashing/cat-mirrored.jpg", no_dihedral).same);
  const auto rotated = compare("pdq/dih/bridge-1-original.jpg", "pdq/dih/bridge-4-rotate-270.jpg");
  CHECK(rotated.same);
  CHECK(rotated.dihedral == Dihedral::kRotate270);
}

TEST_CASE("A caption strip and a 10% crop are matched by the robust hashes, not by plain PDQ", "[same_photo]") {
  SameRule plain;
  plain.robust_hashes = false;
  for (const char* variant : {"hashing/cat-caption-strip.jpg", "hashing/cat-crop10.jpg"}) {
    const auto robust = compare("hashing/cat.jpg", variant);
    CHECK(robust.same);
    CHECK((robust.method == MatchMethod::kPdqWindow || robust.method == MatchMethod::kPdqTrimmed));
    CHECK_FALSE(compare("hashing/cat.jpg", variant, plain).same);
    // The rule is symmetric.
    CHECK(compare(variant, "hashing/cat.jpg").same);
  }
}

namespace {

// fixtures/`relative` cropped to `crop` (fractions of the width and height: x, y, width, height), then turned
// (`turn`: a cv::RotateFlags value, or -1 for none) and mirrored (`flip`: a cv::flip code, or 2 for none),
// re-encoded as JPEG quality 90 and fingerprinted with `options`.
Fingerprints cropped_copy(const std::string& relative, cv::Rect2d crop, int turn, int flip,
                          const HashOptions& options) {
  cv::Mat m = cv::imread(fixture(relative).string());
  REQUIRE_FALSE(m.empty());
  const cv::Rect r(static_cast<int>(crop.x * m.cols), static_cast<int>(crop.y * m.rows),
                   static_cast<int>(crop.width * m.cols), static_cast<int>(crop.height * m.rows));
  m = m(r).clone();
  if (turn >= 0) cv::rotate(m, m, turn);
  if (flip != 2) cv::flip(m, m, flip);
  std::vector<std::uint8_t> jpeg;
  REQUIRE(cv::imencode(".jpg", m, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90}));
  auto fp = fingerprint_memory(jpeg.data(), jpeg.size(), relative, options);
  REQUIRE(fp);
  return *fp;
}

}  // namespace

TEST_CASE("A crop that was also mirrored is matched by the mirror variant of its hash against a window",
          "[same_photo]") {
  // Undone, such a copy is a crop of the upright original: the left-right mirror variant of its hash lies near
  // one of the original's windows. The central 80% and the top 90% (a caption strip cut off), mirrored, are
  // matched by hashes alone, either way round.
  SameRule hashes_only;
  hashes_only.local_features = false;
  const Fingerprints cat = must_fingerprint("hashing/cat.jpg");
  for (const cv::Rect2d crop : {cv::Rect2d(0.1, 0.1, 0.8, 0.8), cv::Rect2d(0.0, 0.0, 1.0, 0.9)}) {
    const Fingerprints copy = cropped_copy("hashing/cat.jpg", crop, -1, 1, {});
    const SamePhotoVerdict v = same_photo(cat, copy, hashes_only);
    const SamePhotoVerdict back = same_photo(copy, cat, hashes_only);
    INFO("crop " << crop << ": distance " << v.distance << ", method " << to_string(v.method) << ", dihedral "
                 << to_string(v.dihedral) << "; the other way round " << back.distance << " "
                 << to_string(back.method));
    // Not by the whole hashes: the crop is beyond PDQ's threshold from the original under every variant.
    SameRule whole_only = hashes_only;
    whole_only.robust_hashes = false;
    CHECK_FALSE(same_photo(cat, copy, whole_only).same);
    CHECK(v.same);
    CHECK(v.method == MatchMethod::kPdqWindow);
    CHECK(v.dihedral == Dihedral::kFlipY);
    CHECK(back.same);
    CHECK(back.method == MatchMethod::kPdqWindow);
    // Without the dihedral variants the crop is not found by hashes.
    SameRule upright = hashes_only;
    upright.dihedral = false;
    CHECK_FALSE(same_photo(cat, copy, upright).same);
  }
}

TEST_CASE("A mirrored off-centre crop comes within the grey zone and the mirrored keypoints confirm it",
          "[same_photo]") {
  // The robustness bench's off-centre crop (88% x 93%, 3% from the left and 6% from the top), mirrored. Its best
  // distance to the original was 114 bits, beyond the grey zone (90); the mirror variant of its full hash against
  // the original's windows gives 94, and its windows mirrored from their bits against the original's 84.
  HashOptions options;
  options.local_features = true;
  const Fingerprints cat = must_fingerprint("hashing/cat.jpg", options);
  const Fingerprints copy = cropped_copy("hashing/cat.jpg", cv::Rect2d(0.03, 0.06, 0.88, 0.93), -1, 1, options);
  const SameRule rule;
  SameRule hashes_only = rule;
  hashes_only.local_features = false;
  const SamePhotoVerdict hashes = same_photo(cat, copy, hashes_only);
  INFO("hashes: distance " << hashes.distance << ", method " << to_string(hashes.method));
  CHECK_FALSE(hashes.same);
  CHECK(hashes.distance <= rule.grey_zone_max);
  for (const bool forward : {true, false}) {
    const SamePhotoVerdict v = forward ? same_photo(cat, copy, rule) : same_photo(copy, cat, rule);
    INFO("forward " << forward << ": method " << to_string(v.method) << ", inliers " << v.feature_inliers);
    CHECK(v.same);
    CHECK(v.method == MatchMethod::kLocalFeatures);
  }
}

TEST_CASE("Different photos are not the same, with or without local features", "[same_photo]") {
  CHECK_FALSE(compare("hashing/cat.jpg", "hashing/coffee.png").same);
  CHECK_FALSE(compare("hashing/cat.jpg", "hashing/coffee.png", {}, true).same);
  CHECK_FALSE(compare("pdq/dih/bridge-1-original.jpg", "pdq/labelme-subset/q2821.jpg", {}, true).same);
}

TEST_CASE("A single-colour image is never matched by PDQ, only by identical coded data", "[same_photo]") {
  const auto flat = compare("hashing/flat-gray.png", "hashing/flat-gray.png");
  CHECK(flat.same);
  CHECK(flat.method == MatchMethod::kContentHash);
  Fingerprints a = must_fingerprint("hashing/flat-gray.png");
  Fingerprints b = a;
  b.content_hash.digest.bytes[0] ^= 1;  // as if re-encoded: same flat picture, other bytes
  const auto v = same_photo(a, b);
  CHECK_FALSE(v.same);
  CHECK(v.method == MatchMethod::kLowQuality);
  CHECK(to_string(v.method) == "low-quality");
}

// Issue 14: flat images (PDQ quality below 50: smooth gradients, graphics) were declined for every edit, even a
// plain 50% resize. They have a stricter rule of their own: close hashes and the same pixels.
TEST_CASE("A flat gradient and its 50% copy are the same photo by the flat-image rule", "[same_photo][flat]") {
  const Fingerprints flat = must_fingerprint("hashing/flat-gradient.jpg");
  const Fingerprints half = must_fingerprint("hashing/flat-gradient-half.jpg");
  REQUIRE(flat.pdq_quality < SameRule{}.min_quality);
  REQUIRE(flat.pdq_quality >= kFlatMinQuality);
  REQUIRE(half.pdq_quality < SameRule{}.min_quality);
  REQUIRE(flat.has_grey16);
  REQUIRE(half.has_grey16);
  constexpr auto kFull = static_cast<std::size_t>(PdqWindow::kFull);
  int difference = 0;
  for (std::size_t k = 0; k < flat.grey16.size(); ++k) difference += std::abs(flat.grey16[k] - half.grey16[k]);
  INFO("qualities " << flat.pdq_quality << " " << half.pdq_quality << ", PDQ distance "
                    << hamming_distance(flat.pdq, half.pdq) << ", full windows "
                    << hamming_distance(flat.pdq_windows[kFull], half.pdq_windows[kFull]) << ", mean difference "
                    << difference / 256.0);
  const auto v = compare("hashing/flat-gradient.jpg", "hashing/flat-gradient-half.jpg");
  CHECK(v.same);
  CHECK(v.method == MatchMethod::kPdqFlat);
  CHECK(to_string(v.method) == "pdq-flat");
  CHECK(same_photo(half, flat).same);  // either way round

  SameRule off;
  off.flat_images = false;
  CHECK(compare("hashing/flat-gradient.jpg", "hashing/flat-gradient-half.jpg", off).method == MatchMethod::kLowQuality);
}

namespace {

// fixtures/`relative` turned or mirrored by OpenCV (`turn`: a cv::RotateFlags value, or -1 for none; `flip`: a
// cv::flip code, or 2 for none), re-encoded as JPEG and fingerprinted.
Fingerprints transformed(const std::string& relative, int turn, int flip) {
  return cropped_copy(relative, cv::Rect2d(0.0, 0.0, 1.0, 1.0), turn, flip, {});
}

}  // namespace

TEST_CASE("A flat gradient's turned and mirrored copies are matched by the flat rule under their variant",
          "[same_photo][flat]") {
  // Each OpenCV turn or mirror must be matched through the PDQ dihedral variant that describes it, with the
  // 16x16 pixels compared under that same transform (a wrong pixel mapping declines the copy).
  struct Case {
    const char* name;
    int turn;
    int flip;
    Dihedral variant;
  };
  const Case cases[] = {{"turned 90 clockwise", cv::ROTATE_90_CLOCKWISE, 2, Dihedral::kRotate270},
                        {"turned 180", cv::ROTATE_180, 2, Dihedral::kRotate180},
                        {"turned 90 counter-clockwise", cv::ROTATE_90_COUNTERCLOCKWISE, 2, Dihedral::kRotate90},
                        {"mirrored left-right", -1, 1, Dihedral::kFlipY},
                        {"mirrored top-bottom", -1, 0, Dihedral::kFlipX}};
  const Fingerprints flat = must_fingerprint("hashing/flat-gradient.jpg");
  REQUIRE(flat.pdq_quality < SameRule{}.min_quality);
  const Fingerprints other = must_fingerprint("hashing/flat-gradient-other.jpg");
  const Fingerprints brighter = must_fingerprint("hashing/flat-gradient-brighter.jpg");
  for (const Case& c : cases) {
    INFO(c.name);
    const Fingerprints copy = transformed("hashing/flat-gradient.jpg", c.turn, c.flip);
    const auto v = same_photo(flat, copy);
    CHECK(v.same);
    CHECK(v.method == MatchMethod::kPdqFlat);
    // The mirror image of a left-right gradient is also its own upright copy: any variant whose pixels agree.
    if (c.variant != Dihedral::kFlipY) CHECK(v.dihedral == c.variant);
    CHECK_FALSE(same_photo(other, copy).same);
    SameRule whole_frames;  // step 2a alone: the 16x16 pixels under the variant, no brightness fit
    whole_frames.flat_aligned = false;
    CHECK_FALSE(same_photo(brighter, copy, whole_frames).same);  // the pixels differ by some 20 grey levels
  }
}

TEST_CASE("Two different flat gradients are not the same photo", "[same_photo][flat]") {
  const auto v = compare("hashing/flat-gradient.jpg", "hashing/flat-gradient-other.jpg");
  CHECK_FALSE(v.same);
  CHECK(v.method == MatchMethod::kLowQuality);
  // Nor a flat gradient and a photo.
  CHECK_FALSE(compare("hashing/flat-gradient.jpg", "hashing/cat.jpg").same);
}

TEST_CASE("A flat picture 8% brighter: declined by the whole-frame pixels, matched as a brightness change",
          "[same_photo][flat]") {
  // PDQ is blind to an added constant, so the hashes are as close as the 50% copy's, but the pixels differ by
  // some 20 grey levels: step 2a declines it. Step 2b fits the brightness (one direction only) and matches it.
  const Fingerprints flat = must_fingerprint("hashing/flat-gradient.jpg");
  const Fingerprints brighter = must_fingerprint("hashing/flat-gradient-brighter.jpg");
  REQUIRE(hamming_distance(flat.pdq, brighter.pdq) <= SameRule{}.flat_max_distance);
  SameRule whole_frames;
  whole_frames.flat_aligned = false;
  const auto v = same_photo(flat, brighter, whole_frames);
  CHECK_FALSE(v.same);
  CHECK(v.method == MatchMethod::kLowQuality);
  SameRule loose = whole_frames;
  loose.flat_max_mean_difference = 255;
  CHECK(same_photo(flat, brighter, loose).method == MatchMethod::kPdqFlat);
  const auto aligned = same_photo(flat, brighter);
  CHECK(aligned.same);
  CHECK(aligned.method == MatchMethod::kPdqFlat);
}

TEST_CASE("Local features confirm a grey-zone pair the hashes miss", "[same_photo]") {
  // With the hash thresholds at 0 only the verification stage can say "same".
  SameRule features_only;
  features_only.max_distance = 0;
  features_only.window_max_distance = 0;
  const auto v = compare("hashing/cat.jpg", "hashing/cat-crop10.jpg", features_only, true);
  CHECK(v.same);
  CHECK(v.method == MatchMethod::kLocalFeatures);
  CHECK(v.feature_inliers >= features_only.features.min_inliers);
}

TEST_CASE("A 2-degree rotation is found by its de-rotated hashes, without them, by local features alone",
          "[same_photo]") {
  SameRule hashes_only;
  hashes_only.local_features = false;
  HashOptions options;
  options.local_features = true;
  Fingerprints cat = must_fingerprint("hashing/cat.jpg", options);
  Fingerprints rotated = must_fingerprint("hashing/cat-rotate2.jpg", options);
  const auto v = same_photo(cat, rotated, hashes_only);
  INFO("distance " << v.distance << " method " << to_string(v.method));
  CHECK(v.same);
  CHECK(v.method == MatchMethod::kPdqWindow);
  // Without the de-rotated hashes (catalog rows written before them) the hashes miss it and the grey zone's
  // local features find it.
  cat.pdq_derotated_quality = {};
  rotated.pdq_derotated_quality = {};
  CHECK_FALSE(same_photo(cat, rotated, hashes_only).same);
  const auto features = same_photo(cat, rotated);
  CHECK(features.same);
  CHECK(features.method == MatchMethod::kLocalFeatures);
}

TEST_CASE("The de-rotated hashes turn a 2-degree rotation back into its original's frame", "[same_photo]") {
  // cat-rotate2.jpg is cat.jpg turned 2 degrees clockwise on a black canvas (ImageMagick -rotate 2): turned back
  // counter-clockwise by 2 degrees and its black canvas trimmed, it is the original's whole frame again.
  const Fingerprints cat = must_fingerprint("hashing/cat.jpg");
  const Fingerprints rotated = must_fingerprint("hashing/cat-rotate2.jpg");
  const std::size_t back = derotated_index(4, DerotatedKind::kTrimmed);  // kDerotationDegrees[4] == 2
  REQUIRE(kDerotationDegrees[4] == 2);
  REQUIRE(rotated.pdq_derotated_quality[back] >= SameRule{}.min_quality);
  const int turned_back = hamming_distance(rotated.pdq_derotated[back], cat.pdq);
  INFO("turned back: " << turned_back << ", upright: " << hamming_distance(rotated.pdq, cat.pdq));
  CHECK(turned_back <= SameRule{}.window_max_distance);
  CHECK(hamming_distance(rotated.pdq, cat.pdq) > SameRule{}.grey_zone_max / 2);
  // Turned the other way it is further off than the upright copy's window would be from a different photo.
  const std::size_t wrong = derotated_index(1, DerotatedKind::kTrimmed);  // -2 degrees: 4 degrees off
  CHECK(hamming_distance(rotated.pdq_derotated[wrong], cat.pdq) > SameRule{}.window_max_distance);
}

TEST_CASE("The de-rotated hashes do not join the two views of a stereo pair or different photos", "[same_photo]") {
  SameRule hashes_only;
  hashes_only.local_features = false;
  const std::vector<std::string> names = {"hashing/motorcycle-left.jpg", "hashing/motorcycle-right.jpg",
                                          "hashing/cat.jpg", "hashing/brick.jpg", "hashing/coffee.png"};
  std::vector<Fingerprints> fps;
  fps.reserve(names.size());
  for (const auto& n : names) fps.push_back(must_fingerprint(n));
  for (std::size_t a = 0; a < fps.size(); ++a) {
    for (std::size_t b = a + 1; b < fps.size(); ++b) {
      INFO(names[a] << " vs " << names[b]);
      REQUIRE(fps[a].pdq_derotated_quality != decltype(fps[a].pdq_derotated_quality){});
      CHECK_FALSE(same_photo(fps[a], fps[b], hashes_only).same);
    }
  }
}

namespace {

FeatureVerdict features_of(const std::string& a, const std::string& b, const FeatureRule& rule = {}) {
  HashOptions options;
  options.local_features = true;
  const Fingerprints fa = must_fingerprint(a, options);
  const Fingerprints fb = must_fingerprint(b, options);
  REQUIRE(fa.local_features);
  REQUIRE(fb.local_features);
  const FeatureVerdict f = match_local_features(*fa.local_features, *fb.local_features, rule);
  INFO(a << " vs " << b << ": inliers " << f.inliers << " of " << f.matches << ", coverage " << f.coverage
         << ", correlation " << f.correlation << ", cells " << f.cell_correlation);
  return f;
}

}  // namespace

TEST_CASE("The two views of a stereo pair are different photos, though their keypoints agree", "[same_photo]") {
  // motorcycle-left/right: one scene from two viewpoints. One similarity transform explains many keypoint
  // matches (the dominant plane).
  const FeatureRule rule;
  const FeatureVerdict f = features_of("hashing/motorcycle-left.jpg", "hashing/motorcycle-right.jpg");
  CHECK(f.inliers >= rule.min_inliers);
  CHECK_FALSE(f.same);
  // Even with the geometric spread check off, the pixel comparison alone rejects them: similar pictures
  // that do not agree across the frame.
  FeatureRule pixels_only;
  pixels_only.min_coverage = 0.0F;
  pixels_only.min_inlier_share = 0.0F;
  const FeatureVerdict p = features_of("hashing/motorcycle-left.jpg", "hashing/motorcycle-right.jpg", pixels_only);
  CHECK(p.correlation > 0.5F);
  CHECK(p.cell_correlation < rule.min_cell_correlation);
  CHECK_FALSE(p.same);
  // And the same check passes a true copy: the caption-strip version of one view.
  const FeatureVerdict t = features_of("hashing/motorcycle-left.jpg", "hashing/motorcycle-left-caption.jpg",
                                       pixels_only);
  CHECK(t.same);
  CHECK(t.cell_correlation >= rule.min_cell_correlation);
  CHECK_FALSE(compare("hashing/motorcycle-left.jpg", "hashing/motorcycle-right.jpg", {}, true).same);
  // The same caption strip under both does not make them one photo either.
  CHECK_FALSE(compare("hashing/motorcycle-left-caption.jpg", "hashing/motorcycle-right-caption.jpg", {}, true).same);
  // While each with its caption is still its own photo.
  CHECK(compare("hashing/motorcycle-left.jpg", "hashing/motorcycle-left-caption.jpg", {}, true).same);
}

TEST_CASE("A caption both carry is not enough for local features", "[same_photo]") {
  // Two unrelated photos with the same caption strip: the letters match, at the same places, but they cover
  // a strip, not the pictures.
  const FeatureVerdict f = features_of("hashing/motorcycle-left-caption.jpg", "hashing/cat-caption-strip.jpg");
  CHECK_FALSE(f.same);
}

TEST_CASE("A mirrored copy of a fine texture is found by its PDQ dihedral variant", "[same_photo]") {
  // The variant is the mirrored pixels' hash (pdq.hpp): the reference's sign-flipped DCT block lay 86 bits from
  // this copy's hash, since PDQ's sampling grid is not symmetric and a 1-pixel shift changes a fine texture's hash.
  SameRule hashes_only;
  hashes_only.local_features = false;
  const auto v = compare("hashing/brick.jpg", "hashing/brick-mirrored.jpg", hashes_only, true);
  CHECK(v.same);
  CHECK(v.method == MatchMethod::kPdqDihedral);
  CHECK(v.dihedral == Dihedral::kFlipY);
  CHECK(v.distance <= 4);
}

TEST_CASE("A mirrored copy of a fine texture is found by the mirrored keypoints", "[same_photo]") {
  // The grey zone's own way to a mirror image, for a copy that is also cropped or turned a little.
  const FeatureVerdict f = features_of("hashing/brick.jpg", "hashing/brick-mirrored.jpg");
  CHECK(f.same);
  CHECK(f.mirrored);
  // Not mirrored: the copy as it is.
  CHECK_FALSE(features_of("hashing/brick.jpg", "hashing/brick.jpg").mirrored);
}

namespace {

// The features of `image` with its mirror set, of its mirror image detected anew, and how many of the mirror set's
// keypoints that detection found at the same place with the same descriptor.
struct MirrorSetCheck {
  LocalFeatures plain;
  LocalFeatures detected;
  std::size_t same = 0;
};

MirrorSetCheck check_mirror_set(const cv::Mat& image) {
  cv::Mat flipped;
  cv::flip(image, flipped, 1);
  MirrorSetCheck out;
  out.plain = extract_local_features(
      GrayView{image.data, image.cols, image.rows, static_cast<std::ptrdiff_t>(image.step)}, 500, true);
  out.detected = extract_local_features(
      GrayView{flipped.data, flipped.cols, flipped.rows, static_cast<std::ptrdiff_t>(flipped.step)}, 500, false);
  for (std::size_t i = 0; i < out.plain.mirror_points.size(); ++i) {
    for (std::size_t j = 0; j < out.detected.points.size(); ++j) {
      if (std::abs(out.plain.mirror_points[i][0] - out.detected.points[j][0]) < 0.01F &&
          std::abs(out.plain.mirror_points[i][1] - out.detected.points[j][1]) < 0.01F &&
          out.plain.mirror_descriptors[i] == out.detected.descriptors[j]) {
        ++out.same;
        break;
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("The mirror set is what ORB finds on the mirror image itself", "[same_photo]") {
  // The mirror set is described at the plain keypoints' mirrored places and angles (no second detection):
  // it must be the set a detection on the mirror image gives, keypoint for keypoint, at every pyramid level.
  for (const char* name : {"hashing/cat.jpg", "hashing/brick.jpg", "hashing/motorcycle-left.jpg"}) {
    const cv::Mat image = cv::imread(fixture(name).string(), cv::IMREAD_GRAYSCALE);
    REQUIRE_FALSE(image.empty());
    const MirrorSetCheck c = check_mirror_set(image);
    REQUIRE(c.plain.mirror_descriptors.size() >= 400);
    REQUIRE(c.detected.descriptors.size() >= 400);
    INFO(name << ": " << c.same << " of " << c.plain.mirror_points.size() << " mirrored keypoints found by detection ("
              << c.detected.points.size() << ")");
    // Ties in the grid's ranking may pick another of two equal corners; the rest are the same keypoints.
    CHECK(c.same * 100 >= c.plain.mirror_points.size() * 98);
  }
}

TEST_CASE("An off-centre crop scaled to 40% is matched by the keypoints found on it enlarged", "[same_photo]") {
  // 169 x 119 pixels, 56 bits from its original (480 x 320): described as it is, its keypoints met too few of the
  // original's (docs/hashing.md, "Small copies described enlarged").
  const auto v = compare("article/rocket-launch-epa.jpg", "catalog/rocket-crop-offcentre-40.jpg", {}, true);
  CHECK(v.same);
  CHECK(v.method == MatchMethod::kLocalFeatures);
  // Either way round.
  CHECK(compare("catalog/rocket-crop-offcentre-40.jpg", "article/rocket-launch-epa.jpg", {}, true).same);
  // Softened as well, it is not: its keypoints are blurred away (the copy found only through the crop it was made
  // from, in tests/audit).
  CHECK_FALSE(compare("article/rocket-launch-epa.jpg", "catalog/rocket-crop-offcentre-40-soft.jpg", {}, true).same);
}

TEST_CASE("A small image's keypoints lie in its own pixels, and its mirror set is the flipped image's",
          "[same_photo]") {
  // cat.jpg at 40% (160 x 106) is described enlarged by 1.25^4 (390 x 259); its points are carried back.
  const cv::Mat cat = cv::imread(fixture("hashing/cat.jpg").string(), cv::IMREAD_GRAYSCALE);
  REQUIRE_FALSE(cat.empty());
  cv::Mat small;
  cv::resize(cat, small, cv::Size(), 0.4, 0.4, cv::INTER_AREA);
  const MirrorSetCheck c = check_mirror_set(small);
  const LocalFeatures& plain = c.plain;
  CHECK(plain.width == small.cols);
  CHECK(plain.height == small.rows);
  REQUIRE(plain.points.size() >= 100);
  for (const auto& p : plain.points) {
    CHECK(p[0] >= 0.0F);
    CHECK(p[0] <= small.cols - 1.0F);
    CHECK(p[1] >= 0.0F);
    CHECK(p[1] <= small.rows - 1.0F);
  }
  INFO(c.same << " of " << plain.mirror_points.size() << " mirrored keypoints found by detection");
  // As for a large image, ties may pick another of two equal corners; the bilinear enlargement of the image and of
  // its mirror image differ by a rounding here and there (OpenCV's fixed-point weights), and its smooth pixels tie
  // more often: 483 of 500 when this was written.
  CHECK(c.same * 100 >= plain.mirror_points.size() * 95);
}

TEST_CASE("Small copies of a fine-grained photo are found by the area-resampled full window", "[same_photo]") {
  // A 256-pixel photo of the PDQ test set: PDQ's own filter is 2 pixels wide at 256 and 1 (none) at 128 and 64,
  // so each size aliases its texture differently and plain PDQ drifts past its threshold.
  const std::string original = "pdq/labelme-subset/q0122.jpg";
  const cv::Mat image = cv::imread(fixture(original).string(), cv::IMREAD_COLOR);
  REQUIRE(image.cols == 256);
  const Fingerprints a = must_fingerprint(original);
  const auto full = static_cast<std::size_t>(PdqWindow::kFull);
  for (const int side : {128, 64}) {
    cv::Mat small;
    cv::resize(image, small, cv::Size(side, side), 0, 0, cv::INTER_AREA);
    std::vector<std::uint8_t> jpeg;
    REQUIRE(cv::imencode(".jpg", small, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90}));
    const auto b = fingerprint_memory(jpeg.data(), jpeg.size(), "small.jpg");
    REQUIRE(b.has_value());
    const SamePhotoVerdict v = same_photo(a, *b);
    INFO(side << " pixels: PDQ distance " << hamming_distance(a.pdq, b->pdq) << ", full window "
              << hamming_distance(a.pdq_windows[full], b->pdq_windows[full]) << ", method " << to_string(v.method));
    CHECK(hamming_distance(a.pdq, b->pdq) > 31);
    CHECK(hamming_distance(a.pdq_windows[full], b->pdq_windows[full]) <= 28);
    CHECK(v.same);
    CHECK(v.method == MatchMethod::kPdqWindow);
  }
}

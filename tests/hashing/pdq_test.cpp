// PDQ conformance against the hashes Meta publishes for its reference images (fixtures/pdq/expected.tsv),
// dihedral variants, and PDQ's edge cases.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "pdq_plain.hpp"
#include "photoaudit/hashing/pdq.hpp"
#include "test_support.hpp"

using namespace photoaudit::hashing;
using photoaudit::hashing::test::fixture;
using photoaudit::hashing::test::must_fingerprint;

namespace {

struct Expected {
  std::string file;
  Hash256 hash;
  bool cpp_reference = false;  // else the Python port
};

std::vector<Expected> expected_hashes() {
  std::ifstream in(fixture("pdq/expected.tsv"));
  REQUIRE(in.good());
  std::vector<Expected> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string col; std::getline(ss, col, '\t');) cols.push_back(col);
    if (cols.size() < 4) continue;
    if (!std::filesystem::exists(fixture("pdq/" + cols[0]))) continue;  // large images not copied
    const auto hash = Hash256::from_hex(cols[1]);
    REQUIRE(hash.has_value());
    rows.push_back({cols[0], *hash, cols[3].find("C++") != std::string::npos});
  }
  return rows;
}

void check_conformance(const HashOptions& options) {
  const auto rows = expected_hashes();
  REQUIRE(rows.size() >= 25);
  int checked_cpp = 0;
  int checked_python = 0;
  for (const auto& row : rows) {
    const Fingerprints fp = must_fingerprint("pdq/" + row.file, options);
    const int distance = hamming_distance(fp.pdq, row.hash);
    INFO(row.file << " quality " << fp.pdq_quality << " ours " << fp.pdq.to_hex() << " reference " << row.hash.to_hex()
                  << " distance " << distance);
    if (fp.pdq_quality < 80) continue;
    if (row.cpp_reference) {
      CHECK(distance <= 10);
      ++checked_cpp;
    } else {
      CHECK(distance <= 16);
      ++checked_python;
    }
  }
  CHECK(checked_cpp == 8);
  CHECK(checked_python >= 15);
}

// Each dihedral variant of image's PDQ hash against the hash of the transformed pixels.
void check_dihedral_variants(const cv::Mat& image) {
  const auto hash_of = [](const cv::Mat& m) {
    return pdq_hash(GrayView{m.data, m.cols, m.rows, static_cast<std::ptrdiff_t>(m.step)});
  };
  const PdqResult original = hash_of(image);
  REQUIRE(original.quality >= 50);
  const auto turned = [&](int code) {
    cv::Mat out;
    cv::rotate(image, out, code);
    return out;
  };
  const auto flipped = [&](int code) {
    cv::Mat out;
    cv::flip(image, out, code);
    return out;
  };
  const auto transposed = [](const cv::Mat& m) {
    cv::Mat out;
    cv::transpose(m, out);
    return out;
  };
  const std::vector<std::pair<Dihedral, cv::Mat>> variants = {
      {Dihedral::kRotate90, turned(cv::ROTATE_90_COUNTERCLOCKWISE)},
      {Dihedral::kRotate180, turned(cv::ROTATE_180)},
      {Dihedral::kRotate270, turned(cv::ROTATE_90_CLOCKWISE)},
      {Dihedral::kFlipX, flipped(0)},
      {Dihedral::kFlipY, flipped(1)},
      {Dihedral::kFlipPlus1, transposed(image)},
      {Dihedral::kFlipMinus1, transposed(turned(cv::ROTATE_180))},
  };
  for (const auto& [d, pixels] : variants) {
    const Hash256 of_pixels = hash_of(pixels).hash();
    const auto index = static_cast<std::size_t>(d);
    INFO(to_string(d) << ": variant " << hamming_distance(original.dihedral[index], of_pixels)
                      << " bits from the transformed pixels' hash, which is "
                      << hamming_distance(original.hash(), of_pixels) << " from the original's");
    // Equal up to float rounding in the filter's sums (read in the other order).
    CHECK(hamming_distance(original.dihedral[index], of_pixels) <= 2);
    CHECK(hamming_distance(original.hash(), of_pixels) > 31);
  }
}

}  // namespace

TEST_CASE("PDQ matches the C++ and Python reference hashes (decoded at reduced size)", "[pdq]") {
  check_conformance(HashOptions{});
}

TEST_CASE("PDQ matches the reference hashes when decoded at full size", "[pdq]") {
  HashOptions full;
  full.decode_min_side = 0;
  full.robust_hashes = false;
  check_conformance(full);
}

TEST_CASE("Each dihedral variant of the original matches the hash of the transformed file", "[pdq]") {
  const Fingerprints original = must_fingerprint("pdq/dih/bridge-1-original.jpg");
  const std::vector<std::pair<std::string, Dihedral>> files = {{"bridge-2-rotate-90.jpg", Dihedral::kRotate90},
                                                               {"bridge-3-rotate-180.jpg", Dihedral::kRotate180},
                                                               {"bridge-4-rotate-270.jpg", Dihedral::kRotate270},
                                                               {"bridge-5-flipx.jpg", Dihedral::kFlipX},
                                                               {"bridge-6-flipy.jpg", Dihedral::kFlipY},
                                                               {"bridge-7-flip-plus-1.jpg", Dihedral::kFlipPlus1},
                                                               {"bridge-8-flip-minus-1.jpg", Dihedral::kFlipMinus1}};
  for (const auto& [file, dihedral] : files) {
    const Fingerprints transformed = must_fingerprint("pdq/dih/" + file);
    const auto index = static_cast<std::size_t>(dihedral);
    INFO(file << ": variant distance " << hamming_distance(original.pdq_dihedral[index], transformed.pdq));
    CHECK(hamming_distance(original.pdq_dihedral[index], transformed.pdq) <= 10);
    // The plain hashes are far apart: without the variants the copy would be missed.
    CHECK(hamming_distance(original.pdq, transformed.pdq) > 31);
  }
}

TEST_CASE("Each dihedral variant is the hash of the transformed pixels, for a fine texture too", "[pdq]") {
  // A fine texture cut to odd, non-square sizes: where PDQ's samples and windows along a side do not mirror onto
  // themselves, the mirror image is sampled one pixel off, and a one-pixel shift of a brick wall changes many of
  // its bits. The reference's sign-flipped DCT block lay 28-30 bits from four transforms' hashes of the first
  // cut (and 86 from brick-mirrored.jpg's); the variants must be the hashes themselves.
  const cv::Mat brick = cv::imread(fixture("hashing/brick.jpg").string(), cv::IMREAD_GRAYSCALE);
  REQUIRE(brick.cols == 512);
  // 331 rows: an odd window (3) and no sample on a pixel boundary, so the top-bottom mirror's rows are the
  // rows' own in reverse (pdq.cpp reuses them); 401 rows: an even window (4), a second pass over the rows.
  for (const cv::Rect cut : {cv::Rect(7, 30, 401, 331), cv::Rect(30, 7, 331, 401)}) {
    const cv::Mat image = brick(cut).clone();
    INFO(image.cols << " x " << image.rows);
    check_dihedral_variants(image);
  }
}

TEST_CASE("PDQ of a view: too small, flat, and a region of a larger buffer", "[pdq]") {
  std::vector<std::uint8_t> pixels(std::size_t{64} * 48, 128);
  SECTION("smaller than 5 pixels on a side: no hash") {
    const PdqResult r = pdq_hash(GrayView{pixels.data(), 4, 40, 64});
    CHECK_FALSE(r.hashable);
    CHECK(r.quality == 0);
    CHECK(r.hash() == Hash256{});
  }
  SECTION("a flat image has quality 0") {
    const PdqResult r = pdq_hash(GrayView{pixels.data(), 64, 48, 64});
    CHECK(r.hashable);
    CHECK(r.quality == 0);
  }
  SECTION("a view with a stride hashes the same as a packed copy of the region") {
    for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<std::uint8_t>((i * 7919) % 251);
    std::vector<std::uint8_t> packed;
    for (int y = 10; y < 40; ++y) {
      for (int x = 5; x < 55; ++x)
        packed.push_back(pixels[static_cast<std::size_t>(y) * 64 + static_cast<std::size_t>(x)]);
    }
    const PdqResult region = pdq_hash(GrayView{pixels.data() + std::ptrdiff_t{10} * 64 + 5, 50, 30, 64});
    const PdqResult copy = pdq_hash(GrayView{packed.data(), 50, 30, 50});
    CHECK(region.hash() == copy.hash());
    CHECK(region.quality == copy.quality);
  }
}

TEST_CASE("PDQ of a 64x64 grid (the windows' and de-rotated hashes' input) and pdq_hash_plain", "[pdq]") {
  // A real photograph area-reduced to PDQ's grid, and the same grid enlarged 2x by repeating each pixel:
  // PDQ samples the 128-pixel image at the second pixel of each pair with a one-tap filter, so the general
  // passes see exactly the grid that the 64x64 shortcut copies.
  const cv::Mat photo = cv::imread(fixture("pdq/dih/bridge-1-original.jpg").string(), cv::IMREAD_GRAYSCALE);
  REQUIRE(!photo.empty());
  cv::Mat grid;
  cv::resize(photo, grid, cv::Size(64, 64), 0, 0, cv::INTER_AREA);
  cv::Mat doubled;
  cv::resize(grid, doubled, cv::Size(128, 128), 0, 0, cv::INTER_NEAREST);
  const PdqResult small = pdq_hash(GrayView{grid.data, 64, 64, static_cast<std::ptrdiff_t>(grid.step)});
  const PdqResult large = pdq_hash(GrayView{doubled.data, 128, 128, static_cast<std::ptrdiff_t>(doubled.step)});
  CHECK(small.quality >= 50);
  CHECK(small.dihedral == large.dihedral);
  CHECK(small.quality == large.quality);
  // Without the dihedral variants: the same hash and quality, the variants left empty.
  const GrayView view{photo.data, photo.cols, photo.rows, static_cast<std::ptrdiff_t>(photo.step)};
  const PdqResult full = pdq_hash(view);
  const PdqResult plain = pdq_hash_plain(view);
  CHECK(plain.hashable);
  CHECK(plain.hash() == full.hash());
  CHECK(plain.quality == full.quality);
  CHECK(plain.dihedral[1] == Hash256{});
  CHECK(full.dihedral[1] != Hash256{});
}

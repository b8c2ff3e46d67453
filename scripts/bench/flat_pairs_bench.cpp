// Bench-only program of scripts/bench/flat-pairs (not part of the product): the cost of the same-photo engine's
// step 2c (same_photo_engine.cpp, join_flat_partners) on its hard case, many flat images beside many that are
// not, all of one aspect ratio, so that every pair reaches the whole-frame pixel check and fails it.
//
// usage: photoaudit_flat_pairs_bench FLAT.jpg PHOTO_DIR ROUNDS FLATSxOTHERS...
// The flat image and the photos (PNG or JPEG, resized to the flat image's size) are fingerprinted once; each
// set then holds FLATS distinct copies of the flat one and OTHERS distinct copies of the photos, every copy with
// random hashes (no two are candidates of each other) and its 16x16 grey image shifted by a little noise.
// Each round runs the engine on hashes alone with the default rule (step 2c on) and with flat_aligned off (no
// flat group, no step 2c: the peer), in turn; prints the medians, the median of the rounds' ratios and the
// seconds the flat rule added. Up to 256 flat images also form the flat group, whose pairs get the full search.
// A set written wWEAKSxOTHERS holds WEAKS copies of the photos whose PDQ quality is set to 65 (weak: the rule's
// step 4b) instead of flat ones: every weak x other pair gets the distance test of step 2c, none is within reach
// (random hashes), so this is the cost of the distance tests up to their cap of 2^26. The cost of one pair that
// is within reach (the rule with its whole-frame pixel check, at most 65,536 of them) is printed first, timed
// on fixtures' cat-soft.jpg against cat-soft-watermark.jpg when WEAK_PAIR is set to the folder holding them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "photoaudit/hashing/same_photo_engine.hpp"

namespace fs = std::filesystem;
using namespace photoaudit::hashing;  // NOLINT(google-build-using-namespace): a bench of this library

namespace {

Fingerprints fingerprint_of(const cv::Mat& image, const std::string& name) {
  std::vector<std::uint8_t> jpeg;
  cv::imencode(".jpg", image, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90});
  auto fp = fingerprint_memory(jpeg.data(), jpeg.size(), name);
  if (!fp) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), fp.error().message.c_str());
    std::exit(2);
  }
  return *fp;
}

Hash256 random_hash(std::mt19937_64& rng) {
  Hash256 h;
  for (auto& w : h.words) w = rng();
  return h;
}

// A distinct copy of fp: random digests and hashes, qualities kept, grey16 moved by up to +-2 levels.
Fingerprints distinct_copy(const Fingerprints& fp, std::mt19937_64& rng) {
  Fingerprints c = fp;
  for (auto& b : c.sha256.bytes) b = static_cast<std::uint8_t>(rng());
  for (auto& b : c.content_hash.digest.bytes) b = static_cast<std::uint8_t>(rng());
  c.pdq = random_hash(rng);
  for (auto& h : c.pdq_dihedral) h = random_hash(rng);
  c.pdq_dihedral[0] = c.pdq;
  for (auto& h : c.pdq_windows) h = random_hash(rng);
  c.pdq_trimmed = c.pdq;
  for (auto& h : c.pdq_derotated) h = random_hash(rng);
  std::uniform_int_distribution<int> noise(-2, 2);
  for (auto& g : c.grey16) g = static_cast<std::uint8_t>(std::clamp(int{g} + noise(rng), 0, 255));
  return c;
}

double seconds_of(const std::vector<const Fingerprints*>& items, const EngineOptions& options, std::size_t& clusters) {
  const auto start = std::chrono::steady_clock::now();
  clusters = cluster_same_photos(items, options).clusters.size();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// The cost of one weak pair within reach of step 2c's distance test: same_photo with step 4b's pixel check.
bool time_weak_pair(const char* dir) {
  const cv::Mat soft = cv::imread((fs::path(dir) / "cat-soft.jpg").string());
  const cv::Mat marked = cv::imread((fs::path(dir) / "cat-soft-watermark.jpg").string());
  if (soft.empty() || marked.empty()) return false;
  const Fingerprints a = fingerprint_of(soft, "cat-soft.jpg");
  const Fingerprints b = fingerprint_of(marked, "cat-soft-watermark.jpg");
  SameRule rule;
  rule.local_features = false;
  std::vector<double> per_pair;
  bool same = true;
  for (int r = 0; r < 5; ++r) {
    constexpr int kCalls = 2000;
    const auto start = std::chrono::steady_clock::now();
    for (int k = 0; k < kCalls; ++k) {
      const bool one = same_photo(a, b, rule).same;
      same = same && one;
    }
    per_pair.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / kCalls);
  }
  std::printf(
      "a weak pair within reach (same_photo, step 4b's pixel check): %.1f us (median of 5 x 2000; %s); "
      "at the cap of 65,536: %.2f s\n",
      median(per_pair) * 1e6, same ? "same" : "NOT same", median(per_pair) * 65536);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s FLAT.jpg PHOTO_DIR ROUNDS FLATSxOTHERS...\n", argv[0]);
    return 2;
  }
  const cv::Mat flat_image = cv::imread(argv[1]);
  if (flat_image.empty()) return 2;
  const Fingerprints flat = fingerprint_of(flat_image, argv[1]);
  std::vector<Fingerprints> photos;
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(argv[2])) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".png" || ext == ".jpg") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    const cv::Mat m = cv::imread(p.string());
    if (m.empty()) continue;
    cv::Mat resized;
    cv::resize(m, resized, flat_image.size(), 0, 0, cv::INTER_AREA);
    Fingerprints fp = fingerprint_of(resized, p.string());
    if (fp.pdq_quality >= SameRule{}.min_quality && fp.has_grey16) photos.push_back(fp);
  }
  if (photos.empty() || !flat.has_grey16 || flat.pdq_quality >= SameRule{}.min_quality) return 2;
  const int rounds = std::max(1, std::atoi(argv[3]));
  std::printf("flat image: %s (PDQ quality %d, %ux%u); %zu photos of that size\n", argv[1], flat.pdq_quality,
              flat.width, flat.height, photos.size());
  std::printf("%-14s %10s %12s %12s %10s %10s\n", "flats x others", "pairs", "flat rule on", "off (peer)", "ratio",
              "added");
  if (const char* dir = std::getenv("WEAK_PAIR"); dir != nullptr && !time_weak_pair(dir)) return 2;
  for (int a = 4; a < argc; ++a) {
    std::size_t flats = 0;
    std::size_t others = 0;
    const bool weak = argv[a][0] == 'w';
    if (std::sscanf(argv[a] + (weak ? 1 : 0), "%zux%zu", &flats, &others) != 2) return 2;
    std::mt19937_64 rng(42);
    std::vector<Fingerprints> set;
    set.reserve(flats + others);
    for (std::size_t i = 0; i < flats; ++i) {
      if (!weak) {
        set.push_back(distinct_copy(flat, rng));
        continue;
      }
      set.push_back(distinct_copy(photos[i % photos.size()], rng));
      set.back().pdq_quality = 65;
    }
    for (std::size_t i = 0; i < others; ++i) set.push_back(distinct_copy(photos[i % photos.size()], rng));
    std::vector<const Fingerprints*> items;
    items.reserve(set.size());
    for (const auto& f : set) items.push_back(&f);
    EngineOptions on;
    on.rule.local_features = false;
    on.threads = 1;
    EngineOptions off = on;
    off.rule.flat_aligned = false;
    std::vector<double> with;
    std::vector<double> without;
    std::vector<double> ratios;
    std::size_t clusters_on = 0;
    std::size_t clusters_off = 0;
    for (int r = 0; r < rounds; ++r) {
      with.push_back(seconds_of(items, on, clusters_on));
      without.push_back(seconds_of(items, off, clusters_off));
      ratios.push_back(with.back() / without.back());
    }
    const double pairs = static_cast<double>(flats) * static_cast<double>(others);
    std::printf("%-14s %10.0f %11.3fs %11.3fs %9.2fx %9.3fs   (clusters: %zu / %zu)\n", argv[a], pairs, median(with),
                median(without), median(ratios), median(with) - median(without), clusters_on, clusters_off);
  }
  return 0;
}

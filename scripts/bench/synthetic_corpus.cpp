// scripts/bench/synthetic_corpus.cpp: writes COUNT small, distinct JPEGs for measuring the audit's memory at
// scale (scripts/bench/audit, SCALE=N). Each is random smoothed noise (no two are near copies, so the duplicate
// search does the work of a real archive's, not of a set of copies) carrying the metadata segments (APP1 EXIF
// and XMP, APP13 IPTC) of a real credited photo, so every image gets a credit, a license verdict and findings.
// Usage: synthetic_corpus TEMPLATE.jpg OUTDIR COUNT
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: synthetic_corpus TEMPLATE.jpg OUTDIR COUNT\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const std::vector<unsigned char> t{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::vector<unsigned char> metadata;  // the template's APP1 and APP13 segments, in order
  for (std::size_t pos = 2; pos + 4 <= t.size() && t[pos] == 0xFF && t[pos + 1] != 0xDA;) {
    const std::size_t length = static_cast<std::size_t>(t[pos + 2] << 8 | t[pos + 3]);
    if (t[pos + 1] == 0xE1 || t[pos + 1] == 0xED)
      metadata.insert(metadata.end(), t.begin() + pos, t.begin() + pos + 2 + length);
    pos += 2 + length;
  }
  const long count = std::atol(argv[3]);
  cv::RNG rng(20261128);
  for (long i = 0; i < count; ++i) {
    cv::Mat noise(48, 64, CV_8UC3);
    rng.fill(noise, cv::RNG::UNIFORM, 0, 256);
    cv::Mat image;
    cv::resize(noise, image, cv::Size(128, 96), 0, 0, cv::INTER_CUBIC);
    std::vector<unsigned char> jpeg;
    cv::imencode(".jpg", image, jpeg, {cv::IMWRITE_JPEG_QUALITY, 85});
    std::vector<unsigned char> out(jpeg.begin(), jpeg.begin() + 2);
    out.insert(out.end(), metadata.begin(), metadata.end());
    out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
    char name[64];
    std::snprintf(name, sizeof name, "/s%06ld.jpg", i);
    std::ofstream(std::string(argv[2]) + name, std::ios::binary)
        .write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
  }
  std::printf("%ld images, %zu bytes of metadata each\n", count, metadata.size());
}

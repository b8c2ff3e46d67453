// The photoaudit binary loads OpenCV's image codecs (and the ~140 libraries behind them) only when an image
// needs them: hashing/src/opencv_codecs.hpp. Checked on the built binary, through the dynamic loader's own log.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/run_binary.hpp"

using photoaudit::test::run_program;

namespace {

const std::string kFixtures = PHOTOAUDIT_FIXTURES_DIR;

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// `photoaudit hash files...` under the dynamic loader's log (LD_DEBUG=files, on stderr), CHECKing that it
// succeeded and hashed every file.
photoaudit::test::RunResult hash_with_loader_log(const std::vector<std::string>& files) {
  std::vector<std::string> args = {"LD_DEBUG=files", PHOTOAUDIT_BINARY, "hash"};
  args.insert(args.end(), files.begin(), files.end());
  auto r = run_program("env", args);
  INFO(r.err.substr(0, 2000));
  CHECK(r.exit_code == 0);
  CHECK(count_of(r.out, "  pdq ") == files.size());
  return r;
}

}  // namespace

TEST_CASE("hash: JPEG GIF and WebP are decoded without loading OpenCV's image codecs") {
  const auto r = hash_with_loader_log(
      {kFixtures + "/hashing/cat.jpg", kFixtures + "/hashing/cat-animated.gif", kFixtures + "/hashing/coffee.webp"});
  INFO(r.err.substr(0, 2000));
  CHECK(count_of(r.err, "file=libopencv_core.so.406 [0];  generating link map") == 1);  // the log is there
  CHECK(count_of(r.err, "libopencv_imgcodecs") == 0);
  CHECK(count_of(r.err, "libphotoaudit_opencv_codecs") == 0);
}

TEST_CASE("hash: a PNG and a TIFF load the codecs module once and are hashed") {
  const auto r = hash_with_loader_log(
      {kFixtures + "/hashing/coffee.png", kFixtures + "/hashing/coffee.tif", kFixtures + "/hashing/cat.jpg"});
  INFO(r.err.substr(0, 2000));
  CHECK(count_of(r.err, "/libphotoaudit_opencv_codecs.so [0];  generating link map") == 1);
  CHECK(count_of(r.err, "file=libopencv_imgcodecs.so.406 [0];  generating link map") == 1);
}

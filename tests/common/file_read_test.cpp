// read_file_bounded and check_regular_file (photoaudit/common/file_read.hpp) on real fixture files, a FIFO,
// /dev/zero, symbolic links, and limits.
#include "photoaudit/common/file_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <string>
#include <vector>

using photoaudit::ErrorCode;
using photoaudit::read_file_bounded;

namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;
constexpr std::uint64_t kNoLimit = std::uint64_t{1} << 40;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A fresh directory under the system temp directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("photoaudit-common-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Runs read_file_bounded on path in another thread; fails the test when it has not returned after five seconds
// (and then unblocks it by opening the FIFO's other end, so the test itself ends).
photoaudit::Result<std::string> read_within_seconds(const fs::path& path) {
  auto reader = std::async(std::launch::async, [&] { return read_file_bounded(path, kNoLimit); });
  if (reader.wait_for(std::chrono::seconds(5)) == std::future_status::timeout) {
    const int writer = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
    if (writer >= 0) ::close(writer);
    FAIL("read_file_bounded blocked on " << path);
  }
  return reader.get();
}

}  // namespace

TEST_CASE("read_file_bounded: a fixture photo is read whole, as a string or as bytes") {
  const fs::path cat = kFixtures / "hashing" / "cat.jpg";
  const std::string expected = slurp(cat);
  const auto text = read_file_bounded(cat, kNoLimit);
  REQUIRE(text.has_value());
  CHECK(*text == expected);
  CHECK(text->size() == fs::file_size(cat));
  const auto bytes = read_file_bounded<std::vector<std::uint8_t>>(cat, kNoLimit);
  REQUIRE(bytes.has_value());
  CHECK(std::string(bytes->begin(), bytes->end()) == expected);
  CHECK((*bytes)[0] == 0xFF);
  CHECK((*bytes)[1] == 0xD8);
}

TEST_CASE("read_file_bounded: the observer sees every byte once, in order") {
  const fs::path png = kFixtures / "hashing" / "coffee.png";
  std::string seen;
  const auto text = read_file_bounded(png, kNoLimit, [&](const std::uint8_t* data, std::size_t size) {
    seen.append(reinterpret_cast<const char*>(data), size);
  });
  REQUIRE(text.has_value());
  CHECK(seen == *text);
  CHECK(seen == slurp(png));
}

TEST_CASE("read_file_bounded: a file of exactly the limit is read, one byte over is limit_exceeded") {
  const fs::path gif = kFixtures / "hashing" / "cat-animated.gif";
  const std::uint64_t size = fs::file_size(gif);
  CHECK(read_file_bounded(gif, size).has_value());
  const auto over = read_file_bounded(gif, size - 1);
  REQUIRE_FALSE(over.has_value());
  CHECK(over.error().code == ErrorCode::kLimitExceeded);
  CHECK(over.error().message.rfind(gif.string() + ": ", 0) == 0);
  CHECK(over.error().message.find("over the limit of " + std::to_string(size - 1)) != std::string::npos);
}

TEST_CASE("read_file_bounded: an empty file is read as empty, not refused") {
  const auto empty = read_file_bounded(kFixtures / "bad" / "empty.jpg", kNoLimit);
  REQUIRE(empty.has_value());
  CHECK(empty->empty());
}

TEST_CASE("read_file_bounded: missing files and directories are errors naming the path") {
  const fs::path missing = kFixtures / "bad" / "no-such-file.jpg";
  const auto gone = read_file_bounded(missing, kNoLimit);
  REQUIRE_FALSE(gone.has_value());
  CHECK(gone.error().code == ErrorCode::kNotFound);
  CHECK(gone.error().message == missing.string() + ": no such file");

  const auto below_a_file = read_file_bounded(kFixtures / "hashing" / "cat.jpg" / "x", kNoLimit);
  REQUIRE_FALSE(below_a_file.has_value());
  CHECK(below_a_file.error().code == ErrorCode::kNotFound);

  const fs::path dir = kFixtures / "bad";
  const auto directory = read_file_bounded(dir, kNoLimit);
  REQUIRE_FALSE(directory.has_value());
  CHECK(directory.error().code == ErrorCode::kIOError);
  CHECK(directory.error().message == dir.string() + ": is a directory");
}

TEST_CASE("read_file_bounded: a FIFO is refused without blocking (hashing's reader used to wait for a writer)") {
  TempDir tmp;
  const fs::path fifo = tmp.path / "pipe.jpg";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto result = read_within_seconds(fifo);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == ErrorCode::kIOError);
  CHECK(result.error().message == fifo.string() + ": not a regular file (a FIFO, socket or device)");

  const auto checked = photoaudit::check_regular_file(fifo, kNoLimit);
  REQUIRE_FALSE(checked.has_value());
  CHECK(checked.error().code == ErrorCode::kIOError);
}

TEST_CASE("read_file_bounded: /dev/zero is refused (a device), not read until the limit") {
  const auto zero = read_file_bounded("/dev/zero", 1 << 20);
  REQUIRE_FALSE(zero.has_value());
  CHECK(zero.error().code == ErrorCode::kIOError);
  CHECK(zero.error().message == "/dev/zero: not a regular file (a FIFO, socket or device)");
}

TEST_CASE("read_file_bounded: a symbolic link is followed, a link to a FIFO is refused like the FIFO") {
  TempDir tmp;
  const fs::path target = kFixtures / "hashing" / "coffee.webp";
  const fs::path link = tmp.path / "link.webp";
  fs::create_symlink(target, link);
  const auto via_link = read_file_bounded(link, kNoLimit);
  REQUIRE(via_link.has_value());
  CHECK(*via_link == slurp(target));
  // The limit applies to the file linked to, not to the link.
  CHECK(read_file_bounded(link, fs::file_size(target) - 1).error().code == ErrorCode::kLimitExceeded);

  const fs::path fifo = tmp.path / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const fs::path fifo_link = tmp.path / "pipe-link.jpg";
  fs::create_symlink(fifo, fifo_link);
  const auto refused = read_within_seconds(fifo_link);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == ErrorCode::kIOError);

  const fs::path dangling = tmp.path / "dangling.jpg";
  fs::create_symlink(tmp.path / "nothing-here.jpg", dangling);
  CHECK(read_file_bounded(dangling, kNoLimit).error().code == ErrorCode::kNotFound);
}

TEST_CASE("check_regular_file: size and identity of a fixture, without reading it") {
  const fs::path tif = kFixtures / "hashing" / "coffee.tif";
  const auto file = photoaudit::check_regular_file(tif, kNoLimit);
  REQUIRE(file.has_value());
  CHECK(file->size == fs::file_size(tif));
  struct stat st {};
  REQUIRE(::stat(tif.c_str(), &st) == 0);
  CHECK(file->inode == st.st_ino);
  CHECK(photoaudit::check_regular_file(tif, file->size - 1).error().code == ErrorCode::kLimitExceeded);
}

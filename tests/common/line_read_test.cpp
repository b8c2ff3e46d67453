// read_lines_bounded (photoaudit/common/line_read.hpp): lines, their ends, cut lines, the line count limit and
// special files.
#include "photoaudit/common/line_read.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using photoaudit::ErrorCode;
using photoaudit::Line;
using photoaudit::LineLimits;
using photoaudit::read_lines_bounded;

namespace {

struct TempFile {
  fs::path path = fs::temp_directory_path() / ("photoaudit-lines-" + std::to_string(::getpid()));
  explicit TempFile(const std::string& text) { std::ofstream(path, std::ios::binary) << text; }
  ~TempFile() { fs::remove(path); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
};

// (text, length) of each line read.
std::vector<std::pair<std::string, std::uint64_t>> read_all(const fs::path& path, const LineLimits& limits,
                                                            photoaudit::Result<std::uint64_t>& result) {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  result = read_lines_bounded(path, limits, [&](const Line& l) { out.emplace_back(std::string(l.text), l.length); });
  return out;
}

}  // namespace

TEST_CASE("read_lines_bounded: LF and CR LF ends, empty lines, a last line without an end") {
  TempFile file("one\r\ntwo\n\nthree");
  photoaudit::Result<std::uint64_t> result;
  const auto lines = read_all(file.path, {}, result);
  REQUIRE(result.has_value());
  CHECK(*result == 4);
  CHECK(lines == std::vector<std::pair<std::string, std::uint64_t>>{{"one", 3}, {"two", 3}, {"", 0}, {"three", 5}});
}

TEST_CASE("read_lines_bounded: a line over max_line_bytes is passed cut, with its whole length") {
  TempFile file("short\n" + std::string(100, 'x') + "\r\nnext\n");
  photoaudit::Result<std::uint64_t> result;
  const auto lines = read_all(file.path, {.max_lines = 10, .max_line_bytes = 8}, result);
  REQUIRE(result.has_value());
  REQUIRE(lines.size() == 3);
  CHECK(lines[1].first == std::string(8, 'x'));
  CHECK(lines[1].second == 101);  // the CR of a cut line is counted: its end was not kept
  CHECK(lines[2] == std::pair<std::string, std::uint64_t>{"next", 4});
}

TEST_CASE("read_lines_bounded: more lines than max_lines is kLimitExceeded after the lines within it") {
  TempFile file("a\nb\nc\nd\n");
  photoaudit::Result<std::uint64_t> result;
  const auto lines = read_all(file.path, {.max_lines = 3, .max_line_bytes = 8}, result);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == ErrorCode::kLimitExceeded);
  CHECK(result.error().message == file.path.string() + ": more than 3 lines, over the limit");
  CHECK(lines.size() == 3);
}

TEST_CASE("read_lines_bounded: a FIFO and /dev/zero are refused before they are opened for reading") {
  const fs::path fifo = fs::temp_directory_path() / ("photoaudit-lines-fifo-" + std::to_string(::getpid()));
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  photoaudit::Result<std::uint64_t> result;
  read_all(fifo, {}, result);
  fs::remove(fifo);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message == fifo.string() + ": not a regular file (a FIFO, socket or device)");
  read_all("/dev/zero", {}, result);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == ErrorCode::kIOError);
}

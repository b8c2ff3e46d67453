#include "photoaudit/common/line_read.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string>
#include <system_error>

#include "photoaudit/common/file_read.hpp"

namespace photoaudit {
namespace {

// Splits blocks into lines, holding at most max_line_bytes + 1 bytes of a line (one more for a CR before LF).
class LineSplitter {
 public:
  LineSplitter(std::string_view name, const LineLimits& limits, const LineSink& sink)
      : name_(name), limits_(limits), sink_(sink) {}

  Result<void> feed(std::string_view block) {
    while (!block.empty()) {
      const std::size_t end = block.find('\n');
      const std::string_view part = block.substr(0, end);
      length_ += part.size();
      const std::uint64_t room = limits_.max_line_bytes + 1 - held_.size();  // held_ never exceeds max + 1
      held_.append(part.substr(0, static_cast<std::size_t>(std::min<std::uint64_t>(room, part.size()))));
      if (end == std::string_view::npos) break;
      if (auto done = emit(); !done) return done;
      block.remove_prefix(end + 1);
    }
    return {};
  }

  Result<std::uint64_t> finish() {
    if (length_ > 0) {
      if (auto done = emit(); !done) return fail(done.error());
    }
    return lines_;
  }

 private:
  Result<void> emit() {
    // A CR before the LF is not part of the line (of a cut line, the end was not kept: its length stays).
    if (length_ == held_.size() && !held_.empty() && held_.back() == '\r') {
      held_.pop_back();
      --length_;
    }
    if (lines_ >= limits_.max_lines) {
      return fail(Error::limit_exceeded(std::string(name_) + ": more than " + std::to_string(limits_.max_lines) +
                                        " lines, over the limit"));
    }
    ++lines_;
    const std::size_t shown = static_cast<std::size_t>(std::min<std::uint64_t>(held_.size(), limits_.max_line_bytes));
    sink_(Line{std::string_view(held_).substr(0, shown), length_});
    held_.clear();
    length_ = 0;
    return {};
  }

  std::string_view name_;
  const LineLimits& limits_;
  const LineSink& sink_;
  std::string held_;          // the line's first bytes
  std::uint64_t length_ = 0;  // the line's bytes so far, held or not
  std::uint64_t lines_ = 0;
};

}  // namespace

Result<std::uint64_t> read_lines_bounded(int fd, std::string_view name, const LineLimits& limits,
                                         const LineSink& sink) {
  LineSplitter splitter(name, limits, sink);
  std::array<char, 1 << 16> block{};
  while (true) {
    const ssize_t n = ::read(fd, block.data(), block.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(Error::io_error(std::string(name) + ": read failed: " + std::generic_category().message(errno)));
    }
    if (n == 0) break;
    if (auto fed = splitter.feed(std::string_view(block.data(), static_cast<std::size_t>(n))); !fed) {
      return fail(fed.error());
    }
  }
  return splitter.finish();
}

Result<std::uint64_t> read_lines_bounded(const std::filesystem::path& path, const LineLimits& limits,
                                         const LineSink& sink) {
  auto file = open_regular_file(path);
  if (!file) return fail(file.error());
  return read_lines_bounded(file->get(), path.string(), limits, sink);
}

}  // namespace photoaudit

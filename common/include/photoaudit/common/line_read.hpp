// Reading a text input one line at a time within bounds on the number of lines and the length of each: how
// `credit --lines FILE` (or standard input) reads, so /dev/zero, a FIFO or one endless line cannot grow memory
// without bound (issue 18).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>

#include "photoaudit/common/error.hpp"
#include "photoaudit/common/limits.hpp"

namespace photoaudit {

struct LineLimits {
  // More lines than this: the reading stops with kLimitExceeded. Default: Limits::max_lines.
  std::uint64_t max_lines = Limits{}.max_lines;
  // At most this many bytes of a line are held (without its end); the rest of a longer line is counted and
  // skipped. Default: Limits::max_line_bytes.
  std::uint64_t max_line_bytes = Limits{}.max_line_bytes;
};

// One line, without its LF or CR LF.
struct Line {
  std::string_view text;  // the whole line, or its first max_line_bytes bytes when it is longer
  std::uint64_t length;   // the line's whole length in bytes: over max_line_bytes means text was cut
};

// Called with each line in order, empty ones too. The view is valid only during the call.
using LineSink = std::function<void(const Line& line)>;

// Reads the lines of the regular file at path (opened as read_file_bounded() opens it: a FIFO, socket or device,
// /dev/zero included, is refused before it is opened for reading) and passes each to sink, in order; a last
// line without an end is passed too. Memory stays within one line of max_line_bytes whatever the input (a file
// of one endless line is one long Line, cut). Returns the number of lines passed, or fails with
// read_file_bounded()'s errors for opening and reading and:
//   kLimitExceeded  "PATH: more than M lines, over the limit"
// The lines before the failure have been passed to sink. Never throws except std::bad_alloc and
// what sink throws.
Result<std::uint64_t> read_lines_bounded(const std::filesystem::path& path, const LineLimits& limits,
                                         const LineSink& sink);

// The same over an open descriptor (standard input, for one), named name in messages. Blocks as the descriptor
// does; does not close it.
Result<std::uint64_t> read_lines_bounded(int fd, std::string_view name, const LineLimits& limits, const LineSink& sink);

}  // namespace photoaudit

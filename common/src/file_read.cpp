#include "photoaudit/common/file_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <limits>
#include <system_error>

namespace photoaudit {
namespace {

std::string reason(int error) { return std::generic_category().message(error); }

Error over_limit(const std::string& name, std::uint64_t size, std::uint64_t max_bytes) {
  return Error::limit_exceeded(name + ": file is " + std::to_string(size) + " bytes, over the limit of " +
                               std::to_string(max_bytes));
}

// The checks both stat() and fstat() answers go through.
Result<RegularFile> regular_file_of(const struct stat& st, const std::string& name, std::uint64_t max_bytes) {
  if (S_ISDIR(st.st_mode)) return fail(Error::io_error(name + ": is a directory"));
  if (!S_ISREG(st.st_mode)) return fail(Error::io_error(name + ": not a regular file (a FIFO, socket or device)"));
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) return fail(over_limit(name, size, max_bytes));
  return RegularFile{size, st.st_dev, st.st_ino};
}

// Opens a file check_regular_file() accepted, without blocking, and checks the open descriptor again (a FIFO
// swapped in after the stat() is refused here). Returns what fstat() says, or fails like read_file_bounded().
Result<RegularFile> open_checked(const std::filesystem::path& path, std::uint64_t max_bytes, FileDescriptor& file) {
  const std::string name = path.string();
  const auto checked = check_regular_file(path, max_bytes);
  if (!checked) return fail(checked.error());
  int fd = -1;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return fail(Error::io_error(name + ": cannot open: " + reason(errno)));
  file = FileDescriptor(fd);
  struct stat st {};
  if (::fstat(file.get(), &st) != 0) return fail(Error::io_error(name + ": cannot access: " + reason(errno)));
  return regular_file_of(st, name, max_bytes);
}

}  // namespace

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

Result<FileDescriptor> open_regular_file(const std::filesystem::path& path) {
  FileDescriptor file;
  const auto opened = open_checked(path, std::numeric_limits<std::uint64_t>::max(), file);
  if (!opened) return fail(opened.error());
  return file;
}

Result<RegularFile> check_regular_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
  const std::string name = path.string();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) return fail(Error::not_found(name + ": no such file"));
    return fail(Error::io_error(name + ": cannot access: " + reason(error)));
  }
  return regular_file_of(st, name, max_bytes);
}

template <typename Bytes>
Result<Bytes> read_file_bounded(const std::filesystem::path& path, std::uint64_t max_bytes,
                                const ReadObserver& observe) {
  const std::string name = path.string();
  FileDescriptor file;
  const auto opened = open_checked(path, max_bytes, file);
  if (!opened) return fail(opened.error());

  // At most max_bytes + 1 bytes are ever held: one more than allowed shows that the file grew past the bound.
  const std::uint64_t cap = max_bytes == std::numeric_limits<std::uint64_t>::max() ? max_bytes : max_bytes + 1;
  Bytes out;
  out.resize(static_cast<std::size_t>(opened->size));
  std::size_t filled = 0;
  while (true) {
    if (filled == out.size()) {
      // The file is longer than its size said (it grew, or it is a file whose size the system does not know).
      const std::uint64_t grown = std::min<std::uint64_t>(cap, std::max<std::uint64_t>(out.size() * 2, 1 << 16));
      if (grown <= out.size()) break;
      out.resize(static_cast<std::size_t>(grown));
    }
    const ssize_t n = ::read(file.get(), out.data() + filled, out.size() - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(Error::io_error(name + ": read failed: " + reason(errno)));
    }
    if (n == 0) break;
    if (observe) observe(reinterpret_cast<const std::uint8_t*>(out.data() + filled), static_cast<std::size_t>(n));
    filled += static_cast<std::size_t>(n);
  }
  if (filled > max_bytes) {
    return fail(Error::limit_exceeded(name + ": file is over the limit of " + std::to_string(max_bytes) + " bytes"));
  }
  out.resize(filled);
  return out;
}

Result<std::string> read_file_prefix(const std::filesystem::path& path, std::size_t count) {
  FileDescriptor file;
  const auto opened = open_checked(path, std::numeric_limits<std::uint64_t>::max(), file);
  if (!opened) return fail(opened.error());
  std::string out(count, '\0');
  std::size_t filled = 0;
  while (filled < count) {
    const ssize_t n = ::read(file.get(), out.data() + filled, count - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(Error::io_error(path.string() + ": read failed: " + reason(errno)));
    }
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
  }
  out.resize(filled);
  return out;
}

template Result<std::string> read_file_bounded<std::string>(const std::filesystem::path&, std::uint64_t,
                                                            const ReadObserver&);
template Result<std::vector<std::uint8_t>> read_file_bounded<std::vector<std::uint8_t>>(const std::filesystem::path&,
                                                                                        std::uint64_t,
                                                                                        const ReadObserver&);

}  // namespace photoaudit

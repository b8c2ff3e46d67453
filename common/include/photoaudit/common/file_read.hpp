// Reading a whole file into memory, within a size bound: the one reader of images, pages and registries.
//
// Only regular files are read. A symbolic link is followed: what is checked and read is the file it points at
// (a link to a FIFO or a device is refused like the FIFO or device itself). A FIFO, socket or device is refused
// before it is opened for reading, so `photoaudit audit /dev/zero` or a FIFO in a walked folder can neither block
// nor fill memory; the file is opened with O_NONBLOCK | O_CLOEXEC and checked again on the open descriptor, so a
// FIFO swapped in between the check and the open is refused too, without blocking.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "photoaudit/common/error.hpp"

namespace photoaudit {

// What stat() says of a path that read_file_bounded() would read.
struct RegularFile {
  std::uint64_t size = 0;  // bytes, as the file system reports them
  dev_t device = 0;
  ino_t inode = 0;
};

// Checks, without opening it, that path names a regular file (following symbolic links) of at most max_bytes.
// Returns its size, or fails with:
//   kNotFound       "PATH: no such file" (also when a directory on the way is missing or not a directory)
//   kIOError        "PATH: is a directory", "PATH: not a regular file (a FIFO, socket or device)",
//                   "PATH: cannot access: REASON"
//   kLimitExceeded  "PATH: file is N bytes, over the limit of MAX"
// Every message starts with path as given. A zero-byte file is not an error here.
Result<RegularFile> check_regular_file(const std::filesystem::path& path, std::uint64_t max_bytes);

// Called with each block of bytes as it is read, in order (e.g. to hash a file in the same pass). The pointer is
// valid only during the call.
using ReadObserver = std::function<void(const std::uint8_t* data, std::size_t size)>;

// Reads the whole file at path: check_regular_file(), then open, fstat (again a regular file, or kIOError), read.
// Bytes is std::string or std::vector<std::uint8_t> (the two instantiations provided).
// Returns the contents (possibly empty), or fails with check_regular_file()'s errors and:
//   kIOError        "PATH: cannot open: REASON", "PATH: read failed: REASON"
//   kLimitExceeded  "PATH: file is over the limit of MAX bytes" when the file grew past max_bytes while read
// Never reads more than max_bytes + 1 bytes; never blocks on a FIFO; never throws except std::bad_alloc.
template <typename Bytes = std::string>
Result<Bytes> read_file_bounded(const std::filesystem::path& path, std::uint64_t max_bytes,
                                const ReadObserver& observe = {});

// An open file descriptor, closed when the object goes.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  ~FileDescriptor();
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.release()) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

// Opens the regular file at path for reading, as read_file_bounded() does (checked before the open, opened with
// O_NONBLOCK, checked again on the descriptor), with no size limit: for readers that stream a file.
// Returns the descriptor, or fails with check_regular_file()'s errors (except kLimitExceeded) and
//   kIOError        "PATH: cannot open: REASON"
Result<FileDescriptor> open_regular_file(const std::filesystem::path& path);

// Reads the first bytes of the file at path (at most count; fewer when the file is shorter), with the checks and
// the non-blocking open of read_file_bounded() but no size limit: how a walk sniffs a file's format.
// Returns the bytes, or fails with check_regular_file()'s errors (except kLimitExceeded) and
//   kIOError        "PATH: cannot open: REASON", "PATH: read failed: REASON"
// Never blocks on a FIFO; never throws except std::bad_alloc.
Result<std::string> read_file_prefix(const std::filesystem::path& path, std::size_t count);

extern template Result<std::string> read_file_bounded<std::string>(const std::filesystem::path&, std::uint64_t,
                                                                   const ReadObserver&);
extern template Result<std::vector<std::uint8_t>> read_file_bounded<std::vector<std::uint8_t>>(
    const std::filesystem::path&, std::uint64_t, const ReadObserver&);

}  // namespace photoaudit

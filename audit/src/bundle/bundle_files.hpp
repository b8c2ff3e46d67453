// Files inside an evidence folder, always relative to its descriptor and never through a symbolic link.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/common/error.hpp"
#include "photoaudit/common/file_read.hpp"

namespace photoaudit::audit::bundle {

// SHA-256 and size of what a descriptor reads from its current offset to the end, in 1 MiB blocks.
struct Hashed {
  std::string sha256;  // 64 lower-case hex digits
  std::uint64_t size = 0;
};
// Fails with kIOError "NAME: read failed: REASON".
Result<Hashed> hash_descriptor(int fd, std::string_view name);

// Opens name (one component, or "folder/file") under dir for reading without following a symbolic link in any
// component, and checks it is a regular file. Fails with kNotFound (missing), kIOError (a link, not a regular
// file, unreadable).
Result<FileDescriptor> open_file_at(int dir, std::string_view name);

// Opens the directory name under dir (O_DIRECTORY | O_NOFOLLOW). Fails with kNotFound, kIOError.
Result<FileDescriptor> open_dir_at(int dir, std::string_view name);

// Creates name under dir (O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600) and writes bytes; returns their SHA-256 and
// size. Fails with kIOError naming `shown` (the bundle path of the file) and the reason.
Result<Hashed> write_file_at(int dir, std::string_view name, std::string_view bytes, std::string_view shown);

// The names of a directory's entries (not "." and ".."), at most max; kLimitExceeded beyond. Consumes nothing of
// dir (works on a duplicate).
Result<std::vector<std::string>> list_dir(int dir, std::size_t max, std::string_view shown);

// A name photoaudit writes into a bundle: one or two components of [A-Za-z0-9._-], each starting with a letter
// or digit, at most 128 bytes. Anything else in SHA256SUMS makes the bundle unusable.
bool is_bundle_name(std::string_view name);

// SHA-256 of bytes, hex.
std::string sha256_hex(std::string_view bytes);

}  // namespace photoaudit::audit::bundle

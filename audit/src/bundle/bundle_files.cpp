#include "bundle/bundle_files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "photoaudit/common/openssl_ready.hpp"

namespace photoaudit::audit::bundle {
namespace {

std::string hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0xf];
  }
  return out;
}

std::string reason() { return std::strerror(errno); }

Error open_error(std::string_view name) {
  if (errno == ENOENT) return Error::not_found(std::string(name) + ": no such file");
  if (errno == ELOOP) return Error::io_error(std::string(name) + ": a symbolic link (not followed)");
  return Error::io_error(std::string(name) + ": cannot open: " + reason());
}

struct DigestDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

}  // namespace

Result<Hashed> hash_descriptor(int fd, std::string_view name) {
  prepare_openssl();
  std::unique_ptr<EVP_MD_CTX, DigestDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    return fail(Error::io_error(std::string(name) + ": cannot start SHA-256"));
  }
  std::vector<unsigned char> block(std::size_t{1} << 20);
  Hashed out;
  while (true) {
    const ssize_t n = ::read(fd, block.data(), block.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(Error::io_error(std::string(name) + ": read failed: " + reason()));
    if (n == 0) break;
    EVP_DigestUpdate(ctx.get(), block.data(), static_cast<std::size_t>(n));
    out.size += static_cast<std::uint64_t>(n);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  out.sha256 = hex(digest, length);
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  return hex(digest, length);
}

Result<FileDescriptor> open_dir_at(int dir, std::string_view name) {
  const std::string n(name);
  FileDescriptor fd(::openat(dir, n.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.get() < 0) return fail(open_error(name));
  return fd;
}

Result<FileDescriptor> open_file_at(int dir, std::string_view name) {
  FileDescriptor parent;
  int at = dir;
  std::string_view leaf = name;
  if (const auto slash = name.find('/'); slash != std::string_view::npos) {
    auto sub = open_dir_at(dir, name.substr(0, slash));
    if (!sub)
      return fail(sub.error().code == ErrorCode::kNotFound ? Error::not_found(std::string(name) + ": no such file")
                                                           : sub.error());
    parent = std::move(*sub);
    at = parent.get();
    leaf = name.substr(slash + 1);
  }
  const std::string l(leaf);
  FileDescriptor fd(::openat(at, l.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) return fail(open_error(name));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return fail(Error::io_error(std::string(name) + ": not a regular file"));
  }
  return fd;
}

Result<Hashed> write_file_at(int dir, std::string_view name, std::string_view bytes, std::string_view shown) {
  const std::string n(name);
  FileDescriptor fd(::openat(dir, n.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (fd.get() < 0) return fail(Error::io_error(std::string(shown) + ": cannot create: " + reason()));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t w = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return fail(Error::io_error(std::string(shown) + ": write failed: " + reason()));
    done += static_cast<std::size_t>(w);
  }
  if (::fsync(fd.get()) != 0) return fail(Error::io_error(std::string(shown) + ": fsync failed: " + reason()));
  return Hashed{sha256_hex(bytes), bytes.size()};
}

Result<std::vector<std::string>> list_dir(int dir, std::size_t max, std::string_view shown) {
  const int copy = ::openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (copy < 0) return fail(Error::io_error(std::string(shown) + ": cannot list: " + reason()));
  DIR* d = ::fdopendir(copy);
  if (d == nullptr) {
    ::close(copy);
    return fail(Error::io_error(std::string(shown) + ": cannot list: " + reason()));
  }
  std::vector<std::string> names;
  while (const dirent* e = ::readdir(d)) {
    const std::string_view n = e->d_name;
    if (n == "." || n == "..") continue;
    if (names.size() >= max) {
      ::closedir(d);
      return fail(Error::limit_exceeded(std::string(shown) + ": more than " + std::to_string(max) + " entries"));
    }
    names.emplace_back(n);
  }
  ::closedir(d);
  return names;
}

bool is_bundle_name(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  int components = 0;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t slash = std::min(name.find('/', start), name.size());
    const std::string_view part = name.substr(start, slash - start);
    if (part.empty() || ++components > 2) return false;
    const auto alnum = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    if (!alnum(part.front())) return false;
    for (const char c : part) {
      if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
    }
    start = slash + 1;
  }
  return true;
}

}  // namespace photoaudit::audit::bundle

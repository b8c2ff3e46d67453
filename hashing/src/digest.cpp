#include "photoaudit/hashing/digest.hpp"

#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

#include "photoaudit/common/encoding.hpp"
#include "photoaudit/common/file_read.hpp"
#include "photoaudit/common/openssl_ready.hpp"
#include "sha256_stream.hpp"

namespace photoaudit::hashing {

std::string Digest256::to_hex() const { return hex_lower(bytes); }

std::optional<Digest256> Digest256::from_hex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Digest256 d;
  for (std::size_t i = 0; i < 32; ++i) {
    const int hi = nibble(hex[2 * i]);
    const int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    d.bytes[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return d;
}

Sha256Stream::Sha256Stream() : ctx_(EVP_MD_CTX_new()) {
  prepare_openssl();
  // EVP_sha256 is always available in OpenSSL 3; a failure here is an allocation failure.
  if (ctx_ == nullptr || EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1) throw std::bad_alloc();
}

Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(ctx_); }

void Sha256Stream::update(const std::uint8_t* data, std::size_t size) {
  if (size > 0) EVP_DigestUpdate(ctx_, data, size);
}

Digest256 Sha256Stream::finish() {
  Digest256 d;
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_, d.bytes.data(), &len);
  return d;
}

Digest256 sha256_bytes(const std::uint8_t* data, std::size_t size) {
  Sha256Stream s;
  s.update(data, size);
  return s.finish();
}

Result<Digest256> sha256_file(const std::filesystem::path& path) {
  // A FIFO or a device (/dev/zero) is refused before it is opened: it could block, or never end.
  auto file = open_regular_file(path);
  if (!file) return fail(file.error());
  Sha256Stream s;
  std::vector<std::uint8_t> chunk(std::size_t{1} << 20);
  while (true) {
    const ssize_t n = ::read(file->get(), chunk.data(), chunk.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(Error::io_error(path.string() + ": read failed: " + std::strerror(errno)));
    }
    if (n == 0) break;
    s.update(chunk.data(), static_cast<std::size_t>(n));
  }
  return s.finish();
}

}  // namespace photoaudit::hashing

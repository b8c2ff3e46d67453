// C2PA's hash algorithms with OpenSSL (see digest.hpp).
#include "credentials/digest.hpp"

#include <openssl/evp.h>

#include <memory>

namespace photoaudit::audit::credentials {

const EVP_MD* digest_named(std::string_view alg) {
  if (alg == "sha256") return EVP_sha256();
  if (alg == "sha384") return EVP_sha384();
  if (alg == "sha512") return EVP_sha512();
  return nullptr;
}

std::vector<std::uint8_t> digest_of(const EVP_MD* md, std::span<const std::span<const std::uint8_t>> parts) {
  std::vector<std::uint8_t> out(static_cast<std::size_t>(EVP_MD_get_size(md)));
  const std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), md, nullptr);
  for (const auto& part : parts) EVP_DigestUpdate(ctx.get(), part.data(), part.size());
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx.get(), out.data(), &n);
  return out;
}

}  // namespace photoaudit::audit::credentials

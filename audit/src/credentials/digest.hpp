// Private: the hash functions C2PA names ("sha256", "sha384", "sha512"), over one or several byte ranges.
#pragma once

#include <openssl/types.h>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace photoaudit::audit::credentials {

// The OpenSSL digest for a C2PA hash algorithm name, or nullptr when the name is none of the three.
const EVP_MD* digest_named(std::string_view alg);

// The digest of the concatenation of `parts` (views, borrowed). REQUIRES: md is not null.
std::vector<std::uint8_t> digest_of(const EVP_MD* md, std::span<const std::span<const std::uint8_t>> parts);

}  // namespace photoaudit::audit::credentials

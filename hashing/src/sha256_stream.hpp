// Private: an incremental SHA-256 (OpenSSL EVP), fed chunk by chunk while a file is read.
#pragma once

#include <cstddef>
#include <cstdint>

#include "photoaudit/hashing/digest.hpp"

struct evp_md_ctx_st;

namespace photoaudit::hashing {

class Sha256Stream {
 public:
  Sha256Stream();  // throws std::bad_alloc only when OpenSSL cannot allocate its context
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;

  void update(const std::uint8_t* data, std::size_t size);
  // REQUIRES: called once; the stream is spent afterwards.
  Digest256 finish();

 private:
  evp_md_ctx_st* ctx_;
};

}  // namespace photoaudit::hashing

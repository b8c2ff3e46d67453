// Fuzz target: the JPEG/PNG/WebP/GIF segment walkers behind the coded-data hash (hashing::coded_data_hash).
#include <cstddef>
#include <cstdint>

#include "photoaudit/hashing/content_hash.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)photoaudit::hashing::coded_data_hash(data, size, "fuzz");
  return 0;
}

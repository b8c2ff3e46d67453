// Fuzz target: the C2PA reader (store search, JUMBF, CBOR through libcbor, COSE, hashes) on a whole file.
#include <cstddef>
#include <cstdint>
#include <span>

#include "photoaudit/audit/c2pa.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)photoaudit::audit::read_c2pa(std::span<const std::uint8_t>(data, size));
  return 0;
}

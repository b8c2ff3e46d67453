// Fuzz target: reading an image's metadata as the CLI does (Exiv2 from memory, IRB walk, structure checks).
#include <cstddef>
#include <cstdint>

#include "photoaudit/audit/provenance.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  photoaudit::audit::initialize_metadata();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)photoaudit::audit::read_provenance_from_memory(data, size, "fuzz");
  return 0;
}

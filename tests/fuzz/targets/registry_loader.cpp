// Fuzz target: the license registry reader (YAML through yaml-cpp, cross-checked; registry::check_registry_text).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "photoaudit/registry/registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  (void)photoaudit::registry::check_registry_text(yaml, "fuzz.yaml");
  return 0;
}

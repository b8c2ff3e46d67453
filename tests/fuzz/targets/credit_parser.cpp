// Fuzz target: the credit-line parser (registry::parse_credit) with the built-in organisation table.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "photoaudit/registry/credit.hpp"
#include "photoaudit/registry/organizations.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)photoaudit::registry::parse_credit(text, photoaudit::registry::OrganizationTable::builtin());
  return 0;
}

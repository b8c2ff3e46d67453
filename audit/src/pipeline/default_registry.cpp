// The registry used when none is given. The only file compiled with the checkout's path
// (PHOTOAUDIT_DEFAULT_REGISTRY, audit/CMakeLists.txt), so every other object is the same in any checkout.
#include <cstdlib>
#include <string>

#include "photoaudit/audit/audit_pipeline.hpp"

namespace photoaudit::audit {

std::string default_registry_path() {
  if (const char* env = std::getenv("PHOTOAUDIT_REGISTRY"); env != nullptr && *env != '\0') return env;
  return PHOTOAUDIT_DEFAULT_REGISTRY;
}

}  // namespace photoaudit::audit

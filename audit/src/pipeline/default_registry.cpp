// The registry used when none is given, and where a registry came from. The only file compiled with the
// checkout's path (PHOTOAUDIT_DEFAULT_REGISTRY and PHOTOAUDIT_EXAMPLE_REGISTRY, audit/CMakeLists.txt), so every
// other object is the same in any checkout.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include "photoaudit/audit/audit_pipeline.hpp"

namespace photoaudit::audit {
namespace {

// The same file: by identity when both exist, else by their absolute, normalised names.
bool same_file(std::string_view a, std::string_view b) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool equivalent = fs::equivalent(fs::path(a), fs::path(b), ec);
  if (!ec) return equivalent;
  const auto absolute_a = fs::absolute(fs::path(a), ec).lexically_normal();
  const auto absolute_b = fs::absolute(fs::path(b), ec).lexically_normal();
  return !ec && absolute_a == absolute_b;
}

}  // namespace

RegistryChoice choose_registry(std::string_view flag, std::string_view environment, std::string_view house_default,
                               std::string_view example) {
  RegistryChoice choice;
  if (!flag.empty()) {
    choice.path = flag;
    choice.source = RegistrySource::kFlag;
  } else if (!environment.empty()) {
    choice.path = environment;
    choice.source = RegistrySource::kEnvironment;
  } else if (!house_default.empty() && !same_file(house_default, example)) {
    choice.path = house_default;
    choice.source = RegistrySource::kDefault;
  } else {
    choice.path = example;
    choice.source = RegistrySource::kExample;
  }
  choice.is_example = choice.source == RegistrySource::kExample || same_file(choice.path, example);
  return choice;
}

RegistryChoice choose_registry(std::string_view flag) {
  const char* env = std::getenv("PHOTOAUDIT_REGISTRY");
  return choose_registry(flag, env != nullptr ? env : "", PHOTOAUDIT_DEFAULT_REGISTRY, PHOTOAUDIT_EXAMPLE_REGISTRY);
}

std::string default_registry_path() { return choose_registry("").path; }

}  // namespace photoaudit::audit

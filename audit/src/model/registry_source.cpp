// The names of RegistrySource (audit_report.hpp): the JSON's, and the sentence the other reports print.
#include "photoaudit/audit/audit_report.hpp"

namespace photoaudit::audit {

std::string_view to_string(RegistrySource source) {
  switch (source) {
    case RegistrySource::kFlag:
      return "flag";
    case RegistrySource::kEnvironment:
      return "environment";
    case RegistrySource::kDefault:
      return "default";
    case RegistrySource::kExample:
      return "example";
  }
  return "example";
}

std::string_view describe(RegistrySource source) {
  switch (source) {
    case RegistrySource::kFlag:
      return "given with --registry";
    case RegistrySource::kEnvironment:
      return "from PHOTOAUDIT_REGISTRY";
    case RegistrySource::kDefault:
      return "the house default";
    case RegistrySource::kExample:
      return "no --registry given";
  }
  return "no --registry given";
}

}  // namespace photoaudit::audit

// The names of RegistrySource (audit_report.hpp): the JSON's, and the sentence the other reports print.
#include "photoaudit/audit/audit_report.hpp"
#include "photoaudit/common/enum_names.hpp"

namespace photoaudit::audit {
namespace {

constexpr std::string_view kNames[] = {"flag", "environment", "default", "example"};
constexpr std::string_view kDescriptions[] = {"given with --registry", "from PHOTOAUDIT_REGISTRY", "the house default",
                                              "no --registry given"};
static_assert(names_cover(kNames, RegistrySource::kExample));
static_assert(names_cover(kDescriptions, RegistrySource::kExample));

}  // namespace

std::string_view to_string(RegistrySource source) { return name_of(kNames, source, "example"); }

std::string_view describe(RegistrySource source) { return name_of(kDescriptions, source, "no --registry given"); }

}  // namespace photoaudit::audit

#include "support/build_paths.hpp"

// The values come from tests/CMakeLists.txt, as compile definitions of this source alone. Constant-initialised,
// so a test's namespace-scope constant made from one of them never sees it unset.
namespace photoaudit::test {

extern const char* const kSourceDir = PHOTOAUDIT_SOURCE_DIR_PATH;
extern const char* const kFixturesDir = PHOTOAUDIT_SOURCE_DIR_PATH "/fixtures";
extern const char* const kBinary = PHOTOAUDIT_BINARY_PATH;
extern const char* const kCodecsModule = PHOTOAUDIT_CODECS_MODULE_PATH;
extern const char* const kBuildDir = PHOTOAUDIT_BUILD_DIR_PATH;

}  // namespace photoaudit::test

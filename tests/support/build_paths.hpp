#pragma once

// Where the tests find the checkout, its fixtures, the build and the binaries they run. Every test source sees
// this header (tests/CMakeLists.txt passes `-include support/build_paths.hpp`); the paths themselves are compiled
// into build_paths.cpp alone, so no other test source depends on the folder the checkout is in, and a compiler
// cache shares their objects between clones.

namespace photoaudit::test {

extern const char* const kSourceDir;     // the checkout
extern const char* const kFixturesDir;   // the checkout's fixtures/
extern const char* const kBinary;        // the photoaudit binary of this build
extern const char* const kCodecsModule;  // libphotoaudit_opencv_codecs.so of this build
extern const char* const kBuildDir;      // the build directory

}  // namespace photoaudit::test

#define PHOTOAUDIT_SOURCE_DIR (::photoaudit::test::kSourceDir)
#define PHOTOAUDIT_FIXTURES_DIR (::photoaudit::test::kFixturesDir)
#define PHOTOAUDIT_BINARY (::photoaudit::test::kBinary)
#define PHOTOAUDIT_CODECS_MODULE (::photoaudit::test::kCodecsModule)
#define PHOTOAUDIT_BUILD_DIR (::photoaudit::test::kBuildDir)

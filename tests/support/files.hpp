// Files for tests: a temporary directory removed with its contents, and whole-file reads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace photoaudit::test {

// A fresh directory under the system's temporary directory (mkdtemp), removed with everything in it when the
// object goes. Throws std::runtime_error when it cannot be made (the test then fails with that message).
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "photoaudit-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::filesystem::path path;
};

// The bytes of a file. Throws std::runtime_error naming the path when it cannot be read.
std::string read_file(const std::filesystem::path& path);

}  // namespace photoaudit::test

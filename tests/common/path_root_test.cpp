// root_directory and is_under_root (photoaudit/common/path_root.hpp): one behaviour for "/".
#include "photoaudit/common/path_root.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using photoaudit::is_under_any_root;
using photoaudit::is_under_root;
using photoaudit::root_directory;

TEST_CASE("root_directory: absolute, normal, no trailing slash except for / itself") {
  CHECK(root_directory("/") == "/");
  CHECK(root_directory("//") == "/");
  CHECK(root_directory("/photos/") == "/photos");
  CHECK(root_directory("/photos/2024/../2025/./") == "/photos/2025");
  const std::string cwd = std::filesystem::current_path().lexically_normal().string();
  CHECK(root_directory("") == cwd);
  CHECK(root_directory(".") == cwd);
  CHECK(root_directory("fixtures/hashing/") == cwd + "/fixtures/hashing");
}

TEST_CASE("is_under_root: whole components, / holds every absolute path and no relative one") {
  // scan's under_root() said a relative path is not under "/", dupes' under_any() said everything is.
  struct Case {
    const char* path;
    const char* root;
    bool under;
  };
  const Case cases[] = {
      {"/photos/a.jpg", "/photos", true},
      {"/photos/2024/a.jpg", "/photos", true},
      {"/photos", "/photos", true},
      {"/photos2/a.jpg", "/photos", false},
      {"/phot", "/photos", false},
      {"/", "/photos", false},
      {"/a.jpg", "/", true},
      {"/photos/2024/a.jpg", "/", true},
      {"/", "/", true},
      {"a.jpg", "/", false},
      {"https://example.org/a.jpg", "/", false},
  };
  for (const Case& c : cases) {
    INFO(c.path << " under " << c.root);
    CHECK(is_under_root(c.path, c.root) == c.under);
  }
  CHECK(is_under_root("/photos/a.jpg", root_directory("/photos/")));
}

TEST_CASE("is_under_any_root: any of several roots, none when there are none") {
  const std::vector<std::string> roots = {root_directory("/archive/"), root_directory("/photos")};
  CHECK(is_under_any_root("/photos/a.jpg", roots));
  CHECK(is_under_any_root("/archive/2001/b.jpg", roots));
  CHECK_FALSE(is_under_any_root("/other/c.jpg", roots));
  CHECK_FALSE(is_under_any_root("/photos/a.jpg", {}));
}

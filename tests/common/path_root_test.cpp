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

TEST_CASE("is_under_root: whole components only") {
  CHECK(is_under_root("/photos/a.jpg", "/photos"));
  CHECK(is_under_root("/photos/2024/a.jpg", "/photos"));
  CHECK(is_under_root("/photos", "/photos"));
  CHECK_FALSE(is_under_root("/photos2/a.jpg", "/photos"));
  CHECK_FALSE(is_under_root("/phot", "/photos"));
  CHECK_FALSE(is_under_root("/", "/photos"));
}

TEST_CASE("is_under_root: / holds every absolute path and no relative one (dupes and scan used to disagree)") {
  // scan's under_root() said a relative path is not under "/", dupes' under_any() said everything is.
  CHECK(is_under_root("/a.jpg", "/"));
  CHECK(is_under_root("/photos/2024/a.jpg", "/"));
  CHECK(is_under_root("/", "/"));
  CHECK_FALSE(is_under_root("a.jpg", "/"));
  CHECK_FALSE(is_under_root("https://example.org/a.jpg", "/"));
  CHECK(is_under_root("/photos/a.jpg", root_directory("/photos/")));
}

TEST_CASE("is_under_any_root: any of several roots; none when there are none") {
  const std::vector<std::string> roots = {root_directory("/archive/"), root_directory("/photos")};
  CHECK(is_under_any_root("/photos/a.jpg", roots));
  CHECK(is_under_any_root("/archive/2001/b.jpg", roots));
  CHECK_FALSE(is_under_any_root("/other/c.jpg", roots));
  CHECK_FALSE(is_under_any_root("/photos/a.jpg", {}));
}

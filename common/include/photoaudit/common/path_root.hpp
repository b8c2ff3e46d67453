// Path roots: the folders a scan or `dupes` covers, and the folder report paths are shown relative to.
//
// One behaviour for "/": it is a root like any other, written "/", and it holds every absolute path and no
// relative one (a relative path is below no root: roots are absolute). Other roots are written without a
// trailing slash, and a path is below one only at a component boundary ("/photos" holds "/photos/a.jpg",
// not "/photos2/a.jpg").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace photoaudit {

// The root for a folder given on the command line: absolute (against the current directory), lexically
// normal ("." and ".." removed), without a trailing slash except for "/" itself. "" means the current
// directory. Does not touch the file system beyond reading the current directory; never fails (when the
// current directory cannot be read, the given path is normalised as it is).
std::string root_directory(std::string_view given);

// True when path is root itself or lies below it. REQUIRES: root as root_directory() returns it; path
// absolute and lexically normal (as the catalog and the walker store paths).
bool is_under_root(std::string_view path, std::string_view root);

// True when path is under any of roots (is_under_root); false when roots is empty.
bool is_under_any_root(std::string_view path, const std::vector<std::string>& roots);

}  // namespace photoaudit

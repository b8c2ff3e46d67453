#include "photoaudit/common/path_root.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace photoaudit {

std::string root_directory(std::string_view given) {
  std::error_code ec;
  std::filesystem::path p = given.empty() ? std::filesystem::current_path(ec) : std::filesystem::absolute(given, ec);
  if (ec) p = std::filesystem::path(given);
  std::string s = p.lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

bool is_under_root(std::string_view path, std::string_view root) {
  if (path == root) return true;
  if (root == "/") return path.starts_with('/');
  return path.size() > root.size() && path.starts_with(root) && path[root.size()] == '/';
}

bool is_under_any_root(std::string_view path, const std::vector<std::string>& roots) {
  return std::any_of(roots.begin(), roots.end(), [&](const std::string& root) { return is_under_root(path, root); });
}

}  // namespace photoaudit

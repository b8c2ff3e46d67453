// scan --path-prefix OLD=NEW: the paths a scan stores, rebased from where this machine mounts the archive to the
// prefix every shard shares (catalog_scan.hpp, docs/scale.md).
#include "photoaudit/audit/catalog_scan.hpp"
#include "photoaudit/common/path_root.hpp"

namespace photoaudit::audit {
namespace {

// `to` + what follows `from` in path, when path is `from` or below it at a component boundary.
std::optional<std::string> replace_prefix(std::string_view path, const std::string& from, const std::string& to) {
  if (!is_under_root(path, from)) return std::nullopt;
  // "" or "/...": what follows from (with from "/", the whole path but "/" itself).
  std::string_view rest = from != "/" ? path.substr(from.size()) : path == "/" ? std::string_view() : path;
  if (to == "/") return rest.empty() ? std::string("/") : std::string(rest);
  return to + std::string(rest);
}

}  // namespace

Result<PathPrefix> parse_path_prefix(std::string_view text) {
  const auto bad = [&](const std::string& why) {
    return fail(Error{ErrorCode::kInvalidArgument, "\"" + std::string(text) + "\": " + why});
  };
  const auto eq = text.find('=');
  if (eq == std::string_view::npos) return bad("OLD=NEW is needed (e.g. /mnt/nodeA/archive=/archive)");
  const std::string_view from = text.substr(0, eq);
  const std::string_view to = text.substr(eq + 1);
  if (!from.starts_with('/') || !to.starts_with('/')) {
    return bad("both OLD and NEW must be absolute paths (e.g. /mnt/nodeA/archive=/archive)");
  }
  return PathPrefix{root_directory(from), root_directory(to)};
}

std::optional<std::string> stored_path(const PathPrefix& prefix, std::string_view path) {
  if (prefix.empty()) return std::string(path);
  return replace_prefix(path, prefix.from, prefix.to);
}

std::optional<std::string> local_path(const PathPrefix& prefix, std::string_view stored) {
  if (prefix.empty()) return std::string(stored);
  return replace_prefix(stored, prefix.to, prefix.from);
}

}  // namespace photoaudit::audit

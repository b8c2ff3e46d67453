#include "pipeline/staged_files.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <utility>

#include "photoaudit/audit/image_sources.hpp"
#include "pipeline/git_changes.hpp"

namespace photoaudit::audit::pipeline {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kSniffBytes = 32;

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

// The names the walk also audits when their content is not an image (image_sources.cpp): such a staged file is
// a finding, never a silent skip.
bool named_like_image(const fs::path& path) {
  std::string extension = path.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* known :
       {".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".heic", ".heif", ".avif"}) {
    if (extension == known) return true;
  }
  return false;
}

// "a\0b\0" -> absolute, lexically normal paths under top.
std::vector<std::string> absolute_names(const std::string& nul_separated, const fs::path& top) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < nul_separated.size()) {
    std::size_t end = nul_separated.find('\0', start);
    if (end == std::string::npos) end = nul_separated.size();
    if (end > start) out.push_back((top / nul_separated.substr(start, end - start)).lexically_normal().string());
    start = end + 1;
  }
  return out;
}

// A staged change from `git diff --cached --raw -z --no-abbrev`: ":oldmode newmode oldsha newsha status\0path\0".
struct StagedEntry {
  std::string path;  // relative to the top level, as git prints it
  std::string blob;  // the staged object id
};

bool is_hex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

// Regular files (mode 100644 or 100755) added, modified or changed in type; deletions, unmerged entries,
// symbolic links and submodules are left out.
std::vector<StagedEntry> parse_raw_diff(const std::string& raw) {
  std::vector<StagedEntry> out;
  std::size_t start = 0;
  while (start < raw.size()) {
    const std::size_t meta_end = raw.find('\0', start);
    if (meta_end == std::string::npos) break;
    const std::size_t path_end = raw.find('\0', meta_end + 1);
    if (path_end == std::string::npos) break;
    const std::string_view meta(raw.data() + start, meta_end - start);
    std::string path = raw.substr(meta_end + 1, path_end - meta_end - 1);
    start = path_end + 1;
    // meta: ":100644 100644 <old> <new> M"
    std::vector<std::string_view> fields;
    std::size_t f = 0;
    while (f <= meta.size()) {
      const std::size_t space = std::min(meta.find(' ', f), meta.size());
      fields.push_back(meta.substr(f, space - f));
      f = space + 1;
    }
    if (fields.size() != 5) continue;
    const std::string_view mode = fields[1];
    const std::string_view blob = fields[3];
    const char status = fields[4].empty() ? '?' : fields[4].front();
    if ((mode != "100644" && mode != "100755") || !is_hex(blob) || (status != 'A' && status != 'M' && status != 'T')) {
      continue;
    }
    out.push_back({std::move(path), std::string(blob)});
  }
  return out;
}

// True when `path` is one of `roots` or below one (all absolute and lexically normal); with skip_hidden, not
// when a component below the root starts with '.' (as the walk of a directory skips it).
bool under_any(const std::string& path, const std::vector<std::string>& roots, bool skip_hidden) {
  return std::any_of(roots.begin(), roots.end(), [&](const std::string& root) {
    if (path == root) return true;
    const std::string prefix = root.ends_with('/') ? root : root + "/";
    if (!path.starts_with(prefix)) return false;
    return !skip_hidden ||
           (!path.substr(prefix.size()).starts_with('.') && path.find("/.", prefix.size()) == std::string::npos);
  });
}

// The last component of a repository path, safe as a file name in the private directory.
std::string safe_basename(const std::string& repository_path) {
  std::string name = fs::path(repository_path).filename().string();
  if (name.empty() || name == "." || name == "..") name = "blob";
  return name;
}

class Copier {
 public:
  Copier(const GitRepository& repo, const std::string& directory, std::uint64_t max_file_bytes)
      : repo_(repo), directory_(directory), max_file_bytes_(max_file_bytes) {}

  // Adds the entry to `into` when it is an image (or named like one); skips it otherwise. Fails only when the
  // private directory cannot be written.
  Result<void> take(const StagedEntry& entry, const std::string& absolute, std::vector<StagedFile>& into) {
    const GitOutput size = repo_.run({"cat-file", "-s", entry.blob});
    std::uint64_t bytes = 0;
    try {
      bytes = size.status == 0 ? std::stoull(first_line(size.out)) : 0;
    } catch (const std::exception&) {
      bytes = 0;
    }
    if (size.status != 0) {
      into.push_back({absolute, "", "git cannot read the staged content: " + first_line(size.err)});
      return {};
    }
    if (bytes > max_file_bytes_) {
      // Too large to copy: only its first bytes say whether it is an image.
      const GitOutput head = repo_.run({"cat-file", "blob", entry.blob}, -1, kSniffBytes);
      const auto* data = reinterpret_cast<const std::uint8_t*>(head.out.data());
      if (looks_like_image(data, head.out.size()) || named_like_image(absolute)) {
        into.push_back({absolute, "",
                        "the staged file has " + std::to_string(bytes) + " bytes, over the limit of " +
                            std::to_string(max_file_bytes_)});
      }
      return {};
    }
    const fs::path folder = fs::path(directory_) / std::to_string(++count_);
    if (::mkdir(folder.c_str(), 0700) != 0) {
      return fail(Error::io_error("--staged: cannot make " + folder.string() + ": " + std::strerror(errno)));
    }
    const fs::path copy = folder / safe_basename(absolute);
    const int fd = ::open(copy.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return fail(Error::io_error("--staged: cannot write " + copy.string() + ": " + std::strerror(errno)));
    const GitOutput blob = repo_.run({"cat-file", "blob", entry.blob}, fd);
    struct stat st {};
    const bool complete = ::fstat(fd, &st) == 0 && static_cast<std::uint64_t>(st.st_size) == bytes;
    ::close(fd);
    if (blob.status != 0 || !complete) {
      std::error_code ec;
      fs::remove(copy, ec);
      into.push_back({absolute, "", "git cannot read the staged content: " + first_line(blob.err)});
      return {};
    }
    if (!file_looks_like_image(copy) && !named_like_image(absolute)) {
      std::error_code ec;
      fs::remove(copy, ec);
      return {};
    }
    into.push_back({absolute, copy.string(), ""});
    return {};
  }

 private:
  const GitRepository& repo_;
  std::string directory_;
  std::uint64_t max_file_bytes_;
  std::size_t count_ = 0;
};

}  // namespace

StagedSnapshot::StagedSnapshot(StagedSnapshot&& other) noexcept
    : top_level(std::move(other.top_level)),
      files(std::move(other.files)),
      not_as_committed(std::move(other.not_as_committed)),
      tracked(std::move(other.tracked)),
      directory_(std::exchange(other.directory_, std::string())) {}

StagedSnapshot& StagedSnapshot::operator=(StagedSnapshot&& other) noexcept {
  if (this != &other) {
    StagedSnapshot gone(std::move(*this));
    top_level = std::move(other.top_level);
    files = std::move(other.files);
    not_as_committed = std::move(other.not_as_committed);
    tracked = std::move(other.tracked);
    directory_ = std::exchange(other.directory_, std::string());
  }
  return *this;
}

StagedSnapshot::~StagedSnapshot() {
  if (directory_.empty()) return;
  std::error_code ec;
  fs::remove_all(directory_, ec);
}

Result<StagedSnapshot> snapshot_staged(const std::vector<std::string>& paths, std::uint64_t max_file_bytes,
                                       bool skip_hidden) {
  std::vector<std::string> roots;
  for (const auto& p : paths) {
    if (p.empty()) continue;
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(fs::absolute(p, ec), ec);
    roots.push_back(canonical.lexically_normal().string());
  }
  if (roots.empty()) {
    std::error_code ec;
    roots.push_back(fs::current_path(ec).lexically_normal().string());
  }
  auto repo = GitRepository::open(paths.empty() ? "." : paths.front(), "--staged");
  if (!repo) return fail(repo.error());
  // In a pre-commit hook, the index the commit records (a temporary one for `git commit -a` or PATHS).
  if (const char* index_file = std::getenv("GIT_INDEX_FILE"); index_file != nullptr) repo->use_index_file(index_file);
  const fs::path top(repo->top_level());

  const GitOutput staged = repo->run({"diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--no-ext-diff",
                                      "--no-textconv", "--ignore-submodules=all", "--diff-filter=d"});
  if (staged.status != 0) return fail(Error::io_error("--staged: git diff --cached failed: " + first_line(staged.err)));
  const GitOutput tracked = repo->run({"ls-files", "--cached", "-z"});
  if (tracked.status != 0) return fail(Error::io_error("--staged: git ls-files failed: " + first_line(tracked.err)));
  const GitOutput unstaged = repo->run(
      {"diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", "--ignore-submodules=all"});
  if (unstaged.status != 0) return fail(Error::io_error("--staged: git diff failed: " + first_line(unstaged.err)));

  std::string pattern = (fs::temp_directory_path() / "photoaudit-staged-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return fail(Error::io_error("--staged: cannot make a temporary directory in " + fs::temp_directory_path().string() +
                                ": " + std::strerror(errno)));
  }
  StagedSnapshot snapshot(pattern);
  snapshot.top_level = repo->top_level();
  for (auto& name : absolute_names(tracked.out, top)) snapshot.tracked.insert(std::move(name));
  for (auto& name : absolute_names(unstaged.out, top)) snapshot.not_as_committed.insert(std::move(name));

  Copier copier(*repo, snapshot.directory(), max_file_bytes);
  for (const StagedEntry& entry : parse_raw_diff(staged.out)) {
    const std::string absolute = (top / entry.path).lexically_normal().string();
    snapshot.not_as_committed.insert(absolute);
    if (!under_any(absolute, roots, skip_hidden)) continue;
    auto taken = copier.take(entry, absolute, snapshot.files);
    if (!taken) return fail(taken.error());
  }
  return snapshot;
}

}  // namespace photoaudit::audit::pipeline

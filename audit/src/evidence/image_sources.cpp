#include "photoaudit/audit/image_sources.hpp"

#include "photoaudit/hashing/image_format.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>
#include <system_error>
#include <utility>

namespace photoaudit::audit {
namespace {

struct Walker {
  const WalkOptions& options;
  WalkResult& result;
  std::set<std::pair<dev_t, ino_t>> visited;

  void walk_dir(const std::filesystem::path& dir, int depth) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) return;
    if (!visited.insert({st.st_dev, st.st_ino}).second) {
      ++result.skipped_links;  // a loop, or a directory reached twice
      return;
    }
    if (depth > options.max_depth) {
      ++result.skipped_deep;
      return;
    }
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, std::filesystem::directory_options::skip_permission_denied, ec);
    if (ec) {
      result.errors.push_back({dir.string(), "cannot read directory: " + ec.message()});
      return;
    }
    std::vector<std::filesystem::directory_entry> entries;
    for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
    for (const auto& entry : entries) {
      const std::string name = entry.path().filename().string();
      if (options.skip_hidden && !name.empty() && name[0] == '.') continue;
      std::error_code sec;
      const bool is_link = entry.is_symlink(sec);
      if (entry.is_directory(sec)) {
        if (is_link && !options.follow_directory_links) {
          ++result.skipped_links;
          continue;
        }
        walk_dir(entry.path(), depth + 1);
      } else if (entry.is_regular_file(sec)) {
        if (file_looks_like_image(entry.path())) {
          result.files.push_back({entry.path().string(), false});
        } else {
          ++result.skipped_not_image;
        }
      }
    }
  }
};

}  // namespace

bool looks_like_image(const std::uint8_t* head, std::size_t size) {
  switch (hashing::sniff_image_format(head, size)) {
    case hashing::ImageFormat::kUnknown:
    case hashing::ImageFormat::kJxl:  // neither Exiv2 0.27 nor the decoders read these: not worth a finding each
    case hashing::ImageFormat::kSvg:
      return false;
    default:
      return true;
  }
}

bool file_looks_like_image(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return false;
  std::uint8_t head[32];
  const std::size_t n = std::fread(head, 1, sizeof head, file.get());
  return looks_like_image(head, n);
}

WalkResult collect_images(const std::vector<std::string>& paths, const WalkOptions& options) {
  WalkResult result;
  Walker walker{options, result, {}};
  for (const auto& p : paths) {
    std::error_code ec;
    const auto status = std::filesystem::status(p, ec);
    if (ec || !std::filesystem::exists(status)) {
      // A named file that does not exist is still audited: it becomes a metadata-unreadable finding.
      result.files.push_back({p, true});
      continue;
    }
    if (std::filesystem::is_directory(status)) {
      walker.walk_dir(p, 0);
    } else {
      result.files.push_back({p, true});
    }
  }
  return result;
}

}  // namespace photoaudit::audit

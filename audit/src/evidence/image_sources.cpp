#include "photoaudit/audit/image_sources.hpp"

#include "photoaudit/common/file_read.hpp"
#include "photoaudit/hashing/image_format.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <set>
#include <string>
#include <system_error>
#include <utility>

namespace photoaudit::audit {
namespace {

constexpr std::size_t kSniffBytes = 32;  // enough for every signature sniff_image_format() knows

// The reason part of a message that starts with "PATH: " (read_file_prefix()'s errors), for a WalkError.
std::string reason_of(const std::string& message, const std::string& path) {
  const std::string prefix = path + ": ";
  return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
}

struct Walker {
  const WalkOptions& options;
  WalkResult& result;
  std::set<std::pair<dev_t, ino_t>> visited;

  void error(const std::filesystem::path& path, std::string reason) {
    result.errors.push_back({path.string(), std::move(reason)});
  }

  void walk_dir(const std::filesystem::path& dir, int depth) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
      error(dir, "cannot read directory: " + std::generic_category().message(errno));
      return;
    }
    if (!visited.insert({st.st_dev, st.st_ino}).second) {
      ++result.skipped_links;  // a loop, or a directory reached twice
      return;
    }
    if (depth > options.max_depth) {
      ++result.skipped_deep;
      return;
    }
    // No skip_permission_denied: a folder that cannot be listed is an error entry (issue 18: it was left out and
    // the audit passed).
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) {
      error(dir, "cannot read directory: " + ec.message());
      return;
    }
    std::vector<std::filesystem::directory_entry> entries;
    for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
      if (ec) {
        error(dir, "cannot read directory: " + ec.message());
        break;
      }
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
      } else {
        take_file(entry.path());
      }
    }
  }

  // Anything that is not a directory: a regular file is sniffed; a file that cannot be read (no permission, a
  // dangling link) or is not a regular file (FIFO, socket, device) is an error entry, never a silent skip.
  void take_file(const std::filesystem::path& path) {
    const auto head = read_file_prefix(path, kSniffBytes);
    if (!head) {
      std::error_code ec;
      if (head.error().code == ErrorCode::kNotFound && std::filesystem::is_symlink(path, ec)) {
        error(path, "a dangling symbolic link (its target does not exist)");
        return;
      }
      error(path, reason_of(head.error().message, path.string()));
    } else if (looks_like_image(reinterpret_cast<const std::uint8_t*>(head->data()), head->size())) {
      result.files.push_back({path.string(), false});
    } else if (named_like_image(path)) {
      // A README beside the photos is no finding, but a "photo.jpg" that is not one is (issue 18: every bad file
      // is named): a cut download, an HTML error page saved as the image, an empty file.
      error(path, head->empty() ? "named like an image but empty (0 bytes)"
                                : "named like an image but its content is not an image format photoaudit knows");
    } else {
      ++result.skipped_not_image;
    }
  }

  static bool named_like_image(const std::filesystem::path& path) {
    std::string extension = path.extension().string();
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* known :
         {".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".heic", ".heif", ".avif"}) {
      if (extension == known) return true;
    }
    return false;
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
  const auto head = read_file_prefix(path, kSniffBytes);
  return head && looks_like_image(reinterpret_cast<const std::uint8_t*>(head->data()), head->size());
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

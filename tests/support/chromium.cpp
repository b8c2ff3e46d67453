#include "support/chromium.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace photoaudit::test {
namespace {

namespace fs = std::filesystem;

// A new empty directory under the temp directory; removed when the object goes.
class ProfileDir {
 public:
  ProfileDir() {
    std::string pattern = (fs::temp_directory_path() / "photoaudit-chromium-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a Chromium profile directory");
    path_ = pattern;
  }
  ProfileDir(const ProfileDir&) = delete;
  ProfileDir& operator=(const ProfileDir&) = delete;
  ~ProfileDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

RunResult run_chromium(std::vector<std::string> page_args, int timeout_seconds) {
  const std::string chromium = find_chromium();
  if (chromium.empty()) {
    throw std::runtime_error("chromium is not installed (scripts/setup test installs Debian's chromium package)");
  }
  const ProfileDir profile;
  std::vector<std::string> args = {"--kill-after=5",
                                   std::to_string(timeout_seconds),
                                   chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-quic",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--disable-extensions",
                                   "--user-data-dir=" + profile.path()};
  args.insert(args.end(), page_args.begin(), page_args.end());
  return run_program("timeout", args);
}

}  // namespace

std::string find_chromium() {
  const char* path = std::getenv("PATH");
  const std::string_view dirs = path ? path : "/usr/bin:/bin";
  for (const std::string_view name : {"chromium", "chromium-browser"}) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
      const std::size_t end = std::min(dirs.find(':', start), dirs.size());
      const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
      if (end > start && access(candidate.c_str(), X_OK) == 0) return candidate.string();
      start = end + 1;
    }
  }
  return {};
}

RunResult chromium_dump_dom(const std::string& url, int timeout_seconds) {
  return run_chromium({"--dump-dom", url}, timeout_seconds);
}

RunResult chromium_screenshot(const std::string& url, const std::string& png_path, int width, int height,
                              int timeout_seconds) {
  return run_chromium({"--hide-scrollbars", "--window-size=" + std::to_string(width) + "," + std::to_string(height),
                       "--screenshot=" + png_path, url},
                      timeout_seconds);
}

}  // namespace photoaudit::test

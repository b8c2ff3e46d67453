#include "support/other_user.hpp"

#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace photoaudit::test {
namespace fs = std::filesystem;
namespace {

constexpr fs::perms kReadable = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec;

void copy_readable(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::permissions(to, kReadable, ec);
  if (ec) throw std::runtime_error("cannot copy " + from.string() + " to " + to.string() + ": " + ec.message());
}

// NAME=value of the sanitizer options variable `name` (LSAN_OPTIONS, TSAN_OPTIONS) with its suppressions file
// replaced by a copy in dir: the sanitizer builds' tests set it to a file in the checkout, which the other user
// may not read (a checkout in /root), and the sanitizer then ends the run before photoaudit starts. Empty when
// the variable is not set.
std::string sanitizer_options_in(const std::string& name, const fs::path& dir) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return {};
  std::string options = value;
  constexpr std::string_view kKey = "suppressions=";
  const auto start = options.find(kKey);
  if (start == std::string::npos) return name + "=" + options;
  const auto file_start = start + kKey.size();
  const auto file_end = options.find(':', file_start);
  const std::size_t length = file_end == std::string::npos ? std::string::npos : file_end - file_start;
  const fs::path file = options.substr(file_start, length);
  const fs::path copy = dir / (name + ".supp");
  copy_readable(file, copy);
  options.replace(file_start, file.string().size(), copy.string());
  return name + "=" + options;
}

}  // namespace

OtherUserSandbox::OtherUserSandbox() {
  fs::permissions(tmp_.path, kReadable);
  const fs::path built = PHOTOAUDIT_BINARY;
  binary_ = tmp_.path / "photoaudit";
  copy_readable(built, binary_);
  // OpenCV's codecs module is looked for next to the executable first (hashing/src/opencv_codecs.cpp); its
  // place in the build tree may be closed to the other user too.
  const fs::path module = PHOTOAUDIT_CODECS_MODULE;
  copy_readable(module, tmp_.path / module.filename());
  registry_ = tmp_.path / "registry.yaml";
  copy_readable(fs::path(PHOTOAUDIT_FIXTURES_DIR) / "registry.yaml", registry_);
  for (const std::string name : {"LSAN_OPTIONS", "TSAN_OPTIONS"}) {
    if (auto options = sanitizer_options_in(name, tmp_.path); !options.empty()) environment_.push_back(options);
  }
}

bool OtherUserSandbox::switches_user() { return ::geteuid() == 0; }

RunResult OtherUserSandbox::run(const std::vector<std::string>& args) const {
  std::vector<std::string> command{"120"};
  if (switches_user()) command.insert(command.end(), {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
  // env -C: the checkout (the test's working directory) may be closed to the other user.
  command.insert(command.end(), {"env", "-C", tmp_.path.string()});
  command.insert(command.end(), environment_.begin(), environment_.end());
  command.push_back(binary_.string());
  command.insert(command.end(), args.begin(), args.end());
  return run_program("timeout", command);
}

}  // namespace photoaudit::test

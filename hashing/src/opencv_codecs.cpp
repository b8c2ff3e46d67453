// Loads libphotoaudit_opencv_codecs.so on first use (see opencv_codecs.hpp).
#include "opencv_codecs.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace photoaudit::hashing {
namespace {

OpenCvCodecs load() {
  OpenCvCodecs codecs;
  // Explicit paths, not the run path: under AddressSanitizer, dlopen is called from libasan, whose run path
  // is not the executable's.
  std::vector<std::filesystem::path> candidates;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path() / kOpenCvCodecsModule);
  candidates.push_back(std::filesystem::path(PHOTOAUDIT_MODULE_DIR) / kOpenCvCodecsModule);
  void* handle = nullptr;
  std::string errors;
  for (const auto& path : candidates) {
    handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle != nullptr) break;
    const char* why = dlerror();
    errors += (errors.empty() ? "" : "; ") + std::string(why != nullptr ? why : path.string());
  }
  if (handle == nullptr) {
    codecs.error = "cannot load OpenCV's image codecs (" + errors + ")";
    return codecs;
  }
  // The handle stays open for the life of the process.
  auto* decode = reinterpret_cast<photoaudit_decode_gray_fn>(dlsym(handle, kDecodeGraySymbol));
  auto* thumbnail = reinterpret_cast<photoaudit_thumbnail_fn>(dlsym(handle, kThumbnailSymbol));
  if (decode == nullptr || thumbnail == nullptr) {
    codecs.error = std::string("OpenCV's image codecs module lacks ") +
                   (decode == nullptr ? kDecodeGraySymbol : kThumbnailSymbol);
    return codecs;
  }
  codecs.decode_gray = decode;
  codecs.thumbnail = thumbnail;
  return codecs;
}

}  // namespace

const OpenCvCodecs& opencv_codecs() {
  static const OpenCvCodecs codecs = load();
  return codecs;
}

}  // namespace photoaudit::hashing

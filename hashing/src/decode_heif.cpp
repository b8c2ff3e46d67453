// HEIF, HEIC and AVIF through libheif (Debian's libheif1: HEVC through libde265, AV1 through dav1d or libaom).
//
// libheif is loaded on first use, as OpenCV's codecs are (opencv_codecs.hpp): it links x265, libaom, dav1d and
// libde265, which added 30 ms to every run of photoaudit, most of its start-up on JPEGs alone. Its header gives
// the types; the functions are looked up once.
#include <dlfcn.h>

#include <libheif/heif.h>

#include <algorithm>
#include <memory>
#include <string>

#include "decode.hpp"
#include "heif_items.hpp"

namespace photoaudit::hashing {
namespace {

constexpr const char* kLibheif = "libheif.so.1";  // Debian 12's libheif1

struct Libheif {
  decltype(&heif_init) init = nullptr;
  decltype(&heif_context_alloc) context_alloc = nullptr;
  decltype(&heif_context_free) context_free = nullptr;
  decltype(&heif_context_read_from_memory_without_copy) read = nullptr;
  decltype(&heif_context_get_primary_image_handle) primary = nullptr;
  decltype(&heif_image_handle_get_width) handle_width = nullptr;
  decltype(&heif_image_handle_get_height) handle_height = nullptr;
  decltype(&heif_image_handle_release) handle_release = nullptr;
  decltype(&heif_decode_image) decode = nullptr;
  decltype(&heif_image_get_width) image_width = nullptr;
  decltype(&heif_image_get_height) image_height = nullptr;
  decltype(&heif_image_get_plane_readonly) plane = nullptr;
  decltype(&heif_image_release) image_release = nullptr;
  std::string error;  // why it could not be loaded; "" when it was
};

template <class Fn>
bool find(void* handle, const char* symbol, Fn& fn, std::string& error) {
  fn = reinterpret_cast<Fn>(dlsym(handle, symbol));
  if (fn == nullptr) error = std::string(kLibheif) + " lacks " + symbol;
  return fn != nullptr;
}

Libheif load() {
  Libheif lib;
  void* handle = dlopen(kLibheif, RTLD_NOW | RTLD_LOCAL);  // stays open for the life of the process
  if (handle == nullptr) {
    const char* why = dlerror();
    lib.error = "cannot load libheif (" + std::string(why != nullptr ? why : kLibheif) + ")";
    return lib;
  }
  std::string& e = lib.error;
  const bool found = find(handle, "heif_init", lib.init, e) &&
                     find(handle, "heif_context_alloc", lib.context_alloc, e) &&
                     find(handle, "heif_context_free", lib.context_free, e) &&
                     find(handle, "heif_context_read_from_memory_without_copy", lib.read, e) &&
                     find(handle, "heif_context_get_primary_image_handle", lib.primary, e) &&
                     find(handle, "heif_image_handle_get_width", lib.handle_width, e) &&
                     find(handle, "heif_image_handle_get_height", lib.handle_height, e) &&
                     find(handle, "heif_image_handle_release", lib.handle_release, e) &&
                     find(handle, "heif_decode_image", lib.decode, e) &&
                     find(handle, "heif_image_get_width", lib.image_width, e) &&
                     find(handle, "heif_image_get_height", lib.image_height, e) &&
                     find(handle, "heif_image_get_plane_readonly", lib.plane, e) &&
                     find(handle, "heif_image_release", lib.image_release, e);
  if (found) lib.init(nullptr);  // loads the decoder plugins; never deinitialised
  return lib;
}

const Libheif& libheif() {
  static const Libheif lib = load();
  return lib;
}

// A libheif failure: kUnsupported when the file is fine but no decoder here reads it (a codec libheif lacks, a
// feature it does not implement), kCorruption otherwise (damaged, truncated, not a HEIF image at all).
Error heif_failure(std::string_view name, const heif_error& error, std::string_view doing) {
  std::string said = error.message != nullptr ? error.message : "libheif error";
  while (!said.empty() && (said.back() == '\n' || said.back() == ' ')) said.pop_back();  // some end in "\n"
  const std::string message = std::string(name) + ": " + std::string(doing) + ": " + said;
  const bool unsupported = error.code == heif_error_Unsupported_feature ||
                           error.code == heif_error_Unsupported_filetype ||
                           error.subcode == heif_suberror_Unsupported_codec;
  return unsupported ? Error::unsupported(message + " (a HEIF variant photoaudit does not decode)")
                     : Error::corruption(message);
}

}  // namespace

Result<GrayImage> decode_heif_gray(const std::uint8_t* data, std::size_t size, std::string_view name,
                                   const DecodeLimits& limits) {
  // A primary image coded in a way libheif does not decode is a format photoaudit cannot read, not damage (libheif
  // 1.15 reports it as an invalid file: "'pitm' box references a non-existing image").
  if (const auto type = heif_primary_item_type(data, size); type && !libheif_decodes_item_type(*type)) {
    return fail(Error::unsupported(std::string(name) + ": a HEIF image coded as '" + *type +
                                   "' (photoaudit decodes HEIF coded as HEVC or AV1)"));
  }
  const Libheif& lib = libheif();
  if (!lib.error.empty()) return fail(Error::unsupported(std::string(name) + ": " + lib.error));
  const std::unique_ptr<heif_context, decltype(lib.context_free)> context(lib.context_alloc(), lib.context_free);
  if (!context) return fail(Error::io_error(std::string(name) + ": libheif: out of memory"));
  if (const heif_error e = lib.read(context.get(), data, size, nullptr); e.code != heif_error_Ok) {
    return fail(heif_failure(name, e, "cannot read the HEIF file"));
  }
  heif_image_handle* raw_handle = nullptr;
  if (const heif_error e = lib.primary(context.get(), &raw_handle); e.code != heif_error_Ok) {
    return fail(heif_failure(name, e, "no primary image"));
  }
  const std::unique_ptr<heif_image_handle, decltype(lib.handle_release)> handle(raw_handle, lib.handle_release);
  const auto w = static_cast<std::uint64_t>(std::max(0, lib.handle_width(handle.get())));
  const auto h = static_cast<std::uint64_t>(std::max(0, lib.handle_height(handle.get())));
  if (w * h > limits.max_pixels) return fail(over_budget(name, w, h, limits.max_pixels));
  heif_image* raw_image = nullptr;
  // Rotation and mirroring (irot, imir) are applied: the image comes out upright, as a viewer shows it.
  if (const heif_error e = lib.decode(handle.get(), &raw_image, heif_colorspace_RGB, heif_chroma_interleaved_RGB,
                                      nullptr);
      e.code != heif_error_Ok) {
    return fail(heif_failure(name, e, "cannot decode the image"));
  }
  const std::unique_ptr<heif_image, decltype(lib.image_release)> image(raw_image, lib.image_release);
  const int width = lib.image_width(image.get(), heif_channel_interleaved);
  const int height = lib.image_height(image.get(), heif_channel_interleaved);
  int stride = 0;
  const std::uint8_t* rgb = lib.plane(image.get(), heif_channel_interleaved, &stride);
  if (rgb == nullptr || width <= 0 || height <= 0 || stride < width * 3) {
    return fail(Error::corruption(std::string(name) + ": libheif gave no pixels"));
  }
  GrayImage gray;
  gray.width = width;
  gray.height = height;
  gray.full_width = static_cast<std::uint32_t>(width);
  gray.full_height = static_cast<std::uint32_t>(height);
  gray.pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y) {
    const std::uint8_t* row = rgb + static_cast<std::size_t>(y) * static_cast<std::size_t>(stride);
    std::uint8_t* out = gray.pixels.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width);
    for (std::size_t x = 0; x < static_cast<std::size_t>(width); ++x) {
      out[x] = luma_of(row[3 * x], row[3 * x + 1], row[3 * x + 2]);
    }
  }
  return gray;
}

}  // namespace photoaudit::hashing

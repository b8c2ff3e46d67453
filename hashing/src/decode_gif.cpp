// GIF through giflib (OpenCV 4.6 has no GIF reader): the first frame only, drawn on the logical screen.
#include <gif_lib.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "decode.hpp"

namespace photoaudit::hashing {
namespace {

struct MemoryInput {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t pos;
};

extern "C" int read_gif_bytes(GifFileType* gif, GifByteType* out, int wanted) {
  auto* in = static_cast<MemoryInput*>(gif->UserData);
  const std::size_t n = std::min(static_cast<std::size_t>(std::max(wanted, 0)), in->size - in->pos);
  std::memcpy(out, in->data + in->pos, n);
  in->pos += n;
  return static_cast<int>(n);
}

struct GifCloser {
  void operator()(GifFileType* gif) const {
    int error = 0;
    DGifCloseFile(gif, &error);
  }
};

std::string gif_reason(int code) {
  const char* text = GifErrorString(code);
  return text != nullptr ? text : "unknown giflib error";
}

}  // namespace

Result<GrayImage> decode_gif_gray(const std::uint8_t* data, std::size_t size, std::string_view name,
                                  const DecodeLimits& limits) {
  const std::string who(name);
  MemoryInput input{data, size, 0};
  int error = 0;
  std::unique_ptr<GifFileType, GifCloser> gif(DGifOpen(&input, read_gif_bytes, &error));
  if (!gif) return fail(Error::corruption(who + ": cannot read GIF: " + gif_reason(error)));
  const auto screen_w = static_cast<std::uint64_t>(std::max(gif->SWidth, 0));
  const auto screen_h = static_cast<std::uint64_t>(std::max(gif->SHeight, 0));
  if (screen_w * screen_h > limits.max_pixels) return fail(over_budget(name, screen_w, screen_h, limits.max_pixels));
  int transparent = -1;
  while (true) {
    GifRecordType record = UNDEFINED_RECORD_TYPE;
    if (DGifGetRecordType(gif.get(), &record) == GIF_ERROR) {
      return fail(Error::corruption(who + ": damaged GIF: " + gif_reason(gif->Error)));
    }
    if (record == TERMINATE_RECORD_TYPE) return fail(Error::corruption(who + ": GIF has no image"));
    if (record == EXTENSION_RECORD_TYPE) {
      int code = 0;
      GifByteType* block = nullptr;
      if (DGifGetExtension(gif.get(), &code, &block) == GIF_ERROR) {
        return fail(Error::corruption(who + ": damaged GIF extension: " + gif_reason(gif->Error)));
      }
      if (code == GRAPHICS_EXT_FUNC_CODE && block != nullptr && block[0] >= 4 && (block[1] & 1)) transparent = block[4];
      while (block != nullptr) {
        if (DGifGetExtensionNext(gif.get(), &block) == GIF_ERROR) {
          return fail(Error::corruption(who + ": damaged GIF extension: " + gif_reason(gif->Error)));
        }
      }
      continue;
    }
    if (record != IMAGE_DESC_RECORD_TYPE) continue;
    if (DGifGetImageDesc(gif.get()) == GIF_ERROR) {
      return fail(Error::corruption(who + ": damaged GIF image descriptor: " + gif_reason(gif->Error)));
    }
    break;
  }
  const GifImageDesc& frame = gif->Image;
  const ColorMapObject* colours = frame.ColorMap != nullptr ? frame.ColorMap : gif->SColorMap;
  if (colours == nullptr) return fail(Error::corruption(who + ": GIF has no colour table"));
  const auto frame_w = static_cast<std::uint64_t>(std::max(frame.Width, 0));
  const auto frame_h = static_cast<std::uint64_t>(std::max(frame.Height, 0));
  if (frame_w * frame_h > limits.max_pixels) return fail(over_budget(name, frame_w, frame_h, limits.max_pixels));
  // Screen 0x0 (some encoders) means "the frame's size".
  const std::uint64_t canvas_w = screen_w > 0 ? screen_w : frame_w;
  const std::uint64_t canvas_h = screen_h > 0 ? screen_h : frame_h;
  if (canvas_w == 0 || canvas_h == 0) return fail(Error::corruption(who + ": GIF has a zero-sized image"));

  std::uint8_t lut[256];
  for (int i = 0; i < 256; ++i) {
    const GifColorType c = colours->Colors[std::min(i, colours->ColorCount - 1)];
    lut[i] = luma_of(c.Red, c.Green, c.Blue);
  }
  const std::uint8_t background = gif->SColorMap != nullptr && gif->SBackGroundColor < gif->SColorMap->ColorCount
                                      ? luma_of(gif->SColorMap->Colors[gif->SBackGroundColor].Red,
                                                gif->SColorMap->Colors[gif->SBackGroundColor].Green,
                                                gif->SColorMap->Colors[gif->SBackGroundColor].Blue)
                                      : 255;
  GrayImage image;
  image.full_width = static_cast<std::uint32_t>(canvas_w);
  image.full_height = static_cast<std::uint32_t>(canvas_h);
  image.width = static_cast<int>(canvas_w);
  image.height = static_cast<int>(canvas_h);
  image.pixels.assign(canvas_w * canvas_h, background);

  std::vector<GifPixelType> line(frame_w);
  // Interlaced frames store rows in four passes.
  std::vector<int> order;
  order.reserve(frame_h);
  if (frame.Interlace) {
    constexpr int kStart[] = {0, 4, 2, 1};
    constexpr int kStep[] = {8, 8, 4, 2};
    for (int pass = 0; pass < 4; ++pass) {
      for (int y = kStart[pass]; y < static_cast<int>(frame_h); y += kStep[pass]) order.push_back(y);
    }
  } else {
    for (int y = 0; y < static_cast<int>(frame_h); ++y) order.push_back(y);
  }
  for (const int y : order) {
    if (DGifGetLine(gif.get(), line.data(), static_cast<int>(frame_w)) == GIF_ERROR) {
      if (limits.allow_truncated) break;
      return fail(Error::corruption(who + ": truncated or damaged GIF image data: " + gif_reason(gif->Error)));
    }
    const std::int64_t cy = frame.Top + y;
    if (cy < 0 || cy >= static_cast<std::int64_t>(canvas_h)) continue;
    for (std::uint64_t x = 0; x < frame_w; ++x) {
      const std::int64_t cx = frame.Left + static_cast<std::int64_t>(x);
      if (cx < 0 || cx >= static_cast<std::int64_t>(canvas_w) || line[x] == transparent) continue;
      image.pixels[static_cast<std::size_t>(cy) * canvas_w + static_cast<std::size_t>(cx)] = lut[line[x]];
    }
  }
  return image;
}

}  // namespace photoaudit::hashing

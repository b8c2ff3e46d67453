// WebP through libwebp: still images directly, animations through the demuxer's first composed frame.
#include <webp/decode.h>
#include <webp/demux.h>

#include <memory>
#include <string>

#include "decode.hpp"

namespace photoaudit::hashing {
namespace {

struct AnimDecoderCloser {
  void operator()(WebPAnimDecoder* decoder) const { WebPAnimDecoderDelete(decoder); }
};

void rgba_to_gray(const std::uint8_t* rgba, std::size_t pixels, int channels, std::vector<std::uint8_t>& out) {
  out.resize(pixels);
  for (std::size_t i = 0; i < pixels; ++i) {
    const std::uint8_t* p = rgba + i * static_cast<std::size_t>(channels);
    out[i] = luma_of(p[0], p[1], p[2]);
  }
}

}  // namespace

Result<GrayImage> decode_webp_gray(const std::uint8_t* data, std::size_t size, std::string_view name,
                                   const DecodeLimits& limits) {
  const std::string who(name);
  WebPBitstreamFeatures features;
  if (WebPGetFeatures(data, size, &features) != VP8_STATUS_OK) {
    return fail(Error::corruption(who + ": cannot read WebP header"));
  }
  const auto w = static_cast<std::uint64_t>(features.width);
  const auto h = static_cast<std::uint64_t>(features.height);
  if (w * h > limits.max_pixels) return fail(over_budget(name, w, h, limits.max_pixels));
  GrayImage image;
  image.full_width = static_cast<std::uint32_t>(w);
  image.full_height = static_cast<std::uint32_t>(h);
  if (!features.has_animation) {
    std::vector<std::uint8_t> rgb(w * h * 3);
    if (WebPDecodeRGBInto(data, size, rgb.data(), rgb.size(), static_cast<int>(w * 3)) == nullptr) {
      return fail(Error::corruption(who + ": cannot decode WebP image data (damaged or truncated)"));
    }
    rgba_to_gray(rgb.data(), w * h, 3, image.pixels);
    image.width = static_cast<int>(w);
    image.height = static_cast<int>(h);
    return image;
  }
  WebPData bytes{data, size};
  WebPAnimDecoderOptions options;
  WebPAnimDecoderOptionsInit(&options);
  options.color_mode = MODE_RGBA;
  options.use_threads = 0;
  std::unique_ptr<WebPAnimDecoder, AnimDecoderCloser> decoder(WebPAnimDecoderNew(&bytes, &options));
  if (!decoder) return fail(Error::corruption(who + ": cannot read animated WebP"));
  WebPAnimInfo info;
  if (!WebPAnimDecoderGetInfo(decoder.get(), &info))
    return fail(Error::corruption(who + ": cannot read animated WebP"));
  const std::uint64_t cw = info.canvas_width;
  const std::uint64_t ch = info.canvas_height;
  if (cw * ch > limits.max_pixels) return fail(over_budget(name, cw, ch, limits.max_pixels));
  std::uint8_t* frame = nullptr;
  int timestamp = 0;
  if (!WebPAnimDecoderGetNext(decoder.get(), &frame, &timestamp) || frame == nullptr) {
    return fail(Error::corruption(who + ": cannot decode the first frame of the animated WebP"));
  }
  rgba_to_gray(frame, cw * ch, 4, image.pixels);
  image.width = static_cast<int>(cw);
  image.height = static_cast<int>(ch);
  image.full_width = static_cast<std::uint32_t>(cw);
  image.full_height = static_cast<std::uint32_t>(ch);
  return image;
}

}  // namespace photoaudit::hashing

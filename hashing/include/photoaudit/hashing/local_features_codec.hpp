// A compact, versioned binary form of LocalFeatures (local_features.hpp), for the catalog's `local_features`
// column and the `scan --ndjson` record: what the grey zone needs to verify a pair with the files offline.
//
// Layout (version 1; integers big-endian):
//   "LF" magic, version byte (1), flags byte (bit 0: the mirror set follows; other bits 0)
//   u32 width, u32 height                     the image the keypoints were found in
//   u16 n, then n x (u16 x, u16 y)            positions as fixed point: x = q * width / 65535 (under 0.02 px
//                                             at the 800-pixel sides scan describes), likewise y
//   n x 32 bytes                              ORB descriptors
//   with the mirror flag: u16 m, m positions, m descriptors (the mirror image's keypoints)
//   u16 thumbnail width, u16 thumbnail height, then width x height grey bytes
// ORB's angle and size are not stored: match_local_features reads positions and descriptors only.
// As `scan` stores it (500 keypoints, no mirror set, a 128-pixel thumbnail) a photo takes about 30 KB; with the
// mirror set about 47 KB.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "photoaudit/common/error.hpp"
#include "photoaudit/hashing/local_features.hpp"

namespace photoaudit::hashing {

inline constexpr std::uint8_t kLocalFeaturesCodecVersion = 1;
// At most this many keypoints in each set (twice HashOptions::max_local_features' default); more is refused
// both ways.
inline constexpr std::size_t kMaxEncodedFeatures = 1'000;

// The blob of `features`. Fails with kInvalidArgument when a set holds more than kMaxEncodedFeatures keypoints,
// the points and descriptors of a set differ in number, the thumbnail is larger than kThumbnailSide or its
// bytes do not match its size, or a side is negative.
Result<std::string> encode_local_features(const LocalFeatures& features);

// The features back from a blob. Reads only within `blob`; fails with kCorruption (message: what is wrong and
// at which byte) when it is truncated, has bytes left over, a wrong magic, an unknown version or flags, more
// than kMaxEncodedFeatures keypoints, or a thumbnail over kThumbnailSide; kUnsupported for a later version.
Result<LocalFeatures> decode_local_features(std::string_view blob);

}  // namespace photoaudit::hashing

// Fingerprints of one image: exact (SHA-256 of the file), coded-data (metadata-independent), perceptual (PDQ
// with its dihedral variants, pHash) and robust (PDQ of sub-windows and of the border-trimmed image), all from
// one read and one decode. This is the one entry point the audit pipeline and the index use.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "photoaudit/common/error.hpp"
#include "photoaudit/common/limits.hpp"
#include "photoaudit/hashing/content_hash.hpp"
#include "photoaudit/hashing/digest.hpp"
#include "photoaudit/hashing/hash256.hpp"
#include "photoaudit/hashing/local_features.hpp"
#include "photoaudit/hashing/pdq.hpp"

namespace photoaudit::hashing {

// Fixed sub-windows of the (upright) image whose PDQ hashes are kept, so that a crop of one image matches
// a window of the other (see same_photo.hpp).
enum class PdqWindow : std::uint8_t {
  kCentre90,  // the central 90% of width and height
  kCentre80,  // the central 80%
  kTop90,     // the top 90% of the height (bottom 10% trimmed; a caption strip added below falls out)
  kBottom90,  // the bottom 90% (top trimmed)
  kLeft90,    // the left 90% of the width
  kRight90,   // the right 90%
  kFull,      // the whole image, area-resampled to 64x64 before PDQ (PDQ's own filter cannot low-pass an
              // image of 128 pixels or less, so a small copy's PDQ hash drifts from its original's)
};
inline constexpr std::size_t kPdqWindowCount = 7;

// "centre90", "centre80", "top90", "bottom90", "left90", "right90", "full".
std::string_view to_string(PdqWindow w);

// De-rotated hashes: the image turned back by each of these angles (degrees, counter-clockwise positive), so a
// copy that was turned by a few degrees (a straightened horizon) has one hash close to its original's upright
// hashes (same_photo.hpp, step 4; the engine probes the index with them). Measured on scripts/bench/robustness
// (docs/hashing.md, "Candidates for rotated and off-centre copies").
inline constexpr std::array<int, 6> kDerotationDegrees = {-3, -2, -1, 1, 2, 3};
// Per angle, in the order of kDerotationDegrees, two hashes: the central 80% of the turned image (the corners
// it turned in fall outside), then the turned image with its uniform borders trimmed (a copy turned on a
// canvas of one colour is turned back into its original's frame and the canvas trimmed off).
enum class DerotatedKind : std::uint8_t { kCentre80, kTrimmed };
inline constexpr std::size_t kPdqDerotatedCount = 2 * kDerotationDegrees.size();
inline constexpr std::size_t derotated_index(std::size_t angle, DerotatedKind kind) {
  return 2 * angle + static_cast<std::size_t>(kind);
}

struct HashOptions {
  // Images whose declared width x height exceeds this are refused before any pixel buffer is allocated
  // (decompression bombs). Default: 200,000,000 (200 megapixels).
  std::uint64_t max_pixels = 200'000'000;
  // Files larger than this are refused before they are read (kLimitExceeded). Default: Limits::max_file_bytes
  // (512 MiB, photoaudit/common/limits.hpp); commands pass their own value down.
  std::uint64_t max_file_bytes = Limits{}.max_file_bytes;
  // A PNG whose chunk declares more bytes than the file holds (or over 2^31-1) is refused as kCorruption, and
  // one whose metadata chunk declares more than this as kLimitExceeded, before libpng sees it.
  // Default: Limits::max_metadata_block_bytes (16 MiB).
  std::uint64_t max_metadata_block_bytes = Limits{}.max_metadata_block_bytes;
  // Images with more pixels than this are decoded at 1/2, 1/4 or 1/8 size (JPEG: libjpeg's DCT-domain
  // scaling, so the skipped pixels are never computed); smaller ones are decoded at full size, which is cheap
  // and keeps PDQ bit-for-bit on the reference's input. Default: 4,000,000.
  std::uint64_t full_decode_max_pixels = 4'000'000;
  // When reducing, the shorter side stays at least this long; 0 decodes every image at full size. On large
  // images PDQ then stays within a few bits of a full-size decode. Default: 256.
  int decode_min_side = 256;
  // Hash what a truncated JPEG or GIF still holds instead of failing with kCorruption. Default: false.
  bool allow_truncated = false;
  // Compute the sub-window and border-trimmed PDQ hashes. Default: true.
  bool robust_hashes = true;
  // Extract ORB local features for the verification stage of same_photo(), from the fingerprint's own decode
  // halved to the size local_features_min_side gives (no second decode; the features match those of
  // local_features_file to within resampling). Costs a few milliseconds per image and some kilobytes of
  // memory. Default: false.
  bool local_features = false;
  // At most this many local features. Default: 500.
  int max_local_features = 500;
  // With local_features: also the mirror image's keypoints (extract_local_features' with_mirror: the grey zone
  // then finds a mirrored copy that is also rotated a little or cropped). The plain keypoints are reused at
  // their mirrored places, so it adds a description of the flipped image, not a second detection (about a fifth
  // of the extraction's cost), and doubles the stored blob; `scan` turns it off (docs/hashing.md, "Local evidence
  // in the catalog").
  // Default: true.
  bool local_features_mirror = true;
  // Local features are found in a reduced decode: the largest DCT fraction (1/2, 1/4, 1/8 of a JPEG) whose shorter
  // side stays at least this long, whatever the image's size (PDQ's decode keeps images up to
  // full_decode_max_pixels whole). A 1600x1067 photo is described at 800x534: a quarter of the pixels for the
  // decode and ORB, the measured cost of the grey zone on folders full of copies. 0: the fingerprint's decode.
  // Default: 400.
  int local_features_min_side = 400;
};

// Edges removed by border trimming, in pixels of the full-size upright image.
struct TrimBox {
  std::uint32_t top = 0;
  std::uint32_t bottom = 0;
  std::uint32_t left = 0;
  std::uint32_t right = 0;

  bool any() const { return top != 0 || bottom != 0 || left != 0 || right != 0; }
};

// All fingerprints of one image. Holds no pixels; cheap to copy (the optional local features are shared).
struct Fingerprints {
  std::string_view format;   // "jpeg", "png", "gif", "webp", "tiff", "bmp" (static storage)
  std::uint32_t width = 0;   // full-size upright width (EXIF orientation applied)
  std::uint32_t height = 0;  // full-size upright height
  int orientation = 1;       // the EXIF orientation that was applied, 1..8
  Digest256 sha256;          // of the file's bytes
  ContentHash content_hash;  // of the coded data (metadata-independent); method kPixels for TIFF/BMP

  Hash256 pdq;                                         // PDQ of the upright image
  int pdq_quality = 0;                                 // 0..100; 0 also for flat and too-small images
  bool pdq_hashable = false;                           // false: smaller than kPdqMinDimension
  std::array<Hash256, kDihedralCount> pdq_dihedral{};  // indexed by Dihedral; [0] == pdq
  std::uint64_t phash = 0;                             // OpenCV img_hash pHash (64 bits)

  // Robust hashes (zero when HashOptions::robust_hashes is off or the image is too small).
  std::array<Hash256, kPdqWindowCount> pdq_windows{};  // indexed by PdqWindow
  std::array<std::uint8_t, kPdqWindowCount> pdq_window_quality{};
  Hash256 pdq_trimmed;  // PDQ after trimming uniform borders
  int pdq_trimmed_quality = 0;
  TrimBox trimmed;  // what was trimmed (none: pdq_trimmed == pdq)
  // De-rotated hashes, indexed by derotated_index(); quality 0 where none was kept (a trimmed hash whose trim
  // removed nothing, an image too small). Set with the robust hashes.
  std::array<Hash256, kPdqDerotatedCount> pdq_derotated{};
  std::array<std::uint8_t, kPdqDerotatedCount> pdq_derotated_quality{};
  // The whole upright image area-resampled to kGrey16Side x kGrey16Side grey levels, row-major: the pixels of
  // the flat-image check (same_photo.hpp). Set (has_grey16) with the robust hashes, when both sides are at
  // least kGrey16Side pixels.
  static constexpr int kGrey16Side = 16;
  std::array<std::uint8_t, std::size_t{kGrey16Side} * kGrey16Side> grey16{};
  bool has_grey16 = false;

  std::shared_ptr<const LocalFeatures> local_features;  // null unless HashOptions::local_features
};

// Fingerprints of the image file at path: the file is read once (SHA-256 computed while reading) and
// decoded once (first frame of animations).
// Returns kNotFound (missing), kIOError (unreadable, a directory, a FIFO or device: see read_file_bounded),
// kLimitExceeded (over max_file_bytes or max_pixels), kUnsupported (not JPEG/PNG/GIF/WebP/TIFF/BMP, or a variant the
// decoder lacks), kCorruption (truncated or damaged). Every message starts with the path. Thread-safe.
Result<Fingerprints> fingerprint_file(const std::filesystem::path& path, const HashOptions& options = {});

// The local features alone of the image file at path (as HashOptions::local_features computes them), for a
// file whose other fingerprints are known already (the audit's grey-zone check): one read and one decode, no
// hash. `with_mirror` as for extract_local_features. Errors as fingerprint_file's. Thread-safe.
Result<LocalFeatures> local_features_file(const std::filesystem::path& path, const HashOptions& options,
                                          bool with_mirror);
// The same for an image already in memory (an upload whose fingerprints are known already); name is used in
// messages only. Bounded by options.max_file_bytes and max_pixels as fingerprint_memory is. Thread-safe.
Result<LocalFeatures> local_features_memory(const std::uint8_t* data, std::size_t size, std::string_view name,
                                            const HashOptions& options, bool with_mirror);

// The same as fingerprint_file for a file already in memory (a downloaded image); name is used in messages only.
// REQUIRES: data points to size readable bytes; they are not retained.
Result<Fingerprints> fingerprint_memory(const std::uint8_t* data, std::size_t size, std::string_view name,
                                        const HashOptions& options = {});

// pHash as 16 lower-case hex digits.
std::string phash_hex(std::uint64_t phash);

}  // namespace photoaudit::hashing

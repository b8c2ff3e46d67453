// Which files an audit or a scan looks at: the paths given, with directories walked recursively.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace photoaudit::audit {

struct WalkOptions {
  // Follow symbolic links to directories. Loops are detected (by device and inode) either way.
  // Default: false.
  bool follow_directory_links = false;
  // Deeper directories are not entered (and counted in WalkResult::skipped_deep). Default: 64.
  int max_depth = 64;
  // Skip hidden files and directories (names starting with '.'). Default: true.
  bool skip_hidden = true;
};

struct SourceFile {
  std::string path;    // as given, or given directory + relative path
  bool given = false;  // named on the command line (audited even when it does not look like an image)
};

// A path that could not be walked, with the path and the reason apart (a path may contain ": ").
struct WalkError {
  std::string path;                                             // the directory as given or found
  std::string reason;                                           // "cannot read directory: Permission denied"
  std::string message() const { return path + ": " + reason; }  // what a report prints
};

struct WalkResult {
  std::vector<SourceFile> files;      // in the order given; each directory's entries sorted by name
  std::vector<WalkError> errors;      // one per folder that could not be listed and per file under a folder that
                                      // could not be read or is not a regular file (FIFO, socket, device,
                                      // dangling link): never left out silently
  std::size_t skipped_not_image = 0;  // files under directories that are not images by content, nor named like one
                                      // (a .jpg, .png ... that is not an image is an error entry)
  std::size_t skipped_links = 0;      // symbolic links to directories not followed, and loops
  std::size_t skipped_deep = 0;       // directories deeper than max_depth
};

// Expands paths: a file is taken as it is; a directory contributes every file below it whose first bytes
// are those of an image format (JPEG, PNG, GIF, WebP, TIFF, BMP, HEIF/AVIF, CR3), whatever its name. A folder
// that cannot be listed, and a file under a folder that cannot be opened (no permission, a dangling symbolic
// link) or is not a regular file (FIFO, socket, device: refused before it is opened, see read_file_prefix()), is
// an error entry, not a failure of the whole walk and never a silent skip. Never throws.
WalkResult collect_images(const std::vector<std::string>& paths, const WalkOptions& options = {});

// True when the first bytes are those of an image format photoaudit reads (hashing::sniff_image_format() says
// JPEG, PNG, GIF, WebP, TIFF, BMP, HEIF/AVIF or CR3; not JPEG XL or SVG, which nothing here reads).
bool looks_like_image(const std::uint8_t* head, std::size_t size);

// Reads up to 32 bytes of the file (read_file_prefix(): a FIFO or device is refused, never opened for reading)
// and applies looks_like_image(); false when it cannot be read.
bool file_looks_like_image(const std::filesystem::path& path);

}  // namespace photoaudit::audit

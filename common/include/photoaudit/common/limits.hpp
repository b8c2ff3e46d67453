// The bounds every command applies to its inputs, defined once. Option structs (AuditOptions, ScanOptions,
// HashOptions, MetadataOptions, EvidenceOptions, GreyZoneOptions) take their defaults from here, and a command
// passes its own value down to every stage, so one file meets one limit whichever stage reads it.
#pragma once

#include <cstdint>

namespace photoaudit {

struct Limits {
  // Largest file read whole into memory (an image, a local page). A larger file is not skipped: it is reported
  // as kLimitExceeded, which the audit turns into a metadata-unreadable finding and `hash` into an error line.
  // 512 MiB is what audit and scan applied before (hash and the metadata reader allowed 1 GiB, but inside an
  // audit the evidence stage's 512 MiB came first): far above a photograph's JPEG, PNG or WebP, while each of
  // the worker threads holds one file and its decoded pixels. A 16-bit TIFF of a 100-megapixel scan (~600 MB)
  // is over it and is reported as such. Default: 512 MiB.
  std::uint64_t max_file_bytes = std::uint64_t{512} << 20;
  // Largest metadata block taken from a file before any decoder sees it: a PNG ancillary chunk (tEXt, zTXt,
  // iTXt, iCCP, eXIf ...) is checked against it before libpng, which allocates a chunk's declared length (a
  // 685-byte PNG declaring a 2 GB tEXt chunk, issue 18), and extended XMP is reassembled up to it. A real
  // photograph's XMP, ICC profile or EXIF block is at most a few MiB. Default: 16 MiB.
  std::uint64_t max_metadata_block_bytes = std::uint64_t{16} << 20;
  // Lines read from one text input (`credit --lines FILE`, or standard input): past it the reading stops with an
  // error naming the input. Default: 10,000,000.
  std::uint64_t max_lines = 10'000'000;
  // Longest line of such an input, in bytes: a credit line is under a kilobyte, and one endless line (a huge
  // file without a line end) must not grow memory without bound. Default: 64 KiB.
  std::uint64_t max_line_bytes = std::uint64_t{64} << 10;
  // Time one file may take to be read (metadata, fingerprints, Content Credentials) in a reading worker process
  // (audit and scan): past it the worker is stopped, the file is reported (metadata-unreadable, or a failed
  // scan record) and the run goes on. A 200-megapixel JPEG takes a few seconds on one core. Default: 120 s.
  std::uint64_t max_seconds_per_file = 120;
  // Address space of one reading worker process (RLIMIT_AS; not applied under AddressSanitizer or ThreadSanitizer,
  // which reserve terabytes). A decoder that asks for more fails inside that worker only. Default: 4 GiB.
  std::uint64_t max_worker_memory_bytes = std::uint64_t{4} << 30;
};

}  // namespace photoaudit

// Provenance: what an image says about itself in its EXIF, IPTC IIM and XMP blocks, reconciled field by field.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/common/error.hpp"
#include "photoaudit/common/limits.hpp"

namespace photoaudit::audit {

// One provenance field as found in each metadata block, and the value chosen by the Metadata Working
// Group's reconciliation rules. Absent = the block does not carry the field. Dates as written: the IIM value is
// DateCreated 'T' TimeCreated, the EXIF value DateTimeOriginal followed by OffsetTimeOriginal when present.
struct FieldReading {
  std::optional<std::string> value;  // the reconciled value
  std::optional<std::string> iptc;   // IPTC IIM (decoded to UTF-8)
  std::optional<std::string> xmp;
  std::optional<std::string> exif;
  bool conflict = false;  // blocks disagree (an IIM value that is a truncated prefix of XMP does not count)
};

// One step of the XMP edit history (xmpMM:History).
struct HistoryEntry {
  std::string action;
  std::string when;
  std::string software_agent;
  std::string instance_id;
  std::string changed;
};

// The field names, in snake_case, in the order reports list them.
// creator credit source copyright caption headline object_name special_instructions job_id date_created
// city country usage_terms web_statement licensor copyright_owner image_supplier digital_source_type
// software camera_make camera_model document_id instance_id original_document_id
const std::vector<std::string_view>& provenance_field_names();

// The label people read for a field ("credit" -> "Credit line"), or name itself when it is not one of
// provenance_field_names(). The view points into static storage, or into name.
std::string_view provenance_field_label(std::string_view name);

// The field holds a date (date_created): its values read with parse_metadata_date() (metadata_date.hpp).
bool provenance_field_is_date(std::string_view name);

struct Provenance {
  std::string format;  // "jpeg", "png", "tiff", "webp", "heif", ...; from the content, not the file name
  std::uint32_t pixel_width = 0;
  std::uint32_t pixel_height = 0;
  std::map<std::string, FieldReading, std::less<>> fields;  // only fields that some block carries
  std::vector<std::string> conflicts;                       // field names with conflict == true, in order
  std::vector<HistoryEntry> history;
  std::vector<std::string> notes;   // reading notes, e.g. "IPTC digest does not match: IIM edited after XMP"
  std::vector<std::string> damage;  // structural damage that did not stop the reading, e.g. "truncated JPEG: ..."

  // The reconciled value of a field, or nullptr when no block carries it.
  const std::string* value(std::string_view field) const;
};

struct MetadataOptions {
  // Files larger than this are refused before Exiv2 reads them. Default: Limits::max_file_bytes (512 MiB).
  std::uint64_t max_file_bytes = Limits{}.max_file_bytes;
  // A PNG whose metadata chunk declares more than this is refused (kLimitExceeded) before Exiv2 reads it
  // (hashing/png_chunks.hpp). A JPEG's extended XMP (split over APP1 segments, XMP Part 3) is put together and
  // read when its declared length is at most this; a longer one is ignored with a note.
  // Default: Limits::max_metadata_block_bytes (16 MiB).
  std::uint64_t max_metadata_block_bytes = Limits{}.max_metadata_block_bytes;
};

// Reads EXIF, IPTC IIM and XMP (a JPEG's extended XMP included) of the image at path, read whole through
// read_file_bounded() (a FIFO or device is refused before it is opened). The file is a local file, never a URL.
// Returns kNotFound (missing), kIOError (unreadable, a directory, a FIFO, socket or device), kCorruption (not an
// image, truncated, damaged metadata, a PNG chunk declaring more bytes than follow it), kLimitExceeded (over
// max_file_bytes, a PNG metadata chunk over max_metadata_block_bytes). Every message starts with the path.
// Thread-safe once initialize_metadata() has run.
Result<Provenance> read_provenance(const std::filesystem::path& path, const MetadataOptions& options = {});

// The same from bytes in memory (downloaded images). name is used in messages only.
Result<Provenance> read_provenance_from_memory(const std::uint8_t* data, std::size_t size, std::string_view name,
                                               const MetadataOptions& options = {});

// Must be called once, before any thread reads metadata (initialises Exiv2's XMP toolkit, enables BMFF).
void initialize_metadata();

}  // namespace photoaudit::audit

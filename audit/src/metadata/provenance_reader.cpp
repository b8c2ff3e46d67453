// read_provenance: Exiv2 at the edge. Every Exiv2 exception is caught here and becomes an Error.
#include <exiv2/exiv2.hpp>
#include <exiv2/webpimage.hpp>

#include <algorithm>
#include <memory>
#include <mutex>

#include "metadata/extended_xmp.hpp"
#include "metadata/field_table.hpp"
#include "metadata/file_structure.hpp"
#include "metadata/iptc_digest.hpp"
#include "metadata/reconcile.hpp"
#include "metadata/text_encoding.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/common/ascii_text.hpp"
#include "photoaudit/common/file_read.hpp"
#include "photoaudit/hashing/image_format.hpp"
#include "photoaudit/hashing/png_chunks.hpp"

namespace photoaudit::audit {
namespace {

using metadata::BlockValues;
using metadata::FieldSpec;
using metadata::IimCharset;
using metadata::XmpShape;

// Exiv2 reports warnings through one global handler; keep them per thread so a file's notes are its own.
thread_local std::vector<std::string>* t_exiv2_log = nullptr;

void exiv2_log_handler(int level, const char* message) {
  if (t_exiv2_log == nullptr || level < Exiv2::LogMsg::warn || t_exiv2_log->size() >= 8) return;
  std::string text(message != nullptr ? message : "");
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  t_exiv2_log->push_back("exiv2: " + text);
}

std::mutex g_xmp_toolkit_mutex;

void xmp_lock(void* data, bool lock_unlock) {
  auto* m = static_cast<std::mutex*>(data);
  if (lock_unlock) {
    m->lock();
  } else {
    m->unlock();
  }
}

// The format from Exiv2's image type. ISO BMFF files (HEIF, AVIF, CR3, JPEG XL in a container) are one type to
// Exiv2: the sniffer, which read the same first bytes, names them as the walker and the fetcher do.
std::string format_name(int type, hashing::ImageFormat sniffed) {
  if (type == Exiv2::ImageType::bmff && sniffed != hashing::ImageFormat::kUnknown) {
    return std::string(hashing::format_name(sniffed));
  }
  switch (type) {
    case Exiv2::ImageType::jpeg:
      return "jpeg";
    case Exiv2::ImageType::png:
      return "png";
    case Exiv2::ImageType::tiff:
      return "tiff";
    case Exiv2::ImageType::webp:
      return "webp";
    case Exiv2::ImageType::gif:
      return "gif";
    case Exiv2::ImageType::bmp:
      return "bmp";
    case Exiv2::ImageType::bmff:
      return "heif";
    case Exiv2::ImageType::jp2:
      return "jp2";
    case Exiv2::ImageType::psd:
      return "psd";
    case Exiv2::ImageType::cr2:
      return "cr2";
    case Exiv2::ImageType::crw:
      return "crw";
    case Exiv2::ImageType::orf:
      return "orf";
    case Exiv2::ImageType::raf:
      return "raf";
    case Exiv2::ImageType::rw2:
      return "rw2";
    default:
      return "image";
  }
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += "; ";
    out += p;
  }
  return out;
}

struct IimContext {
  IimCharset charset = IimCharset::kUndeclared;
  bool fell_back = false;
};

std::optional<std::string> iim_value(const Exiv2::IptcData& iptc, const FieldSpec& spec, IimContext& ctx) {
  if (spec.iim_key.empty()) return std::nullopt;
  const std::string key(spec.iim_key);
  std::vector<std::string> parts;
  for (const auto& datum : iptc) {
    if (datum.key() != key) continue;
    bool fell_back = false;
    parts.push_back(metadata::decode_legacy_text(datum.toString(), ctx.charset, &fell_back));
    ctx.fell_back = ctx.fell_back || fell_back;
  }
  if (parts.empty()) return std::nullopt;
  std::string value = join(parts);
  if (spec.kind == metadata::ValueKind::kDate) {
    const auto time = iptc.findKey(Exiv2::IptcKey("Iptc.Application2.TimeCreated"));
    if (time != iptc.end()) value += "T" + time->toString();
  }
  return value;
}

std::string lang_alt_value(const Exiv2::Value& value) {
  if (const auto* alt = dynamic_cast<const Exiv2::LangAltValue*>(&value)) {
    const auto it = alt->value_.find("x-default");
    if (it != alt->value_.end()) return it->second;
    if (!alt->value_.empty()) return alt->value_.begin()->second;
    return {};
  }
  return value.toString();
}

std::optional<std::string> xmp_value(const Exiv2::XmpData& xmp, const FieldSpec& spec) {
  if (spec.xmp_shape == XmpShape::kNone || spec.xmp_key.empty()) return std::nullopt;
  const std::string key(spec.xmp_key);
  if (spec.xmp_shape == XmpShape::kStructList) {
    // Items are flattened by Exiv2 as KEY[n]/MEMBER.
    const std::string prefix = key + "[";
    const std::string suffix = "]/" + std::string(spec.xmp_member);
    std::vector<std::string> parts;
    for (const auto& datum : xmp) {
      const std::string k = datum.key();
      if (k.size() > prefix.size() + suffix.size() && k.compare(0, prefix.size(), prefix) == 0 &&
          k.compare(k.size() - suffix.size(), suffix.size(), suffix) == 0) {
        parts.push_back(datum.toString());
      }
    }
    if (parts.empty()) return std::nullopt;
    return join(parts);
  }
  const auto it = xmp.findKey(Exiv2::XmpKey(key));
  if (it == xmp.end()) return std::nullopt;
  switch (spec.xmp_shape) {
    case XmpShape::kLangAlt:
      return lang_alt_value(it->value());
    case XmpShape::kSeq: {
      std::vector<std::string> parts;
      const long count = it->count();
      for (long i = 0; i < count && i < 1000; ++i) parts.push_back(it->toString(i));
      return join(parts);
    }
    default:
      return it->toString();
  }
}

std::optional<std::string> exif_value(const Exiv2::ExifData& exif, const FieldSpec& spec) {
  if (spec.exif_key.empty()) return std::nullopt;
  const auto it = exif.findKey(Exiv2::ExifKey(std::string(spec.exif_key)));
  if (it == exif.end()) return std::nullopt;
  // EXIF ASCII is raw bytes in practice: UTF-8 from modern tools, Latin-1 from older ones.
  std::string value = metadata::decode_legacy_text(it->toString(), IimCharset::kUndeclared);
  const bool has_digit = value.find_first_of("0123456789") != std::string::npos;
  if (spec.kind == metadata::ValueKind::kDate && has_digit) {
    // EXIF 2.31 keeps the zone of DateTimeOriginal apart, in OffsetTimeOriginal ("+02:00"): joined to the date as
    // IIM's TimeCreated is (metadata_date.hpp reads both forms).
    const auto zone = exif.findKey(Exiv2::ExifKey("Exif.Photo.OffsetTimeOriginal"));
    if (zone != exif.end() && zone->size() > 0 && zone->size() <= 16) {
      std::string z = zone->toString();
      while (!z.empty() && (z.back() == '\0' || z.back() == ' ')) z.pop_back();
      if (!z.empty()) value += z;
    }
  }
  return value;
}

std::vector<HistoryEntry> read_history(const Exiv2::XmpData& xmp) {
  std::vector<HistoryEntry> history;
  for (std::size_t i = 1; i <= 1000; ++i) {
    const std::string base = "Xmp.xmpMM.History[" + std::to_string(i) + "]/stEvt:";
    auto get = [&](const char* member) -> std::string {
      const auto it = xmp.findKey(Exiv2::XmpKey(base + member));
      return it == xmp.end() ? std::string() : it->toString();
    };
    HistoryEntry entry{get("action"), get("when"), get("softwareAgent"), get("instanceID"), get("changed")};
    if (entry.action.empty() && entry.when.empty() && entry.software_agent.empty() && entry.instance_id.empty()) break;
    history.push_back(std::move(entry));
  }
  return history;
}

metadata::IptcDigestState digest_state(const Exiv2::Image& image, const Exiv2::ExifData& exif,
                                       const std::optional<std::string>& jpeg_irb) {
  metadata::PhotoshopResources resources;
  if (jpeg_irb) {
    resources = metadata::parse_photoshop_resources(*jpeg_irb);
  } else {
    const auto it = exif.findKey(Exiv2::ExifKey("Exif.Image.ImageResources"));
    if (it != exif.end() && it->size() > 0 && it->size() < (64U << 20)) {
      std::string irb(it->size(), '\0');
      it->copy(reinterpret_cast<Exiv2::byte*>(irb.data()), Exiv2::invalidByteOrder);
      resources = metadata::parse_photoshop_resources(irb);
    }
  }
  if (!resources.iim_block && !image.iptcData().empty()) return metadata::IptcDigestState::kNoDigest;
  return metadata::iptc_digest_state(resources);
}

// Opens an image with Exiv2 into image (open() returns the Image::AutoPtr); its exceptions and a null image
// become kCorruption naming the file.
template <typename Open>
Result<void> open_image(const std::string& name, Exiv2::Image::AutoPtr& image, Open open) {
  try {
    image = open();
  } catch (const Exiv2::AnyError& e) {
    return fail(Error::corruption(name + ": not a supported image: " + e.what()));
  } catch (const std::exception& e) {
    return fail(Error::corruption(name + ": cannot open image: " + e.what()));
  }
  if (image.get() == nullptr) return fail(Error::corruption(name + ": not a supported image"));
  // Debian's Exiv2 0.27 is built with its video readers, and its QuickTime reader loops without end on a crafted
  // 14 KB file (found by scripts/fuzz metadata): videos are not images photoaudit audits, and their readers are
  // never run on input from strangers.
  // The ImageType values of exiv2/{riffvideo,matroskavideo,quicktimevideo,asfvideo}.hpp (which do not compile on
  // their own).
  constexpr int kRiff = 20;
  constexpr int kMatroska = 21;
  constexpr int kQuickTime = 22;
  constexpr int kAsf = 24;
  switch (image->imageType()) {
    case kRiff:
    case kMatroska:
    case kQuickTime:
    case kAsf:
      image.reset();
      return fail(Error::unsupported(name + ": a video container (QuickTime, RIFF/AVI, Matroska or ASF), not an "
                                            "image: its metadata is not read"));
    default:
      return ok();
  }
}

// Adds to xmp what the extended XMP packet named by its xmpNote:HasExtendedXMP holds and xmp does not (the main
// packet wins where both have a property, as the specification says). A problem with the extended packet is a
// note; it never fails the file.
void merge_extended_xmp(Exiv2::XmpData& xmp, const std::vector<metadata::ExtendedXmpPortion>& portions,
                        std::uint64_t max_bytes, std::vector<std::string>& notes) {
  if (portions.empty()) return;
  const auto named = xmp.findKey(Exiv2::XmpKey("Xmp.xmpNote.HasExtendedXMP"));
  if (named == xmp.end()) {
    notes.push_back("extended XMP not named by the main packet (xmpNote:HasExtendedXMP): ignored");
    return;
  }
  const std::string guid(trim_ascii_space(named->toString()));
  auto packet = metadata::reassemble_extended_xmp(portions, guid, max_bytes);
  if (!packet) {
    notes.push_back(packet.error().message + ": ignored");
    return;
  }
  Exiv2::XmpData extended;
  if (Exiv2::XmpParser::decode(extended, *packet) != 0) {
    notes.push_back("extended XMP " + guid + ": does not parse: ignored");
    return;
  }
  for (const auto& datum : extended) {
    if (xmp.findKey(Exiv2::XmpKey(datum.key())) == xmp.end()) xmp.add(datum);
  }
}

Result<Provenance> read_image(Exiv2::Image::AutoPtr image, const std::string& name, hashing::ImageFormat sniffed,
                              const std::optional<std::string>& jpeg_irb,
                              const std::vector<metadata::ExtendedXmpPortion>& extended_xmp,
                              const MetadataOptions& options) {
  Provenance prov;
  std::vector<std::string> log;
  t_exiv2_log = &log;
  struct ResetLog {
    ~ResetLog() { t_exiv2_log = nullptr; }
  } reset_log;
  try {
    image->readMetadata();
  } catch (const Exiv2::AnyError& e) {
    return fail(Error::corruption(name + ": cannot read metadata: " + e.what()));
  } catch (const std::bad_alloc&) {
    return fail(Error::limit_exceeded(name + ": metadata too large to read"));
  } catch (const std::exception& e) {
    return fail(Error::corruption(name + ": cannot read metadata: " + e.what()));
  }
  try {
    prov.format = format_name(image->imageType(), sniffed);
    prov.pixel_width = static_cast<std::uint32_t>(std::max(0, image->pixelWidth()));
    prov.pixel_height = static_cast<std::uint32_t>(std::max(0, image->pixelHeight()));
    const Exiv2::ExifData& exif = image->exifData();
    const Exiv2::IptcData& iptc = image->iptcData();
    merge_extended_xmp(image->xmpData(), extended_xmp, options.max_metadata_block_bytes, prov.notes);
    const Exiv2::XmpData& xmp = image->xmpData();

    IimContext iim;
    const auto charset = iptc.findKey(Exiv2::IptcKey("Iptc.Envelope.CharacterSet"));
    if (charset != iptc.end()) iim.charset = metadata::iim_charset_from_1_90(charset->toString());
    const auto digest = digest_state(*image, exif, jpeg_irb);
    if (digest == metadata::IptcDigestState::kMismatch) {
      prov.notes.push_back("IPTC digest does not match the IIM block: IIM was edited after XMP; IIM values win");
    }
    for (const FieldSpec& spec : metadata::field_table()) {
      BlockValues values{iim_value(iptc, spec, iim), xmp_value(xmp, spec), exif_value(exif, spec)};
      if (!values.iptc && !values.xmp && !values.exif) continue;
      FieldReading reading = metadata::reconcile(spec, std::move(values), digest);
      if (!reading.value) continue;
      if (reading.conflict) prov.conflicts.emplace_back(spec.name);
      prov.fields.emplace(std::string(spec.name), std::move(reading));
    }
    if (iim.fell_back) {
      prov.notes.push_back("IIM text declared UTF-8 (1:90) is not valid UTF-8; decoded as Windows-1252");
    }
    prov.history = read_history(xmp);
  } catch (const Exiv2::AnyError& e) {
    return fail(Error::corruption(name + ": damaged metadata: " + e.what()));
  } catch (const std::exception& e) {
    return fail(Error::corruption(name + ": damaged metadata: " + e.what()));
  }
  for (auto& line : log) prov.notes.push_back(std::move(line));
  return prov;
}

}  // namespace

void initialize_metadata() {
  static std::once_flag once;
  std::call_once(once, [] {
    Exiv2::XmpParser::initialize(&xmp_lock, &g_xmp_toolkit_mutex);
    Exiv2::enableBMFF(true);
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::warn);
    Exiv2::LogMsg::setHandler(&exiv2_log_handler);
  });
}

Result<Provenance> read_provenance(const std::filesystem::path& path, const MetadataOptions& options) {
  // Read whole through the one bounded reader, as the audit reads: a FIFO or a device is refused before it is
  // opened, and Exiv2, the IRB walk and the structure checks all see the same bytes (issue 18).
  const std::string name = path.string();
  auto bytes = read_file_bounded<std::vector<std::uint8_t>>(path, options.max_file_bytes);
  if (!bytes) return fail(bytes.error());
  if (bytes->empty()) return fail(Error::corruption(name + ": empty file (0 bytes)"));
  return read_provenance_from_memory(bytes->data(), bytes->size(), name, options);
}

Result<Provenance> read_provenance_from_memory(const std::uint8_t* data, std::size_t size, std::string_view name,
                                               const MetadataOptions& options) {
  initialize_metadata();
  const std::string label(name);
  if (size == 0 || data == nullptr) return fail(Error::corruption(label + ": empty (0 bytes)"));
  if (size > options.max_file_bytes) return fail(Error::limit_exceeded(label + ": over the size limit"));
  if (hashing::sniff_image_format(data, size) == hashing::ImageFormat::kPng) {
    // What a chunk declares is checked before Exiv2 reads it, as before libpng (png_chunks.hpp).
    if (auto chunks = hashing::check_png_chunks(data, size, label, options.max_metadata_block_bytes); !chunks) {
      return fail(chunks.error());
    }
  }
  Exiv2::Image::AutoPtr image;
  const auto opened = open_image(label, image,
                                 [&] { return Exiv2::ImageFactory::open(data, static_cast<long>(size)); });
  if (!opened) return fail(opened.error());
  std::optional<std::string> irb;
  std::vector<metadata::ExtendedXmpPortion> extended_xmp;
  const bool is_jpeg = image->imageType() == Exiv2::ImageType::jpeg;
  if (is_jpeg) {
    irb = metadata::jpeg_photoshop_irb_from_memory(data, size);
    extended_xmp = metadata::jpeg_extended_xmp_portions(data, size);
  }
  auto result = read_image(image, label, hashing::sniff_image_format(data, size), irb, extended_xmp, options);
  if (result) result->damage = metadata::structural_damage(data, size, result->format);
  return result;
}

}  // namespace photoaudit::audit

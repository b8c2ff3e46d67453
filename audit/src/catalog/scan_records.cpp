// Scan records as NDJSON: written by `scan --ndjson`, read back by `scan --import` (scan_records.hpp). Hashes use
// the catalog's BLOB layouts (row_codec.hpp) in hex, so a record carries exactly what a catalog row stores.
#include "photoaudit/audit/scan_records.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "catalog/row_codec.hpp"
#include "photoaudit/audit/metadata_date.hpp"
#include "photoaudit/common/encoding.hpp"
#include "photoaudit/common/utf8.hpp"
#include "photoaudit/hashing/local_features_codec.hpp"

namespace photoaudit::audit {
namespace {

using json = nlohmann::ordered_json;  // fields in the order written: "record" first

// The longest line import_records() takes: a record is a few kilobytes (paths and credit lines are bounded), some
// 65 KB with its local features.
constexpr std::size_t kMaxLineBytes = std::size_t{4} << 20;

std::string hex_of(std::string_view bytes) {
  return hex_lower(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

std::optional<std::string> bytes_of_hex(std::string_view hex) {
  const auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = digit(hex[i]);
    const int lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::string_view state_name(const ScanRecord& r) {
  if (!r.image) return "failed";
  return r.image->error.empty() ? "ok" : "partial";
}

json fingerprints_json(const hashing::Fingerprints& fp) {
  json out = json::object();
  out["sha256"] = fp.sha256.to_hex();
  out["content_hash"] = fp.content_hash.digest.to_hex();
  out["content_hash_method"] = hashing::to_string(fp.content_hash.method);
  out["format"] = fp.format;
  out["width"] = fp.width;
  out["height"] = fp.height;
  out["orientation"] = fp.orientation;
  out["pdq"] = fp.pdq_hashable ? json(hex_of(catalog::hash_blob(fp.pdq))) : json(nullptr);
  out["pdq_quality"] = fp.pdq_quality;
  out["pdq_dihedral"] = hex_of(catalog::dihedral_blob(fp));
  out["pdq_windows"] = hex_of(catalog::windows_blob(fp));
  out["pdq_trimmed"] = hex_of(catalog::trimmed_blob(fp));
  out["pdq_trimmed_quality"] = fp.pdq_trimmed_quality;
  out["phash"] = hashing::phash_hex(fp.phash);
  return out;
}

// The c2pa_* columns: {"state", "signer", "issuer", "signed_at", "generator"}.
json credentials_json(const CatalogCredentials& c) {
  return {{"state", c.state},
          {"signer", c.signer},
          {"issuer", c.issuer},
          {"signed_at", c.signed_at},
          {"generator", c.generator}};
}

json provenance_json(const CatalogProvenance& p) {
  const std::string iso = parse_metadata_date(p.date_created).iso;
  return {{"credit", p.credit},
          {"byline", p.byline},
          {"source", p.source},
          {"copyright", p.copyright},
          {"date_created", p.date_created},
          {"date_created_iso", iso.empty() ? json(nullptr) : json(iso)},
          {"digital_source_type", p.digital_source_type},
          {"organizations", p.organizations},
          {"content_credentials", p.credentials ? credentials_json(*p.credentials) : json(nullptr)}};
}

// A field of the wrong type or missing: the record is damaged.
struct Damaged {
  std::string what;
};

const json& field(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end()) throw Damaged{std::string("no \"") + name + "\""};
  return *it;
}

std::string text_field(const json& object, const char* name) {
  const json& v = field(object, name);
  if (!v.is_string()) throw Damaged{std::string("\"") + name + "\" is not a string"};
  return v.get<std::string>();
}

template <typename T>
T number_field(const json& object, const char* name) {
  const json& v = field(object, name);
  if (!v.is_number_integer()) throw Damaged{std::string("\"") + name + "\" is not an integer"};
  if constexpr (std::is_unsigned_v<T>) {
    if (v.is_number_unsigned()) return v.get<T>();
    if (v.get<std::int64_t>() < 0) throw Damaged{std::string("\"") + name + "\" is negative"};
  }
  return v.get<T>();
}

std::string hex_field(const json& object, const char* name) {
  auto bytes = bytes_of_hex(text_field(object, name));
  if (!bytes) throw Damaged{std::string("\"") + name + "\" is not hex"};
  return *bytes;
}

hashing::Digest256 digest_field(const json& object, const char* name) {
  const auto d = hashing::Digest256::from_hex(text_field(object, name));
  if (!d) throw Damaged{std::string("\"") + name + "\" is not 64 hex digits"};
  return *d;
}

hashing::Fingerprints fingerprints_from(const json& j) {
  if (!j.is_object()) throw Damaged{"\"fingerprints\" is not an object"};
  hashing::Fingerprints fp;
  fp.sha256 = digest_field(j, "sha256");
  fp.content_hash.digest = digest_field(j, "content_hash");
  const auto method = catalog::content_method_from_name(text_field(j, "content_hash_method"));
  if (!method) throw Damaged{"unknown \"content_hash_method\""};
  fp.content_hash.method = *method;
  fp.format = catalog::format_from_name(text_field(j, "format"));
  fp.width = number_field<std::uint32_t>(j, "width");
  fp.height = number_field<std::uint32_t>(j, "height");
  fp.orientation = number_field<int>(j, "orientation");
  if (const json& pdq = field(j, "pdq"); !pdq.is_null()) {
    const auto h = catalog::hash_from_blob(hex_field(j, "pdq"));
    if (!h) throw Damaged{"\"pdq\" is not 32 bytes"};
    fp.pdq = *h;
    fp.pdq_hashable = true;
  }
  fp.pdq_quality = number_field<int>(j, "pdq_quality");
  if (!catalog::dihedral_from_blob(hex_field(j, "pdq_dihedral"), fp)) throw Damaged{"\"pdq_dihedral\" is damaged"};
  if (!catalog::windows_from_blob(hex_field(j, "pdq_windows"), fp)) throw Damaged{"\"pdq_windows\" is damaged"};
  if (!catalog::trimmed_from_blob(hex_field(j, "pdq_trimmed"), fp)) throw Damaged{"\"pdq_trimmed\" is damaged"};
  fp.pdq_trimmed_quality = number_field<int>(j, "pdq_trimmed_quality");
  const std::string phash = hex_field(j, "phash");
  if (phash.size() != 8) throw Damaged{"\"phash\" is not 16 hex digits"};
  for (const char c : phash) fp.phash = (fp.phash << 8) | static_cast<unsigned char>(c);
  return fp;
}

// "content_credentials": absent (records written before it) or null: none; else an object of five strings, the
// state one of the catalog's.
std::optional<CatalogCredentials> credentials_from(const json& provenance) {
  const auto it = provenance.find("content_credentials");
  if (it == provenance.end() || it->is_null()) return std::nullopt;
  if (!it->is_object()) throw Damaged{"\"content_credentials\" is not an object"};
  CatalogCredentials c{.state = text_field(*it, "state"),
                       .signer = text_field(*it, "signer"),
                       .issuer = text_field(*it, "issuer"),
                       .signed_at = text_field(*it, "signed_at"),
                       .generator = text_field(*it, "generator")};
  if (c.state != "invalid" && c.state != "valid" && c.state != "trusted") {
    throw Damaged{"\"content_credentials\" has an unknown \"state\""};
  }
  return c;
}

CatalogProvenance provenance_from(const json& j) {
  if (!j.is_object()) throw Damaged{"\"provenance\" is not an object"};
  CatalogProvenance p;
  p.credit = text_field(j, "credit");
  p.byline = text_field(j, "byline");
  p.source = text_field(j, "source");
  p.copyright = text_field(j, "copyright");
  p.date_created = text_field(j, "date_created");
  p.digital_source_type = text_field(j, "digital_source_type");
  const json& orgs = field(j, "organizations");
  if (!orgs.is_array()) throw Damaged{"\"organizations\" is not an array"};
  for (const json& o : orgs) {
    if (!o.is_string()) throw Damaged{"\"organizations\" holds a non-string"};
    p.organizations.push_back(o.get<std::string>());
  }
  p.credentials = credentials_from(j);
  return p;
}

// The record's "local_features" (base64 of the blob, checked to decode); "" when absent or null (records
// written before it existed).
std::string local_features_from(const json& j) {
  const auto it = j.find("local_features");
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string()) throw Damaged{"\"local_features\" is not a string"};
  auto blob = base64_decode(it->get<std::string>());
  if (!blob) throw Damaged{"\"local_features\" is not base64"};
  if (auto decoded = hashing::decode_local_features(*blob); !decoded) {
    throw Damaged{"\"local_features\" is damaged: " + decoded.error().message};
  }
  return std::move(*blob);
}

}  // namespace

std::string scan_record_json(const ScanRecord& record) {
  json out = json::object();
  out["record"] = kScanRecordVersion;
  out["path"] = is_valid_utf8(record.path) ? record.path : repair_utf8(record.path);
  if (!is_valid_utf8(record.path)) out["path_hex"] = hex_of(record.path);
  out["key"] = is_valid_utf8(record.key) ? record.key : repair_utf8(record.key);
  out["size"] = record.size;
  out["mtime_ns"] = record.mtime_ns;
  out["state"] = state_name(record);
  out["error"] = record.image ? record.image->error : record.error;
  if (record.image) {
    const CatalogImage& img = *record.image;
    out["scanned_at"] = img.scanned_at;
    out["sha256"] = img.fingerprints ? json(img.fingerprints->sha256.to_hex()) : json(nullptr);
    out["fingerprints"] = img.fingerprints ? fingerprints_json(*img.fingerprints) : json(nullptr);
    out["provenance"] = provenance_json(img.provenance);
    const auto* blob = reinterpret_cast<const std::uint8_t*>(img.local_features.data());
    out["local_features"] = img.local_features.empty() ? json(nullptr)
                                                       : json(base64(std::span(blob, img.local_features.size())));
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<ScanRecord> parse_scan_record(std::string_view line) {
  const json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(Error{ErrorCode::kCorruption, "not a JSON object"});
  try {
    const int version = number_field<int>(j, "record");
    if (version > kScanRecordVersion) {
      return fail(Error{ErrorCode::kUnsupported, "record version " + std::to_string(version) + " is newer than " +
                                                     std::to_string(kScanRecordVersion) + "; upgrade photoaudit"});
    }
    ScanRecord r;
    r.path = j.contains("path_hex") ? hex_field(j, "path_hex") : text_field(j, "path");
    if (r.path.empty() || r.path.find('\0') != std::string::npos) throw Damaged{"\"path\" is empty or holds NUL"};
    r.key = text_field(j, "key");
    r.size = number_field<std::uint64_t>(j, "size");
    r.mtime_ns = number_field<std::int64_t>(j, "mtime_ns");
    const std::string state = text_field(j, "state");
    const std::string error = text_field(j, "error");
    if (state == "failed") {
      r.error = error.empty() ? r.path + ": not read" : error;
      return r;
    }
    if (state != "ok" && state != "partial") throw Damaged{"unknown \"state\" " + state};
    CatalogImage img;
    img.path = r.path;
    img.size = r.size;
    img.mtime_ns = r.mtime_ns;
    img.error = error;
    img.scanned_at = number_field<std::int64_t>(j, "scanned_at");
    if (const json& fp = field(j, "fingerprints"); !fp.is_null()) img.fingerprints = fingerprints_from(fp);
    img.provenance = provenance_from(field(j, "provenance"));
    img.local_features = local_features_from(j);
    if (!img.fingerprints) img.local_features.clear();
    r.image = std::move(img);
    return r;
  } catch (const Damaged& d) {
    return fail(Error{ErrorCode::kCorruption, d.what});
  } catch (const json::exception& e) {
    return fail(Error{ErrorCode::kCorruption, e.what()});
  }
}

namespace {

// The current row of each path, to count what an import's writes do (Catalog::write decides it the same way).
struct CurrentRow {
  std::optional<hashing::Digest256> sha;
  std::int64_t first_seen = 0;
};

// Counts the write of `image` into result against the catalog's current rows (and records it there); false when
// the record is skipped: other bytes than the catalog's, read before those were first seen (an older version,
// e.g. shards' records imported out of order), which is no news and never replaces a later version.
bool count_import(const CatalogImage& image, std::unordered_map<std::string, CurrentRow>& current, ScanResult& result) {
  const std::optional<hashing::Digest256> sha = image.fingerprints ? std::optional(image.fingerprints->sha256)
                                                                   : std::nullopt;
  const auto it = current.find(image.path);
  if (it == current.end()) {
    ++result.added;
    current.emplace(image.path, CurrentRow{sha, image.scanned_at});
  } else if (it->second.sha && sha && *it->second.sha != *sha) {
    if (image.scanned_at < it->second.first_seen) {
      ++result.unchanged;
      return false;
    }
    ++result.updated;
    ++result.replaced;
    it->second = CurrentRow{sha, image.scanned_at};
  } else {
    ++result.updated;
    if (sha) it->second.sha = sha;
  }
  return true;
}

}  // namespace

Result<ScanResult> import_records(Catalog& catalog, std::istream& in, const ImportOptions& options) {
  auto states = catalog.file_states();
  if (!states) return fail(states.error());
  std::unordered_map<std::string, CurrentRow> current;
  for (const CatalogFileState& s : *states) {
    current[s.path] = {s.has_fingerprints ? std::optional(s.sha256) : std::nullopt, s.first_seen};
  }
  ScanResult result;
  std::vector<CatalogWrite> batch;
  const auto flush = [&]() -> Result<void> {
    if (batch.empty()) return ok();
    auto written = catalog.write(batch);
    batch.clear();
    return written;
  };
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    ++result.files;
    const auto bad = [&](const std::string& why) {
      ++result.failed;
      result.errors.push_back("line " + std::to_string(number) + ": " + why);
    };
    if (line.size() > kMaxLineBytes) {
      bad("longer than " + std::to_string(kMaxLineBytes) + " bytes");
      continue;
    }
    auto record = parse_scan_record(line);
    if (!record) {
      bad(record.error().message);
      continue;
    }
    if (!record->image) {
      ++result.failed;
      result.errors.push_back(record->error);
      continue;
    }
    if (!options.path_prefix.empty()) {
      auto rebased = stored_path(options.path_prefix, record->image->path);
      if (!rebased) {
        bad(record->image->path + " is not under " + options.path_prefix.from + " (--path-prefix): not imported");
        continue;
      }
      record->image->path = std::move(*rebased);
    }
    CatalogWrite w{std::move(*record->image), 0};
    if (!w.image.error.empty()) {
      ++result.failed;
      result.errors.push_back(w.image.error);
    }
    w.image.history.first_seen = w.image.scanned_at;
    w.image.history.last_seen = w.image.scanned_at;
    if (!count_import(w.image, current, result)) continue;
    batch.push_back(std::move(w));
    if (batch.size() >= std::max<std::size_t>(1, options.batch_size)) {
      if (auto done = flush(); !done) return fail(done.error());
    }
  }
  if (in.bad()) return fail(Error{ErrorCode::kIOError, "cannot read the records"});
  if (auto done = flush(); !done) return fail(done.error());
  return result;
}

}  // namespace photoaudit::audit

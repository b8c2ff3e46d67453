// Writers of `photoaudit hash` and `photoaudit compare` (command_writers.hpp).
#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "report/error_json.hpp"

namespace photoaudit::audit {
namespace {

namespace hashing = photoaudit::hashing;

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

// Notes a reader needs to interpret the hashes of this image.
std::vector<std::string> notes_for(const hashing::Fingerprints& fp) {
  std::vector<std::string> notes;
  if (!fp.pdq_hashable) {
    notes.push_back("image smaller than " + std::to_string(hashing::kPdqMinDimension) + "x" +
                    std::to_string(hashing::kPdqMinDimension) + " pixels: no PDQ hash");
  } else if (fp.pdq_quality == 0) {
    notes.push_back("flat image: PDQ quality 0, never matched by PDQ");
  } else if (fp.pdq_quality < hashing::SameRule{}.min_quality) {
    notes.push_back("low PDQ quality: too little detail to match by PDQ");
  }
  return notes;
}

nlohmann::json fingerprint_json(const std::string& path, const hashing::Fingerprints& fp) {
  nlohmann::json j;
  j["path"] = path;
  j["format"] = std::string(fp.format);
  j["width"] = fp.width;
  j["height"] = fp.height;
  j["orientation"] = fp.orientation;
  j["sha256"] = fp.sha256.to_hex();
  j["content_hash"] = fp.content_hash.digest.to_hex();
  j["content_hash_method"] = std::string(hashing::to_string(fp.content_hash.method));
  j["pdq"] = fp.pdq.to_hex();
  j["pdq_quality"] = fp.pdq_quality;
  j["phash"] = hashing::phash_hex(fp.phash);
  j["notes"] = notes_for(fp);
  return j;
}

void write_hash_errors(std::ostream& err, const HashResult& result) {
  for (const auto& item : result.items) {
    if (!item.fingerprints) err << "photoaudit hash: " << printable(item.fingerprints.error().message) << "\n";
  }
}

// A verdict that matched under a turn or mirror says which: a turned or mirrored copy (`pdq-dihedral`), or a
// crop that was also mirrored (`pdq-window`).
bool names_dihedral(const hashing::SamePhotoVerdict& v) {
  return v.same && v.dihedral != hashing::Dihedral::kOriginal &&
         (v.method == hashing::MatchMethod::kPdqDihedral || v.method == hashing::MatchMethod::kPdqWindow);
}

nlohmann::json verdict_json(const std::string& path, const hashing::SamePhotoVerdict& v) {
  nlohmann::json j{{"path", path}, {"same", v.same}, {"method", std::string(hashing::to_string(v.method))}};
  j["distance"] = v.distance >= 0 ? nlohmann::json(v.distance) : nlohmann::json(nullptr);
  if (names_dihedral(v)) j["dihedral"] = std::string(hashing::to_string(v.dihedral));
  if (v.feature_inliers > 0) j["feature_inliers"] = v.feature_inliers;
  if (v.feature_correlation >= 0.0F) j["feature_correlation"] = std::round(v.feature_correlation * 1000.0) / 1000.0;
  return j;
}

nlohmann::json compare_failure_json(const std::string& path, const Error& e) {
  return {{"path", path},      {"same", nullptr},    {"distance", nullptr},
          {"method", nullptr}, {"error", e.message}, {"error_code", std::string(to_string(e.code))}};
}

void write_compare_errors(std::ostream& err, const CompareResult& result) {
  if (result.reference_error) {
    err << "photoaudit compare: reference: " << printable(result.reference_error->message) << "\n";
  }
  for (const auto& item : result.items) {
    if (!item.verdict) err << "photoaudit compare: " << printable(item.verdict.error().message) << "\n";
  }
}

}  // namespace

std::size_t HashResult::failed() const {
  std::size_t n = 0;
  for (const auto& item : items) n += item.fingerprints ? 0 : 1;
  return n;
}

std::size_t CompareResult::failed() const {
  std::size_t n = reference_error ? 1 : 0;
  for (const auto& item : items) n += item.verdict ? 0 : 1;
  return n;
}

void write_hash_text(std::ostream& out, std::ostream& err, const HashResult& result) {
  write_hash_errors(err, result);
  for (const auto& item : result.items) {
    if (!item.fingerprints) continue;
    const auto& fp = *item.fingerprints;
    out << printable(item.path) << "\n  sha256        " << fp.sha256.to_hex() << "\n  content_hash  "
        << fp.content_hash.digest.to_hex() << " (" << hashing::to_string(fp.content_hash.method)
        << ")\n  pdq           " << fp.pdq.to_hex() << " quality " << fp.pdq_quality << "\n  phash         "
        << hashing::phash_hex(fp.phash) << "\n  size          " << fp.width << "x" << fp.height << " " << fp.format
        << "\n";
    for (const auto& note : notes_for(fp)) out << "  note          " << note << "\n";
  }
}

void write_hash_json(std::ostream& out, std::ostream& err, const HashResult& result) {
  write_hash_errors(err, result);
  nlohmann::json array = nlohmann::json::array();
  for (const auto& item : result.items) {
    array.push_back(item.fingerprints ? fingerprint_json(item.path, *item.fingerprints)
                                      : failed_path_json(item.path, item.fingerprints.error()));
  }
  out << array.dump(2, ' ', false, kReplace) << "\n";
}

void write_compare_text(std::ostream& out, std::ostream& err, const CompareResult& result) {
  write_compare_errors(err, result);
  for (const auto& item : result.items) {
    if (!item.verdict) continue;
    const auto& v = *item.verdict;
    out << printable(item.path) << "\t" << (v.same ? "same" : "different") << "\tdistance "
        << (v.distance >= 0 ? std::to_string(v.distance) : std::string("-")) << "\t" << hashing::to_string(v.method);
    if (names_dihedral(v)) out << " (" << hashing::to_string(v.dihedral) << ")";
    out << "\n";
  }
}

void write_compare_json(std::ostream& out, std::ostream& err, const CompareResult& result) {
  write_compare_errors(err, result);
  if (result.reference_error) return;
  nlohmann::json array = nlohmann::json::array();
  for (const auto& item : result.items) {
    array.push_back(item.verdict ? verdict_json(item.path, *item.verdict)
                                 : compare_failure_json(item.path, item.verdict.error()));
  }
  out << array.dump(2, ' ', false, kReplace) << "\n";
}

}  // namespace photoaudit::audit

// photoaudit hash [--json] FILE...: every fingerprint of each file (docs/json.md, "hash").
#include <algorithm>
#include <atomic>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/hashing/same_photo.hpp"

namespace photoaudit::audit::cli {
namespace {

namespace hashing = photoaudit::hashing;

struct HashFlags {
  std::vector<std::string> files;
  bool json = false;
  unsigned jobs = 0;
  std::uint64_t max_pixels = hashing::HashOptions{}.max_pixels;
  bool full_size = false;
};

// Fingerprints files on `jobs` threads; results keep the order of the files.
std::vector<Result<hashing::Fingerprints>> fingerprint_all(const std::vector<std::string>& files,
                                                           const hashing::HashOptions& options, unsigned jobs) {
  std::vector<std::optional<Result<hashing::Fingerprints>>> slots(files.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) slots[i] = hashing::fingerprint_file(files[i], options);
  };
  const unsigned threads = std::max(1U, std::min<unsigned>(jobs, static_cast<unsigned>(files.size())));
  std::vector<std::jthread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  pool.clear();
  std::vector<Result<hashing::Fingerprints>> out;
  out.reserve(files.size());
  for (auto& s : slots) out.push_back(std::move(*s));
  return out;
}

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

nlohmann::json error_json(const std::string& path, const Error& e) {
  return {{"path", path}, {"error", e.message}, {"error_code", std::string(to_string(e.code))}};
}

}  // namespace

void add_hash_command(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<HashFlags>();
  auto* cmd = app.add_subcommand("hash", "Fingerprint images: SHA-256, coded-data hash, PDQ, pHash");
  cmd->add_option("FILE", flags->files, "Image files (JPEG, PNG, GIF, WebP, TIFF, BMP)")->required();
  cmd->add_flag("--json", flags->json, "Print a JSON array (docs/json.md)");
  cmd->add_option("-j,--jobs", flags->jobs, "Threads (default: all cores)")->check(CLI::Range(1U, 256U));
  cmd->add_option("--max-pixels", flags->max_pixels, "Refuse images with more pixels (default: 200000000)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--full-size", flags->full_size, "Decode at full size instead of the smallest size the hashes need");
  cmd->callback([flags, &ctx] {
    hashing::HashOptions options;
    options.max_pixels = flags->max_pixels;
    if (flags->full_size) options.decode_min_side = 0;
    const unsigned jobs = flags->jobs != 0 ? flags->jobs : std::max(1U, std::thread::hardware_concurrency());
    const auto results = fingerprint_all(flags->files, options, jobs);
    nlohmann::json array = nlohmann::json::array();
    int failed = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
      const std::string& path = flags->files[i];
      if (!results[i]) {
        ++failed;
        std::cerr << "photoaudit hash: " << results[i].error().message << "\n";
        if (flags->json) array.push_back(error_json(path, results[i].error()));
        continue;
      }
      const auto& fp = *results[i];
      if (flags->json) {
        array.push_back(fingerprint_json(path, fp));
        continue;
      }
      std::cout << path << "\n  sha256        " << fp.sha256.to_hex() << "\n  content_hash  "
                << fp.content_hash.digest.to_hex() << " (" << hashing::to_string(fp.content_hash.method) << ")\n  pdq           "
                << fp.pdq.to_hex() << " quality " << fp.pdq_quality << "\n  phash         " << hashing::phash_hex(fp.phash)
                << "\n  size          " << fp.width << "x" << fp.height << " " << fp.format << "\n";
      for (const auto& note : notes_for(fp)) std::cout << "  note          " << note << "\n";
    }
    if (flags->json) std::cout << array.dump(2) << "\n";
    ctx.exit_code = failed > 0 ? kExitFindings : kExitOk;
  });
}

}  // namespace photoaudit::audit::cli

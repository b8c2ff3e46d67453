// Verifying an evidence bundle (evidence_bundle.hpp): SHA256SUMS against the files, manifest.json against
// SHA256SUMS, the originals against the SHA-256 the report recorded.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "bundle/bundle_files.hpp"
#include "photoaudit/audit/evidence_bundle.hpp"

namespace photoaudit::audit {
namespace {

using nlohmann::json;

bool is_hex64(std::string_view text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
}

std::string lower(std::string text) {
  for (char& c : text) c = (c >= 'A' && c <= 'F') ? static_cast<char>(c + 32) : c;
  return text;
}

// SHA256SUMS: name -> hash. Unusable (an error) on any line that is not "<64 hex>  <name>" or " *<name>", a name
// photoaudit would not write, or a name listed twice.
Result<std::map<std::string, std::string>> parse_sums(std::string_view text, const EvidenceLimits& limits,
                                                      const std::string& shown) {
  std::map<std::string, std::string> sums;
  std::size_t line_no = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t eol = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, eol - start);
    start = eol + 1;
    ++line_no;
    if (line.empty()) continue;
    const auto bad = [&](std::string_view why) {
      return Error::invalid_argument(shown + " line " + std::to_string(line_no) + ": " + std::string(why));
    };
    if (sums.size() >= limits.max_entries) return fail(bad("more lines than the limit"));
    if (line.size() < 67 || !is_hex64(line.substr(0, 64)) || line[64] != ' ' || (line[65] != ' ' && line[65] != '*')) {
      return fail(bad("not \"<SHA-256>  <name>\""));
    }
    const std::string name(line.substr(66));
    if (!bundle::is_bundle_name(name) || name == "SHA256SUMS") return fail(bad("a name photoaudit does not write"));
    if (!sums.emplace(name, lower(std::string(line.substr(0, 64)))).second) return fail(bad("a name listed twice"));
  }
  if (sums.empty()) return fail(Error::invalid_argument(shown + ": lists no file"));
  return sums;
}

// Reads a small file of the bundle whole (SHA256SUMS, manifest.json), bounded.
Result<std::string> read_small(int dir, std::string_view name, std::uint64_t max) {
  auto fd = bundle::open_file_at(dir, name);
  if (!fd) return fail(fd.error());
  std::string out;
  char block[65536];
  while (true) {
    const ssize_t n = ::read(fd->get(), block, sizeof block);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(Error::io_error(std::string(name) + ": read failed: " + std::strerror(errno)));
    if (n == 0) break;
    if (out.size() + static_cast<std::size_t>(n) > max) {
      return fail(Error::limit_exceeded(std::string(name) + ": over the limit of " + std::to_string(max) + " bytes"));
    }
    out.append(block, static_cast<std::size_t>(n));
  }
  return out;
}

// Files in the folder that SHA256SUMS does not list: top level, and inside the folders it names.
Result<void> find_extra(int dir, const std::map<std::string, std::string>& sums, const EvidenceLimits& limits,
                        std::vector<EvidenceFileChange>& changes) {
  std::set<std::string> folders;
  for (const auto& [name, hash] : sums) {
    if (const auto slash = name.find('/'); slash != std::string::npos) folders.insert(name.substr(0, slash));
  }
  auto top = bundle::list_dir(dir, limits.max_entries, ".");
  if (!top) return fail(top.error());
  for (const std::string& entry : *top) {
    if (entry == "SHA256SUMS" || sums.contains(entry)) continue;
    if (folders.contains(entry)) {
      auto sub = bundle::open_dir_at(dir, entry);
      if (!sub) continue;  // its listed files are reported missing or altered
      auto inner = bundle::list_dir(sub->get(), limits.max_entries, entry);
      if (!inner) return fail(inner.error());
      for (const std::string& name : *inner) {
        std::string listed = entry;
        listed += '/';
        listed += name;
        if (!sums.contains(listed)) changes.push_back({EvidenceChange::kExtra, std::move(listed)});
      }
      continue;
    }
    changes.push_back({EvidenceChange::kExtra, entry});
  }
  return ok();
}

// manifest.json's files against SHA256SUMS, and its images' originals.
void check_manifest(const json& manifest, const std::map<std::string, std::string>& sums, EvidenceVerification& out) {
  if (!manifest.is_object()) return;
  if (manifest.contains("tool_version") && manifest["tool_version"].is_string()) {
    out.tool_version = manifest["tool_version"].get<std::string>();
  }
  if (manifest.contains("generated_at") && manifest["generated_at"].is_string()) {
    out.generated_at = manifest["generated_at"].get<std::string>();
  }
  std::set<std::string> listed{"manifest.json"};
  if (manifest.contains("files") && manifest["files"].is_array()) {
    for (const json& f : manifest["files"]) {
      if (!f.is_object() || !f.contains("name") || !f["name"].is_string()) continue;
      const std::string name = f["name"].get<std::string>();
      listed.insert(name);
      const auto it = sums.find(name);
      const bool same = it != sums.end() && f.contains("sha256") && f["sha256"].is_string() &&
                        lower(f["sha256"].get<std::string>()) == it->second;
      if (!same) out.changes.push_back({EvidenceChange::kUnlisted, name});
    }
  }
  for (const auto& [name, hash] : sums) {
    if (!listed.contains(name)) out.changes.push_back({EvidenceChange::kUnlisted, name});
  }
  if (!manifest.contains("images") || !manifest["images"].is_array()) return;
  for (const json& image : manifest["images"]) {
    if (!image.is_object() || !image.contains("path") || !image["path"].is_string()) continue;
    OriginalCheck check;
    check.path = image["path"].get<std::string>();
    if (image.contains("sha256") && image["sha256"].is_string()) {
      check.recorded_sha256 = image["sha256"].get<std::string>();
    }
    const std::string where = image.contains("absolute_path") && image["absolute_path"].is_string()
                                  ? image["absolute_path"].get<std::string>()
                                  : std::string();
    if (where.empty()) {
      check.reason = "not a local file";
    } else if (!is_hex64(check.recorded_sha256)) {
      check.reason = "the audit recorded no SHA-256 (it could not read the image)";
    } else {
      // The original is outside the bundle: opened as any input is (regular files only, never a FIFO).
      FileDescriptor fd(::open(where.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
      struct stat st {};
      if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
        check.state = OriginalState::kGone;
        check.reason = fd.get() < 0 ? std::string(std::strerror(errno)) : "not a regular file";
      } else if (auto hashed = bundle::hash_descriptor(fd.get(), where); !hashed) {
        check.state = OriginalState::kGone;
        check.reason = hashed.error().message;
      } else {
        check.current_sha256 = hashed->sha256;
        check.state = hashed->sha256 == lower(check.recorded_sha256) ? OriginalState::kUnchanged
                                                                     : OriginalState::kChanged;
      }
    }
    out.originals.push_back(std::move(check));
  }
}

}  // namespace

std::string_view to_string(EvidenceChange change) {
  switch (change) {
    case EvidenceChange::kMissing:
      return "missing";
    case EvidenceChange::kAltered:
      return "altered";
    case EvidenceChange::kExtra:
      return "extra";
    case EvidenceChange::kUnlisted:
      return "unlisted";
  }
  return "altered";
}

std::string_view to_string(OriginalState state) {
  switch (state) {
    case OriginalState::kUnchanged:
      return "unchanged";
    case OriginalState::kChanged:
      return "changed";
    case OriginalState::kGone:
      return "gone";
    case OriginalState::kNotChecked:
      return "not-checked";
  }
  return "not-checked";
}

Result<EvidenceVerification> verify_evidence_bundle(const std::filesystem::path& dir, const EvidenceLimits& limits) {
  const std::string shown = dir.string();
  FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return fail(Error::not_found(shown + ": no such folder"));
    return fail(Error::invalid_argument(shown + ": not a directory (a symbolic link is not followed)"));
  }
  auto sums_bytes = read_small(fd.get(), "SHA256SUMS", limits.max_manifest_bytes);
  if (!sums_bytes) {
    return fail(Error{sums_bytes.error().code,
                      shown + "/" + sums_bytes.error().message + " (not an evidence bundle, or its manifest is gone)"});
  }
  auto sums = parse_sums(*sums_bytes, limits, shown + "/SHA256SUMS");
  if (!sums) return fail(sums.error());

  EvidenceVerification out;
  out.files = sums->size();
  for (const auto& [name, hash] : *sums) {
    auto file = bundle::open_file_at(fd.get(), name);
    if (!file) {
      out.changes.push_back(
          {file.error().code == ErrorCode::kNotFound ? EvidenceChange::kMissing : EvidenceChange::kAltered, name});
      continue;
    }
    auto hashed = bundle::hash_descriptor(file->get(), name);
    if (!hashed || hashed->sha256 != hash) out.changes.push_back({EvidenceChange::kAltered, name});
  }
  if (auto extra = find_extra(fd.get(), *sums, limits, out.changes); !extra) return fail(extra.error());

  const bool manifest_intact = sums->contains("manifest.json") &&
                               std::none_of(out.changes.begin(), out.changes.end(),
                                            [](const EvidenceFileChange& c) { return c.name == "manifest.json"; });
  if (manifest_intact) {
    auto text = read_small(fd.get(), "manifest.json", limits.max_manifest_bytes);
    if (text) {
      const json manifest = json::parse(*text, nullptr, false);
      if (!manifest.is_discarded()) check_manifest(manifest, *sums, out);
    }
  } else if (!sums->contains("manifest.json")) {
    out.changes.push_back({EvidenceChange::kUnlisted, "manifest.json"});
  }
  return out;
}

}  // namespace photoaudit::audit

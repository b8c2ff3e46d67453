// Writing an evidence bundle (evidence_bundle.hpp): the folder, the report, the registry, the metadata records,
// the manifests.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ext/stdio_filebuf.h>
#include <ostream>
#include <set>

#include <nlohmann/json.hpp>

#include "bundle/bundle_files.hpp"
#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/audit/evidence_bundle.hpp"
#include "photoaudit/audit/parallel.hpp"
#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/audit/report_writers.hpp"

namespace photoaudit::audit {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "photoaudit-evidence/1";

std::string now_utc() {
  return utc_rfc3339(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

bool is_url(std::string_view path) { return path.find("://") != std::string_view::npos; }

// One image of the report, as the bundle needs it.
struct Original {
  std::string path;
  std::string sha256;  // as the audit recorded it; "" when it could not read the pixels
};

// One image read again: its record (or why there is none) and the SHA-256 of the bytes read now.
struct Reread {
  std::string name;  // "metadata/<hash>.json", "" when no record
  std::string record;
  std::string read_sha256;
  std::string note;
};

Reread reread(const Original& original, const C2paVerifier* verifier, const EvidenceLimits& limits) {
  Reread out;
  if (is_url(original.path)) {
    out.note = "not a local file: its metadata was not read again";
    return out;
  }
  InspectItem item{.path = original.path,
                   .provenance = fail(Error::corruption(original.path + ": empty file (0 bytes)"))};
  auto bytes = read_file_bounded<std::vector<std::uint8_t>>(original.path, limits.max_image_bytes);
  if (!bytes) {
    item.provenance = fail(bytes.error());
    out.note = bytes.error().message;
  } else {
    out.read_sha256 = bundle::sha256_hex(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
    if (!bytes->empty()) {
      item.provenance = read_provenance_from_memory(bytes->data(), bytes->size(), original.path);
      if (item.provenance && verifier != nullptr) {
        C2paReport report = verifier->read(*bytes);
        if (report.found) item.credentials = std::move(report);
      }
    }
  }
  out.name = "metadata/" + bundle::sha256_hex(original.path) + ".json";
  out.record = inspect_record(item).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  return out;
}

// report.json, streamed into the file (a report of 100,000 images is never held whole), then hashed as written.
Result<bundle::Hashed> write_report(const EvidenceDir& dir, const AuditReport& report, const std::string& shown) {
  FileDescriptor fd(::openat(dir.fd(), "report.json", O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (fd.get() < 0) return fail(Error::io_error(shown + ": cannot create: " + std::strerror(errno)));
  {
    __gnu_cxx::stdio_filebuf<char> buffer(::dup(fd.get()), std::ios::out, std::size_t{1} << 16);
    std::ostream out(&buffer);
    write_json_report(out, report);
    out.flush();
    if (!out || buffer.close() == nullptr) return fail(Error::io_error(shown + ": write failed"));
  }
  if (::fsync(fd.get()) != 0 || ::lseek(fd.get(), 0, SEEK_SET) != 0) {
    return fail(Error::io_error(shown + ": write failed: " + std::strerror(errno)));
  }
  return bundle::hash_descriptor(fd.get(), shown);
}

Result<std::string> registry_copy(const AuditContext& context, const EvidenceLimits& limits) {
  auto bytes = read_file_bounded(context.registry, limits.max_registry_bytes);
  if (!bytes) return fail(bytes.error());
  if (bundle::sha256_hex(*bytes) != context.registry_sha256) {
    return fail(Error::invalid_argument(context.registry + ": changed since the audit read it (SHA-256 " +
                                        context.registry_sha256 + " then); run the audit again"));
  }
  return bytes;
}

struct Listed {
  std::string name;
  bundle::Hashed hashed;
};

std::string sums_text(std::vector<Listed> files) {
  std::sort(files.begin(), files.end(), [](const Listed& a, const Listed& b) { return a.name < b.name; });
  std::string out;
  for (const Listed& f : files) out += f.hashed.sha256 + "  " + f.name + "\n";
  return out;
}

}  // namespace

Result<EvidenceDir> EvidenceDir::open(const std::filesystem::path& dir) {
  const std::string shown = dir.string();
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    if (errno == ENOENT) return fail(Error::not_found(shown + ": its parent folder does not exist"));
    return fail(Error::io_error(shown + ": cannot create: " + std::strerror(errno)));
  }
  FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ELOOP || errno == ENOTDIR) {
      return fail(Error::invalid_argument(shown + ": not a directory (a symbolic link is not followed)"));
    }
    return fail(Error::io_error(shown + ": cannot open: " + std::strerror(errno)));
  }
  auto entries = bundle::list_dir(fd.get(), 1, shown);
  if (!entries && entries.error().code != ErrorCode::kLimitExceeded) return fail(entries.error());
  if (!entries || !entries->empty()) {
    return fail(Error::invalid_argument(shown + ": not empty: an evidence bundle goes into a new or empty folder"));
  }
  return EvidenceDir(std::move(fd), shown);
}

// Over the size limit: the bundle's files in the order SHA256SUMS lists them, one step each; to be split into
// per-file writers (session 9 left it whole).
// NOLINTNEXTLINE(readability-function-size)
Result<EvidenceWritten> write_evidence_bundle(const EvidenceDir& dir, const AuditReport& report,
                                              const EvidenceOptions& options) {
  const AuditContext& context = report.context;
  const std::string base = dir.path() + "/";
  auto registry = registry_copy(context, options.limits);
  if (!registry) return fail(registry.error());

  std::vector<Listed> files;
  auto written = write_report(dir, report, base + "report.json");
  if (!written) return fail(written.error());
  files.push_back({"report.json", *written});
  written = bundle::write_file_at(dir.fd(), "registry.yaml", *registry, base + "registry.yaml");
  if (!written) return fail(written.error());
  files.push_back({"registry.yaml", *written});

  std::vector<Original> originals;
  originals.reserve(report.images.size());
  for (const ImageAudit& image : report.images) {
    originals.push_back({image.path, image.fingerprints ? image.fingerprints->sha256 : std::string()});
  }
  if (::mkdirat(dir.fd(), "metadata", 0700) != 0) {
    return fail(Error::io_error(base + "metadata: cannot create: " + std::strerror(errno)));
  }
  auto metadata_dir = bundle::open_dir_at(dir.fd(), "metadata");
  if (!metadata_dir) return fail(metadata_dir.error());

  initialize_metadata();
  const auto verifier = C2paVerifier::create({});  // the record as inspect prints it: no trust anchors
  EvidenceWritten out;
  json images = json::array();
  std::set<std::string> recorded;
  Result<void> status = ok();
  parallel_ordered<Reread>(
      originals.size(), options.threads,
      [&](std::size_t i) { return reread(originals[i], verifier ? &*verifier : nullptr, options.limits); },
      [&](std::size_t i, const Reread& r) {
        const Original& o = originals[i];
        json entry = {{"path", o.path},
                      {"sha256", o.sha256.empty() ? json(nullptr) : json(o.sha256)},
                      {"metadata", r.name.empty() ? json(nullptr) : json(r.name)},
                      {"read_sha256", r.read_sha256.empty() ? json(nullptr) : json(r.read_sha256)},
                      {"note", r.note.empty() ? json(nullptr) : json(r.note)}};
        std::error_code ec;
        if (!is_url(o.path)) entry["absolute_path"] = std::filesystem::absolute(o.path, ec).lexically_normal().string();
        if (!o.sha256.empty() && !r.read_sha256.empty() && o.sha256 != r.read_sha256) {
          ++out.changed_since;
          entry["note"] = "the file changed between the audit and the bundle: its record is of the bytes read now";
        }
        images.push_back(std::move(entry));
        if (r.name.empty()) {
          ++out.not_recorded;
          return;
        }
        const std::string leaf = r.name.substr(std::string_view("metadata/").size());
        // The same path twice is the same record; the first is kept.
        if (!recorded.insert(r.name).second) return;
        auto record = bundle::write_file_at(metadata_dir->get(), leaf, r.record, base + r.name);
        if (!record) {
          if (status) status = fail(record.error());
          return;
        }
        files.push_back({r.name, *record});
        ++out.metadata;
      });
  if (!status) return fail(status.error());

  json listed = json::array();
  for (const Listed& f : files)
    listed.push_back({{"name", f.name}, {"sha256", f.hashed.sha256}, {"size", f.hashed.size}});
  const json manifest = {
      {"format", kFormat},
      {"tool_version", context.tool_version},
      {"generated_at", now_utc()},
      {"report", "report.json"},
      {"report_generated_at", context.generated_at},
      {"registry", {{"file", "registry.yaml"}, {"path", context.registry}, {"sha256", context.registry_sha256}}},
      {"index", context.index.empty() ? json(nullptr) : json(context.index)},
      {"index_scanned_at", context.index_scanned_at.empty() ? json(nullptr) : json(context.index_scanned_at)},
      {"files", std::move(listed)},
      {"images", std::move(images)}};
  written = bundle::write_file_at(dir.fd(), "manifest.json",
                                  manifest.dump(2, ' ', false, json::error_handler_t::replace) + "\n",
                                  base + "manifest.json");
  if (!written) return fail(written.error());
  files.push_back({"manifest.json", *written});

  const std::string sums = sums_text(files);
  written = bundle::write_file_at(dir.fd(), "SHA256SUMS", sums, base + "SHA256SUMS");
  if (!written) return fail(written.error());
  ::fsync(dir.fd());
  out.files = files.size();
  out.sums_sha256 = written->sha256;
  return out;
}

}  // namespace photoaudit::audit

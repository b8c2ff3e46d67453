// One image's audit: its evidence (metadata, fingerprints, printed credit) judged against the registry. Used
// for files, for image URLs and for the images of pages alike.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "photoaudit/audit/audit_pipeline.hpp"
#include "photoaudit/audit/audit_report.hpp"
#include "photoaudit/audit/feature_reader.hpp"
#include "photoaudit/audit/fetch.hpp"
#include "photoaudit/audit/image_evidence.hpp"
#include "photoaudit/hashing/fingerprint.hpp"
#include "photoaudit/registry/license.hpp"
#include "photoaudit/registry/registry.hpp"

namespace photoaudit::audit::pipeline {

// What every image of one audit is judged with. The registry outlives the audit.
struct AuditSetup {
  const registry::Registry* registry = nullptr;
  registry::LicenseQuery query;
  std::filesystem::path root;  // paths are shown relative to it (root_directory(): absolute, normal, "/" is "/")
  EvidenceOptions evidence;
  FetchOptions fetch;
  // AuditOptions::c2pa_allow_remote: an image without credentials whose XMP names an http(s) manifest has it
  // fetched (through `fetch`'s guards) and verified. Default: false (never fetched).
  bool allow_remote_credentials = false;
  // AuditOptions::site_root: what a local page's root-relative references are read from ("" = refused).
  std::filesystem::path site_root;
  unsigned threads = 0;
  // An archive catalog (--index) is searched for earlier uses; without one, a single-use photo gets the note
  // single-use-unchecked.
  bool archive_checked = false;
  // AuditOptions::progress; the page audit counts its images with it. Default: none.
  std::function<void(const AuditProgress&)> progress;
  // AuditOptions::as_used: the date an image (by its path as given) is judged at instead of query.date.
  // Default: none (every image at query.date).
  std::function<registry::Date(const std::string& path)> use_date;
  // Local features read again for the grey zone of the set and of the archive (in a worker with isolation).
  // Default: none (read in this process).
  std::shared_ptr<const FeatureReader> features;
};

struct AuditedImage {
  ImageAudit audit;
  std::optional<hashing::Fingerprints> fingerprints;
  std::vector<std::string> organizations;  // canonical ids, sorted (for duplicate-credit)
};

// The credit a copy carries, as duplicate clusters show it: the embedded credit line, else the copyright
// notice, else what a page prints with it ("" when none).
std::string carried_credit(const ImageAudit& image);

// True for an http or https URL (what audit fetches instead of reading a file).
bool is_web_url(std::string_view source);

// The path as shown: relative to root when below it, else as given. URLs are returned unchanged.
std::string display_path(const std::string& path, const std::filesystem::path& root);

// With setup.allow_remote_credentials, when evidence carries no credentials but names a remote manifest
// (credentials_reference): the manifest fetched and verified against the image's bytes, read again from its path
// (or fetched again for a web URL: reading workers do not fetch) into evidence.credentials. Else nothing changes.
// Defined in remote_credentials.cpp.
void add_remote_credentials(ImageEvidence& evidence, const AuditSetup& setup);

// Judges one image. printed_credit: the credit a page prints next to it (nullopt for files).
AuditedImage audit_image(ImageEvidence evidence, const AuditSetup& setup,
                         const std::optional<std::string>& printed_credit = std::nullopt);

// audit_image of an image fetched into memory (a page's image, an image URL), called `name`. Its fingerprints
// carry its local features when setup.evidence.memory_local_features computed them (its bytes are not kept to
// be read again as a file's are, for the grey zone of the set and of the archive).
AuditedImage audit_fetched_image(const std::string& name, std::span<const std::uint8_t> bytes, const AuditSetup& setup,
                                 const std::optional<std::string>& printed_credit = std::nullopt);

// An image that could not be read or fetched at all: one metadata-unreadable finding with the reason.
AuditedImage unreadable_image(const std::string& path, const std::string& display, const std::string& reason);

}  // namespace photoaudit::audit::pipeline

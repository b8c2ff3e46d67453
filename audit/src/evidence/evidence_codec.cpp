// ImageEvidence <-> bytes (see evidence_codec.hpp), through photoaudit/common/binary_record.hpp.
#include "evidence/evidence_codec.hpp"

#include <cstdint>
#include <memory>
#include <tuple>

#include "photoaudit/common/binary_record.hpp"
#include "photoaudit/hashing/image_format.hpp"

namespace photoaudit::record {
namespace audit = photoaudit::audit;
namespace hashing = photoaudit::hashing;

static auto fields(Fields, photoaudit::Error& e) { return std::tie(e.code, e.message); }
static auto fields(Fields, audit::FieldReading& f) { return std::tie(f.value, f.iptc, f.xmp, f.exif, f.conflict); }
static auto fields(Fields, audit::HistoryEntry& h) {
  return std::tie(h.action, h.when, h.software_agent, h.instance_id, h.changed);
}
static auto fields(Fields, audit::Provenance& p) {
  return std::tie(p.format, p.pixel_width, p.pixel_height, p.fields, p.conflicts, p.history, p.notes, p.damage);
}
static auto fields(Fields, hashing::Digest256& d) { return std::tie(d.bytes); }
static auto fields(Fields, hashing::Hash256& h) { return std::tie(h.words); }
static auto fields(Fields, hashing::ContentHash& c) { return std::tie(c.digest, c.method); }
static auto fields(Fields, hashing::TrimBox& t) { return std::tie(t.top, t.bottom, t.left, t.right); }
// Every member but the format (a view of static storage, written as its name) and the local features (sent as
// their own blob). A member added to Fingerprints must be added here: the de-rotated hashes were not, and every
// image read by a worker process (the default) lost them (tests/audit/reading_isolation_test.cpp).
static auto fields(Fields, hashing::Fingerprints& f) {
  return std::tie(f.width, f.height, f.orientation, f.sha256, f.content_hash, f.pdq, f.pdq_quality, f.pdq_hashable,
                  f.pdq_dihedral, f.phash, f.pdq_windows, f.pdq_window_quality, f.pdq_trimmed, f.pdq_trimmed_quality,
                  f.trimmed, f.pdq_derotated, f.pdq_derotated_quality, f.grey16, f.has_grey16);
}
static auto fields(Fields, audit::C2paStatus& s) { return std::tie(s.code, s.url, s.explanation); }
static auto fields(Fields, audit::C2paAction& a) { return std::tie(a.action, a.software_agent, a.digital_source_type); }
static auto fields(Fields, audit::C2paIngredient& i) { return std::tie(i.title, i.relationship, i.manifest); }
static auto fields(Fields, audit::C2paManifest& m) {
  return std::tie(m.label, m.claim_version, m.claim_generator, m.title, m.format, m.instance_id, m.algorithm, m.signer,
                  m.signer_organization, m.issuer, m.time, m.actions, m.ingredients, m.success, m.informational,
                  m.failure, m.state);
}
static auto fields(Fields, audit::C2paReport& r) {
  return std::tie(r.found, r.container, r.provenance, r.active_manifest, r.manifests, r.store_failures, r.state);
}

static void get(Reader& r, photoaudit::ErrorCode& v) { v = r.enum_value(photoaudit::ErrorCode::kNetwork); }
static void get(Reader& r, hashing::ContentHashMethod& v) { v = r.enum_value(hashing::ContentHashMethod::kPixels); }
static void get(Reader& r, audit::C2paState& v) { v = r.enum_value(audit::C2paState::kTrusted); }

static void put(Writer& w, const hashing::Fingerprints& f) {
  w.str(f.format);
  std::apply([&w](const auto&... m) { (put(w, m), ...); }, fields(Fields{}, const_cast<hashing::Fingerprints&>(f)));
}
static void get(Reader& r, hashing::Fingerprints& f) {
  const std::string format = r.str();
  f.format = {};
  for (int i = 0; i < 64 && f.format.empty(); ++i) {
    const std::string_view name = hashing::format_name(static_cast<hashing::ImageFormat>(i));
    if (name == format) f.format = name;
  }
  if (f.format.empty()) r.fail();
  std::apply([&r](auto&... m) { (get(r, m), ...); }, fields(Fields{}, f));
}

static auto fields(Fields, audit::pipeline::ImageEvidence& e) {
  return std::tie(e.path, e.read_error, e.provenance, e.metadata_error, e.fingerprints, e.fingerprint_error,
                  e.thumbnail_jpeg, e.credentials, e.credentials_reference, e.decoder_messages, e.local_features);
}

}  // namespace photoaudit::record

namespace photoaudit::audit::pipeline {

std::string encode_evidence(const ImageEvidence& evidence) {
  record::Writer w;
  put(w, evidence);
  return w.take();
}

Result<ImageEvidence> decode_evidence(std::string_view bytes) {
  record::Reader r(bytes);
  ImageEvidence evidence;
  get(r, evidence);
  if (!r.ok() || !r.at_end()) return fail(Error::corruption("a reading worker's answer does not decode"));
  return evidence;
}

std::string encode_evidence_options(const EvidenceOptions& options) {
  record::Writer w;
  w.u64(options.max_file_bytes);
  w.u8(options.thumbnail ? 1 : 0);
  w.u32(static_cast<std::uint32_t>(options.thumbnail_side));
  w.u8(options.credentials ? 1 : 0);
  if (options.credentials) {
    w.str(options.credentials->options().trust_anchors_pem);
    w.str(options.credentials->options().tsa_anchors_pem);
    w.u64(options.credentials->options().max_store_bytes);
  }
  w.u8(options.local_features ? 1 : 0);
  w.u8(options.features_only ? 1 : 0);
  w.u8(options.memory_local_features ? 1 : 0);
  return w.take();
}

Result<EvidenceOptions> decode_evidence_options(std::string_view bytes) {
  record::Reader r(bytes);
  EvidenceOptions options;
  options.max_file_bytes = r.u64();
  options.thumbnail = r.u8() != 0;
  options.thumbnail_side = static_cast<int>(r.u32());
  const bool credentials = r.u8() != 0;
  C2paOptions c2pa;
  if (credentials) {
    c2pa.trust_anchors_pem = r.str();
    c2pa.tsa_anchors_pem = r.str();
    c2pa.max_store_bytes = r.u64();
  }
  options.local_features = r.u8() != 0;
  options.features_only = r.u8() != 0;
  options.memory_local_features = r.u8() != 0;
  if (!r.ok() || !r.at_end()) return fail(Error::corruption("a reading worker's options do not decode"));
  if (credentials) {
    auto verifier = C2paVerifier::create(c2pa);
    if (!verifier) return fail(verifier.error());
    options.credentials = std::make_shared<const C2paVerifier>(std::move(*verifier));
  }
  return options;
}

}  // namespace photoaudit::audit::pipeline

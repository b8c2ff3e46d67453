#include "pipeline/image_audit.hpp"

#include <algorithm>

#include "photoaudit/audit/credit_evidence.hpp"
#include "photoaudit/audit/metadata_date.hpp"
#include "photoaudit/audit/remote_credentials.hpp"
#include "photoaudit/audit/url_scheme.hpp"
#include "photoaudit/hashing/local_features_codec.hpp"

namespace photoaudit::audit::pipeline {
namespace {

FingerprintSummary summarize(const hashing::Fingerprints& f) {
  FingerprintSummary s;
  s.sha256 = f.sha256.to_hex();
  s.content_hash = f.content_hash.digest.to_hex();
  s.pdq = f.pdq.to_hex();
  s.pdq_quality = f.pdq_quality;
  s.phash = hashing::phash_hex(f.phash);
  s.width = f.width;
  s.height = f.height;
  s.format = std::string(f.format);
  return s;
}

}  // namespace

std::string carried_credit(const ImageAudit& image) {
  if (!image.credit.text.empty()) return image.credit.text;
  if (!image.copyright.empty()) return image.copyright;
  return image.credit.printed;
}

bool is_web_url(std::string_view source) {
  const std::string scheme = page::url_scheme(source);
  return scheme == "http" || scheme == "https";
}

std::string display_path(const std::string& path, const std::filesystem::path& root) {
  // URLs (and the labels page images of data: URLs get) are shown as they are.
  if (!page::url_scheme(path).empty()) return path;
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(path, ec);
  if (ec) return path;
  const auto rel = absolute.lexically_normal().lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return std::filesystem::path(path).generic_string();
  return rel.generic_string();
}

AuditedImage unreadable_image(const std::string& path, const std::string& display, const std::string& reason) {
  AuditedImage out;
  out.audit.path = path;
  out.audit.display = display;
  out.audit.error = reason;
  out.audit.findings.push_back({.rule = Rule::kMetadataUnreadable, .severity = Severity::kError, .reason = reason});
  return out;
}

namespace {

// One manifest in report form.
CredentialManifest chain_link(const C2paManifest& m) {
  CredentialManifest out{.label = m.label,
                         .generator = m.claim_generator,
                         .signer = m.signer,
                         .signer_organization = m.signer_organization,
                         .issuer = m.issuer,
                         .time = m.time,
                         .state = m.state,
                         .actions = m.actions,
                         .ingredients = m.ingredients,
                         .failures = {},
                         .informational = {}};
  for (const C2paStatus& s : m.failure) out.failures.push_back(s.code);
  for (const C2paStatus& s : m.informational) out.informational.push_back(s.code);
  return out;
}

// What the audit makes of credentials that verify under no trust anchor.
struct SignerPolicy {
  bool trust_checked = false;      // --trust anchors were given
  bool accept_any_signer = false;  // the registry's content_credentials.accept_any_signer: no c2pa-untrusted
};

// The credentials in report form, and their findings: c2pa-invalid when they do not verify, c2pa-untrusted when
// they do but their signer is not trusted (no anchors given, or not under one) and the house does not accept any.
void add_credentials(ImageAudit& img, const C2paReport& report, SignerPolicy policy) {
  ContentCredentials c;
  c.state = report.store_failures.empty() ? report.state : C2paState::kInvalid;
  c.manifests = report.manifests.size();
  c.container = report.container;
  for (const C2paManifest& m : report.manifests) c.chain.push_back(chain_link(m));
  for (const C2paStatus& s : report.store_failures) c.failures.push_back(s.code);
  const C2paStatus* first_failure = report.store_failures.empty() ? nullptr : &report.store_failures.front();
  std::string untrusted_why = "no trust anchors were given";
  if (const C2paManifest* m = report.active()) {
    c.generator = m->claim_generator;
    c.signer = m->signer;
    c.signer_organization = m->signer_organization;
    c.issuer = m->issuer;
    c.time = m->time;
    for (const C2paAction& a : m->actions) {
      if (c.digital_source_type.empty()) c.digital_source_type = a.digital_source_type;
    }
    for (const C2paStatus& s : m->failure) {
      c.failures.push_back(s.code);
      if (s.code == "signingCredential.untrusted") {
        untrusted_why = s.explanation;
      } else if (first_failure == nullptr) {
        first_failure = &s;
      }
    }
  }
  const std::string signer = c.signer_organization.empty() ? c.signer : c.signer + " (" + c.signer_organization + ")";
  if (c.state == C2paState::kInvalid) {
    img.findings.push_back({.rule = Rule::kC2paInvalid,
                            .severity = Severity::kError,
                            .organization = signer,
                            .reason = first_failure != nullptr ? first_failure->code + ": " + first_failure->explanation
                                                               : std::string("the manifest store is malformed")});
  } else if (c.state == C2paState::kValid && !policy.accept_any_signer) {
    img.findings.push_back(
        {.rule = Rule::kC2paUntrusted,
         .severity = Severity::kWarning,
         .organization = signer,
         .reason = policy.trust_checked ? untrusted_why : std::string("no trust anchors were given")});
  }
  img.credentials = std::move(c);
}

// c2pa-unread: the XMP's dcterms:provenance names a manifest that was not read (add_remote_credentials fetches a
// remote one only with --allow-remote; a failed fetch is a store failure, c2pa-invalid).
Finding unread_credentials(const std::string& reference) {
  const bool remote = is_remote_manifest(reference);
  return {.rule = Rule::kC2paUnread,
          .severity = Severity::kInfo,
          .reason = (remote ? "its XMP names a remote manifest, not fetched (--allow-remote fetches it): "
                            : "its XMP names a manifest store the file no longer carries: ") +
                    reference};
}

// The image's credentials (a remote manifest fetched first when allowed) and their findings; intact ones' signed
// digital source type becomes credit evidence (ai-generated).
void judge_credentials(ImageAudit& img, ImageEvidence& ev, const AuditSetup& setup,
                       registry::CreditEvidence& evidence) {
  add_remote_credentials(ev, setup);
  if (!ev.credentials) {
    if (!ev.credentials_reference.empty()) img.findings.push_back(unread_credentials(ev.credentials_reference));
    return;
  }
  add_credentials(img, *ev.credentials,
                  {.trust_checked = setup.evidence.credentials && setup.evidence.credentials->checks_trust(),
                   .accept_any_signer = setup.registry->content_credentials.accept_any_signer});
  if (img.credentials->state != C2paState::kInvalid) {
    evidence.signed_digital_source_type = img.credentials->digital_source_type;
  }
}

}  // namespace

AuditedImage audit_image(ImageEvidence ev, const AuditSetup& setup, const std::optional<std::string>& printed_credit) {
  if (ev.read_error || (ev.metadata_error && ev.fingerprint_error)) {
    const Error& e = ev.read_error ? *ev.read_error : *ev.metadata_error;
    AuditedImage out = unreadable_image(ev.path, display_path(ev.path, setup.root), e.message);
    if (printed_credit) out.audit.credit.printed = *printed_credit;
    out.audit.notes = std::move(ev.decoder_messages);
    return out;
  }
  AuditedImage out;
  ImageAudit& img = out.audit;
  img.path = ev.path;
  img.display = display_path(ev.path, setup.root);
  img.thumbnail_jpeg = std::move(ev.thumbnail_jpeg);
  img.notes = std::move(ev.decoder_messages);
  if (ev.fingerprints) {
    img.fingerprints = summarize(*ev.fingerprints);
    out.fingerprints = std::move(ev.fingerprints);
  } else if (ev.fingerprint_error && ev.fingerprint_error->code == ErrorCode::kUnsupported) {
    // A format photoaudit cannot decode is not damage (issue 17: a HEIC photo was "image-damaged").
    img.findings.push_back(
        {.rule = Rule::kFormatUnsupported, .severity = Severity::kInfo, .reason = ev.fingerprint_error->message});
  } else if (ev.fingerprint_error) {
    img.findings.push_back({.rule = Rule::kImageDamaged,
                            .severity = Severity::kWarning,
                            .reason = ev.fingerprint_error->message,
                            .detail = registry::UndecodablePixels{}});
  }
  registry::CreditEvidence evidence;
  if (ev.provenance) {
    const Provenance& p = *ev.provenance;
    evidence = evidence_from(p);
    auto get = [&](std::string_view f) { return p.value(f) ? *p.value(f) : std::string(); };
    img.caption = get("caption");
    img.creator = get("creator");
    img.copyright = get("copyright");
    img.date_created = parse_metadata_date(get("date_created")).iso;
    img.credit.text = get("credit");
    for (const auto& d : p.damage) {
      img.findings.push_back({.rule = Rule::kImageDamaged, .severity = Severity::kWarning, .reason = d});
    }
  } else if (ev.metadata_error) {
    img.findings.push_back({.rule = Rule::kMetadataUnreadable,
                            .severity = Severity::kError,
                            .reason = ev.metadata_error->message,
                            .detail = registry::MetadataOnly{}});
  }
  judge_credentials(img, ev, setup, evidence);
  if (printed_credit && !printed_credit->empty()) {
    evidence.caption_credit = *printed_credit;
    img.credit.printed = *printed_credit;
  }
  registry::LicenseQuery query = setup.query;
  if (setup.use_date) query.date = setup.use_date(ev.path);
  registry::LicenseVerdict verdict = registry::evaluate(*setup.registry, evidence, query);
  img.license.date = registry::format_date(query.date);
  for (const auto& org : verdict.credit.organizations) {
    img.credit.chain.push_back({org.name, org.known ? org.canonical : std::string()});
    out.organizations.push_back(org.canonical);
  }
  std::sort(out.organizations.begin(), out.organizations.end());
  out.organizations.erase(std::unique(out.organizations.begin(), out.organizations.end()), out.organizations.end());
  img.credit.photographers = verdict.credit.photographers;
  for (const auto& m : verdict.credit.modifiers) img.credit.modifiers.push_back(m.to_string());
  img.license.status = verdict.status;
  img.license.licensor = verdict.licensor;
  img.license.contract = verdict.contract;
  img.license.single_use = verdict.single_use;
  img.license.editorial_only = verdict.editorial_only;
  img.license.digital_source = verdict.digital_source;
  for (auto& f : verdict.findings) img.findings.push_back(std::move(f));
  if (verdict.single_use && !setup.archive_checked) {
    img.findings.push_back(
        {.rule = Rule::kSingleUseUnchecked, .severity = Severity::kInfo, .contract = verdict.contract});
  }
  return out;
}

AuditedImage audit_fetched_image(const std::string& name, std::span<const std::uint8_t> bytes, const AuditSetup& setup,
                                 const std::optional<std::string>& printed_credit) {
  ImageEvidence evidence = gather_evidence_from_memory(name, bytes, setup.evidence);
  std::string blob = std::move(evidence.local_features);
  AuditedImage out = audit_image(std::move(evidence), setup, printed_credit);
  if (out.fingerprints && !blob.empty()) {
    // A blob that does not decode leaves the image to its hashes, as a file whose second read fails.
    if (auto features = hashing::decode_local_features(blob)) {
      out.fingerprints->local_features = std::make_shared<const hashing::LocalFeatures>(std::move(*features));
    }
  }
  return out;
}

}  // namespace photoaudit::audit::pipeline

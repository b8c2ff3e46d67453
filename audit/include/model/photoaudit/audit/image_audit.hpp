// One audited image in report form: its credit, license verdict, fingerprints, findings and where pages use
// it. What every report writer renders per image; kept by an ImageList (image_list.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/audit/page_extract.hpp"
#include "photoaudit/registry/finding.hpp"
#include "photoaudit/registry/license.hpp"

namespace photoaudit::audit {

using registry::Finding;
using registry::Rule;
using registry::Severity;

// One organisation of a credit chain, outermost distributor first.
struct CreditChainLink {
  std::string name;       // as printed ("ASSOCIATED PRESS")
  std::string canonical;  // alias-table id ("AP"); empty when unknown

  bool operator==(const CreditChainLink&) const = default;
};

// What the image's credit says, merged over credit line, by-line, source and copyright notice.
struct CreditSummary {
  std::string text;                        // the credit line as embedded (reconciled), or "" when none
  std::vector<CreditChainLink> chain;      // organisations, outermost first
  std::vector<std::string> photographers;  // as printed
  std::vector<std::string> modifiers;      // "pool", "handout", "file", "via", "editorial-only", ...
  std::string printed;                     // the credit printed next to the image on a page ("" for files)

  bool operator==(const CreditSummary&) const = default;
};

// The license verdict in report form.
struct LicenseSummary {
  std::optional<registry::LicenseStatus> status;  // absent when the image could not be read (printed "")
  std::string licensor;                           // registry licensor id, "" when none
  std::string contract;                           // decisive contract id, "" when none
  bool single_use = false;
  bool editorial_only = false;
  std::optional<registry::DigitalSource> digital_source;  // absent when the image could not be read (printed "")
  // The day the verdict is for, YYYY-MM-DD: the audit's date, or with --as-used the image's own first use; ""
  // when the image could not be read.
  std::string date;

  bool operator==(const LicenseSummary&) const = default;
};

// One manifest of an image's credential chain, as the reports show it (the HTML report draws the chain as a tree:
// a manifest's ingredients name the manifests they carry by label).
struct CredentialManifest {
  std::string label{};      // "urn:c2pa:..." / "contentauth:urn:uuid:..."
  std::string generator{};  // its claim generator
  std::string signer{};     // signing certificate subject CN
  std::string signer_organization{};
  std::string issuer{};  // the issuing CA
  std::string time{};    // the time-stamp's time, RFC 3339; "" when none
  C2paState state = C2paState::kInvalid;
  std::vector<C2paAction> actions{};          // with their digital source types
  std::vector<C2paIngredient> ingredients{};  // each naming its own manifest's label, "" when it has none
  std::vector<std::string> failures{};        // this manifest's failure codes, in order
  std::vector<std::string> informational{};   // its informational codes (timeStamp.untrusted, ...), in order

  bool operator==(const CredentialManifest&) const = default;
};

// The image's Content Credentials (C2PA) in report form: the active manifest's facts and the store's state.
struct ContentCredentials {
  C2paState state = C2paState::kInvalid;
  std::size_t manifests = 0;  // in the store (0 when the store itself is malformed)
  std::string generator{};    // the active manifest's claim generator
  std::string signer{};       // signing certificate subject CN
  std::string signer_organization{};
  std::string issuer{};                 // the issuing CA
  std::string time{};                   // the time-stamp's time, RFC 3339; "" when none
  std::string digital_source_type{};    // from the signed actions; "" when none is stated
  std::vector<std::string> failures{};  // the failure codes (store and active manifest), in order
  // Where the store was read: "jpeg-app11", "png-caBX", "webp-riff", "tiff-cd41", "sidecar" (NAME.c2pa beside the
  // file), "remote" (fetched with --allow-remote).
  std::string container{};
  std::vector<CredentialManifest> chain{};  // every manifest of the store, in store order (the active one last)

  bool operator==(const ContentCredentials&) const = default;
};

// Fingerprints in report form (hex strings, as `photoaudit hash --json` prints them).
struct FingerprintSummary {
  std::string sha256;
  std::string content_hash;
  std::string pdq;
  int pdq_quality = 0;
  std::string phash;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::string format;

  bool operator==(const FingerprintSummary&) const = default;
};

// One place a page shows (or names) an image.
struct ImageUse {
  std::string page;  // the page's URL (or local file)
  ImageContext context = ImageContext::kInline;
  std::size_t position = 0;    // index among the page's images, document order, 0-based
  std::string caption;         // the caption printed with it, without the credit
  std::string printed_credit;  // the credit printed with it; "" when the page prints none
  std::string alt;             // alt text
  std::string link;            // where a teaser links to ("" when none)
  // The image's number as a reader counts the pictures on the page: 1-based, document order, among the
  // figures, teasers and inline images only; 0 for og:image and JSON-LD (named, not shown). Issue 17.
  std::size_t number = 0;

  bool operator==(const ImageUse&) const = default;
};

struct ImageAudit {
  std::string path;                  // as given or found under a given directory; for pages, the image URL
  std::string display;               // path relative to the audit's root (what SARIF and HTML show); == path if none
  std::optional<std::string> error;  // why the file could not be read at all (then most fields are empty)
  std::string caption;               // the embedded caption/description, for people
  std::string creator;               // by-line
  std::string copyright;             // copyright notice
  // When the photo was taken, as the metadata's date created (IPTC/XMP, else EXIF) normalised to ISO 8601
  // (metadata_date.hpp); "" when there is none or it is not a date. Issue 16.
  std::string date_created;
  CreditSummary credit;
  LicenseSummary license;
  std::optional<FingerprintSummary> fingerprints;  // absent when the pixels could not be decoded
  std::vector<Finding> findings;                   // most severe first; stable order within a severity
  std::optional<std::size_t> cluster;              // index into AuditReport::clusters
  std::string thumbnail_jpeg;                      // the preview's JPEG bytes (HTML only; "" when not made)
  std::vector<ImageUse> uses;                      // where audited pages show it (empty for files)
  std::optional<ContentCredentials> credentials;   // absent when the file carries no C2PA store
  std::vector<std::string> notes;                  // what the decoders said while reading it (libpng, libtiff)

  bool operator==(const ImageAudit&) const = default;
};

}  // namespace photoaudit::audit

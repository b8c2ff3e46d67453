// The bridge from what an image says about itself (Provenance, read by Exiv2) to the registry's plain-text
// CreditEvidence, so that registry/ never sees a metadata library type.
#pragma once

#include "photoaudit/audit/provenance.hpp"
#include "photoaudit/registry/license.hpp"

namespace photoaudit::audit {

// Credit line, by-line, source, copyright notice, usage terms and digital source type from their reconciled
// values; when the IIM, XMP and EXIF credits or copyright notices disagree, each block's value is listed in
// block_credits so that evaluate() can report credit-conflict. caption_credit stays empty (pages fill it).
registry::CreditEvidence evidence_from(const Provenance& provenance);

}  // namespace photoaudit::audit

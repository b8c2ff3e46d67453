// Private to the evidence layer: an ImageEvidence as bytes and back, for a reading worker process to send what it
// read to the audit (reading_pool.hpp). Also the options a worker reads with. Both sides are the same binary, so
// the format has no version; it is still read as hostile (a worker may have been corrupted by the file it read):
// every length is checked, and bytes that do not decode are an error, never a partial evidence.
#pragma once

#include <string>
#include <string_view>

#include "photoaudit/audit/image_evidence.hpp"
#include "photoaudit/common/error.hpp"

namespace photoaudit::audit::pipeline {

std::string encode_evidence(const ImageEvidence& evidence);

// kCorruption when the bytes are cut short, out of range or followed by more bytes.
Result<ImageEvidence> decode_evidence(std::string_view bytes);

// What a worker needs to read as the audit would: EvidenceOptions without its pool, the C2PA verifier as its
// options (the signers' and time-stamp authorities' trust anchors as PEM, the store size limit).
std::string encode_evidence_options(const EvidenceOptions& options);

// kCorruption as above; kInvalidArgument when the trust anchors no longer parse.
Result<EvidenceOptions> decode_evidence_options(std::string_view bytes);

}  // namespace photoaudit::audit::pipeline

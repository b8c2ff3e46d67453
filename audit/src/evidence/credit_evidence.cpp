#include "photoaudit/audit/credit_evidence.hpp"

namespace photoaudit::audit {
namespace {

std::string value_of(const Provenance& p, std::string_view field) {
  const std::string* v = p.value(field);
  return v != nullptr ? *v : std::string();
}

void add_block_values(const FieldReading& reading, std::vector<registry::CreditEvidence::BlockCredit>& out) {
  if (reading.iptc) out.push_back({"iptc", *reading.iptc});
  if (reading.xmp) out.push_back({"xmp", *reading.xmp});
  if (reading.exif) out.push_back({"exif", *reading.exif});
}

}  // namespace

registry::CreditEvidence evidence_from(const Provenance& provenance) {
  registry::CreditEvidence evidence{.credit_line = value_of(provenance, "credit"),
                                    .byline = value_of(provenance, "creator"),
                                    .source = value_of(provenance, "source"),
                                    .copyright_notice = value_of(provenance, "copyright"),
                                    .usage_terms = value_of(provenance, "usage_terms"),
                                    .digital_source_type = value_of(provenance, "digital_source_type")};
  // Only the credit line's own blocks: a by-line that differs between blocks is a creator conflict, which
  // `inspect` shows, not evidence of a different source.
  if (const auto it = provenance.fields.find("credit"); it != provenance.fields.end() && it->second.conflict) {
    add_block_values(it->second, evidence.block_credits);
  }
  return evidence;
}

}  // namespace photoaudit::audit

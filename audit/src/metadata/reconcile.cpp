#include "metadata/reconcile.hpp"

#include <cctype>
#include <vector>

namespace photoaudit::audit::metadata {
namespace {

bool is_blank(const std::optional<std::string>& v) {
  if (!v) return true;
  for (const char c : *v) {
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (const char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::string comparable(const FieldSpec& spec, const std::string& v) {
  return spec.kind == ValueKind::kDate ? normalize_date(collapse_spaces(v)) : collapse_spaces(v);
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// Two normalised values agree: equal, or (dates) one is the other's date-only/less precise prefix, or
// (allow_prefix) a is a truncated prefix of b.
bool agree(const FieldSpec& spec, const std::string& a, const std::string& b, bool allow_truncation) {
  if (a == b) return true;
  if (spec.kind == ValueKind::kDate) return starts_with(a, b) || starts_with(b, a);
  return allow_truncation && !a.empty() && starts_with(b, a);
}

}  // namespace

std::string normalize_date(std::string_view raw) {
  std::string digits;
  std::string rest;
  std::size_t i = 0;
  // Collect up to 14 digits of YYYYMMDDhhmmss, skipping the separators ':' '-' ' ' 'T'.
  for (; i < raw.size() && digits.size() < 14; ++i) {
    const char c = raw[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (c == ':' || c == '-' || c == ' ' || c == 'T') {
      if (digits.size() >= 8 && (c == '-') && (digits.size() == 12 || digits.size() == 14)) break;
      continue;
    } else {
      break;
    }
  }
  if (digits.size() != 8 && digits.size() != 12 && digits.size() != 14) return std::string(raw);
  std::string out = digits.substr(0, 4) + "-" + digits.substr(4, 2) + "-" + digits.substr(6, 2);
  if (digits.size() >= 12) out += "T" + digits.substr(8, 2) + ":" + digits.substr(10, 2);
  if (digits.size() == 14) out += ":" + digits.substr(12, 2);
  // A zone suffix (Z, +hh:mm, -hhmm) is kept as written after the time.
  if (digits.size() >= 12 && i < raw.size()) {
    rest = std::string(raw.substr(i));
    if (!rest.empty() && (rest[0] == '+' || rest[0] == '-' || rest[0] == 'Z')) {
      if (rest.size() == 5 && rest[0] != 'Z') rest = rest.substr(0, 3) + ":" + rest.substr(3);
      out += rest;
    }
  }
  return out;
}

FieldReading reconcile(const FieldSpec& spec, BlockValues values, IptcDigestState digest) {
  FieldReading reading;
  if (is_blank(values.iptc)) values.iptc.reset();
  if (is_blank(values.xmp)) values.xmp.reset();
  if (is_blank(values.exif)) values.exif.reset();
  reading.iptc = values.iptc;
  reading.xmp = values.xmp;
  reading.exif = values.exif;

  const std::optional<std::string> iim_norm = values.iptc ? std::optional<std::string>(comparable(spec, *values.iptc))
                                                          : std::nullopt;
  const std::optional<std::string> xmp_norm = values.xmp ? std::optional<std::string>(comparable(spec, *values.xmp))
                                                         : std::nullopt;
  const std::optional<std::string> exif_norm = values.exif ? std::optional<std::string>(comparable(spec, *values.exif))
                                                           : std::nullopt;

  // The value, by the MWG precedence.
  if (spec.exif_preferred && values.exif) {
    reading.value = values.exif;
  } else if (!values.iptc) {
    reading.value = values.xmp ? values.xmp : values.exif;
  } else if (values.xmp && digest != IptcDigestState::kMismatch) {
    reading.value = values.xmp;
  } else if (values.xmp && agree(spec, *iim_norm, *xmp_norm, true)) {
    reading.value = values.xmp;  // IIM is XMP cut at IIM's length limit: recover the whole value
  } else {
    reading.value = values.iptc;
  }

  // A conflict: any two blocks that carry the field disagree.
  if (iim_norm && xmp_norm && !agree(spec, *iim_norm, *xmp_norm, true)) reading.conflict = true;
  if (exif_norm && xmp_norm && !agree(spec, *exif_norm, *xmp_norm, false)) reading.conflict = true;
  if (exif_norm && iim_norm && !agree(spec, *iim_norm, *exif_norm, true)) reading.conflict = true;
  return reading;
}

}  // namespace photoaudit::audit::metadata
